"""Billing's Celery tasks: thin, safe to run twice."""

import logging

from celery import shared_task
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import InvoiceDispatch

log = logging.getLogger(__name__)


@shared_task(time_limit=120, soft_time_limit=100)
def send_invoice_email(*, dispatch_id: int) -> bool:
    """E-mail one queued invoice to the client contact, from the agency, replies to the AE.

    Claims the dispatch with a conditional update first, so a second delivery of the task
    sends nothing; gives the claim back if sending fails, and the reminder sweep queues it
    again (billing.reminders): a retry is a row, never a message with an ETA."""
    claimed = InvoiceDispatch.objects.filter(pk=dispatch_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return False
    dispatch = InvoiceDispatch.objects.select_related(
        "invoice", "invoice__client", "invoice__account", "requested_by"
    ).get(pk=dispatch_id)
    try:
        _send(dispatch)
    except OSError as exc:  # SMTP and network errors are transient
        InvoiceDispatch.objects.filter(pk=dispatch_id).update(sent_at=None)
        log.warning("invoice e-mail %s failed (%s); the sweep sends it again", dispatch_id, exc)
        return False
    return True


def _send(dispatch: InvoiceDispatch) -> None:
    from .pdf import pdf_filename, render_invoice_pdf  # WeasyPrint loads only in the worker

    invoice, ae = dispatch.invoice, dispatch.requested_by
    with translation.override("zh-hans"):
        pdf = render_invoice_pdf(invoice)
        subject = _("Payment notice %(number)s") % {"number": invoice.number}
        body = _(
            "Dear %(name)s,\n\nplease find attached our payment notice %(number)s for "
            "%(account)s. For any question, reply to this message.\n\n%(ae)s"
        ) % {
            "name": dispatch.contact_name,
            "number": invoice.number,
            "account": invoice.account.name,
            "ae": ae,
        }
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[dispatch.to_email],
        cc=[ae.email] if ae.email else [],
        reply_to=[ae.email] if ae.email else [],
    )
    message.attach(pdf_filename(invoice), pdf, "application/pdf")
    message.send()
