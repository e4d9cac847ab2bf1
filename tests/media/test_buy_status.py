"""The media buy's status machine: allowed and refused by role and by state, each change
recorded."""

import pytest

from agency.errors import GuardUnmet, InvalidTransition, NotAllowed
from media import services
from media.models import BuyStatusChange
from tests.factories import UserFactory

from .helpers import book_buy, join_team, plan_buy

PATH = ["request_quote", "negotiate", "book", "start", "complete", "reconcile"]
STATUSES = ["requested", "negotiated", "booked", "running", "completed", "reconciled"]


def take(buy, name, by, **kwargs):
    if name == "book":
        kwargs.setdefault("vendor_reference", "VR-7")
    return services.take_buy_transition(buy=buy, name=name, by=by, **kwargs)


@pytest.mark.django_db
def test_a_buy_goes_from_planned_to_reconciled_and_every_step_is_recorded(
    producing, outlet, media_planner
):
    # given a planned buy
    buy = plan_buy(producing, outlet, media_planner)
    # when the media planner takes every step
    for name in PATH:
        buy = take(buy, name, media_planner, note=f"step {name}")
    # then it is reconciled, booked with the vendor's reference, and each change has a row
    buy.refresh_from_db()
    assert buy.status == "reconciled"
    assert buy.vendor_reference == "VR-7"
    assert buy.booked_by == media_planner and buy.booked_at is not None
    changes = list(BuyStatusChange.objects.filter(media_buy=buy).order_by("id"))
    assert [(c.transition, c.source, c.target) for c in changes] == list(
        zip(PATH, ["planned", *STATUSES[:-1]], STATUSES, strict=True)
    )
    assert all(c.by == media_planner and c.at is not None for c in changes)
    assert changes[2].note == "step book"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ae", "ad", "media_planner", "admin_user"])
def test_team_aes_their_ad_the_media_team_member_and_admin_may_move_buys(
    request, producing, outlet, media_planner, who
):
    user = request.getfixturevalue(who)
    buy = plan_buy(producing, outlet, media_planner)
    buy = take(buy, "request_quote", user)
    assert buy.status == "requested"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["creative_on_team", "other_ae", "other_ad", "finance", "media_off_team"]
)
def test_others_may_not_move_buys(request, producing, outlet, media_planner, creative, who):
    # given a planned buy, and someone who is not a team AE nor a media team member
    join_team(producing, creative)
    users = {
        "creative_on_team": lambda: creative,
        "media_off_team": lambda: UserFactory(username="media2", department="media", level=""),
    }
    user = users[who]() if who in users else request.getfixturevalue(who)
    buy = plan_buy(producing, outlet, media_planner)
    # when they request a quote, then they are refused and nothing changes
    with pytest.raises(NotAllowed):
        take(buy, "request_quote", user)
    buy.refresh_from_db()
    assert buy.status == "planned"
    assert not BuyStatusChange.objects.filter(media_buy=buy).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("steps_before", "refused"),
    [
        (0, "book"),
        (0, "start"),
        (1, "book"),
        (2, "complete"),
        (3, "reconcile"),
        (3, "negotiate"),
        (4, "cancel"),
        (6, "cancel"),
        (6, "start"),
    ],
)
def test_transitions_not_possible_from_the_current_status_are_refused(
    producing, outlet, media_planner, steps_before, refused
):
    buy = plan_buy(producing, outlet, media_planner)
    for name in PATH[:steps_before]:
        buy = take(buy, name, media_planner)
    status, changes = buy.status, BuyStatusChange.objects.count()
    with pytest.raises(InvalidTransition):
        take(buy, refused, media_planner, note="reason")
    buy.refresh_from_db()
    assert buy.status == status
    assert BuyStatusChange.objects.count() == changes


@pytest.mark.django_db
@pytest.mark.parametrize("steps_before", [0, 1, 2, 3])
def test_a_buy_can_be_cancelled_until_it_runs_with_a_reason(
    producing, outlet, media_planner, steps_before
):
    buy = plan_buy(producing, outlet, media_planner)
    for name in PATH[:steps_before]:
        buy = take(buy, name, media_planner)
    with pytest.raises(GuardUnmet):
        take(buy, "cancel", media_planner, note="  ")
    buy = take(buy, "cancel", media_planner, note="Client cut the TV budget")
    buy.refresh_from_db()
    assert buy.status == "cancelled"
    assert buy.changes.last().note == "Client cut the TV budget"


@pytest.mark.django_db
def test_booking_needs_the_vendors_reference(producing, outlet, media_planner):
    buy = plan_buy(producing, outlet, media_planner)
    buy = take(take(buy, "request_quote", media_planner), "negotiate", media_planner)
    with pytest.raises(GuardUnmet, match="vendor"):
        take(buy, "book", media_planner, vendor_reference=" ")
    buy.refresh_from_db()
    assert buy.status == "negotiated"


@pytest.mark.django_db
def test_the_status_cannot_be_assigned(producing, outlet, media_planner):
    buy = plan_buy(producing, outlet, media_planner)
    with pytest.raises(AttributeError):
        buy.status = "booked"


@pytest.mark.django_db
def test_a_booked_buy_keeps_its_terms(producing, outlet, media_planner):
    from agency.errors import DomainError

    buy = book_buy(plan_buy(producing, outlet, media_planner), media_planner)
    with pytest.raises(DomainError, match="booked"):
        services.update_media_buy(buy=buy, by=media_planner, quantity=99)
    buy.refresh_from_db()
    assert buy.quantity == 10


@pytest.mark.django_db
def test_editing_a_planned_buy_reprices_it(producing, outlet, media_planner):
    from decimal import Decimal

    buy = plan_buy(producing, outlet, media_planner)
    buy = services.update_media_buy(buy=buy, by=media_planner, quantity=3)
    buy.refresh_from_db()
    assert (buy.gross, buy.commission, buy.net) == (
        Decimal("30000.00"),
        Decimal("4500.00"),
        Decimal("25500.00"),
    )


@pytest.mark.django_db
def test_an_account_on_hold_books_nothing(producing, outlet, media_planner, ae):
    from accounts.services import take_transition

    buy = plan_buy(producing, outlet, media_planner)
    buy = take(take(buy, "request_quote", media_planner), "negotiate", media_planner)
    take_transition(account=producing, name="hold", by=ae, note="client paused")
    with pytest.raises(GuardUnmet, match="On hold"):
        take(buy, "book", media_planner)
    buy.refresh_from_db()
    assert buy.status == "negotiated"
    # cancelling stays possible
    assert take(buy, "cancel", media_planner, note="paused").status == "cancelled"
