"""Reads about invoices and payments, starting with who may see what.

`invoices_visible_to` is the one function that decides which invoices a user sees; every page,
endpoint, export and task about billing starts from it. Invisible means 404. Finance sees
billing, not creative work: of an account's team only its AEs and ADs see its invoices.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.lifecycle import may_act_as_team_ae
from accounts.models import CLOSED_STAGES, Account
from accounts.selectors import (
    SeenAccounts,
    accounts_visible_to,
    of_visible_accounts,
    visible_account_ids,
)
from agency.models import User

from . import billable
from .models import (
    OPEN_STATUSES,
    BillingEvent,
    Invoice,
    InvoiceKind,
    Payment,
)
from .money import ZERO


def invoices_visible_to(user: User, seen: SeenAccounts | None = None) -> QuerySet[Invoice]:
    """Finance and administrators see every invoice; AEs and ADs those of the accounts they
    see (`seen`: their ids, already read); everyone else (department staff, even on the
    team) none."""
    invoices = Invoice.objects.all()
    if not user.is_authenticated or not user.is_active:
        return invoices.none()
    if user.is_superuser or user.is_finance:
        return invoices
    if _sees_invoices_of_their_accounts(user):
        return invoices.filter(of_visible_accounts(user, "account", seen))
    return invoices.none()


def _sees_invoices_of_their_accounts(user: User) -> bool:
    return user.is_ae or user.is_ad


def payments_visible_to(user: User, seen: SeenAccounts | None = None) -> QuerySet[Payment]:
    if seen is not None and _sees_invoices_of_their_accounts(user):
        # Through the invoice's account: PostgreSQL probes the payments of those invoices,
        # where "invoice IN (...)" had it read all 1.3M payments (60 → 9 ms for an AD).
        return Payment.objects.filter(of_visible_accounts(user, "invoice__account", seen))
    return Payment.objects.filter(invoice__in=invoices_visible_to(user, seen))


def accounts_invoiceable_by(user: User) -> QuerySet[Account]:
    """Accounts for which the user may draft an invoice (the draft form's choices)."""
    accounts = accounts_visible_to(user).exclude(stage__in=CLOSED_STAGES)
    if user.is_superuser or user.is_finance:
        return accounts.select_related("client")
    if not (user.is_ae or user.is_ad):
        return accounts.none()
    return accounts.select_related("client")


# --- Who may do what ----------------------------------------------------------------------
def is_finance(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_finance)


def can_draft_invoice(user: User, account: Account) -> bool:
    """A team AE, their AD, finance or an administrator."""
    return is_finance(user) or may_act_as_team_ae(account, user)


def can_edit_invoice(user: User, invoice: Invoice) -> bool:
    return can_draft_invoice(user, invoice.account)


def can_issue_invoice(user: User, invoice: Invoice) -> bool:
    return can_draft_invoice(user, invoice.account)


def can_send_invoice(user: User, invoice: Invoice) -> bool:
    """The client hears from the AE only (no bypass): a team AE, their AD, an admin."""
    return may_act_as_team_ae(invoice.account, user)


def can_set_fapiao(user: User) -> bool:
    return is_finance(user)


def can_credit_invoice(user: User) -> bool:
    return is_finance(user)


def can_record_payment(user: User) -> bool:
    return is_finance(user)


def issue_refusals(invoice: Invoice) -> list[str]:
    """Why a draft cannot be issued yet (the button's reasons and the service's error)."""
    reasons = []
    if not invoice.lines.exists():
        reasons.append(_("The invoice has no lines."))
    elif invoice.total <= 0:
        reasons.append(_("The total must be more than zero."))
    if invoice.account.stage in CLOSED_STAGES:
        reasons.append(
            _("The account is %(stage)s.") % {"stage": invoice.account.get_stage_display()}
        )
    # A stale draft may name work since cancelled, or invoiced on another draft issued first.
    lines = list(invoice.lines.all())
    reasons.extend(billable.source_refusals(invoice.account, lines, excluding=invoice))
    return reasons


@dataclass(frozen=True)
class ActionOption:
    name: str
    label: str
    allowed: bool
    reasons: list[str] = field(default_factory=list)


def invoice_actions(invoice: Invoice, user: User) -> dict[str, ActionOption]:
    """What the detail page offers this user now, each with why not: edit, issue, send,
    credit, record a payment."""

    def option(name, label, allowed_by_role, who, state_reasons):
        reasons = ([] if allowed_by_role else [who]) + state_reasons
        return ActionOption(name=name, label=label, allowed=not reasons, reasons=reasons)

    draft_only = [] if invoice.is_draft else [_("Issued invoices cannot be changed.")]
    not_open = (
        []
        if invoice.status in OPEN_STATUSES and not invoice.is_credit_note
        else [_("Only an issued or partially paid invoice can take this.")]
    )
    team = _("Only the account's AEs, their AD or finance may do this.")
    return {
        "edit": option("edit", _("Edit"), can_edit_invoice(user, invoice), team, draft_only),
        "issue": option(
            "issue",
            _("Issue"),
            can_issue_invoice(user, invoice),
            team,
            draft_only or issue_refusals(invoice),
        ),
        "send": option(
            "send",
            _("E-mail to the client"),
            can_send_invoice(user, invoice),
            _("Only the account's AEs send invoices to the client."),
            [_("Issue the invoice first.")] if invoice.is_draft else [],
        ),
        "credit": option(
            "credit",
            _("Issue a credit note"),
            can_credit_invoice(user),
            _("Only finance issues credit notes."),
            not_open,
        ),
        "pay": option(
            "pay",
            _("Record a payment"),
            can_record_payment(user),
            _("Only finance records payments."),
            not_open,
        ),
    }


# --- Lists ----------------------------------------------------------------------------------
#: What an invoice's row and page show besides the invoice (the account comes with its AE).
ROW_RELATIONS = ("client", "account__lead_ae", "credited_invoice")


def listed_invoices(user: User) -> QuerySet[Invoice]:
    """The invoices a list shows the user, by the ids of the user's accounts where there are
    few enough to name: through the visibility subquery PostgreSQL walked the whole agency's
    invoices newest first, testing each, to find an AD's first 50 (~100 ms; ~5 ms by ids)."""
    return invoices_visible_to(user, visible_account_ids(user))


def invoice_list(*, user: User) -> QuerySet[Invoice]:
    """The invoice list page: what a row shows, without N+1. Filters are applied by
    billing.filters.InvoiceFilter. The page's client, account, lead AE and credited invoice
    are read by id after the page (prefetched): joined into the page's query, they made
    PostgreSQL walk the agency's invoices newest first for an AD's 50 (42 → 4 ms)."""
    return listed_invoices(user).prefetch_related(*ROW_RELATIONS)


def invoice_detail(*, user: User) -> QuerySet[Invoice]:
    """One invoice as its page and the API show it (found through the visibility subquery:
    one index probe)."""
    return invoices_visible_to(user).select_related(*ROW_RELATIONS).prefetch_related("lines")


def invoice_history(invoice: Invoice) -> QuerySet[BillingEvent]:
    """The invoice's audit rows; for a credit note, the one that issued it."""
    return BillingEvent.objects.filter(Q(invoice=invoice) | Q(credit_note=invoice)).select_related(
        "by", "payment", "credit_note", "invoice"
    )


def payments_of(invoice: Invoice) -> QuerySet[Payment]:
    return invoice.payments.select_related("recorded_by", "reversed_by")


def payments_today(*, user: User, today: date | None = None) -> QuerySet[Payment]:
    """Finance's "today's payments": recorded today (local time), newest first."""
    today = today or timezone.localdate()
    # A range on the column, not recorded_at__date: that casts every row's timestamp to a
    # local date, which no index can answer (payment_recorded_idx answers the range, in order).
    start = timezone.make_aware(datetime.combine(today, time.min))
    return (
        payments_visible_to(user)
        .filter(recorded_at__gte=start, recorded_at__lt=start + timedelta(days=1))
        .select_related("invoice", "invoice__client", "recorded_by")
        .order_by("-recorded_at", "-id")
    )


def open_balance_of(account: Account) -> Decimal:
    open_invoices = account.invoices.filter(kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES)
    return sum((invoice.balance for invoice in open_invoices), ZERO)


# --- Receivables aging ----------------------------------------------------------------------
BUCKETS = ("current", "1_30", "31_60", "61_90", "over_90")
BUCKET_LABELS = {
    "current": gettext_lazy("Not yet due"),
    "1_30": gettext_lazy("1–30 days"),
    "31_60": gettext_lazy("31–60 days"),
    "61_90": gettext_lazy("61–90 days"),
    "over_90": gettext_lazy("Over 90 days"),
}


def bucket_of(due_date: date, today: date) -> str:
    """Days past the due date: not yet due (or due today) is `current`."""
    days = (today - due_date).days
    if days <= 0:
        return "current"
    if days <= 30:
        return "1_30"
    if days <= 60:
        return "31_60"
    if days <= 90:
        return "61_90"
    return "over_90"


def bucket_q(bucket: str, today: date) -> Q:
    """The due dates of `bucket` on `today`, as a filter: the SQL twin of bucket_of (the
    invoice list's `bucket` filter, the aging report and the dashboards' sums use it)."""
    if bucket == "current":
        return Q(due_date__gte=today)
    if bucket == "over_90":
        return Q(due_date__lt=today - timedelta(days=90))
    low, high = (int(days) for days in bucket.split("_"))  # "31_60": 31..60 days late
    return Q(due_date__gte=today - timedelta(days=high), due_date__lte=today - timedelta(days=low))


def receivable_q() -> Q:
    """Invoices the client still owes on (credit notes and drafts owe nothing)."""
    return Q(kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES)


def overdue_q(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status__in=OPEN_STATUSES, due_date__lt=today, kind=InvoiceKind.INVOICE)
