"""Payments: finance only, once per key, never more than the balance; the last one collects."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from accounts.models import Stage, StageChange
from agency.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from billing import services
from billing.models import BillingEvent, InvoiceStatus, Payment

from .helpers import draft, invoiced_account, issued, pay

pytestmark = pytest.mark.django_db

BODY = {"amount": "100.00", "received_on": str(date.today()), "method": "bank_transfer"}


def _post(client, invoice, body=BODY, key="key-1"):
    return client.post(
        f"/api/invoices/{invoice.pk}/payments/", body, format="json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_partial_then_final_payment_marks_paid_and_collects_once(account, ae, finance):
    # Given an invoiced account whose only invoice is 500,000.00
    account, invoice = invoiced_account(account, ae)
    # When finance records 100,000.00, then the remaining 400,000.00
    first = pay(invoice, finance, "100000.00", "a")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PARTIALLY_PAID
    assert invoice.balance == Decimal("400000.00")
    assert first.receipt["invoice_status"] == "partially_paid"
    account.refresh_from_db()
    assert account.stage == Stage.INVOICED
    pay(invoice, finance, "400000.00", "b")
    # Then the invoice is paid, and the system collected the account exactly once
    invoice.refresh_from_db()
    account.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.balance == Decimal("0.00")
    assert account.stage == Stage.COLLECTED
    collect = StageChange.objects.get(account=account, transition="collect")
    assert collect.by.username == "system" and collect.source == Stage.INVOICED
    # and each payment wrote one audit row with its amount, the statuses and the balance after
    events = list(invoice.events.filter(kind="payment_recorded").order_by("pk"))
    assert [(e.source, e.target, e.amount, e.balance_after, e.by) for e in events] == [
        ("issued", "partially_paid", Decimal("100000.00"), Decimal("400000.00"), finance),
        ("partially_paid", "paid", Decimal("400000.00"), Decimal("0.00"), finance),
    ]


def test_an_account_with_another_open_invoice_is_not_collected(account, ae, finance):
    account = invoiced_account(account, ae)[0]
    second = issued(account, ae, "10.00")
    first = account.invoices.exclude(pk=second.pk).get()
    pay(first, finance, str(first.total), "a")
    account.refresh_from_db()
    assert account.stage == Stage.INVOICED
    pay(second, finance, str(second.total), "b")
    account.refresh_from_db()
    assert account.stage == Stage.COLLECTED
    assert StageChange.objects.filter(account=account, transition="collect").count() == 1


def test_overpayment_is_refused_with_the_balance(account, ae, finance):
    invoice = issued(account, ae, "1000.00")  # 1,060.00
    with pytest.raises(DomainError, match="balance of 1,060.00 CNY"):
        pay(invoice, finance, "1060.01", "a")
    assert not Payment.objects.exists() and not invoice.events.filter(kind__startswith="pay")


@pytest.mark.parametrize("amount", ["0", "-5.00", "0.001"])
def test_amounts_must_be_positive_cents(account, ae, finance, amount):
    invoice = issued(account, ae, "10.00")
    with pytest.raises(DomainError):
        pay(invoice, finance, amount, "a")
    assert not Payment.objects.exists()


def test_future_and_unknown_method_are_refused(account, ae, finance):
    invoice = issued(account, ae, "10.00")
    with pytest.raises(DomainError, match="future"):
        pay(invoice, finance, "1.00", "a", received_on=date.today() + timedelta(days=1))
    with pytest.raises(DomainError, match="method"):
        pay(invoice, finance, "1.00", "b", method="bitcoin")


def test_drafts_and_paid_invoices_take_no_payment(account, ae, finance):
    with pytest.raises(InvalidTransition):
        pay(draft(account, ae, "10.00"), finance, "1.00", "a")
    invoice = issued(account, ae, "10.00", vat="0")
    pay(invoice, finance, "10.00", "b")
    with pytest.raises(InvalidTransition):
        pay(invoice, finance, "0.01", "c")


def test_only_finance_records(account, ae, ad, admin_user, finance):
    invoice = issued(account, ae, "10.00")
    for user in (ae, ad):
        with pytest.raises(NotAllowed):
            pay(invoice, user, "1.00", f"k-{user.pk}")
    pay(invoice, admin_user, "1.00", "admin")  # administrators may, too
    assert Payment.objects.count() == 1


def test_the_same_key_replays_and_another_body_conflicts(account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    first = pay(invoice, finance, "100.00", "same")
    again = pay(invoice, finance, "100.0", "same")  # 100.0 is the same amount
    assert again.replayed and again.payment == first.payment
    assert again.receipt == first.receipt
    with pytest.raises(Conflict):
        pay(invoice, finance, "200.00", "same")
    other = issued(account, ae, "1000.00")
    with pytest.raises(Conflict):
        pay(other, finance, "100.00", "same")
    invoice.refresh_from_db()
    assert Payment.objects.count() == 1 and invoice.amount_paid == Decimal("100.00")


# --- API ---------------------------------------------------------------------------------------
def test_api_payment_replay_returns_the_first_answer(api, account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    client = api(finance)
    first = _post(client, invoice)
    assert first.status_code == 201, first.content
    again = _post(client, invoice, {**BODY, "amount": "100"})
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    conflict = _post(client, invoice, {**BODY, "amount": "50.00"})
    assert conflict.status_code == 409 and conflict.json()["code"] == "conflict"
    assert first.json()["invoice_balance"] == "960.00" and first.json()["amount"] == "100.00"
    assert Payment.objects.count() == 1
    listed = client.get(f"/api/invoices/{invoice.pk}/payments/").json()
    assert [p["amount"] for p in listed["results"]] == ["100.00"]


def test_api_payment_permissions(api, account, ae, other_ae, creative, finance):
    invoice = issued(account, ae, "1000.00")
    # The team's AE sees the invoice but may not record: 403; another AE does not see it: 404
    assert _post(api(ae), invoice, key="a").status_code == 403
    assert _post(api(other_ae), invoice, key="b").status_code == 404
    assert _post(api(creative), invoice, key="c").status_code == 404
    assert api().post(f"/api/invoices/{invoice.pk}/payments/", BODY).status_code in (401, 403)
    assert not Payment.objects.exists()


def test_api_payment_needs_a_key_and_good_input(api, account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    client = api(finance)
    assert _post(client, invoice, key="").status_code == 400
    assert _post(client, invoice, key="x" * 256).status_code == 400
    response = _post(client, invoice, {"amount": "-1", "received_on": "soon", "method": "x"})
    assert response.status_code == 400
    assert {"amount", "received_on", "method"} <= set(response.json())
    over = _post(client, invoice, {**BODY, "amount": "1060.01"}, key="over")
    assert over.status_code == 400 and "1,060.00" in over.json()["detail"]
    assert not Payment.objects.exists()


def test_reversal_gives_the_amount_back_and_is_recorded(api, account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    outcome = pay(invoice, finance, "1060.00", "all")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    with pytest.raises(NotAllowed):
        services.reverse_payment(payment=outcome.payment, by=ae, reason="bounced")
    response = api(finance).post(
        f"/api/invoices/{invoice.pk}/payments/{outcome.payment.pk}/reverse/",
        {"reason": "transfer bounced"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["reversal_reason"] == "transfer bounced"
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED and invoice.balance == Decimal("1060.00")
    event = invoice.events.get(kind="payment_reversed")
    assert (event.source, event.target, event.amount) == ("paid", "issued", Decimal("-1060.00"))
    with pytest.raises(Conflict):
        services.reverse_payment(payment=outcome.payment, by=finance, reason="again")
    assert Payment.objects.count() == 1  # kept, marked reversed


def test_a_collected_account_refuses_reversals(account, ae, finance):
    account, invoice = invoiced_account(account, ae)
    outcome = pay(invoice, finance, str(invoice.total), "all")
    with pytest.raises(DomainError, match="collected"):
        services.reverse_payment(payment=outcome.payment, by=finance, reason="oops")


def test_every_money_movement_has_exactly_one_audit_row(account, ae, finance):
    invoice = issued(account, ae, "1000.00")  # drafted + issued
    pay(invoice, finance, "60.00", "p1")
    pay(invoice, finance, "60.00", "p1")  # a replay: no movement, no row
    p2 = pay(invoice, finance, "500.00", "p2")
    services.reverse_payment(payment=p2.payment, by=finance, reason="wrong invoice")
    services.issue_credit_note(invoice=invoice, by=finance, amount=Decimal("100"), reason="x")
    kinds = list(
        BillingEvent.objects.filter(invoice=invoice).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == [
        "drafted",
        "issued",
        "payment_recorded",
        "payment_recorded",
        "payment_reversed",
        "credited",
    ]
    assert all(e.by_id and e.at.utcoffset().total_seconds() == 0 for e in invoice.events.all())
    event = BillingEvent.objects.first()
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
