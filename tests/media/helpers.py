"""Getting accounts and buys into the state a media test needs, through the services."""

import datetime as dt
from decimal import Decimal

from accounts.models import PIPELINE, Account
from accounts.services import take_transition
from campaigns.models import Brief, TeamMember
from media import services
from tests.factories import BriefFactory, UserFactory, advance_by_proposal

#: The transition that enters each stage of the main line.
ENTERING = {
    "briefed": "record_brief",
    "team_formed": "form_team",
    "planning": "start_planning",
    "proposal_presented": "present_proposal",
    "approved": "approve",
    "in_production": "start_production",
    "media_booked": "book_media",
    "running": "launch",
    "evaluating": "start_evaluation",
    "invoiced": "invoice",
    "collected": "collect",
}


def join_team(account: Account, user, role: str = "member") -> None:
    TeamMember.objects.get_or_create(account=account, user=user, defaults={"role_on_account": role})


def _cover_brief(account: Account) -> None:
    """A complete brief, and a team member from each department it needs."""
    brief = Brief.objects.filter(account=account).first() or BriefFactory(account=account)
    present = set(account.team_members.values_list("user__department", flat=True))
    for department in set(brief.departments_needed) - present - {"account"}:
        join_team(account, UserFactory(department=department, level=""))


def advance_to(account: Account, stage: str, by) -> Account:
    """Take the account's transitions in order, as `by`, until it is at `stage`.
    (Later guards, e.g. on present_proposal and approve, may need their objects first.)"""
    account.refresh_from_db()
    if account.stage == "first_contact":
        _cover_brief(account)
    target = PIPELINE.index(stage)
    while PIPELINE.index(account.stage) < target:
        following = PIPELINE[PIPELINE.index(account.stage) + 1]
        if following in ("proposal_presented", "approved"):
            account = advance_by_proposal(account, by=by)
        else:
            account = take_transition(account=account, name=ENTERING[following], by=by)
    return account


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
