"""Guards of the account transitions that depend on billing (`invoice`, `collect`).

Each returns the reasons a person can act on; an empty list means the guard is met. They are
attached in accounts/models.py (`conditions=[...]`), so the transition buttons, the API's
`reasons` and `take_transition` all ask the same function. Billing models are imported inside
the functions: accounts.models imports this module, and billing.models imports accounts.
"""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.lifecycle import guard

from .money import ZERO, format_amount


def invoiced_net(account) -> Decimal:
    """What has been invoiced for the account before tax: the subtotals of its issued
    invoices (paid or not; void ones count too, because their credit notes take them back)
    plus the (negative) subtotals of its credit notes."""
    from .models import InvoiceStatus

    issued = account.invoices.exclude(status=InvoiceStatus.DRAFT)
    return issued.aggregate(net=Sum("subtotal"))["net"] or ZERO


@guard
def invoices_cover_approved_amount(account) -> list[str]:
    """`invoice`: invoices issued for the approved amount.

    The approved amount is the account's budget: the accepted proposal's total. A draft of
    billing.services.suggest_invoice_lines bills what was sold — the booked buys' net and
    commission and the proposal's other items — which meets it when the media share was
    booked in full; media booked for less leaves it short, and the AE adds what the client
    agreed by hand. The rule is "at least": invoiced net of credit notes, before tax, ≥ the
    budget, because extras agreed later (production overruns) may be billed on top; it must
    never be less.
    """
    net = invoiced_net(account)
    if not account.invoices.exclude(status="draft").filter(kind="invoice").exists():
        return [_("No invoice has been issued for this account yet.")]
    if net < account.budget:
        return [
            _(
                "Invoices issued so far total %(invoiced)s %(currency)s before tax; "
                "the approved amount is %(budget)s."
            )
            % {
                "invoiced": format_amount(net),
                "currency": account.currency,
                "budget": format_amount(account.budget),
            }
        ]
    return []


@guard
def no_open_balance(account) -> list[str]:
    """`collect`: every issued invoice is paid (or voided by a credit note)."""
    from .models import OPEN_STATUSES, InvoiceKind

    open_invoices = account.invoices.filter(kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES)
    numbers = list(open_invoices.order_by("number").values_list("number", flat=True))
    if numbers:
        return [
            _("Invoices still open: %(numbers)s.") % {"numbers": ", ".join(numbers)},
        ]
    return []
