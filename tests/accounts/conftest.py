import pytest

from accounts.models import Account
from campaigns.models import TeamMember
from tests.factories import BriefFactory, UserFactory, place_at_stage

from .lifecycle_table import HELD_FROM, TABLE, prepare


@pytest.fixture
def team_account(team_account):
    """The shared `team_account` (led by `ae`; `creative` and `media_planner` on its team)
    with a complete brief needing creative and media: record_brief and form_team may be taken."""
    BriefFactory(account=team_account, departments_needed=["creative", "media"])
    return team_account


@pytest.fixture
def team_ae(team_account):
    """A second AE on `team_account`'s team, of no group `ad` directs."""
    user = UserFactory(username="t_team_ae")
    TeamMember.objects.create(account=team_account, user=user, role_on_account="ae")
    return user


@pytest.fixture
def actors(request, team_ae):
    """Persona name -> user, all around `team_account`."""
    names = ["ae", "ad", "admin_user", "creative", "finance", "system", "other_ae", "other_ad"]
    users = {name: request.getfixturevalue(name) for name in names}
    users["admin"] = users.pop("admin_user")
    users["team_ae"] = team_ae
    return users


@pytest.fixture
def ready():
    """ready(account, name, stage=None): the account at `stage` (default: the transition's
    first source stage, where its guard's set-up can run) with everything the guard needs."""

    def make(account: Account, name: str, stage: str | None = None) -> Account:
        stage = stage or TABLE[name][0][0]
        place_at_stage(account, stage, held_from=HELD_FROM if stage == "on_hold" else "")
        prepare(account, name)
        return account

    return make
