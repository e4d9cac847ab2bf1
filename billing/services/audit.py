"""The one function that writes the billing audit trail."""

from decimal import Decimal

from django.utils import timezone

from agency.models import User
from billing.models import BillingEvent, Invoice, Payment


def record_event(
    *,
    invoice: Invoice,
    kind: str,
    source: str,
    by: User,
    amount: Decimal | None = None,
    payment: Payment | None = None,
    credit_note: Invoice | None = None,
    note: str = "",
) -> BillingEvent:
    """Append one row for one event: the invoice's status before (`source`) and now, the
    amount moved, the balance after, who and when (UTC). Call it inside the service's
    transaction, after the invoice has been changed."""
    return BillingEvent.objects.create(
        invoice=invoice,
        kind=kind,
        source=source,
        target=invoice.status,
        amount=amount,
        balance_after=invoice.balance,
        payment=payment,
        credit_note=credit_note,
        by=by,
        at=timezone.now(),
        note=note,
    )
