"""The payment notice PDF (付款通知书) and sending it to the client through the AE."""

import subprocess
from decimal import Decimal

import pytest
from django.core import mail

from agency.errors import DomainError, NotAllowed
from agency.pdf import PDF_ORIGIN, StaticOnlyFetcher
from billing import services
from billing.models import InvoiceDispatch
from billing.pdf import render_invoice_pdf
from billing.tasks import send_invoice_email
from tests.factories import AccountFactory, ClientFactory, ContactFactory

from .helpers import draft, issued, line

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture
def chinese_account(ae):
    client = ClientFactory(name="上海明星饮料有限公司", address="上海市浦东新区世纪大道100号")
    return AccountFactory(client=client, lead_ae=ae, name="春季新品上市")


def test_pdf_shows_number_client_and_total_in_capital_numerals(chinese_account, ae, tmp_path):
    # Given an invoice of 11,646.23 + 6% VAT = 12,345.00
    invoice = services.create_invoice(
        account=chinese_account,
        by=ae,
        lines=[line("11646.23", vat="0.06") | {"description": "电视广告 媒体净价"}],
    )
    invoice = services.issue_invoice(invoice=invoice, by=ae)
    assert invoice.total == Decimal("12345.00")
    # When it is rendered
    text = pdf_text(render_invoice_pdf(invoice), tmp_path)
    # Then the PDF's text has its number, the Chinese client name, the line and the total
    # in figures and in capital numerals
    assert invoice.number in text
    assert "上海明星饮料有限公司" in text
    assert "电视广告" in text
    assert "12,345.00" in text
    assert "壹万贰仟叁佰肆拾伍元整" in text
    assert "0000 0000 0000 0000" in text  # the bank details


def test_user_text_is_rendered_as_text_and_nothing_is_fetched(chinese_account, ae, tmp_path):
    hostile = '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://10.0.0.1/x.css">'
    invoice = draft(chinese_account, ae, "1.00")
    services.update_invoice(
        invoice=invoice, by=ae, lines=[line("1.00") | {"description": hostile}], notes=hostile
    )
    text = pdf_text(render_invoice_pdf(invoice), tmp_path)
    assert 'src="file:///etc/passwd"' in text.replace("\n", "")  # printed, not fetched
    assert "root:" not in text


def test_the_fetcher_serves_only_static_files(settings):
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch(f"{PDF_ORIGIN}/static/css/app.css")
    assert b"pipeline" in response.read()
    response.close()
    for url in (
        "file:///etc/passwd",
        (settings.BASE_DIR / "static" / "css" / "app.css").as_uri(),
        f"{PDF_ORIGIN}/static/../manage.py",
        "http://127.0.0.1:8000/",
        "https://example.com/logo.png",
        "data:text/plain,hi",
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


def test_pdf_download_through_the_api_and_the_page(api, client, account, ae, other_ae):
    invoice = issued(account, ae, "10.00")
    response = api(ae).get(f"/api/invoices/{invoice.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert invoice.number in response["Content-Disposition"]
    response = api(ae).get(f"/api/invoices/{invoice.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    client.force_login(ae)
    assert client.get(f"/invoices/{invoice.pk}/pdf/").content.startswith(b"%PDF")
    client.force_login(other_ae)
    assert client.get(f"/invoices/{invoice.pk}/pdf/").status_code == 404


def test_sending_queues_the_pdf_to_the_contact_after_commit(
    account, ae, client_contact, django_capture_on_commit_callbacks
):
    invoice = issued(account, ae, "10.00")
    # When the AE sends it, nothing leaves before the transaction commits
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dispatch = services.send_invoice(invoice=invoice, by=ae, contact=client_contact)
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()  # the commit runs the (eager) task
    (message,) = mail.outbox
    assert message.to == ["wang@client.test"] and message.reply_to == [ae.email]
    (filename, content, mimetype) = message.attachments[0]
    assert filename == f"{invoice.number}.pdf" and content.startswith(b"%PDF")
    assert invoice.events.filter(kind="sent", by=ae).count() == 1
    # and a second delivery of the same task sends nothing
    assert send_invoice_email(dispatch_id=dispatch.pk) is False
    assert len(mail.outbox) == 1
    assert InvoiceDispatch.objects.get().sent_at is not None


def test_only_the_team_ae_sends_and_only_issued_invoices(account, ae, finance, client_contact):
    invoice = issued(account, ae, "10.00")
    with pytest.raises(NotAllowed):
        services.send_invoice(invoice=invoice, by=finance, contact=client_contact)
    with pytest.raises(DomainError, match="Issue"):
        services.send_invoice(invoice=draft(account, ae, "1.00"), by=ae, contact=client_contact)
    stranger = ContactFactory(email="x@other.test")
    with pytest.raises(DomainError, match="contact"):
        services.send_invoice(invoice=invoice, by=ae, contact=stranger)


def test_api_send(api, account, ae, client_contact):
    invoice = issued(account, ae, "10.00")
    response = api(ae).post(f"/api/invoices/{invoice.pk}/send/", {"contact": client_contact.pk})
    assert response.status_code == 202 and response.json() == {"to": "wang@client.test"}
    assert api(ae).post(f"/api/invoices/{invoice.pk}/send/", {"contact": 0}).status_code == 400
