"""Drafting, editing, issuing and sending invoices."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CLOSED_STAGES, Account, Contact
from agency import daily_totals
from agency.errors import DomainError
from agency.models import User
from agency.reminders.events import enqueue
from agency.time_zones import agency_today
from billing import billable, money, numbering, selectors
from billing.models import (
    BillingEvent,
    Invoice,
    InvoiceDispatch,
    InvoiceLine,
    InvoiceStatus,
    LineKind,
)

from .audit import record_event
from .common import lock_invoice, refuse_unless_draft, require

LINE_FIELDS = ("kind", "description", "quantity", "unit_price", "vat_rate", "price_includes_vat")
#: What a line bills, by id (billing.billable): a booked media buy or a budget line.
SOURCE_FIELDS = ("media_buy", "budget_line")
MAX_LINES = 200
DESCRIPTION_LENGTH = 300


def default_vat_rate() -> Decimal:
    """VAT on advertising services (6% in China), overridable by settings.DEFAULT_VAT_RATE."""
    return Decimal(str(getattr(settings, "DEFAULT_VAT_RATE", "0.06")))


def suggest_invoice_lines(account: Account, *, rows: list | None = None) -> list[dict]:
    """The lines a new draft starts with, for the AE to edit: what was sold on the account
    and no invoice covers yet (billing.billable) — per booked media buy its net cost and
    the agency's commission, then the accepted proposal's items other than media — each
    naming its source, at the default VAT rate. Empty when everything is invoiced.
    `rows`: the account's billable.statement when the caller has it already."""
    vat_rate = default_vat_rate()
    return [
        {
            "kind": item.kind,
            "description": item.description[:DESCRIPTION_LENGTH],
            "quantity": Decimal("1"),
            "unit_price": item.amount,
            "vat_rate": vat_rate,
            "media_buy": item.source.media_buy_id,
            "budget_line": item.source.budget_line_id,
        }
        for item in billable.left_to_invoice(billable.statement(account) if rows is None else rows)
    ]


@transaction.atomic
def create_invoice(
    *, account: Account, by: User, lines: list[dict] | None = None, notes: str = ""
) -> Invoice:
    """Open a draft invoice for the account, with `lines` or, when None, the suggested ones.

    A line may name what it bills (`media_buy` or `budget_line`, by id); it may then bill
    no more of it than is left (billing.billable). Raises NotAllowed (not a team AE / AD /
    finance), DomainError (a bad line, or work already invoiced)."""
    require(selectors.can_draft_invoice(by, account), _("You may not invoice this account."))
    _refuse_closed_account(account)
    invoice = Invoice.objects.create(
        account=account,
        client=account.client,
        currency=account.currency,
        notes=notes,
        created_by=by,
    )
    _replace_lines(invoice, suggest_invoice_lines(account) if lines is None else lines)
    record_event(invoice=invoice, kind=BillingEvent.Kind.DRAFTED, source=InvoiceStatus.DRAFT, by=by)
    return invoice


def update_invoice(
    *,
    invoice: Invoice,
    by: User,
    lines: list[dict] | None = None,
    notes: str | None = None,
    fapiao_number: str | None = None,
) -> Invoice:
    """Edit a draft (lines are replaced as a whole; notes). Once issued, only finance may
    still set the fapiao number; anything else raises InvoiceLocked (HTTP 409)."""
    with transaction.atomic():
        invoice = lock_invoice(invoice)
        if lines is not None or notes is not None or fapiao_number is None:
            refuse_unless_draft(invoice)
            require(selectors.can_edit_invoice(by, invoice), _("You may not edit this invoice."))
        if fapiao_number is not None:
            require(selectors.can_set_fapiao(by), _("Only finance records fapiao numbers."))
            invoice.fapiao_number = fapiao_number.strip()
        if notes is not None:
            invoice.notes = notes
        invoice.save(update_fields=["fapiao_number", "notes", "updated_at"])
        if lines is not None:
            _replace_lines(invoice, lines)
    return invoice


@transaction.atomic
def issue_invoice(*, invoice: Invoice, by: User) -> Invoice:
    """Number the draft (INV-YYYY-NNNNNN), date it, set its due date from the client's
    payment terms and freeze it.

    The number comes from the counter locked in this transaction: if anything below fails,
    the number goes back with the rollback. Raises InvoiceLocked (not a draft), NotAllowed,
    DomainError (no lines, total not positive, account closed)."""
    invoice = lock_invoice(invoice)
    refuse_unless_draft(invoice)
    require(selectors.can_issue_invoice(by, invoice), _("You may not issue this invoice."))
    reasons = selectors.issue_refusals(invoice)
    if reasons:
        raise DomainError(" ".join(reasons), reasons=reasons)
    _apply_totals(invoice, list(invoice.lines.all()))
    today = agency_today()  # the number's year and the issue date: the agency's calendar
    invoice.number = numbering.take_number(kind=invoice.kind, year=today.year)
    invoice.issue_date = today
    invoice.due_date = today + timedelta(days=invoice.client.payment_terms_days)
    invoice.issued_by, invoice.issued_at = by, timezone.now()
    invoice.issue()
    invoice.save()
    record_event(
        invoice=invoice,
        kind=BillingEvent.Kind.ISSUED,
        source=InvoiceStatus.DRAFT,
        by=by,
        amount=invoice.total,
    )
    daily_totals.add(daily_totals.INVOICED, invoice.issue_date, invoice.currency, invoice.total)
    return invoice


@transaction.atomic
def send_invoice(*, invoice: Invoice, by: User, contact: Contact) -> InvoiceDispatch:
    """E-mail the invoice's PDF to a contact of the client, from the AE (replies go to them).

    The e-mail is queued after commit (billing.tasks.send_invoice_email), never sent while
    the row is locked. Raises NotAllowed (not a team AE / their AD), DomainError (draft,
    contact of another client or without e-mail)."""
    from billing.tasks import send_invoice_email

    invoice = lock_invoice(invoice)
    require(selectors.can_send_invoice(by, invoice), _("Only the account's AEs send invoices."))
    if invoice.is_draft:
        raise DomainError(_("Issue the invoice before sending it."))
    if contact.client_id != invoice.client_id or not contact.email:
        raise DomainError(
            _("Choose a contact of %(client)s with an e-mail address.")
            % {"client": invoice.client.name}
        )
    dispatch = InvoiceDispatch.objects.create(
        invoice=invoice, to_email=contact.email, contact_name=contact.name, requested_by=by
    )
    record_event(
        invoice=invoice,
        kind=BillingEvent.Kind.SENT,
        source=invoice.status,
        by=by,
        note=contact.email,
    )
    # Never fails the request when the broker is down: the sweep sends it (billing.reminders).
    transaction.on_commit(lambda: enqueue(send_invoice_email, dispatch_id=dispatch.pk))
    return dispatch


# --- Lines and totals -----------------------------------------------------------------------
def _refuse_closed_account(account: Account) -> None:
    if account.stage in CLOSED_STAGES:
        raise DomainError(
            _("The account is %(stage)s: it can no longer be invoiced.")
            % {"stage": account.get_stage_display()}
        )


def _replace_lines(invoice: Invoice, values: list[dict]) -> None:
    if len(values) > MAX_LINES:
        raise DomainError(_("An invoice has at most %(n)s lines.") % {"n": MAX_LINES})
    lines = [_build_line(invoice, position, line) for position, line in enumerate(values, 1)]
    _refuse_billing_twice(invoice, lines)
    invoice.lines.all().delete()
    InvoiceLine.objects.bulk_create(lines)
    _apply_totals(invoice, lines)
    invoice.save(update_fields=["subtotal", "tax", "total", "updated_at"])


def _refuse_billing_twice(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    """Lines naming sold work bill at most what is left of it. The account's row is locked
    first, so two drafts written at once cannot both claim the same work."""
    if not any(line.media_buy_id or line.budget_line_id for line in lines):
        return
    Account.objects.select_for_update(of=("self",)).filter(pk=invoice.account_id).first()
    reasons = billable.source_refusals(invoice.account, lines, excluding=invoice)
    if reasons:
        raise DomainError(" ".join(reasons), reasons=reasons)


def _build_line(invoice: Invoice, position: int, values: dict) -> InvoiceLine:
    unknown = set(values) - set(LINE_FIELDS) - set(SOURCE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown line fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    line = InvoiceLine(invoice=invoice, position=position, vat_rate=default_vat_rate())
    for field, value in values.items():
        if field in SOURCE_FIELDS:
            setattr(line, f"{field}_id", _source_id(value, position))
        else:
            setattr(line, field, value)
    try:
        line.quantity = Decimal(line.quantity)
        line.unit_price = Decimal(line.unit_price)
        line.vat_rate = Decimal(line.vat_rate)
        if not all(v.is_finite() for v in (line.quantity, line.unit_price, line.vat_rate)):
            raise ValueError("not finite")
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise DomainError(_("Line %(n)s: amounts must be numbers.") % {"n": position}) from exc
    _validate_line(line, position)
    amounts = money.line_amounts(
        line.quantity, line.unit_price, line.vat_rate, price_includes_vat=line.price_includes_vat
    )
    line.amount, line.tax = amounts.net, amounts.tax
    if abs(line.amount) + abs(line.tax) > money.MAX_AMOUNT:
        raise DomainError(_("Line %(n)s: the amount is too large.") % {"n": position})
    return line


def _source_id(value, position: int) -> int | None:
    """A source by id (or the object itself); None or "" for a line without one."""
    value = getattr(value, "pk", value)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Line %(n)s: the source is not an id.") % {"n": position}) from exc


def _validate_line(line: InvoiceLine, position: int) -> None:
    problems = []
    if line.kind not in LineKind.values:
        problems.append(_("unknown kind “%(kind)s”") % {"kind": line.kind})
    if not str(line.description or "").strip():
        problems.append(_("a description is required"))
    if line.quantity <= 0 or line.quantity >= Decimal("1e10"):
        problems.append(_("the quantity must be positive"))
    if abs(line.unit_price) > money.MAX_AMOUNT:
        problems.append(_("the unit price is too large"))
    if any(_places(v) > p for v, p in ((line.quantity, 2), (line.unit_price, 2))):
        problems.append(_("quantity and unit price have at most two decimal places"))
    if _places(line.vat_rate) > 4:
        problems.append(_("the VAT rate has at most four decimal places"))
    if not Decimal("0") <= line.vat_rate <= Decimal("1"):
        problems.append(_("the VAT rate must be between 0 and 1 (0.06 is 6%)"))
    if problems:
        raise DomainError(
            _("Line %(n)s: %(problems)s.") % {"n": position, "problems": "; ".join(problems)}
        )


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 99


def _apply_totals(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    result = money.totals(money.LineAmounts(net=line.amount, tax=line.tax) for line in lines)
    if abs(result.subtotal) > money.MAX_AMOUNT or abs(result.total) > money.MAX_AMOUNT:
        raise DomainError(_("The invoice total is too large."))
    invoice.subtotal, invoice.tax, invoice.total = result.subtotal, result.tax, result.total
