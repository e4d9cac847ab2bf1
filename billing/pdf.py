"""The payment notice / invoice (付款通知书) as a PDF, rendered by agency.pdf (which fetches
nothing but static files, so text a user typed can never make the renderer read or request
anything)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from agency import pdf

from .models import Invoice
from .money import capital_numerals

DEFAULT_BANK_DETAILS = {
    "bank": "China Merchants Bank, Shanghai Branch 招商银行上海分行",
    "account_name": settings.AGENCY_NAME,
    "account_number": "0000 0000 0000 0000",
}


def bank_details() -> dict:
    return getattr(settings, "AGENCY_BANK_DETAILS", DEFAULT_BANK_DETAILS)


def agency_details() -> dict:
    return {
        "name": settings.AGENCY_NAME,
        "address": getattr(settings, "AGENCY_ADDRESS", ""),
        "tax_id": getattr(settings, "AGENCY_TAX_ID", ""),
        "phone": getattr(settings, "AGENCY_PHONE", ""),
    }


def invoice_html(invoice: Invoice) -> str:
    contact = invoice.client.contacts.exclude(email="").first()
    context = {
        "invoice": invoice,
        "lines": list(invoice.lines.all()),
        "agency": agency_details(),
        "bank": bank_details(),
        "contact": contact,
        "ae": invoice.account.lead_ae,
        "total_in_words": capital_numerals(invoice.total),
        "balance": invoice.balance,
        "credit_notes": list(invoice.credit_notes.all()),
    }
    return render_to_string("billing/invoice_pdf.html", context)


def render_invoice_pdf(invoice: Invoice, *, language: str = "zh-hans") -> bytes:
    """The PDF of an invoice or credit note, in `language` (Chinese by default: it goes to
    the client)."""
    with translation.override(language):
        html = invoice_html(invoice)
    return pdf.write_pdf(html)


def pdf_filename(invoice: Invoice) -> str:
    return f"{invoice.number or f'draft-{invoice.pk}'}.pdf"
