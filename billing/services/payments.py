"""Recording and reversing payments: finance only, each exactly once."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Stage
from agency import daily_totals
from agency.errors import Conflict, DomainError, InvalidTransition
from agency.models import User
from agency.time_zones import agency_today
from billing import selectors
from billing.models import (
    OPEN_STATUSES,
    BillingEvent,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentMethod,
)
from billing.money import format_amount, to_cents
from billing.reminders import remind_payment_received

from .audit import record_event
from .common import lock_invoice, require
from .settlement import collect_account_if_settled

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class PaymentOutcome:
    payment: Payment
    replayed: bool  # True: the key was seen before with the same request; nothing recorded

    @property
    def receipt(self) -> dict:
        """The answer given the first time, returned unchanged to every replay."""
        return self.payment.response


def record_payment(
    *,
    invoice: Invoice,
    by: User,
    amount: Decimal,
    received_on: date,
    method: str,
    idempotency_key: str,
    reference: str = "",
    note: str = "",
) -> PaymentOutcome:
    """Record money received against an issued invoice, once per `idempotency_key`.

    The invoice row is locked first, so payments on one invoice queue and each sees the
    balance the previous one left. A key seen before answers with the first payment's receipt
    and records nothing (`replayed`), or raises Conflict (409) if the request differs; the
    unique constraint on the key is the proof. A payment that settles the invoice marks it
    paid, and if it was the account's last open invoice the system collects the account.
    Raises NotAllowed (not finance), InvalidTransition (not open: draft, paid, void),
    DomainError (amount not positive, more than the balance, received in the future).
    """
    require(selectors.can_record_payment(by), _("Only finance records payments."))
    _validate_key(idempotency_key)
    fingerprint = _fingerprint(invoice.pk, amount, received_on, method, reference, note)
    with transaction.atomic():
        invoice = lock_invoice(invoice)
        earlier = Payment.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            return _replay(earlier, fingerprint)
        amount = _valid_amount(invoice, amount, received_on, method)
        payment = Payment(
            invoice=invoice,
            amount=amount,
            received_on=received_on,
            method=method,
            reference=reference,
            note=note,
            idempotency_key=idempotency_key,
            request_fingerprint=fingerprint,
            recorded_by=by,
        )
        try:
            with transaction.atomic():  # a savepoint: the same key on another invoice, now
                payment.save()
        except IntegrityError:
            earlier = Payment.objects.get(idempotency_key=idempotency_key)
            return _replay(earlier, fingerprint)
        source = invoice.status
        invoice.amount_paid += amount
        invoice.apply_payment()
        invoice.save(update_fields=["amount_paid", "status", "updated_at"])
        payment.response = _receipt(payment, invoice)
        payment.save(update_fields=["response"])
        record_event(
            invoice=invoice,
            kind=BillingEvent.Kind.PAYMENT_RECORDED,
            source=source,
            by=by,
            amount=amount,
            payment=payment,
        )
        remind_payment_received(payment=payment, invoice=invoice)
        if invoice.status == InvoiceStatus.PAID:  # a partial payment leaves it open
            collect_account_if_settled(invoice.account)
        daily_totals.add(daily_totals.COLLECTED, received_on, invoice.currency, amount)
    return PaymentOutcome(payment=payment, replayed=False)


@transaction.atomic
def reverse_payment(*, payment: Payment, by: User, reason: str) -> Payment:
    """Take back a payment recorded by mistake (a bounced transfer, the wrong invoice): the
    row stays, marked reversed with who, when and why, and the amount is owed again.

    Raises NotAllowed (not finance), Conflict (already reversed), InvalidTransition (the
    invoice is void), DomainError (no reason; the account is already collected)."""
    require(selectors.can_record_payment(by), _("Only finance reverses payments."))
    if not reason.strip():
        raise DomainError(_("Give a reason."))
    invoice = lock_invoice(payment.invoice)  # parent before child
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.is_reversed:
        raise Conflict(_("This payment was already reversed."))
    if invoice.account.stage == Stage.COLLECTED:
        raise DomainError(
            _(
                "The account is already collected; a reversal would reopen it, "
                "which is not possible."
            )
        )
    if invoice.status not in (*OPEN_STATUSES, "paid"):
        raise InvalidTransition(_("Payments of a void invoice cannot be reversed."))
    payment.reversed_at, payment.reversed_by = timezone.now(), by
    payment.reversal_reason = reason.strip()
    payment.save(update_fields=["reversed_at", "reversed_by", "reversal_reason"])
    source = invoice.status
    invoice.amount_paid -= payment.amount
    invoice.reverse_payment()
    invoice.save(update_fields=["amount_paid", "status", "updated_at"])
    record_event(
        invoice=invoice,
        kind=BillingEvent.Kind.PAYMENT_REVERSED,
        source=source,
        by=by,
        amount=-payment.amount,
        payment=payment,
        note=payment.reversal_reason,
    )
    daily_totals.add(daily_totals.COLLECTED, payment.received_on, invoice.currency, -payment.amount)
    return payment


# --- Helpers ------------------------------------------------------------------------------
def _validate_key(key: str) -> None:
    if not key or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise DomainError(
            _("An idempotency key (1 to %(n)s characters) is required.") % {"n": MAX_KEY_LENGTH}
        )


def _fingerprint(invoice_id, amount, received_on, method, reference, note) -> str:
    """The request, normalised: 100 and 100.00 are the same payment."""
    try:
        amount_text = str(to_cents(amount))
    except (ArithmeticError, TypeError, ValueError):
        amount_text = str(amount)
    body = [invoice_id, amount_text, str(received_on), method, reference, note]
    return hashlib.sha256(json.dumps(body, ensure_ascii=False).encode()).hexdigest()


def _replay(earlier: Payment, fingerprint: str) -> PaymentOutcome:
    if earlier.request_fingerprint != fingerprint:
        raise Conflict(_("This idempotency key was already used for a different payment."))
    return PaymentOutcome(payment=earlier, replayed=True)


def _valid_amount(invoice: Invoice, amount, received_on: date, method: str) -> Decimal:
    if invoice.is_credit_note or invoice.status not in OPEN_STATUSES:
        raise InvalidTransition(
            _("%(invoice)s is %(status)s: it takes no payment.")
            % {"invoice": invoice, "status": invoice.get_status_display()}
        )
    if method not in PaymentMethod.values:
        raise DomainError(_("Unknown payment method “%(m)s”.") % {"m": method})
    # Received "today" in the agency's calendar or the finance person's, whichever is later.
    if received_on > max(timezone.localdate(), agency_today()):
        raise DomainError(_("A payment cannot be received in the future."))
    amount = Decimal(amount)
    if not amount.is_finite() or amount <= 0 or amount != to_cents(amount):
        raise DomainError(_("The amount must be positive, in cents at most."))
    if amount > invoice.balance:
        raise DomainError(
            _("%(amount)s is more than the balance of %(balance)s %(currency)s.")
            % {
                "amount": format_amount(amount),
                "balance": format_amount(invoice.balance),
                "currency": invoice.currency,
            }
        )
    return amount


def _receipt(payment: Payment, invoice: Invoice) -> dict:
    return {
        "id": payment.pk,
        "invoice": invoice.pk,
        "amount": str(payment.amount),
        "currency": invoice.currency,
        "received_on": payment.received_on.isoformat(),
        "method": payment.method,
        "reference": payment.reference,
        "note": payment.note,
        "recorded_by": payment.recorded_by.username,
        "recorded_at": payment.recorded_at.isoformat(),
        "invoice_status": invoice.status,
        "invoice_paid": str(invoice.amount_paid),
        "invoice_balance": str(invoice.balance),
    }
