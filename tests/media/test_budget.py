"""The budget cap on booking: refused with a clear message, overridable only by the AD of the
lead AE (recorded), cancelled buys never count, and two concurrent bookings cannot together
pass the budget."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from accounts.services import take_transition
from agency.errors import GuardUnmet, NotAllowed
from media import selectors, services
from media.models import BudgetOverride, MediaBuy

from .helpers import book_buy, plan_buy

D = Decimal


def negotiated(account, outlet, by, quantity):
    """A buy of `quantity` spots at 10,000.00 (15% commission), negotiated."""
    buy = plan_buy(account, outlet, by, quantity=quantity)
    for name in ("request_quote", "negotiate"):
        buy = services.take_buy_transition(buy=buy, name=name, by=by)
    return buy


def book(buy, by, **kwargs):
    return services.take_buy_transition(
        buy=buy, name="book", by=by, vendor_reference="VR", **kwargs
    )


@pytest.mark.django_db
def test_booking_within_the_budget_is_allowed(producing, outlet, media_planner):
    # given a budget of 500,000.00 and a booked buy of 300,000.00
    book(negotiated(producing, outlet, media_planner, 30), media_planner)
    # when a buy of exactly the rest, 200,000.00, is booked
    buy = book(negotiated(producing, outlet, media_planner, 20), media_planner)
    # then it is booked and the booked total is the budget
    assert buy.status == "booked"
    assert selectors.booked_total(producing) == D("500000.00")


@pytest.mark.django_db
def test_booking_over_the_budget_is_refused_with_a_clear_message(producing, outlet, media_planner):
    book(negotiated(producing, outlet, media_planner, 30), media_planner)
    buy = negotiated(producing, outlet, media_planner, 21)
    # when a buy of 210,000.00 would bring the total to 510,000.00
    with pytest.raises(GuardUnmet) as refused:
        book(buy, media_planner)
    # then the message says by how much, against which budget, and who may override
    message = refused.value.message
    assert "510000.00" in message and "500000.00" in message and "10000.00" in message
    assert "account director" in message
    buy.refresh_from_db()
    assert buy.status == "negotiated"
    assert not buy.changes.filter(transition="book").exists()
    assert selectors.booked_total(producing) == D("300000.00")


@pytest.mark.django_db
def test_the_ad_of_the_lead_ae_may_override_with_a_reason_and_it_is_recorded(
    producing, outlet, media_planner, ad
):
    buy = negotiated(producing, outlet, media_planner, 51)
    # when the AD books 510,000.00 against 500,000.00 with a reason
    buy = book(buy, ad, override_reason="Client agreed to add 10k by e-mail")
    # then it is booked and the override says who, why, and what total it allowed
    assert buy.status == "booked"
    override = BudgetOverride.objects.get()
    assert override.by == ad and override.media_buy == buy and override.account == producing
    assert override.reason == "Client agreed to add 10k by e-mail"
    assert (override.budget, override.booked_total) == (D("500000.00"), D("510000.00"))
    assert buy.changes.get(transition="book").by == ad


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ae", "media_planner"])
def test_only_the_ad_may_override(request, producing, outlet, media_planner, who):
    buy = negotiated(producing, outlet, media_planner, 51)
    with pytest.raises(NotAllowed, match="account director"):
        book(buy, request.getfixturevalue(who), override_reason="please")
    buy.refresh_from_db()
    assert buy.status == "negotiated"
    assert not BudgetOverride.objects.exists()


@pytest.mark.django_db
def test_the_ad_without_a_reason_is_refused_too(producing, outlet, media_planner, ad):
    buy = negotiated(producing, outlet, media_planner, 51)
    with pytest.raises(GuardUnmet):
        book(buy, ad, override_reason=" ")
    assert not BudgetOverride.objects.exists()


@pytest.mark.django_db
def test_cancelled_buys_are_excluded_from_totals(producing, outlet, media_planner):
    # given a booked buy of 400,000.00 that is then cancelled
    first = book(negotiated(producing, outlet, media_planner, 40), media_planner)
    services.take_buy_transition(buy=first, name="cancel", by=media_planner, note="dropped")
    planned = plan_buy(producing, outlet, media_planner, quantity=1)
    services.take_buy_transition(buy=planned, name="cancel", by=media_planner, note="dropped")
    # when another of 400,000.00 is booked, then it fits the budget
    second = book(negotiated(producing, outlet, media_planner, 40), media_planner)
    assert second.status == "booked"
    assert selectors.booked_total(producing) == D("400000.00")
    totals = selectors.totals(producing.media_buys.all())
    assert (totals.gross, totals.commission, totals.net) == (
        D("400000.00"),
        D("60000.00"),
        D("340000.00"),
    )


# --- The book_media guard ------------------------------------------------------------------
@pytest.mark.django_db
def test_book_media_waits_for_every_planned_buy(producing, outlet, media_planner, ae):
    book_buy(plan_buy(producing, outlet, media_planner, quantity=10), media_planner)
    unbooked = plan_buy(producing, outlet, media_planner, placement="Late night 深夜")
    with pytest.raises(GuardUnmet) as refused:
        take_transition(account=producing, name="book_media", by=ae)
    assert "Late night 深夜" in " ".join(refused.value.reasons)
    # when the last one is booked, book_media may be taken
    book_buy(unbooked, media_planner)
    account = take_transition(account=producing, name="book_media", by=ae)
    assert account.stage == "media_booked"


@pytest.mark.django_db
def test_book_media_ignores_cancelled_buys(producing, outlet, media_planner, ae):
    book_buy(plan_buy(producing, outlet, media_planner), media_planner)
    dropped = plan_buy(producing, outlet, media_planner)
    services.take_buy_transition(buy=dropped, name="cancel", by=media_planner, note="no")
    assert take_transition(account=producing, name="book_media", by=ae).stage == "media_booked"


@pytest.mark.django_db
def test_book_media_accepts_a_total_over_budget_that_an_override_covers(
    producing, outlet, media_planner, ae, ad
):
    # given an AD-approved booking over budget
    book(negotiated(producing, outlet, media_planner, 51), ad, override_reason="ok")
    assert take_transition(account=producing, name="book_media", by=ae).stage == "media_booked"


@pytest.mark.django_db
def test_book_media_refuses_a_total_over_budget_without_an_override(
    producing, outlet, media_planner, ae
):
    from accounts.models import Account

    # given 300,000.00 booked, then the approved budget lowered to 200,000.00
    book(negotiated(producing, outlet, media_planner, 30), media_planner)
    Account.objects.filter(pk=producing.pk).update(budget=D("200000.00"))
    producing.refresh_from_db()
    with pytest.raises(GuardUnmet) as refused:
        take_transition(account=producing, name="book_media", by=ae)
    assert "300000.00" in " ".join(refused.value.reasons)
    producing.refresh_from_db()
    assert producing.stage == "in_production"


@pytest.mark.django_db
def test_book_media_is_refused_when_the_total_outgrew_the_override(
    producing, outlet, media_planner, ae, ad
):
    from accounts.models import Account

    book(negotiated(producing, outlet, media_planner, 51), ad, override_reason="ok")
    Account.objects.filter(pk=producing.pk).update(budget=D("400000.00"))
    BudgetOverride.objects.update(booked_total=D("500000.00"))  # covered less than booked
    producing.refresh_from_db()
    with pytest.raises(GuardUnmet) as refused:
        take_transition(account=producing, name="book_media", by=ae)
    assert "over the approved budget" in " ".join(refused.value.reasons)


# --- Concurrency (PostgreSQL) ---------------------------------------------------------------
def test_two_concurrent_bookings_cannot_together_exceed_the_budget(
    postgres_only, media_planner, ae, outlet, monkeypatch
):
    from tests.factories import AccountFactory

    from .helpers import advance_to, join_team

    account = AccountFactory(lead_ae=ae, budget=D("500000.00"))
    join_team(account, media_planner)
    account = advance_to(account, "in_production", by=ae)
    # given two negotiated buys of 300,000.00 each against a budget of 500,000.00
    buys = [negotiated(account, outlet, media_planner, 30) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []
    # Widen the race: each booking dawdles after summing, so without the account lock both
    # would sum 0.00 booked and both book.
    real_booked_total = selectors.booked_total

    def slow_booked_total(account):
        total = real_booked_total(account)
        time.sleep(0.5)
        return total

    monkeypatch.setattr(services.selectors, "booked_total", slow_booked_total)

    def book_in_thread(buy):
        try:
            barrier.wait()
            book(buy, media_planner)
            outcomes.append("booked")
        except GuardUnmet:
            outcomes.append("refused")
        finally:
            connection.close()

    # when both are booked at the same moment
    threads = [threading.Thread(target=book_in_thread, args=(b,)) for b in buys]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then exactly one succeeds and the booked total stays within the budget
    assert sorted(outcomes) == ["booked", "refused"]
    assert MediaBuy.objects.filter(account=account, status="booked").count() == 1
    assert selectors.booked_total(account) == D("300000.00")
