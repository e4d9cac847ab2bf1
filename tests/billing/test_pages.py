"""The billing pages: what each person sees and can do, through the browser's requests."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.models import Invoice, InvoiceStatus, Payment
from tests.factories import AccountFactory

from .helpers import draft, issued, pay

pytestmark = pytest.mark.django_db


def _lines(*rows, initial=0):
    data = {"lines-TOTAL_FORMS": str(len(rows)), "lines-INITIAL_FORMS": str(initial)}
    for index, (kind, description, quantity, price, vat) in enumerate(rows):
        data |= {
            f"lines-{index}-kind": kind,
            f"lines-{index}-description": description,
            f"lines-{index}-quantity": quantity,
            f"lines-{index}-unit_price": price,
            f"lines-{index}-vat_rate": vat,
        }
    return data


def test_the_ae_drafts_from_the_suggestion_and_issues(client, evaluating, ae):
    account = evaluating
    client.force_login(ae)
    # The form for the account starts with the suggested line: the accepted proposal's item
    form = client.get(f"/invoices/new/?account={account.pk}")
    assert form.status_code == 200
    assert 'value="500000.00"' in form.text and "Campaign 整合传播" in form.text
    # Posting rows (one blank row is ignored) creates a draft
    body = {"account": account.pk, "notes": ""} | _lines(
        ("media_net", "TV 电视", "2", "1000.00", "0.06"), ("fee", "", "1", "", "0.06")
    )
    response = client.post("/invoices/new/", body)
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/invoices/{invoice.pk}/"
    assert invoice.total == Decimal("2120.00") and invoice.lines.count() == 1
    # The draft is edited, then issued from its page
    body = {"notes": "PO 123"} | _lines(("fee", "Fee", "1", "100.00", "0"), initial=1)
    assert client.post(f"/invoices/{invoice.pk}/edit/", body).status_code == 302
    page = client.get(f"/invoices/{invoice.pk}/")
    assert 'data-testid="action-issue"' in page.text
    assert client.post(f"/invoices/{invoice.pk}/issue/").status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED and invoice.total == Decimal("100.00")
    assert invoice.notes == "PO 123"
    # An issued invoice's edit page sends back to it
    assert client.get(f"/invoices/{invoice.pk}/edit/")["Location"] == f"/invoices/{invoice.pk}/"


def test_bad_rows_are_shown_with_messages(client, account, ae):
    client.force_login(ae)
    body = {"account": account.pk} | _lines(("fee", "x", "-1", "abc", "2"))
    response = client.post("/invoices/new/", body)
    assert response.status_code == 200 and not Invoice.objects.exists()
    assert response.text.count("is-invalid") >= 3
    empty = client.post("/invoices/new/", {"account": account.pk} | _lines())
    assert "Add at least one line." in empty.text


def test_detail_actions_say_why_not(client, account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    client.force_login(ae)
    page = client.get(f"/invoices/{invoice.pk}/")
    assert "Only finance records payments." in page.text
    assert 'name="token"' not in page.text  # no payment form for the AE
    client.force_login(finance)
    page = client.get(f"/invoices/{invoice.pk}/")
    assert 'name="token"' in page.text and 'data-testid="action-pay"' in page.text
    assert "Only the account&#x27;s AEs send invoices" in page.text


def test_a_double_submitted_payment_form_records_once(client, account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    client.force_login(finance)
    form = client.get(f"/invoices/{invoice.pk}/payment/")
    token = form.context["payment_form"]["token"].value()
    body = {
        "amount": "500.00",
        "received_on": "2026-01-05",
        "method": "bank_transfer",
        "reference": "BANK-1",
        "token": token,
    }
    first = client.post(f"/invoices/{invoice.pk}/payment/", body)
    second = client.post(f"/invoices/{invoice.pk}/payment/", body)  # the second click
    assert first.status_code == second.status_code == 302
    assert Payment.objects.count() == 1
    messages = [str(m) for m in client.get(f"/invoices/{invoice.pk}/").context["messages"]]
    assert any("recorded" in m for m in messages)
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("560.00") and invoice.status == "partially_paid"


def test_payment_page_refuses_overpayment_and_outsiders(client, account, ae, other_ae, finance):
    invoice = issued(account, ae, "10.00")
    client.force_login(finance)
    body = {"amount": "999", "received_on": "2026-01-05", "method": "cash", "token": "t1"}
    response = client.post(f"/invoices/{invoice.pk}/payment/", body, follow=True)
    assert "more than the balance of 10.60" in response.text
    assert not Payment.objects.exists()
    client.force_login(ae)
    assert client.post(f"/invoices/{invoice.pk}/payment/", body).status_code == 403
    client.force_login(other_ae)
    for url in ("", "edit/", "payment/"):
        assert client.get(f"/invoices/{invoice.pk}/{url}").status_code == 404
    for url in ("issue/", "credit/", "send/", "payment/"):
        assert client.post(f"/invoices/{invoice.pk}/{url}", body).status_code == 404


def test_credit_and_reversal_from_the_page(client, account, ae, finance):
    invoice = issued(account, ae, "1000.00")
    payment = pay(invoice, finance, "100.00", "k").payment
    client.force_login(finance)
    url = f"/invoices/{invoice.pk}/"
    assert client.post(url + "credit/", {"amount": "-3", "reason": ""}).status_code == 400
    assert client.post(url + "credit/", {"amount": "60.00", "reason": "Late"}).status_code == 302
    reverse_url = f"{url}payments/{payment.pk}/reverse/"
    assert client.post(reverse_url, {"reason": "Bounced"}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("1000.00") and invoice.status == "issued"
    page = client.get(url)
    assert "Credit note issued" in page.text and "Payment reversed" in page.text


def test_list_query_count_is_constant_and_scoped(client, ae, other_ae, finance, creative):
    account = AccountFactory(lead_ae=ae)
    issued(account, ae, "1.00")
    client.force_login(finance)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/invoices/").status_code == 200
    for _ in range(8):
        pay(issued(AccountFactory(lead_ae=ae), ae, "1.00"), finance, "0.50", f"k{_}")
    draft(AccountFactory(lead_ae=other_ae), other_ae, "3.00")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/invoices/?status=issued&status=partially_paid")
    assert len(page.context["page"].object_list) == 9
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert "Today's payments" in page.text and page.text.count("0.50") >= 8
    client.force_login(other_ae)
    assert len(client.get("/invoices/").context["page"].object_list) == 1
    client.force_login(creative)
    assert len(client.get("/invoices/").context["page"].object_list) == 0
