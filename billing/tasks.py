"""Billing's Celery tasks: thin, safe to run twice."""

from celery import shared_task
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import InvoiceDispatch


@shared_task(bind=True, max_retries=3, default_retry_delay=60, time_limit=120)
def send_invoice_email(self, *, dispatch_id: int) -> bool:
    """E-mail one queued invoice to the client contact, from the agency, replies to the AE.

    Claims the dispatch with a conditional update first, so a second delivery of the task
    sends nothing; gives the claim back if sending fails so the retry can send."""
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
        raise self.retry(exc=exc) from exc
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
