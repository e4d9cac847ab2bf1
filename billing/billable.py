"""What an account's work makes billable: what was sold, what its invoices cover, what is left.

**Sold** — each booked (running, completed, reconciled) media buy twice: its net cost, paid on
to the outlet (a `media_net` line), and the agency's commission on it (a `commission` line),
both as stored on the buy (media.costs priced it, so net + commission = gross to the cent);
and each budget line of the accepted proposal that is not media (the media share is billed
through the buys): production as `production`, other departments' work as `fee`, a line
without a department as `other`.

**Covered** — the net amounts of the account's invoice lines that name the source, drafts
included (a draft waiting to be issued has claimed its work), less what credit notes gave
back: an invoice credited for a share of its total (tax included) gives back that share of
its net, spread over its lines in proportion to their net amounts (largest remainder, in
cents, so the parts add up exactly). Crediting an unpaid invoice in full gives back all it
billed; crediting only what a partial payment left open gives back only that part, and the
paid part stays invoiced.

**Left** = sold − covered, per source: what the next draft suggests, and the most a line
naming that source may bill (`source_refusals`): nothing is invoiced twice.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.models import Account
from agency.models import Department

from .models import Invoice, InvoiceKind, InvoiceLine, LineKind
from .money import ZERO, to_cents

#: The kinds of a line billed from a media buy; any other kind bills a budget line.
MEDIA_KINDS = (LineKind.MEDIA_NET, LineKind.COMMISSION)
#: How a budget line of each department is invoiced (media is not: the buys are).
KIND_OF_DEPARTMENT = {Department.PRODUCTION: LineKind.PRODUCTION, "": LineKind.OTHER}


@dataclass(frozen=True)
class Source:
    """What a line bills: one of a buy's two amounts, or one budget line."""

    media_buy_id: int | None = None
    budget_line_id: int | None = None
    part: str = ""  # of a buy: "media_net" or "commission"


@dataclass(frozen=True)
class Sold:
    source: Source
    kind: str
    description: str
    amount: Decimal

    @property
    def kind_label(self) -> str:
        return str(LineKind(self.kind).label)


def source_of(*, media_buy_id=None, budget_line_id=None, kind: str = "") -> Source | None:
    """The source a line names, or None for a line added by hand."""
    if media_buy_id:
        part = LineKind.COMMISSION if kind == LineKind.COMMISSION else LineKind.MEDIA_NET
        return Source(media_buy_id=media_buy_id, part=str(part))
    if budget_line_id:
        return Source(budget_line_id=budget_line_id)
    return None


def line_source(line: InvoiceLine) -> Source | None:
    return source_of(
        media_buy_id=line.media_buy_id, budget_line_id=line.budget_line_id, kind=line.kind
    )


# --- Sold ----------------------------------------------------------------------------------
def sold(account: Account) -> list[Sold]:
    """Everything sold on the account, in the order a draft lists it: media by flight, then
    the proposal's other items in their order. Two queries."""
    return [*_media_sold(account), *_budget_sold(account)]


def _media_sold(account: Account) -> list[Sold]:
    from media.models import BOOKED_STATUSES

    buys = account.media_buys.filter(status__in=BOOKED_STATUSES).select_related("outlet")
    items = []
    for buy in buys.order_by("flight_start", "id"):
        what = _("%(buy)s, %(start)s – %(end)s") % {
            "buy": buy,
            "start": buy.flight_start.isoformat(),
            "end": buy.flight_end.isoformat(),
        }
        items.append(
            Sold(
                source=source_of(media_buy_id=buy.pk, kind=LineKind.MEDIA_NET),
                kind=LineKind.MEDIA_NET,
                description=_("Media (net): %(what)s") % {"what": what},
                amount=buy.net,
            )
        )
        items.append(
            Sold(
                source=source_of(media_buy_id=buy.pk, kind=LineKind.COMMISSION),
                kind=LineKind.COMMISSION,
                description=_("Agency commission (%(rate)s%%) on %(what)s")
                % {"rate": buy.commission_percent, "what": what},
                amount=buy.commission,
            )
        )
    return items


def _budget_sold(account: Account) -> list[Sold]:
    from campaigns.models import BudgetLine, ProposalStatus

    lines = BudgetLine.objects.filter(
        proposal__account=account, proposal__status=ProposalStatus.ACCEPTED
    ).exclude(department=Department.MEDIA)
    return [
        Sold(
            source=source_of(budget_line_id=line.pk),
            kind=KIND_OF_DEPARTMENT.get(line.department, LineKind.FEE),
            description=line.description,
            amount=line.amount,
        )
        for line in lines.order_by("proposal_id", "position", "id")
    ]


# --- Covered -------------------------------------------------------------------------------
def covered(account: Account, *, excluding: Invoice | None = None) -> dict[Source, Decimal]:
    """Net amount covered per source by the account's invoices (all but `excluding`, the
    draft being written), credit notes' releases deducted. At most three queries."""
    lines = InvoiceLine.objects.filter(
        invoice__account=account, invoice__kind=InvoiceKind.INVOICE
    ).exclude(media_buy=None, budget_line=None)
    if excluding is not None and excluding.pk:
        lines = lines.exclude(invoice=excluding)
    lines = list(lines.only("invoice_id", "kind", "amount", "media_buy_id", "budget_line_id"))
    released = _released(sorted({line.invoice_id for line in lines}))
    amounts: dict[Source, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        amounts[line_source(line)] += line.amount - released.get(line.pk, ZERO)
    return dict(amounts)


def _released(invoice_ids: list[int]) -> dict[int, Decimal]:
    """Line id → the part of its net amount that credit notes gave back.

    An invoice credited for `amount_credited` of its `total` (tax included) gives back that
    share of its net, spread over its lines: all of it when the credit is the whole total."""
    credited = Invoice.objects.filter(pk__in=invoice_ids, amount_credited__gt=0)
    shares = {
        invoice.pk: to_cents(invoice.subtotal * invoice.amount_credited / invoice.total)
        for invoice in credited.only("subtotal", "total", "amount_credited")
        if invoice.total > 0
    }
    if not shares:
        return {}
    by_invoice = defaultdict(list)
    lines = InvoiceLine.objects.filter(invoice__in=shares).order_by("invoice_id", "position")
    for line in lines.only("invoice_id", "amount"):
        by_invoice[line.invoice_id].append(line)
    released = {}
    for invoice_id, invoice_lines in by_invoice.items():
        weights = [max(line.amount, ZERO) for line in invoice_lines]
        parts = allocate(min(shares[invoice_id], sum(weights, ZERO)), weights)
        released.update({line.pk: part for line, part in zip(invoice_lines, parts, strict=True)})
    return released


def allocate(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`amount` split in cents in proportion to `weights` (not negative), the leftover cents
    going to the largest remainders (the earlier line on a tie): the shares add up to
    `amount` exactly. All zero weights take nothing (and `amount` must then be zero)."""
    cents, total = int(amount * 100), sum(int(w * 100) for w in weights)
    if total == 0:
        return [ZERO for _ in weights]
    floors, remainders = [], []
    for index, weight in enumerate(weights):
        share, remainder = divmod(cents * int(weight * 100), total)
        floors.append(share)
        remainders.append((-remainder, index))
    for _remainder, index in sorted(remainders)[: cents - sum(floors)]:
        floors[index] += 1
    return [Decimal(share) / 100 for share in floors]


# --- Left ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One item sold, what the invoices cover of it and what is left."""

    item: Sold
    covered: Decimal

    @property
    def left(self) -> Decimal:
        return self.item.amount - self.covered


def statement(account: Account, *, excluding: Invoice | None = None) -> list[Row]:
    """Every item sold on the account beside what the invoices (but `excluding`) cover."""
    done = covered(account, excluding=excluding)
    return [Row(item=item, covered=done.get(item.source, ZERO)) for item in sold(account)]


def left_to_invoice(rows: list[Row]) -> list[Sold]:
    """What was sold and no invoice covers yet, with the amount still open (> 0)."""
    return [replace(row.item, amount=row.left) for row in rows if row.left > 0]


def source_refusals(account: Account, lines: list[InvoiceLine], *, excluding=None) -> list[str]:
    """Why these lines (of one draft of `account`) may not bill what they name: a source
    not sold on this account, the wrong kind for it, or more than is left of it."""
    named = [(position, line, line_source(line)) for position, line in enumerate(lines, 1)]
    named = [(position, line, source) for position, line, source in named if source]
    if not named:
        return []
    items = {item.source: item for item in sold(account)}
    done = covered(account, excluding=excluding)
    reasons, billed = [], defaultdict(lambda: ZERO)
    for position, line, source in named:
        item = items.get(source)
        problem = _line_problem(line, item)
        if problem:
            reasons.append(_("Line %(n)s: %(problem)s.") % {"n": position, "problem": problem})
            continue
        billed[source] += line.amount
    for source, amount in billed.items():
        open_amount = items[source].amount - done.get(source, ZERO)
        if amount > open_amount:
            reasons.append(_over_billed(items[source], max(open_amount, ZERO)))
    return reasons


def _line_problem(line: InvoiceLine, item: Sold | None) -> str:
    if item is None:
        return _("what it names is not work sold on this account")
    if (line.media_buy_id is not None) != (line.kind in MEDIA_KINDS):
        return _("a media buy is billed as media or commission, a budget item as anything else")
    if line.amount <= 0:
        return _("a line billing sold work must be more than zero")
    return ""


def _over_billed(item: Sold, open_amount: Decimal) -> str:
    return _("“%(what)s”: only %(left)s is left to invoice (%(sold)s sold).") % {
        "what": item.description,
        "left": f"{open_amount:,.2f}",
        "sold": f"{item.amount:,.2f}",
    }
