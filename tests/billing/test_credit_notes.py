"""Credit notes: the only correction of an issued invoice."""

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Stage
from agency.errors import DomainError, InvalidTransition, NotAllowed
from billing import services
from billing.models import Invoice, InvoiceKind, InvoiceStatus

from .helpers import draft, invoiced_account, issued, pay

pytestmark = pytest.mark.django_db


def test_a_partial_credit_lowers_the_balance(account, ae, finance):
    # Given an issued invoice of 1,060.00 (1,000.00 + 6% VAT)
    invoice = issued(account, ae, "1000.00")
    # When finance credits 106.00 of it
    note = services.issue_credit_note(
        invoice=invoice, by=finance, amount=Decimal("106.00"), reason="Spot not aired"
    )
    # Then a negative invoice in its own series references it, with the VAT split out
    year = timezone.localdate().year
    assert note.kind == InvoiceKind.CREDIT_NOTE and note.number == f"CN-{year}-000001"
    assert note.credited_invoice == invoice and note.status == InvoiceStatus.ISSUED
    assert (note.subtotal, note.tax, note.total) == (
        Decimal("-100.00"),
        Decimal("-6.00"),
        Decimal("-106.00"),
    )
    (credit_line,) = note.lines.all()
    assert credit_line.amount + credit_line.tax == Decimal("-106.00")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED and invoice.balance == Decimal("954.00")
    assert invoice.total == Decimal("1060.00")  # the invoice itself never changes
    event = invoice.events.get(kind="credited")
    assert (event.amount, event.credit_note, event.note) == (
        Decimal("-106.00"),
        note,
        "Spot not aired",
    )


def test_a_full_credit_voids_the_invoice(account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    services.issue_credit_note(invoice=invoice, by=finance, amount=Decimal("1060"), reason="x")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.VOID and invoice.balance == Decimal("0.00")
    with pytest.raises(InvalidTransition):
        services.issue_credit_note(invoice=invoice, by=finance, amount=Decimal("1"), reason="x")


def test_crediting_the_rest_of_a_partly_paid_invoice_voids_it(account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    pay(invoice, finance, "60.00", "p")
    services.issue_credit_note(invoice=invoice, by=finance, amount=Decimal("1000"), reason="x")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.VOID
    assert (invoice.amount_paid, invoice.amount_credited) == (Decimal("60.00"), Decimal("1000"))


def test_credit_limits_and_who(account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    with pytest.raises(NotAllowed):
        services.issue_credit_note(invoice=invoice, by=ae, amount=Decimal("1"), reason="x")
    with pytest.raises(DomainError, match="balance of 1,060.00"):
        services.issue_credit_note(invoice=invoice, by=finance, amount=Decimal("2000"), reason="x")
    with pytest.raises(DomainError, match="reason"):
        services.issue_credit_note(invoice=invoice, by=finance, amount=Decimal("1"), reason=" ")
    with pytest.raises(InvalidTransition):
        services.issue_credit_note(
            invoice=draft(account, ae, "1.00"), by=finance, amount=Decimal("1"), reason="x"
        )
    assert not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).exists()


def test_crediting_the_last_open_invoice_collects_the_account(account, ae, finance):
    account, invoice = invoiced_account(account, ae)
    pay(invoice, finance, "400000.00", "p")
    services.issue_credit_note(
        invoice=invoice, by=finance, amount=Decimal("100000.00"), reason="Discount agreed"
    )
    account.refresh_from_db()
    assert account.stage == Stage.COLLECTED


def test_api_credit(api, account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    url = f"/api/invoices/{invoice.pk}/credit/"
    assert api(ae).post(url, {"amount": "10.00", "reason": "x"}).status_code == 403
    assert api(finance).post(url, {"amount": "-1", "reason": ""}).status_code == 400
    response = api(finance).post(url, {"amount": "10.00", "reason": "Late delivery"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == "credit_note" and data["total"] == "-10.00"
    assert data["credited_invoice"] == invoice.pk
    assert api(finance).get(f"/api/invoices/{invoice.pk}/").json()["balance"] == "1050.00"
