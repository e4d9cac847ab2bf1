"""Getting accounts and buys into the state a media test needs, through the services."""

import datetime as dt
from decimal import Decimal

from accounts.models import Account
from campaigns.models import TeamMember
from media import services
from tests import lifecycle


def join_team(account: Account, user, role: str = "member") -> None:
    TeamMember.objects.get_or_create(account=account, user=user, defaults={"role_on_account": role})


def advance_to(account: Account, stage: str, by) -> Account:
    """Take the account's transitions in order, as `by`, until it is at `stage`."""
    return lifecycle.advance(account, to=stage, by=by)


def plan_buy(account: Account, outlet, by, **values):
    terms = {
        "placement": "Prime time 19:00 新闻联播后",
        "flight_start": dt.date(2030, 3, 1),
        "flight_end": dt.date(2030, 3, 31),
        "unit_type": "spot",
        "quantity": 10,
        "unit_rate": Decimal("10000.00"),
        **values,
    }
    return services.create_media_buy(by=by, account=account, outlet=outlet, **terms)


def book_buy(buy, by, *, reference: str = "VR-1", override_reason: str = ""):
    """planned → requested → negotiated → booked."""
    for name in ("request_quote", "negotiate"):
        buy = services.take_buy_transition(buy=buy, name=name, by=by)
    return services.take_buy_transition(
        buy=buy, name="book", by=by, vendor_reference=reference, override_reason=override_reason
    )
