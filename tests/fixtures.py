"""Persona fixtures (style.md §19): ae, other_ae, ad, creative, media_planner, finance, admin."""

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from agency.models import Department, Level

from .factories import AccountFactory, AccountGroupFactory, UserFactory


@pytest.fixture
def ad(db):
    return UserFactory(username="t_ad", level=Level.ACCOUNT_DIRECTOR)


@pytest.fixture
def ae(db, ad):
    user = UserFactory(username="t_ae", level=Level.SENIOR_AE)
    AccountGroupFactory(name="Group East", director=ad).members.add(user)
    return user


@pytest.fixture
def other_ae(db):
    """An AE of another group, on none of `ae`'s accounts."""
    user = UserFactory(username="t_other_ae")
    AccountGroupFactory(name="Group West").members.add(user)
    return user


@pytest.fixture
def other_ad(db, other_ae):
    return other_ae.account_groups.get().director


@pytest.fixture
def creative(db):
    return UserFactory(username="t_creative", department=Department.CREATIVE, level="")


@pytest.fixture
def media_planner(db):
    return UserFactory(username="t_media", department=Department.MEDIA, level="")


@pytest.fixture
def finance(db):
    return UserFactory(username="t_finance", department=Department.FINANCE, level="")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="t_admin", department="", level="", is_superuser=True, is_staff=True
    )


@pytest.fixture
def account(ae):
    """An account of `ae`'s at first contact."""
    return AccountFactory(lead_ae=ae, name="Spring launch 春季新品")


@pytest.fixture
def api():
    """Returns an API client logged in as the given user (or anonymous)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


# --- Services: PostgreSQL, Redis, the browser ------------------------------------------------
# Without the service a test skips; with AGENCY_REQUIRE_SERVICES=1 (CI) it fails instead.
def _missing(what: str) -> None:
    from django.conf import settings

    if settings.AGENCY_REQUIRE_SERVICES:
        pytest.fail(f"{what} is required here (AGENCY_REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"needs {what}")


@pytest.fixture
def postgres_only(transactional_db):
    """For locking and concurrency tests: SQLite would hide what they check."""
    from django.db import connection

    if connection.vendor != "postgresql":
        _missing("PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.fixture
def redis_url():
    from django.conf import settings

    if not settings.REDIS_URL:
        _missing("Redis (REDIS_URL=redis://...)")
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        _missing(f"a Redis answering at {settings.REDIS_URL}")
    return settings.REDIS_URL


CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing("Debian's chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live server, in English unless the test says otherwise."""
    from playwright.sync_api import expect

    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    # Assertions wait as long as actions: a loaded CI machine is slower than 5 s at times.
    expect.set_options(timeout=10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(request, page):
    """screenshot("step-name") saves test-artifacts/<test>/<NN>-<step>.png."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    steps = iter(range(1, 1000))

    def take(step: str) -> Path:
        path = folder / f"{next(steps):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page):
    """Log `user` in through the login page (password from the factory default)."""

    def do(user, password: str = "pass-word-123"):
        page.goto("/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")

    return do


# --- An account ready for proposals (appended by the proposals work) -----------------------
@pytest.fixture
def planning_account(account, ae, creative, media_planner):
    """`account` in planning, as the app gets it there: a complete brief, then a team with
    the creative and the media planner the brief needs, through take_transition."""
    from accounts.services import take_transition
    from campaigns.services import add_team_member

    from .factories import BriefFactory

    BriefFactory(account=account)
    take_transition(account=account, name="record_brief", by=ae)
    add_team_member(account=account, user=creative, by=ae)
    add_team_member(account=account, user=media_planner, by=ae)
    take_transition(account=account, name="form_team", by=ae)
    take_transition(account=account, name="start_planning", by=ae)
    account.refresh_from_db()
    return account


# --- The lifecycle: the actor of automatic transitions ----------------------------------------
@pytest.fixture
def system(db):
    """The actor of automatic transitions (agency.people.system_user())."""
    from agency.people import system_user

    return system_user()


# --- Work plan (issue 3) -----------------------------------------------------------------------
@pytest.fixture
def team_account(account, creative, media_planner):
    """`account` with a creative and a media planner on its team besides the lead AE."""
    from campaigns.models import TeamMember

    for person in (creative, media_planner):
        TeamMember.objects.create(account=account, user=person, role_on_account="member")
    return account


# --- The client portal (appended by the portal work) -----------------------------------------
@pytest.fixture
def client_contact(account, ae):
    """The portal login of a contact at `account`'s client, given by `ae` (with the factory's
    password, so that a test can log in through the form)."""
    from portal.services import grant_portal_access

    from .factories import ContactFactory

    contact = ContactFactory(client=account.client, name="Zhou Min 周敏", email="zhou@client.test")
    user = grant_portal_access(contact=contact, by=ae, username="t_client", invite=False)
    user.set_password("pass-word-123")
    user.save(update_fields=["password"])
    return user
