"""The transitions through the API (api.md): POST /api/accounts/{id}/transitions/{name}/
answers 200 with the account, 409 {detail, code} from the wrong stage, 403 for a role that may
not, 404 for who cannot see the account, 400 {reasons} for an unmet guard.
GET .../transitions/ and GET .../history/ tell what may be done and what was done."""

import pytest

from accounts.models import StageChange
from accounts.services import take_transition
from campaigns.models import Brief
from tests.factories import place_at_stage

from .lifecycle_table import (
    ALL_STAGES,
    API_PERSONAS,
    FIELDS,
    HELD_FROM,
    NEEDS_REASON,
    OUTSIDERS,
    TABLE,
    WHO,
    at_stage,
    permitted_actor,
    target_of,
)

pytestmark = pytest.mark.django_db

NOTE = "Agreed with the client on the phone"


def url(account, name: str = "") -> str:
    return f"/api/accounts/{account.pk}/transitions/" + (f"{name}/" if name else "")


def post(api, user, account, name, note=NOTE):
    body = {"note": note, **FIELDS.get(name, {})}
    return api(user).post(url(account, name), body, format="json")


def assert_untouched(account, stage):
    account.refresh_from_db()
    assert account.stage == stage
    assert not StageChange.objects.filter(account=account).exists()


@pytest.mark.parametrize(
    ("name", "source"), [(n, s) for n, (sources, _) in TABLE.items() for s in sources]
)
def test_post_takes_the_transition_and_answers_with_the_account(
    name, source, team_account, actors, ready, api
):
    # given the account at a source stage of the transition, its guard met
    account = ready(team_account, name, source)
    actor = actors[permitted_actor(name)]

    # when a permitted actor posts it
    response = post(api, actor, account, name)

    # then 200 with the account in its new stage, and one StageChange
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == account.pk
    assert response.json()["stage"] == target_of(name)
    change = StageChange.objects.get(account=account)
    assert (change.transition, change.source, change.target) == (name, source, target_of(name))
    assert (change.by, change.note) == (actor, NOTE)


@pytest.mark.parametrize(
    ("name", "stage"),
    [(n, s) for n, (sources, _) in TABLE.items() for s in ALL_STAGES if s not in sources],
)
def test_post_from_a_stage_the_transition_does_not_start_from_is_409(
    name, stage, team_account, actors, api
):
    account = at_stage(team_account, stage)

    response = post(api, actors[permitted_actor(name)], account, name)

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert response.json()["detail"]
    assert_untouched(account, stage)


@pytest.mark.parametrize(("name", "persona"), [(n, p) for n in TABLE for p in API_PERSONAS])
def test_post_by_role_is_200_403_or_404(name, persona, team_account, actors, ready, api):
    # given the account where the transition may be taken, its guard met
    account = ready(team_account, name)
    source = account.stage

    # when the persona posts it
    response = post(api, actors[persona], account, name)

    # then who may take it moves it; who sees it but may not gets 403; who cannot see it, 404
    if persona in WHO[name]:
        assert response.status_code == 200, response.json()
        assert response.json()["stage"] == target_of(name)
        assert StageChange.objects.filter(account=account).count() == 1
        return
    expected = 404 if persona in OUTSIDERS else 403
    assert response.status_code == expected
    assert response.json()["detail"]
    assert_untouched(account, source)


@pytest.mark.parametrize("name", sorted(NEEDS_REASON))
def test_post_without_a_reason_is_400_with_reasons(name, team_account, actors, ready, api):
    account = ready(team_account, name)
    source = account.stage

    response = post(api, actors[permitted_actor(name)], account, name, note="")

    assert response.status_code == 400
    assert response.json()["reasons"] == ["Give a reason."]
    assert_untouched(account, source)


def test_post_record_brief_with_an_incomplete_brief_is_400_listing_what_is_missing(
    team_account, ae, api
):
    Brief.objects.filter(account=team_account).update(sales_targets="", budget=None)

    response = post(api, ae, team_account, "record_brief")

    assert response.status_code == 400
    assert sorted(response.json()["reasons"]) == [
        "The brief has no advertising budget.",
        "The brief has no sales targets.",
    ]
    assert_untouched(team_account, "first_contact")


def test_post_form_team_without_the_creative_department_is_400_naming_it(
    team_account, ae, creative, api
):
    place_at_stage(team_account, "briefed")
    team_account.team_members.filter(user=creative).delete()

    response = post(api, ae, team_account, "form_team")

    assert response.status_code == 400
    assert response.json()["reasons"] == ["The team has no member from Creative."]
    assert_untouched(team_account, "briefed")


def test_post_an_unknown_transition_is_409_and_changes_nothing(team_account, ae, api):
    response = post(api, ae, team_account, "teleport")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert_untouched(team_account, "first_contact")


def test_get_is_not_a_way_to_take_a_transition(team_account, ae, api):
    response = api(ae).get(url(team_account, "record_brief"))
    assert response.status_code == 405
    assert_untouched(team_account, "first_contact")


def test_anonymous_post_is_401(team_account, api):
    response = api().post(url(team_account, "record_brief"), {"note": NOTE}, format="json")
    assert response.status_code == 401
    assert_untouched(team_account, "first_contact")


# --- GET .../transitions/ -------------------------------------------------------------------
@pytest.mark.parametrize("stage", ALL_STAGES)
def test_get_lists_the_transitions_from_the_current_stage(stage, team_account, ae, api):
    # given the account at a stage
    place_at_stage(team_account, stage, held_from=HELD_FROM if stage == "on_hold" else "")

    # when its AE asks what may be done
    response = api(ae).get(url(team_account))

    # then every transition of the table from this stage is listed with its target
    assert response.status_code == 200
    listed = {option["name"]: option for option in response.json()}
    expected = {name for name, (sources, _) in TABLE.items() if stage in sources}
    assert set(listed) == expected
    for name, option in listed.items():
        assert option["target"] == target_of(name)
        assert set(option) >= {"name", "target", "allowed", "reasons"}


def test_get_explains_for_the_ae_why_a_transition_is_not_possible_now(account, ae, api):
    # given an account at first contact without a brief
    response = api(ae).get(url(account))

    options = {option["name"]: option for option in response.json()}
    # then recording the brief is not possible, and the reasons say why
    assert options["record_brief"]["allowed"] is False
    assert options["record_brief"]["reasons"] == ["The account has no brief yet."]
    # and hold and lose are possible; cancel is the AD's
    assert (options["hold"]["allowed"], options["hold"]["reasons"]) == (True, [])
    assert options["lose"]["allowed"] is True
    assert options["cancel"]["allowed"] is False
    assert options["cancel"]["reasons"] == ["Only the account director of the lead AE may do this."]


def test_get_tells_each_persona_what_they_may_do(team_account, actors, api):
    # given an account at first contact whose brief is complete
    def allowed(persona):
        options = api(actors[persona]).get(url(team_account)).json()
        return {o["name"] for o in options if o["allowed"]}

    assert allowed("ae") == {"record_brief", "hold", "lose"}
    assert allowed("ad") == {"record_brief", "hold", "lose", "cancel"}
    assert allowed("admin") == {"record_brief", "hold", "lose", "cancel"}
    assert allowed("creative") == set()
    assert allowed("finance") == set()


def test_get_by_finance_offers_collect_once_invoiced(team_account, finance, api):
    place_at_stage(team_account, "invoiced")
    options = api(finance).get(url(team_account)).json()
    assert {o["name"]: o["allowed"] for o in options} == {
        "collect": True,
        "hold": False,
        "cancel": False,
    }


@pytest.mark.parametrize("stage", ALL_STAGES)
@pytest.mark.parametrize("persona", [p for p in API_PERSONAS if p not in OUTSIDERS])
def test_what_get_offers_is_what_post_does(stage, persona, team_account, actors, ready, api):
    """The buttons never lie: allowed ⇔ the POST succeeds; not allowed ⇔ 403 or 400."""
    user = actors[persona]
    place_at_stage(team_account, stage, held_from=HELD_FROM if stage == "on_hold" else "")
    for name in [option["name"] for option in api(user).get(url(team_account)).json()]:
        # given the account back at `stage`, with what this transition's guard needs
        ready(team_account, name, stage)
        StageChange.objects.filter(account=team_account).delete()
        option = next(o for o in api(user).get(url(team_account)).json() if o["name"] == name)

        # when the user takes it
        response = post(api, user, team_account, name)

        # then it happened exactly when it was offered as allowed
        assert (response.status_code == 200) == option["allowed"], (option, response.json())
        if not option["allowed"]:
            assert response.status_code in (400, 403)


# --- GET .../history/ -----------------------------------------------------------------------
def test_history_lists_the_stage_changes_in_order(team_account, ae, ad, api):
    # given two transitions taken by two people
    take_transition(account=team_account, name="record_brief", by=ae, note="Brief signed")
    take_transition(account=team_account, name="hold", by=ad, note="Client reorganising")

    # when the AE reads the history
    response = api(ae).get(f"/api/accounts/{team_account.pk}/history/")

    # then both are listed, oldest first, with every field api.md names
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [
        {k: row[k] for k in ("transition", "source", "target", "by", "note")} for row in rows
    ] == [
        {
            "transition": "record_brief",
            "source": "first_contact",
            "target": "briefed",
            "by": "t_ae",
            "note": "Brief signed",
        },
        {
            "transition": "hold",
            "source": "briefed",
            "target": "on_hold",
            "by": "t_ad",
            "note": "Client reorganising",
        },
    ]
    assert all(row["at"] for row in rows)
    assert response.json()["count"] == 2


@pytest.mark.parametrize("size", [2, 20])
def test_history_costs_the_same_few_queries_at_any_length(
    size, team_account, ae, ad, api, django_assert_max_num_queries
):
    for i in range(size):
        StageChange.objects.create(
            account=team_account,
            transition="hold",
            source="planning",
            target="on_hold",
            by=(ae, ad)[i % 2],
        )
    client = api(ae)

    with django_assert_max_num_queries(3):  # the account, count, page
        response = client.get(f"/api/accounts/{team_account.pk}/history/")
    assert response.json()["count"] == size


def test_the_transition_options_cost_a_bounded_number_of_queries(
    team_account, ae, api, django_assert_max_num_queries
):
    client = api(ae)
    with django_assert_max_num_queries(8):
        assert len(client.get(url(team_account)).json()) == 4
