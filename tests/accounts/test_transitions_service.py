"""Every transition of domain.md's table through accounts.services.take_transition:
allowed and refused by stage, by role and by guard; each success writes one StageChange."""

import pytest
from django.utils import timezone

from accounts import services
from accounts.models import Account, StageChange
from agency.errors import GuardUnmet, InvalidTransition, NotAllowed
from campaigns.models import Brief, TeamMember
from tests.factories import place_at_stage

from .lifecycle_table import (
    ALL_STAGES,
    FIELDS,
    NEEDS_REASON,
    OPEN,
    PERSONAS,
    PIPELINE,
    TABLE,
    WALK,
    WHO,
    at_stage,
    permitted_actor,
    prepare,
    target_of,
)

pytestmark = pytest.mark.django_db

ALLOWED_FROM = [(name, stage) for name, (sources, _) in TABLE.items() for stage in sources]
REFUSED_FROM = [
    (name, stage)
    for name, (sources, _) in TABLE.items()
    for stage in ALL_STAGES
    if stage not in sources
]
BY_ROLE = [(name, persona) for name in TABLE for persona in PERSONAS]
NOTE = "Client asked for it on the call"


def take_transition(*, account, name, by, note=""):
    """The service, with whatever fields the transition takes besides the note."""
    return services.take_transition(
        account=account, name=name, by=by, note=note, **FIELDS.get(name, {})
    )


def assert_untouched(account: Account, stage: str) -> None:
    account.refresh_from_db()
    assert account.stage == stage
    assert StageChange.objects.filter(account=account).count() == 0


@pytest.mark.parametrize(("name", "source"), ALLOWED_FROM)
def test_a_transition_is_taken_from_each_stage_it_starts_from(
    name, source, team_account, actors, ready
):
    # given the account at one of the transition's source stages, its guard met
    account = ready(team_account, name, source)
    actor = actors[permitted_actor(name)]
    before = timezone.now()

    # when a permitted actor takes it
    take_transition(account=account, name=name, by=actor, note=NOTE)

    # then the stage moved and exactly one StageChange says what, from, to, who, when, why
    account.refresh_from_db()
    assert account.stage == target_of(name)
    assert account.stage_entered_at >= before
    change = StageChange.objects.get(account=account)
    assert (change.transition, change.source, change.target) == (name, source, target_of(name))
    assert (change.by, change.note) == (actor, NOTE)
    assert before <= change.at <= timezone.now()


@pytest.mark.parametrize(("name", "stage"), REFUSED_FROM)
def test_a_transition_is_refused_from_every_other_stage(name, stage, team_account, actors, ready):
    # given the account at a stage the transition does not start from
    account = at_stage(team_account, stage)

    # when a permitted actor tries it, then it is an invalid transition
    with pytest.raises(InvalidTransition):
        take_transition(account=account, name=name, by=actors[permitted_actor(name)], note=NOTE)

    # and nothing changed
    assert_untouched(account, stage)


@pytest.mark.parametrize(("name", "persona"), BY_ROLE)
def test_only_the_roles_of_the_table_may_take_a_transition(
    name, persona, team_account, actors, ready
):
    # given the account where the transition may be taken, its guard met
    account = ready(team_account, name)
    source = account.stage

    if persona in WHO[name]:
        # when a permitted persona takes it, then it moves
        take_transition(account=account, name=name, by=actors[persona], note=NOTE)
        account.refresh_from_db()
        assert account.stage == target_of(name)
        assert StageChange.objects.get(account=account).by == actors[persona]
    else:
        # when anyone else tries, then they are not allowed, and nothing changed
        with pytest.raises(NotAllowed):
            take_transition(account=account, name=name, by=actors[persona], note=NOTE)
        assert_untouched(account, source)


def test_an_unknown_transition_is_invalid(team_account, ae):
    with pytest.raises(InvalidTransition):
        take_transition(account=team_account, name="delete", by=ae, note=NOTE)
    assert_untouched(team_account, "first_contact")


# --- Guards ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(NEEDS_REASON))
@pytest.mark.parametrize("note", ["", "   "])
def test_a_transition_that_needs_a_reason_is_refused_without_one(
    name, note, team_account, actors, ready
):
    # given the account where the transition may be taken
    account = ready(team_account, name)
    source = account.stage

    # when a permitted actor takes it without a reason, then the guard says so
    with pytest.raises(GuardUnmet) as refused:
        take_transition(account=account, name=name, by=actors[permitted_actor(name)], note=note)
    assert refused.value.reasons == ["Give a reason."]
    assert_untouched(account, source)


def test_record_brief_is_refused_without_a_brief(account, ae):
    with pytest.raises(GuardUnmet) as refused:
        take_transition(account=account, name="record_brief", by=ae)
    assert refused.value.reasons == ["The account has no brief yet."]
    assert_untouched(account, "first_contact")


BRIEF_REASONS = {
    "product": "The brief has no product.",
    "features": "The brief has no product features.",
    "sales_period_start": "The brief has no sales period.",
    "sales_period_end": "The brief has no end of the sales period.",
    "sales_targets": "The brief has no sales targets.",
    "budget": "The brief has no advertising budget.",
    "proposal_requirements": "The brief does not say what the proposal must cover.",
}


@pytest.mark.parametrize("field", sorted(BRIEF_REASONS))
def test_record_brief_is_refused_naming_each_missing_field(field, team_account, ae):
    # given a brief complete but for one field
    empty = None if field in ("sales_period_start", "sales_period_end", "budget") else ""
    Brief.objects.filter(account=team_account).update(**{field: empty})

    # when the AE records the brief, then the reason names exactly that field
    with pytest.raises(GuardUnmet) as refused:
        take_transition(account=team_account, name="record_brief", by=ae)
    assert refused.value.reasons == [BRIEF_REASONS[field]]
    assert_untouched(team_account, "first_contact")


def test_record_brief_lists_every_missing_field_of_an_empty_brief(account, ae):
    Brief.objects.create(account=account)
    with pytest.raises(GuardUnmet) as refused:
        take_transition(account=account, name="record_brief", by=ae)
    assert sorted(refused.value.reasons) == sorted(BRIEF_REASONS.values())


@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ("t_creative", "The team has no member from Creative."),
        ("t_media", "The team has no member from Media."),
    ],
)
def test_form_team_is_refused_without_a_member_of_each_department_needed(
    missing, reason, team_account, ae
):
    # given a briefed account whose team lacks one department the brief needs
    place_at_stage(team_account, "briefed")
    TeamMember.objects.filter(account=team_account, user__username=missing).delete()

    # when the AE forms the team, then the reason names the department
    with pytest.raises(GuardUnmet) as refused:
        take_transition(account=team_account, name="form_team", by=ae)
    assert refused.value.reasons == [reason]
    assert_untouched(team_account, "briefed")


def test_form_team_names_every_missing_department_and_a_missing_lead(team_account, ae):
    # given a briefed account with nobody but AEs on the team and no lead AE
    place_at_stage(team_account, "briefed")
    Brief.objects.filter(account=team_account).update(
        departments_needed=["account", "creative", "media", "pr"]
    )
    TeamMember.objects.filter(account=team_account).exclude(user=ae).delete()
    Account.objects.filter(pk=team_account.pk).update(lead_ae=None)

    with pytest.raises(GuardUnmet) as refused:
        take_transition(account=team_account, name="form_team", by=ae)
    assert refused.value.reasons == [
        "The account has no lead AE.",
        "The team has no member from Creative.",
        "The team has no member from Media.",
        "The team has no member from PR.",
    ]


def test_a_user_who_may_not_act_is_told_so_before_the_guard(account, creative):
    # given an account with no brief, and a creative who is on its team
    TeamMember.objects.create(account=account, user=creative)

    # when the creative records the brief, then it is the role that refuses, not the brief
    with pytest.raises(NotAllowed):
        take_transition(account=account, name="record_brief", by=creative)


# --- hold / resume --------------------------------------------------------------------------
@pytest.mark.parametrize("stage", OPEN)
def test_resume_returns_to_the_stage_hold_left(stage, team_account, ae):
    # given an account at an open stage
    place_at_stage(team_account, stage)

    # when it is held and resumed
    take_transition(account=team_account, name="hold", by=ae, note="Client budget freeze")
    team_account.refresh_from_db()
    assert (team_account.stage, team_account.held_from) == ("on_hold", stage)
    take_transition(account=team_account, name="resume", by=ae, note="Budget released")

    # then it is back where it was, and the history has both steps
    team_account.refresh_from_db()
    assert (team_account.stage, team_account.held_from) == (stage, "")
    assert list(
        StageChange.objects.filter(account=team_account).values_list(
            "transition", "source", "target"
        )
    ) == [("hold", stage, "on_hold"), ("resume", "on_hold", stage)]


# --- The walk -------------------------------------------------------------------------------
def test_an_account_walks_the_whole_pipeline_through_the_service(team_account, actors):
    # given an account at first contact with a complete brief and a covering team
    for name in WALK:
        prepare(team_account, name)
        team_account.refresh_from_db()
        if name == "collect" and team_account.stage == "collected":
            continue  # paying the last invoice collected it, as the system (billing)
        # when each step is taken by who may take it
        take_transition(account=team_account, name=name, by=actors[permitted_actor(name)])

    # then the account is collected, and the history tells the whole story in order
    team_account.refresh_from_db()
    assert team_account.stage == "collected"
    history = StageChange.objects.filter(account=team_account)
    assert list(history.values_list("transition", "source", "target")) == [
        (name, source, target)
        for name, source, target in zip(WALK, PIPELINE[:-1], PIPELINE[1:], strict=True)
    ]
