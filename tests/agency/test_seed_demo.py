"""seed_demo: the demo people, a believable agency built through the services, idempotent."""

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.models import PIPELINE, Account, Client, Stage, StageChange
from accounts.selectors import accounts_visible_to
from agency.demo import history, logins
from agency.errors import GuardUnmet
from agency.models import Department, Role, User
from agency.people import directs
from campaigns.models import TeamMember
from tests.factories import UserFactory


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every table, the many-to-many ones included: what 'changes nothing' means."""
    counts = {}
    for model in apps.get_models():
        counts[model._meta.label] = model.objects.count()
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            counts[through._meta.label] = through.objects.count()
    return counts


def assert_history_consistent(account: Account) -> None:
    """The stage changes chain from first contact to the account's stage, forward in time."""
    changes = list(account.stage_changes.order_by("id"))
    if account.stage == Stage.FIRST_CONTACT:
        assert changes == [], account.name
        return
    assert changes, f"{account.name} is at {account.stage} with no history"
    assert changes[0].source == Stage.FIRST_CONTACT
    for before, after in zip(changes, changes[1:], strict=False):
        assert after.source == before.target, account.name
        assert after.at > before.at, account.name
    assert changes[-1].target == account.stage, account.name
    assert account.stage_entered_at == changes[-1].at
    assert account.created_at < changes[0].at < timezone.now()


@pytest.mark.django_db
def test_seed_creates_the_demo_people_with_their_roles_and_groups(api):
    output = seed()

    people = User.objects.in_bulk(
        ["admin", "ad", "ae", "ae2", "creative", "media", "finance"], field_name="username"
    )
    assert people["admin"].is_superuser and people["admin"].role == Role.ADMIN
    assert people["ad"].role == Role.AD
    assert people["ae"].role == Role.AE and people["ae2"].role == Role.AE
    assert directs(people["ad"], people["ae"]) and directs(people["ad"], people["ae2"])
    assert people["creative"].department == Department.CREATIVE
    assert people["media"].department == Department.MEDIA
    assert people["finance"].role == Role.FINANCE
    assert all(u.check_password(settings.DEMO_PASSWORD) for u in people.values())
    for username, role, password in logins():
        assert f"{username}  " in output and role in output
        assert password == settings.DEMO_PASSWORD
    token = api().post("/api/auth/token/", {"username": "ae", "password": settings.DEMO_PASSWORD})
    assert token.status_code == 200 and token.json()["token"]


@pytest.mark.django_db
def test_ae2_is_on_none_of_aes_accounts_and_sees_none_of_them():
    seed()
    ae, ae2 = User.objects.get(username="ae"), User.objects.get(username="ae2")

    aes = set(TeamMember.objects.filter(user=ae).values_list("account", flat=True))
    ae2s = set(TeamMember.objects.filter(user=ae2).values_list("account", flat=True))

    assert len(aes) >= 8 and len(ae2s) >= 5
    assert aes.isdisjoint(ae2s)
    assert not accounts_visible_to(ae2).filter(pk__in=aes).exists()


@pytest.mark.django_db
def test_accounts_are_spread_over_the_stages_each_with_a_consistent_history():
    seed()

    assert Client.objects.count() == 12
    assert Client.objects.filter(name__contains="明川").exists()
    accounts = list(Account.objects.select_related("brief"))
    assert len(accounts) >= 30
    # Stages that later guards cannot hold back: the rest move as those issues seed theirs.
    stages = {a.stage for a in accounts}
    assert {
        Stage.FIRST_CONTACT,
        Stage.BRIEFED,
        Stage.TEAM_FORMED,
        Stage.PLANNING,
        Stage.ON_HOLD,
        Stage.LOST,
    } <= stages
    for account in accounts:
        assert_history_consistent(account)
        assert account.brief.product
        if account.stage != Stage.FIRST_CONTACT:
            assert account.brief.missing_reasons() == []
    assert StageChange.objects.exclude(note="").count() == StageChange.objects.count()
    oldest = min(a.created_at for a in accounts)
    assert (timezone.now() - oldest).days > 90
    for account in (a for a in accounts if a.stage == Stage.ON_HOLD):
        # resume returns to the stage hold left
        assert account.held_from in PIPELINE
        assert account.stage_changes.order_by("id").last().source == account.held_from


@pytest.mark.django_db
def test_apps_seed_what_their_guards_need_just_before_each_step(monkeypatch):
    """A later app's demo module registers preparers; an unmet guard stops the walk there."""
    stages_when_prepared = []

    def prepare_proposal(account, actors, rng):
        stages_when_prepared.append((Account.objects.get(pk=account.pk).stage, actors.director))

    def no_media_buys(account, actors, rng):
        raise GuardUnmet("No media buy is booked.")

    monkeypatch.setattr(
        history,
        "PREPARE",
        {"present_proposal": [prepare_proposal], "book_media": [no_media_buys]},
    )

    output = seed()

    assert stages_when_prepared
    assert {stage for stage, _ in stages_when_prepared} == {Stage.PLANNING}
    assert {director.username for _, director in stages_when_prepared} == {"ad"}
    after_booking = PIPELINE[PIPELINE.index(Stage.MEDIA_BOOKED) :]
    assert not Account.objects.filter(stage__in=after_booking).exists()
    assert Account.objects.filter(stage=Stage.IN_PRODUCTION).count() > 2
    assert "stopped at book_media: No media buy is booked." in output
    for account in Account.objects.all():
        assert_history_consistent(account)


@pytest.mark.django_db
def test_running_seed_twice_changes_nothing():
    seed("--scale", "2")
    before = row_counts()
    history = list(StageChange.objects.order_by("id").values_list("id", "at", "target"))

    seed("--scale", "2")

    assert row_counts() == before
    assert list(StageChange.objects.order_by("id").values_list("id", "at", "target")) == history


@pytest.mark.django_db
def test_scale_adds_generated_clients_with_ten_accounts_each_moved_by_transitions():
    seed()
    demo_accounts = Account.objects.count()

    seed("--scale", "3")

    assert Client.objects.count() == 12 + 3
    assert Account.objects.count() == demo_accounts + 30
    for account in Account.objects.all():
        assert_history_consistent(account)
        assert account.team_members.filter(user=account.lead_ae).exists()


@pytest.mark.django_db
def test_if_empty_seeds_a_database_with_only_the_system_user():
    from agency.people import system_user

    system_user()

    output = seed("--if-empty")

    assert Account.objects.count() >= 30
    assert "ae2" in output


@pytest.mark.django_db
def test_if_empty_leaves_a_database_with_people_alone():
    UserFactory(username="someone")

    output = seed("--if-empty")

    assert "not seeding" in output
    assert Account.objects.count() == 0
    assert not User.objects.filter(username="ae").exists()
