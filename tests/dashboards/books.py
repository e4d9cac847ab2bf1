"""A small fixed agency for the dashboard tests, every figure computable by hand.

Times are days before `now` (the moment the books are written); amounts carry no VAT, so an
invoice's total is its amount. The account's record of transitions (StageChange) is written
as it would have been at those times, with the account left where that record says; invoices,
payments, credit notes, media buys and deliveries go through their services (at a patched
date where the record needs a past one).

Group East (AD `ad`, AE `ae`):
  A1 Alpha spring   planning since 40 d (stuck), budget 100,000, last contact 20 d ago (quiet)
  A2 Alpha summer   approved 10 d ago after one revision (won), budget 200,000;
                    a client call 3 d ago without its contact report (owed); invoice I1
  A3 Beta launch    lost 5 d ago at proposal_presented: "Budget cut", budget 50,000
  A4 Beta hold      on hold since 50 d (not stuck), budget 30,000
  A5 Beta autumn    evaluating since 5 d, opened 60 d ago, no client contact (quiet),
                    budget 80,000; invoices I2–I5, a draft, media buys
  A6 Alpha gift     evaluating, effect report published, no invoice (finance: to issue)
Group West (AD `other_ad`, AE `other_ae`):
  B1 Gamma west     USD, planning since 90 d, lost one proposal "Other team's reason",
                    an overdue task, an open USD invoice of 700.00

Invoices (30 days' terms), as of today:
  I1 A2 1,000.00 issued 20 d ago   due in 10 d            current, expected within 30 d
  I2 A5 2,000.00 issued 45 d ago   15 d late, 500 paid    1_30: 1,500.00 (partially paid)
  I3 A5 3,000.00 issued 100 d ago  70 d late              61_90: 3,000.00
  I4 A5 4,000.00 issued 150 d ago  credited in full today void (credit note −4,000.00)
  I5 A5 5,000.00 issued 80 d ago   paid 10 d ago          paid, nothing owed
  D  A5   777.00 draft                                    not invoiced
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import Account, Stage, StageChange
from agency.models import Department
from billing import services as billing
from campaigns.models import Communication, TeamMember
from media import services as media
from tests.factories import (
    AccountFactory,
    ClientFactory,
    MediaOutletFactory,
    MeetingFactory,
    TaskFactory,
)
from tests.lifecycle import publish_effect_report


def days_ago(now, days: int):
    return now - dt.timedelta(days=days)


def record(account: Account, opened: int, steps: list[tuple], now) -> Account:
    """Write the account's transitions: (transition, source, target, days ago, note), oldest
    first, each leaving a stage entered by the one before (or at the opening)."""
    entered = days_ago(now, opened)
    for transition, source, target, ago, *note in steps:
        at = days_ago(now, ago)
        StageChange.objects.create(
            account=account,
            transition=transition,
            source=source,
            target=target,
            by=account.lead_ae,
            at=at,
            note=note[0] if note else "",
            source_entered_at=entered,
        )
        entered = at
    stage = steps[-1][2] if steps else Stage.FIRST_CONTACT
    held_from = steps[-1][1] if stage == Stage.ON_HOLD else ""
    # The protected stage is left where the record says (QuerySet.update: test data only).
    Account.objects.filter(pk=account.pk).update(
        stage=stage, stage_entered_at=entered, created_at=days_ago(now, opened), held_from=held_from
    )
    account.refresh_from_db()
    return account


def on(monkeypatch, day: dt.date):
    """A context in which the services' "today" is `day`."""
    context = monkeypatch.context()
    patch = context.__enter__()
    patch.setattr(timezone, "localdate", lambda *a, **k: day)
    return context


def issue(monkeypatch, account, by, amount: str, ago: int, today: dt.date):
    line = {
        "kind": "fee",
        "description": f"Fee {amount}",
        "quantity": Decimal("1"),
        "unit_price": Decimal(amount),
        "vat_rate": Decimal("0"),
    }
    context = on(monkeypatch, today - dt.timedelta(days=ago))
    try:
        invoice = billing.create_invoice(account=account, by=by, lines=[line])
        return billing.issue_invoice(invoice=invoice, by=by)
    finally:
        context.__exit__(None, None, None)


def pay(invoice, by, amount: str, received_on: dt.date, key: str):
    return billing.record_payment(
        invoice=invoice,
        by=by,
        amount=Decimal(amount),
        received_on=received_on,
        method="bank_transfer",
        idempotency_key=key,
    )


@dataclass
class Books:
    now: dt.datetime
    today: dt.date
    accounts: dict
    invoices: dict
    clients: dict


PIPELINE_PATH = [
    ("record_brief", Stage.FIRST_CONTACT, Stage.BRIEFED),
    ("form_team", Stage.BRIEFED, Stage.TEAM_FORMED),
    ("start_planning", Stage.TEAM_FORMED, Stage.PLANNING),
]


def path(*days: int) -> list[tuple]:
    """The first steps of the main line, taken `days` ago."""
    return [(*step, ago) for step, ago in zip(PIPELINE_PATH, days, strict=False)]


def write_books(monkeypatch, *, ae, other_ae, finance, creative) -> Books:
    now = timezone.now()
    today = timezone.localdate(now)
    alpha = ClientFactory(name="Alpha 甲", payment_terms_days=30)
    beta = ClientFactory(name="Beta 乙", payment_terms_days=30)
    gamma = ClientFactory(name="Gamma", payment_terms_days=30, currency="USD")

    def account(name, client, budget, lead=ae, currency="CNY"):
        made = AccountFactory(
            name=name, client=client, lead_ae=lead, budget=Decimal(budget), currency=currency
        )
        TeamMember.objects.get_or_create(account=made, user=creative)
        return made

    a1 = record(account("Alpha spring", alpha, "100000"), 60, path(50, 45, 40), now)
    a2 = record(
        account("Alpha summer", alpha, "200000"),
        70,
        [
            *path(65, 60, 50),
            ("present_proposal", Stage.PLANNING, Stage.PROPOSAL_PRESENTED, 30),
            ("request_revision", Stage.PROPOSAL_PRESENTED, Stage.PLANNING, 25, "New key visual"),
            ("present_proposal", Stage.PLANNING, Stage.PROPOSAL_PRESENTED, 20),
            ("approve", Stage.PROPOSAL_PRESENTED, Stage.APPROVED, 10, "Signed by Ms Li"),
        ],
        now,
    )
    a3 = record(
        account("Beta launch", beta, "50000"),
        40,
        [
            *path(35, 30, 25),
            ("present_proposal", Stage.PLANNING, Stage.PROPOSAL_PRESENTED, 15),
            ("lose", Stage.PROPOSAL_PRESENTED, Stage.LOST, 5, "Budget cut"),
        ],
        now,
    )
    a4 = record(
        account("Beta hold", beta, "30000"),
        80,
        [*path(70, 65, 60), ("hold", Stage.PLANNING, Stage.ON_HOLD, 50, "Client reorganising")],
        now,
    )
    a5 = record(
        account("Beta autumn", beta, "80000"),
        60,
        [("start_evaluation", Stage.RUNNING, Stage.EVALUATING, 5)],
        now,
    )
    # The records of A5 and A6 start with the running stage they left, 15 and 10 days long.
    StageChange.objects.filter(account=a5).update(source_entered_at=days_ago(now, 20))
    a6 = record(
        account("Alpha gift", alpha, "10000"),
        30,
        [("start_evaluation", Stage.RUNNING, Stage.EVALUATING, 2)],
        now,
    )
    StageChange.objects.filter(account=a6).update(source_entered_at=days_ago(now, 12))
    publish_effect_report(a6, ae)
    b1 = record(
        account("Gamma west", gamma, "9999", lead=other_ae, currency="USD"),
        120,
        [*path(110, 100, 90)],
        now,
    )
    lost_west = record(
        account("Gamma lost", gamma, "1000", lead=other_ae, currency="USD"),
        30,
        [("lose", Stage.FIRST_CONTACT, Stage.LOST, 3, "Other team's reason")],
        now,
    )

    # Client contact: A1 spoke to the client 20 days ago; A2 met them 3 days ago (report owed).
    Communication.objects.create(
        account=a1,
        kind="call",
        occurred_at=days_ago(now, 20),
        ae=ae,
        subject="Budget call",
        recorded_by=ae,
    )
    MeetingFactory(account=a2, kind="client_call", held_at=days_ago(now, 3), title="Summer call")
    MeetingFactory(account=a1, kind="planning", held_at=days_ago(now, 2), title="Internal")
    for acc in (a2, a3, a4, a6, b1, lost_west):  # spoke recently: not quiet
        Communication.objects.create(
            account=acc,
            kind="email_sent",
            occurred_at=days_ago(now, 1),
            ae=acc.lead_ae,
            subject="Update",
            recorded_by=acc.lead_ae,
        )

    # Tasks: open and overdue per person and department.
    TaskFactory(
        account=a1, owner=ae, department=Department.ACCOUNT, due_date=today - dt.timedelta(days=1)
    )
    TaskFactory(
        account=a1,
        owner=creative,
        department=Department.CREATIVE,
        due_date=today + dt.timedelta(days=3),
        status="doing",
    )
    TaskFactory(
        account=a2,
        owner=creative,
        department=Department.CREATIVE,
        due_date=today - dt.timedelta(days=2),
        status="blocked",
    )
    TaskFactory(
        account=a2,
        owner=ae,
        department=Department.ACCOUNT,
        due_date=today - dt.timedelta(days=10),
        status="done",
    )
    TaskFactory(
        account=b1,
        owner=other_ae,
        department=Department.ACCOUNT,
        due_date=today - dt.timedelta(days=5),
    )

    # Invoices, payments and a credit note.
    i1 = issue(monkeypatch, a2, ae, "1000.00", 20, today)
    i2 = issue(monkeypatch, a5, ae, "2000.00", 45, today)
    pay(i2, finance, "500.00", today, "i2-part")
    i3 = issue(monkeypatch, a5, ae, "3000.00", 100, today)
    i4 = issue(monkeypatch, a5, ae, "4000.00", 150, today)
    credit = billing.issue_credit_note(
        invoice=i4, by=finance, amount=Decimal("4000.00"), reason="Wrong client"
    )
    i5 = issue(monkeypatch, a5, ae, "5000.00", 80, today)
    pay(i5, finance, "5000.00", today - dt.timedelta(days=10), "i5-full")
    billing.create_invoice(
        account=a5,
        by=ae,
        lines=[
            {
                "kind": "fee",
                "description": "Draft",
                "quantity": Decimal("1"),
                "unit_price": Decimal("777.00"),
                "vat_rate": Decimal("0"),
            }
        ],
    )
    west = issue(monkeypatch, b1, other_ae, "700.00", 40, today)

    # Media on A5: TV booked 20,000 (flight from 40 days ago), delivered 9,000 + 6,000;
    # online booked 5,000 (from 15 days ago), delivered 1,200; a planned buy counts nowhere.
    tv = MediaOutletFactory(name="CCTV-1", kind="tv")
    online = MediaOutletFactory(name="Douyin", kind="online")

    def booked(outlet, start_ago, quantity, rate, unit="spot"):
        buy = media.create_media_buy(
            by=ae,
            account=a5,
            outlet=outlet,
            placement="Prime",
            unit_type=unit,
            flight_start=today - dt.timedelta(days=start_ago),
            flight_end=today - dt.timedelta(days=start_ago - 5),
            quantity=quantity,
            unit_rate=Decimal(rate),
        )
        for name in ("request_quote", "negotiate"):
            buy = media.take_buy_transition(buy=buy, name=name, by=ae)
        return media.take_buy_transition(buy=buy, name="book", by=ae, vendor_reference="VR")

    tv_buy = booked(tv, 40, 2, "10000.00")
    online_buy = booked(online, 15, 5, "1000.00", unit="day")
    media.create_media_buy(
        by=ae,
        account=a5,
        outlet=tv,
        placement="Planned",
        unit_type="spot",
        flight_start=today - dt.timedelta(days=12),
        flight_end=today,
        quantity=1,
        unit_rate=Decimal("30000.00"),
    )
    for buy, ago, spend in (
        (tv_buy, 30, "9000.00"),
        (tv_buy, 25, "6000.00"),
        (online_buy, 10, "1200.00"),
    ):
        media.record_delivery(
            media_buy=buy, by=ae, date=today - dt.timedelta(days=ago), spend=Decimal(spend)
        )

    return Books(
        now=now,
        today=today,
        accounts={"a1": a1, "a2": a2, "a3": a3, "a4": a4, "a5": a5, "a6": a6, "b1": b1},
        invoices={"i1": i1, "i2": i2, "i3": i3, "i4": i4, "i5": i5, "credit": credit, "west": west},
        clients={"alpha": alpha, "beta": beta, "gamma": gamma},
    )


def scope_of(user, **params):
    """The report scope those query parameters give `user` (they must be valid)."""
    from agency.dashboards.scope import ScopeForm

    form = ScopeForm(params)
    assert form.is_valid(), form.errors
    return form.scope(user)
