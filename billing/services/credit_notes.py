"""Correcting an issued invoice: a credit note, never an edit."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency import daily_totals
from agency.errors import DomainError, InvalidTransition
from agency.models import User
from agency.time_zones import agency_today
from billing import money, numbering, selectors
from billing.models import (
    OPEN_STATUSES,
    BillingEvent,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    LineKind,
)

from .audit import record_event
from .common import lock_invoice, require
from .settlement import collect_account_if_settled


@transaction.atomic
def issue_credit_note(*, invoice: Invoice, by: User, amount: Decimal, reason: str) -> Invoice:
    """Issue a credit note (CN-YYYY-NNNNNN) that takes `amount`, tax included, off what the
    client owes on `invoice`.

    The credit note is a negative invoice referencing the original, with one line at the
    original's main VAT rate whose price includes VAT, so its total is exactly −amount and
    its tax is the part of it that was VAT. A credit that leaves nothing open voids the
    invoice (payments already received stay recorded); the account may then be collected.
    Raises NotAllowed (not finance), InvalidTransition (not issued / partially paid),
    DomainError (no reason; amount not positive or above the balance).
    """
    require(selectors.can_credit_invoice(by), _("Only finance issues credit notes."))
    invoice = lock_invoice(invoice)
    if invoice.is_credit_note or invoice.status not in OPEN_STATUSES:
        raise InvalidTransition(
            _("%(invoice)s is %(status)s: only an open invoice can be credited.")
            % {"invoice": invoice, "status": invoice.get_status_display()}
        )
    amount = _valid_amount(invoice, amount, reason)
    credit_note = _issue_note(invoice, by, amount, reason.strip())
    source = invoice.status
    invoice.amount_credited += amount
    invoice.apply_credit()
    invoice.save(update_fields=["amount_credited", "status", "updated_at"])
    record_event(
        invoice=invoice,
        kind=BillingEvent.Kind.CREDITED,
        source=source,
        by=by,
        amount=-amount,
        credit_note=credit_note,
        note=reason.strip(),
    )
    collect_account_if_settled(invoice.account)
    return credit_note


def main_vat_rate(invoice: Invoice) -> Decimal:
    """The VAT rate of the invoice's largest line: what a credit of part of it reverses."""
    lines = sorted(invoice.lines.all(), key=lambda line: (-abs(line.amount), line.position))
    return lines[0].vat_rate if lines else Decimal("0")


def _valid_amount(invoice: Invoice, amount, reason: str) -> Decimal:
    if not reason.strip():
        raise DomainError(_("Give a reason for the credit note."))
    amount = Decimal(amount)
    if not amount.is_finite() or amount <= 0 or amount != money.to_cents(amount):
        raise DomainError(_("The amount must be positive, in cents at most."))
    if amount > invoice.balance:
        raise DomainError(
            _("%(amount)s is more than the balance of %(balance)s %(currency)s.")
            % {
                "amount": money.format_amount(amount),
                "balance": money.format_amount(invoice.balance),
                "currency": invoice.currency,
            }
        )
    return amount


def _issue_note(invoice: Invoice, by: User, amount: Decimal, reason: str) -> Invoice:
    today = agency_today()  # the number's year and the issue date: the agency's calendar
    note = Invoice.objects.create(
        kind=InvoiceKind.CREDIT_NOTE,
        account=invoice.account,
        client=invoice.client,
        currency=invoice.currency,
        credited_invoice=invoice,
        reason=reason,
        created_by=by,
    )
    line = InvoiceLine(
        invoice=note,
        position=1,
        kind=LineKind.OTHER,
        description=(
            _("Credit on %(number)s: %(reason)s")
            % {
                "number": invoice.number,
                "reason": reason,
            }
        )[:300],
        quantity=Decimal("1"),
        unit_price=-amount,
        vat_rate=main_vat_rate(invoice),
        price_includes_vat=True,
    )
    amounts = money.line_amounts(-amount, Decimal("1"), line.vat_rate, price_includes_vat=True)
    line.amount, line.tax = amounts.net, amounts.tax
    line.save()
    note.subtotal, note.tax, note.total = amounts.net, amounts.tax, amounts.gross
    note.number = numbering.take_number(kind=InvoiceKind.CREDIT_NOTE, year=today.year)
    note.issue_date = note.due_date = today
    note.issued_by, note.issued_at = by, timezone.now()
    note.issue()
    note.save()
    daily_totals.add(daily_totals.INVOICED, note.issue_date, note.currency, note.total)
    return note
