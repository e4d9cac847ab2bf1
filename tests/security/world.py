"""One fixed agency with one object of every type, for the access checks (reliability.md 9-15).

"Ours" is the account `ae` leads (with `creative` on its team, `ad` directing `ae`); "theirs"
is the account `other_ae` leads in another group, with `creative_off` on its team. Each role
of the matrix is one user here; `client` is the portal login of our client's contact (Ms Wang),
`other_client` (not a matrix role) that of theirs (Mr Li).

Built once per test module (`world` fixture below) inside a transaction that is rolled back
when the module ends; each test runs in a savepoint inside it (pytest-django's `db`), so what
a test writes is gone before the next one.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from accounts.models import Stage
from agency.models import Department, Level, Notification
from billing import services as billing
from billing.models import LineKind
from campaigns import services as campaigns
from campaigns.models import TeamMember
from media import services as media
from tests import lifecycle
from tests.factories import (
    AccountFactory,
    AccountGroupFactory,
    ContactFactory,
    MediaOutletFactory,
    UserFactory,
)

#: Our client's name: no answer to an outsider may contain it.
OUR_CLIENT = "Oursclient 我们的客户"
#: The roles of the matrix, in the order the expected-access strings list them.
ROLES = ("anon", "admin", "ad", "ae", "other_ae", "creative", "creative_off", "finance", "client")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def user(self, role: str):
        return self.users.get(role)


def _line(amount: str) -> dict:
    return {
        "kind": LineKind.FEE,
        "description": "Agency fee",
        "quantity": Decimal("1"),
        "unit_price": Decimal(amount),
        "vat_rate": Decimal("0.06"),
    }


def _people() -> dict:
    ad = UserFactory(username="w_ad", level=Level.ACCOUNT_DIRECTOR)
    ae = UserFactory(username="w_ae", level=Level.SENIOR_AE)
    AccountGroupFactory(name="W East", director=ad).members.add(ae)
    other_ae = UserFactory(username="w_other_ae")
    other_ad = UserFactory(username="w_other_ad", level=Level.ACCOUNT_DIRECTOR)
    AccountGroupFactory(name="W West", director=other_ad).members.add(other_ae)
    return {
        "anon": None,
        "admin": UserFactory(
            username="w_admin", department="", level="", is_superuser=True, is_staff=True
        ),
        "ad": ad,
        "ae": ae,
        "other_ae": other_ae,
        "creative": UserFactory(username="w_creative", department=Department.CREATIVE, level=""),
        "creative_off": UserFactory(
            username="w_creative_off", department=Department.CREATIVE, level=""
        ),
        "finance": UserFactory(username="w_finance", department=Department.FINANCE, level=""),
        "media": UserFactory(username="w_media", department=Department.MEDIA, level=""),
        "other_ad": other_ad,
    }


def _campaign_work(account, ae, prefix: str) -> dict:
    """A task, a client call with its contact report, a communication, milestones."""
    from campaigns.models import Meeting

    in_a_week = timezone.localdate() + dt.timedelta(days=7)
    task = campaigns.create_task(
        account=account,
        by=ae,
        title=f"{prefix} task",
        department="account",
        owner=ae,
        due_date=in_a_week,
    )
    held = timezone.now() - dt.timedelta(hours=48)
    meeting = campaigns.create_meeting(account=account, by=ae, kind="client_call", held_at=held)
    owed = campaigns.create_meeting(account=account, by=ae, kind="client_call", held_at=held)
    report = campaigns.file_contact_report(
        account=account,
        by=ae,
        summary=f"{prefix} report",
        meeting=meeting,
        action_items=[{"title": f"{prefix} action", "owner": ae, "due_date": in_a_week}],
    )
    communication = campaigns.record_communication(
        account=account, by=ae, kind="call", subject=f"{prefix} call"
    )
    campaigns.save_milestones(account=account, by=ae, presentation_date=in_a_week)
    assert Meeting.objects.filter(pk=owed.pk).exists()
    return {
        "task": task,
        "meeting": meeting,
        "owed_meeting": owed,
        "contact_report": report,
        "communication": communication,
    }


def _booked_buy(account, outlet, by, reference: str):
    buy = media.create_media_buy(
        by=by,
        account=account,
        outlet=outlet,
        placement="Prime time",
        flight_start=dt.date(2030, 3, 1),
        flight_end=dt.date(2030, 3, 31),
        unit_type="spot",
        quantity=10,
        unit_rate=Decimal("1000.00"),
    )
    for name in ("request_quote", "negotiate"):
        buy = media.take_buy_transition(buy=buy, name=name, by=by)
    return media.take_buy_transition(buy=buy, name="book", by=by, vendor_reference=reference)


def _ours(people: dict, outlet) -> dict:
    """`ae`'s account, invoiced: brief, team, work, a booked buy with delivery, a published
    effect report, an issued and partly paid invoice, a draft invoice."""
    ae, finance = people["ae"], people["finance"]
    account = AccountFactory(
        lead_ae=ae, name="Ours 我们的", budget=Decimal("100000.00"), client__name=OUR_CLIENT
    )
    contact = ContactFactory(client=account.client, name="Ms Wang", email="wang@client.test")
    TeamMember.objects.create(account=account, user=people["creative"], role_on_account="member")
    TeamMember.objects.create(account=account, user=people["media"], role_on_account="member")
    account = lifecycle.advance(account, to=Stage.IN_PRODUCTION, by=ae)
    buy = _booked_buy(account, outlet, ae, "VR-OURS")
    delivery = media.record_delivery(
        media_buy=buy,
        by=ae,
        date=dt.date(2030, 3, 2),
        units_delivered=1,
        impressions=1000,
        clicks=10,
        spend=Decimal("900.00"),
    )
    work = _campaign_work(account, ae, "ours")
    account = lifecycle.advance(account, to=Stage.EVALUATING, by=ae)
    lifecycle.publish_effect_report(account, ae)
    invoice = billing.create_invoice(account=account, by=ae, lines=[_line("100000.00")])
    invoice = billing.issue_invoice(invoice=invoice, by=ae)
    account = lifecycle.advance(account, to=Stage.INVOICED, by=ae)
    payment = billing.record_payment(
        invoice=invoice,
        by=finance,
        amount=Decimal("1000.00"),
        received_on=timezone.localdate(),
        method="bank_transfer",
        idempotency_key="world-ours-1",
    ).payment
    draft = billing.create_invoice(account=account, by=ae, lines=[_line("10.00")])
    planned = media.create_media_buy(
        by=ae,
        account=account,
        outlet=outlet,
        placement="Late night",
        flight_start=dt.date(2030, 6, 1),
        flight_end=dt.date(2030, 6, 30),
        unit_type="spot",
        quantity=5,
        unit_rate=Decimal("100.00"),
    )
    member = account.team_members.get(user=people["creative"])
    notification = Notification.objects.create(recipient=ae, title="Ours due", link="/")
    return {
        "account": account,
        "client": account.client,
        "contact": contact,
        "brief": account.brief,
        "team_member": member,
        "media_buy": buy,
        "delivery": delivery,
        "effect_report": account.effect_report,
        "invoice": invoice,
        "payment": payment,
        "draft_invoice": draft,
        "planned_buy": planned,
        "proposal": account.proposals.get(status="accepted"),
        "notification": notification,
        **work,
    }


def _theirs(people: dict, outlet) -> dict:
    """`other_ae`'s account in production with the same kinds of objects (the outsider's own)."""
    ae = people["other_ae"]
    account = AccountFactory(lead_ae=ae, name="Theirs 他们的", budget=Decimal("50000.00"))
    TeamMember.objects.create(
        account=account, user=people["creative_off"], role_on_account="member"
    )
    contact = ContactFactory(client=account.client, name="Mr Li", email="li@other.test")
    account = lifecycle.advance(account, to=Stage.IN_PRODUCTION, by=ae)
    buy = _booked_buy(account, outlet, ae, "VR-THEIRS")
    work = _campaign_work(account, ae, "theirs")
    invoice = billing.issue_invoice(
        invoice=billing.create_invoice(account=account, by=ae, lines=[_line("2345.67")]), by=ae
    )
    notification = Notification.objects.create(recipient=ae, title="Theirs due", link="/")
    return {
        "account": account,
        "client": account.client,
        "contact": contact,
        "proposal": account.proposals.get(status="accepted"),
        "media_buy": buy,
        "invoice": invoice,
        "notification": notification,
        **work,
    }


def _portal_login(contact, ae, username: str):
    """The contact's login to the client portal, given by their AE (with the factory's
    password, as every user of the world has)."""
    from portal.services import grant_portal_access

    user = grant_portal_access(contact=contact, by=ae, username=username, invite=False)
    user.set_password("pass-word-123")
    user.save(update_fields=["password"])
    return user


def build_world() -> World:
    people = _people()
    outlet = MediaOutletFactory(name="CCTV-1 央视一套")
    world = World(users={k: v for k, v in people.items() if k in ROLES})
    world.users["media"] = people["media"]
    world.users["other_ad"] = people["other_ad"]  # the outsiders' AD: not a matrix role
    ours, theirs = _ours(people, outlet), _theirs(people, outlet)
    world.users["client"] = _portal_login(ours["contact"], people["ae"], "w_client")
    their_contact, their_ae = theirs["contact"], people["other_ae"]
    world.users["other_client"] = _portal_login(their_contact, their_ae, "w_other_client")
    world.objects.update(ours)
    world.objects["outlet"] = outlet
    world.objects.update({f"their_{name}": obj for name, obj in theirs.items()})
    return world


def logged_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module and rolled back after it; `world.clients[role]`
    is a browser logged in as that role (anonymous for "anon")."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = build_world()
            others = ["other_ad", "other_client"]
            built.clients = {role: logged_in(built.user(role)) for role in [*ROLES, *others]}
            yield built
            transaction.set_rollback(True)
