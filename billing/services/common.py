"""Helpers the billing services share: locking and refusing."""

from django.utils.translation import gettext as _

from agency.errors import InvalidTransition, NotAllowed
from billing.models import Invoice


def lock_invoice(invoice: Invoice) -> Invoice:
    """Re-read the invoice with its row locked until the transaction ends. Only the invoice's
    row (`of=self`): the joined account and client stay free, so payments on other invoices
    of the same client do not queue behind this one."""
    invoices = Invoice.objects.select_for_update(of=("self",))
    return invoices.select_related("client", "account").get(pk=invoice.pk)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


class InvoiceLocked(InvalidTransition):
    """An issued invoice was asked to change: only a credit note corrects it (HTTP 409)."""


def refuse_unless_draft(invoice: Invoice) -> None:
    if not invoice.is_draft:
        raise InvoiceLocked(
            _(
                "%(number)s is %(status)s: an issued invoice cannot be changed; "
                "correct it with a credit note."
            )
            % {"number": invoice.number, "status": invoice.get_status_display()}
        )
