"""Every write about invoices, credit notes and payments (split by subject).

Services take the acting user as `by`, lock the invoice row before deciding, write an
append-only BillingEvent in the same transaction, and raise a DomainError with a message a
user can read when a rule refuses.
"""

from .audit import record_event
from .credit_notes import issue_credit_note
from .invoices import (
    create_invoice,
    default_vat_rate,
    issue_invoice,
    send_invoice,
    suggest_invoice_lines,
    update_invoice,
)
from .payments import PaymentOutcome, record_payment, reverse_payment
from .settlement import collect_account_if_settled

__all__ = [
    "PaymentOutcome",
    "collect_account_if_settled",
    "create_invoice",
    "default_vat_rate",
    "issue_credit_note",
    "issue_invoice",
    "record_event",
    "record_payment",
    "reverse_payment",
    "send_invoice",
    "suggest_invoice_lines",
    "update_invoice",
]
