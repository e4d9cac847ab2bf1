"""Numbers and payments under concurrency, on PostgreSQL with real threads
(reliability.md 20–22). SQLite would serialise everything and prove nothing."""

import time
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Stage, StageChange
from billing import services
from billing.models import BillingEvent, Invoice, InvoiceStatus, NumberCounter, Payment
from billing.numbering import format_number
from billing.services import invoices as invoice_services
from billing.services import payments as payment_services
from tests.factories import AccountFactory

from .concurrency import run_concurrently
from .helpers import draft, invoiced_account, issued

pytestmark = pytest.mark.postgres


def _numbers(count: int) -> list[str]:
    year = timezone.localdate().year
    return [format_number("INV", year, n) for n in range(1, count + 1)]


def test_50_invoices_issued_at_once_get_50_consecutive_numbers(postgres_only, account, ae):
    # Given 50 drafts
    drafts = [draft(account, ae, "10.00") for _ in range(50)]
    # When 50 threads issue them at the same moment
    results = run_concurrently(
        50, lambda i: services.issue_invoice(invoice=drafts[i], by=ae).number
    )
    # Then each got a number, all distinct and consecutive from 1: no gap, no duplicate
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == _numbers(50)
    assert NumberCounter.objects.get(series="INV").last == 50


def test_failed_issuances_give_their_number_back(postgres_only, account, ae, monkeypatch):
    # Given 200 drafts, 20 of which will fail after taking their number
    drafts = [draft(account, ae, "10.00") for _ in range(200)]
    failing = {invoice.pk for invoice in drafts[::10]}
    original = invoice_services.record_event

    def record_event_or_fail(**kwargs):
        if kwargs["kind"] == BillingEvent.Kind.ISSUED and kwargs["invoice"].pk in failing:
            assert kwargs["invoice"].number  # the number was taken...
            raise RuntimeError("simulated failure after numbering")  # ...and is rolled back
        return original(**kwargs)

    monkeypatch.setattr(invoice_services, "record_event", record_event_or_fail)
    # When 8 workers issue all 200
    results = run_concurrently(
        200, lambda i: services.issue_invoice(invoice=drafts[i], by=ae), workers=8
    )
    # Then exactly the 20 failed, and the 180 others hold numbers 1..180 without gap
    failures = [r for r in results if isinstance(r, Exception)]
    assert len(failures) == 20 and all("simulated" in str(f) for f in failures)
    numbers = list(Invoice.objects.exclude(number=None).values_list("number", flat=True))
    assert sorted(numbers) == _numbers(180)
    assert NumberCounter.objects.get(series="INV").last == 180
    # and the failed ones are still drafts without a number
    left = Invoice.objects.filter(pk__in=failing)
    assert set(left.values_list("status", "number")) == {(InvoiceStatus.DRAFT, None)}


def _post_payment(user, invoice, amount: str, key: str):
    client = APIClient()
    client.force_authenticate(user)
    body = {"amount": amount, "received_on": str(date.today()), "method": "bank_transfer"}
    response = client.post(
        f"/api/invoices/{invoice.pk}/payments/", body, format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    return response.status_code, response.json()


def test_50_posts_with_one_key_record_one_payment(postgres_only, account, ae, finance):
    # Given an issued invoice
    invoice = issued(account, ae, "1000.00")
    # When the same payment is posted 50 times at once with one Idempotency-Key
    answers = run_concurrently(50, lambda i: _post_payment(finance, invoice, "300.00", "K-1"))
    # Then one payment exists and all 50 answers are the same 201 and body
    assert not [a for a in answers if isinstance(a, Exception)], answers
    assert Payment.objects.count() == 1
    assert {a[0] for a in answers} == {201}
    assert all(a[1] == answers[0][1] for a in answers)
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("300.00")
    assert invoice.events.filter(kind="payment_recorded").count() == 1
    # and the same key with another body is a conflict
    status, body = _post_payment(finance, invoice, "299.00", "K-1")
    assert status == 409 and body["code"] == "conflict"
    assert Payment.objects.count() == 1


def test_20_payments_of_100_on_1000_accept_exactly_10(postgres_only, ae, finance):
    # Given an invoiced account whose one invoice is 1,000.00 (VAT 0)
    account, invoice = invoiced_account(AccountFactory(lead_ae=ae, budget=Decimal("1000")), ae)
    assert invoice.total == Decimal("1000.00")
    # When 20 different payments of 100.00 arrive at once
    answers = run_concurrently(20, lambda i: _post_payment(finance, invoice, "100.00", f"P-{i}"))
    # Then exactly 10 are accepted; the others are refused — 400 "more than the balance"
    # while it is partly paid, 409 "paid: it takes no payment" once it is paid
    assert not [a for a in answers if isinstance(a, Exception)], answers
    statuses = [a[0] for a in answers]
    assert statuses.count(201) == 10 and set(statuses) <= {201, 400, 409}
    assert all("balance" in a[1]["detail"] for a in answers if a[0] == 400)
    assert all(a[1]["code"] == "invalid_transition" for a in answers if a[0] == 409)
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("1000.00") and invoice.balance == Decimal("0.00")
    assert invoice.status == InvoiceStatus.PAID
    assert Payment.objects.filter(invoice=invoice).count() == 10
    # and the last one collected the account, exactly once
    account.refresh_from_db()
    assert account.stage == Stage.COLLECTED
    assert StageChange.objects.filter(account=account, transition="collect").count() == 1
    assert invoice.events.filter(kind="payment_recorded").count() == 10


def test_final_payments_on_two_invoices_at_once_collect_once(
    postgres_only, ae, finance, monkeypatch
):
    # Given an invoiced account with two open invoices
    account = AccountFactory(lead_ae=ae, budget=Decimal("1000"))
    account, first = invoiced_account(account, ae)
    second = issued(account, ae, "500.00", vat="0")
    invoices = [first, second]
    # (each payment lingers before committing, so that without the account lock each would
    # look at the other invoice before it is committed, and nobody would collect)
    settle = payment_services.collect_account_if_settled

    def slow_settle(account):
        collected = settle(account)
        time.sleep(0.5)
        return collected

    monkeypatch.setattr(payment_services, "collect_account_if_settled", slow_settle)
    # When both are paid in full at the same moment (each posted 5 times with its key)
    answers = run_concurrently(
        10,
        lambda i: _post_payment(finance, invoices[i % 2], str(invoices[i % 2].total), f"F{i % 2}"),
    )
    # Then both are paid and the account was collected once — not zero times, not twice
    assert {a[0] for a in answers} == {201}, answers
    assert Payment.objects.count() == 2
    account.refresh_from_db()
    assert account.stage == Stage.COLLECTED
    assert StageChange.objects.filter(account=account, transition="collect").count() == 1


def test_drafts_written_at_once_never_claim_the_same_work_twice(postgres_only, account, ae):
    # Given an account with work sold, and its suggestion read by 6 people at once
    from .sold import accept_budget

    account = accept_budget(account, ae)
    lines = services.suggest_invoice_lines(account)
    # When 6 threads draft it at the same moment
    results = run_concurrently(
        6, lambda i: services.create_invoice(account=account, by=ae, lines=lines)
    )
    # Then one draft holds it and the other five were refused: the account row serialises them
    drafted = [r for r in results if isinstance(r, Invoice)]
    assert len(drafted) == 1, results
    assert all("left to invoice" in str(r) for r in results if not isinstance(r, Invoice))
    assert Invoice.objects.filter(account=account).count() == 1
    assert services.suggest_invoice_lines(account) == []
