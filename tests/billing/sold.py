"""An account with work sold on it, the only way there is: an accepted proposal whose budget
lines name departments (through the proposal service), then media buys booked through
media.services. What invoicing it should suggest follows from the figures here."""

import datetime as dt
from decimal import Decimal

from accounts.models import Account, Stage
from agency.models import User
from media import services as media
from tests import lifecycle
from tests.factories import make_proposal, walk_proposal

#: The accepted budget: the media line is billed through the buys, never from here.
BUDGET = [
    {"description": "Shoot and print 拍摄", "department": "production", "amount": "120000.00"},
    {"description": "Media 媒介投放", "department": "media", "amount": "300000.00"},
    {"description": "Strategy fee 策略费", "department": "strategy", "amount": "50000.00"},
    {"description": "Sundries 杂项", "department": "", "amount": "1234.56"},
]


def accept_budget(account: Account, ae: User, budget: list[dict] = BUDGET) -> Account:
    """The account taken to `approved` with a proposal of `budget` accepted, then into
    production (where buys are booked)."""
    account = lifecycle.advance(account, to=Stage.PLANNING, by=ae)
    lines = [{**line, "amount": Decimal(line["amount"])} for line in budget]
    proposal = make_proposal(account, by=ae, budget=lines)
    walk_proposal(proposal, to="accepted", ae=ae, ad=lifecycle.director_of(ae))
    account.refresh_from_db()
    return lifecycle.advance(account, to=Stage.IN_PRODUCTION, by=ae)


def buy(account: Account, outlet, by: User, *, status: str = "booked", **terms):
    """A buy taken from planned to `status` (planned, booked, running or cancelled)."""
    values = {
        "placement": "Prime time 黄金时段",
        "flight_start": dt.date(2030, 3, 1),
        "flight_end": dt.date(2030, 3, 31),
        "unit_type": "spot",
        "quantity": 10,
        "unit_rate": Decimal("12345.67"),
        **terms,
    }
    planned = media.create_media_buy(by=by, account=account, outlet=outlet, **values)
    path = {
        "planned": [],
        "booked": ["request_quote", "negotiate", "book"],
        "running": ["request_quote", "negotiate", "book", "start"],
        "cancelled": ["request_quote", "negotiate", "book", "cancel"],
    }[status]
    for name in path:
        extra = {"vendor_reference": "VR-1"} if name == "book" else {}
        note = {"note": "Client dropped it"} if name == "cancel" else {}
        planned = media.take_buy_transition(buy=planned, name=name, by=by, **extra, **note)
    return planned


def non_media_budget(budget: list[dict] = BUDGET) -> Decimal:
    return sum(Decimal(line["amount"]) for line in budget if line["department"] != "media")
