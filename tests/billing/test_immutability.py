"""An issued invoice resists every edit path (reliability.md 23): service, API, admin and —
on PostgreSQL, through a trigger — QuerySet.update() and raw SQL on the invoice, its lines,
its payments and its audit rows."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from billing.models import BillingEvent, Invoice, InvoiceLine, Payment
from billing.services.common import InvoiceLocked
from tests.factories import UserFactory

from .helpers import draft, issued, line, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(account, ae):
    return issued(account, ae, "1000.00")


def _unchanged(invoice):
    invoice.refresh_from_db()
    assert (invoice.subtotal, invoice.tax, invoice.total) == (
        Decimal("1000.00"),
        Decimal("60.00"),
        Decimal("1060.00"),
    )
    assert list(invoice.lines.values_list("unit_price", flat=True)) == [Decimal("1000.00")]


def test_service_refuses(invoice, ae):
    from billing import services

    with pytest.raises(InvoiceLocked):
        services.update_invoice(invoice=invoice, by=ae, lines=[line("1.00")])
    _unchanged(invoice)


def test_api_refuses_put_and_patch(api, invoice, ae, finance):
    for user in (ae, finance):
        client = api(user)
        url = f"/api/invoices/{invoice.pk}/"
        assert client.patch(url, {"lines": [line("1.00")]}, format="json").status_code == 409
        body = {"account": invoice.account_id, "notes": "x", "total": "1.00"}
        assert client.put(url, body, format="json").status_code == 409
    _unchanged(invoice)


def test_admin_shows_it_read_only(client, invoice, admin_user):
    client.force_login(admin_user)
    url = f"/admin/billing/invoice/{invoice.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="total"' not in page.content and b'name="fapiao_number"' in page.content
    # Posting money fields changes nothing; the fapiao number goes through the service
    inlines = {"lines": 1, "payments": 0, "events": 2}  # the read-only inlines' forms
    management = {
        f"{prefix}-{name}": count
        for prefix, count in inlines.items()
        for name, count in (("TOTAL_FORMS", count), ("INITIAL_FORMS", count))
    }
    body = {"total": "1.00", "subtotal": "1.00", "fapiao_number": "FP-9", **management}
    response = client.post(url, body)
    assert response.status_code == 302, response.content.decode()[-3000:]
    _unchanged(invoice)
    assert invoice.fapiao_number == "FP-9"
    assert not client.post(f"/admin/billing/invoice/{invoice.pk}/delete/").status_code == 302
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_admin_cannot_change_payments_or_events(client, invoice, admin_user, finance):
    pay(invoice, finance, "1.00", "k")
    client.force_login(admin_user)
    payment = Payment.objects.get()
    response = client.post(f"/admin/billing/payment/{payment.pk}/change/", {"amount": "999"})
    assert response.status_code == 403
    event = BillingEvent.objects.first()
    assert client.post(f"/admin/billing/billingevent/{event.pk}/delete/").status_code == 403


# --- PostgreSQL: the trigger ---------------------------------------------------------------------
def _refused(operation):
    with pytest.raises(DatabaseError, match="cannot|never|append-only"):
        with transaction.atomic():
            operation()


def test_queryset_update_of_an_issued_invoice_fails(postgres_only, account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    invoices = Invoice.objects.filter(pk=invoice.pk)
    _refused(lambda: invoices.update(total=Decimal("1.00"), subtotal=Decimal("1.00")))
    _refused(lambda: invoices.update(number="INV-1999-000001"))
    _refused(lambda: invoices.update(due_date=None))
    with connection.cursor() as cursor:  # raw SQL: no ORM check runs
        _refused(lambda: cursor.execute("UPDATE billing_invoice SET status = 'draft'"))
        _refused(lambda: cursor.execute("DELETE FROM billing_invoice"))
    lines = InvoiceLine.objects.filter(invoice=invoice)
    _refused(lambda: lines.update(unit_price=Decimal("1.00")))
    _refused(lambda: lines.delete())
    _refused(
        lambda: InvoiceLine.objects.create(
            invoice=invoice, kind="fee", description="x", unit_price=1, vat_rate=0
        )
    )
    _unchanged(invoice)
    # What may change on an issued invoice: payments' effects and the fapiao number
    assert invoices.update(fapiao_number="F-1") == 1
    pay(invoice, finance, "60.00", "k")
    _refused(lambda: Payment.objects.update(amount=Decimal("1.00")))
    _refused(lambda: BillingEvent.objects.update(note="rewritten"))
    _refused(lambda: BillingEvent.objects.all().delete())
    with connection.cursor() as cursor:
        _refused(lambda: cursor.execute("DELETE FROM billing_payment"))


def test_a_draft_stays_editable_at_the_database(postgres_only, account, ae):
    invoice = draft(account, ae, "10.00")
    assert Invoice.objects.filter(pk=invoice.pk).update(notes="fine") == 1
    assert InvoiceLine.objects.filter(invoice=invoice).update(description="ok") == 1
    other = UserFactory(username="someone")
    assert Invoice.objects.filter(pk=invoice.pk).update(created_by=other) == 1
    assert InvoiceLine.objects.filter(invoice=invoice).delete()[0] == 1


def test_admin_action_issues_through_the_service(client, account, ae, admin_user):
    invoice = draft(account, ae, "10.00")
    client.force_login(admin_user)
    response = client.post(
        "/admin/billing/invoice/",
        {"action": "issue_selected", "_selected_action": [invoice.pk]},
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.number and invoice.issued_by == admin_user
    assert invoice.events.filter(kind="issued", by=admin_user).count() == 1
