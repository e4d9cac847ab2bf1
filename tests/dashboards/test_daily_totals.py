"""The agency's daily totals: kept by the services in their transaction, equal to the rows
behind them, and what the whole-agency reports (finance, admin) read instead of those rows."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from agency import daily_totals
from agency.dashboards import revenue
from agency.models import DailyTotal
from tests.billing.helpers import invoiced_account, issued, pay
from tests.dashboards.books import scope_of

pytestmark = pytest.mark.django_db
D = Decimal


def flows(rows):
    """{(series, month, key, currency): amount} of the invoiced/collected/booked/delivered rows."""
    found = {}
    for row in rows:
        if row["series"] in ("invoiced", "collected", "booked", "delivered") and row["amount"]:
            key = (row["series"], revenue._month(row["month"]), row["key"], row["cur"])
            found[key] = found.get(key, D(0)) + row["amount"]
    return found


def test_every_service_that_moves_money_keeps_the_daily_totals(books):
    """Invoices and a credit note issued, payments, media booked and delivered (books.py)."""
    assert daily_totals.differences() == []
    kept = set(DailyTotal.objects.values_list("series", flat=True))
    assert kept == {"invoiced", "collected", "booked", "delivered"}


def test_a_reversed_payment_is_taken_back_from_its_day(books, finance):
    from billing.models import Payment
    from billing.services import reverse_payment

    payment = Payment.objects.filter(reversed_at__isnull=True).order_by("pk").first()
    before = DailyTotal.objects.get(series="collected", day=payment.received_on).amount

    reverse_payment(payment=payment, by=finance, reason="Bounced transfer")

    after = DailyTotal.objects.get(series="collected", day=payment.received_on).amount
    assert after == before - payment.amount
    assert daily_totals.differences() == []


@pytest.mark.parametrize("params", [{}, {"from": "2025-01-15", "to": "2026-12-31"}])
def test_the_whole_agency_reads_the_kept_totals_and_they_equal_the_rows(
    books, finance, monkeypatch, params
):
    scope = scope_of(finance, **params)
    assert revenue.covers_the_agency(scope)
    kept = flows(revenue.money_rows(scope))

    monkeypatch.setattr(revenue, "covers_the_agency", lambda scope: False)
    summed = flows(revenue.money_rows(scope))

    assert kept == summed and kept  # to the cent, per month, outlet type and currency


def test_a_narrower_scope_sums_its_own_rows(books, finance, ad, ae):
    assert not revenue.covers_the_agency(scope_of(ad))
    assert not revenue.covers_the_agency(scope_of(finance, ae=ae.pk))


def test_rebuild_repairs_what_was_changed_behind_the_services_back(books):
    DailyTotal.objects.filter(series="invoiced").update(amount=D("1.00"))
    assert daily_totals.differences()

    daily_totals.rebuild()

    assert daily_totals.differences() == []


@pytest.mark.postgres
def test_concurrent_payments_on_one_day_all_count(postgres_only, account, ae, finance):
    """Ten payments on ten invoices at once: each adds to the same day's row, none lost."""
    account, _ = invoiced_account(account, ae)
    invoices = [issued(account, ae, "100") for _ in range(10)]
    barrier = threading.Barrier(len(invoices))

    def pay_one(invoice):
        try:
            barrier.wait()
            pay(invoice, finance, "10.00", key=f"concurrent-{invoice.pk}")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay_one, args=(i,)) for i in invoices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    today = dt.date.today()
    assert DailyTotal.objects.get(series="collected", day=today).amount == D("100.00")
    assert daily_totals.differences() == []
