"""The receivables aging page and its CSV (billing.aging reads the figures)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from agency.csv_export import csv_safe, streamed_csv
from agency.web import CountedInPage, paginate

from . import aging
from .models import OPEN_STATUSES, InvoiceKind
from .selectors import BUCKETS

#: Rows per page (clients or lead AEs).
AGING_PAGE = 50


@dataclass(frozen=True)
class ShownRow:
    """A row as the page shows it: each figure with the invoice list behind it."""

    row: aging.AgingRow
    href: str  # every open invoice of the row
    cells: list[tuple[Decimal, str]]  # per bucket: the amount, its invoices


#: The open invoices of a row: the invoice list's filters (a bucket's: `&bucket=`, which
#: keeps open invoices only).
OPEN_INVOICES = urlencode({"kind": InvoiceKind.INVOICE, "status": OPEN_STATUSES}, doseq=True)


def shown(rows: Iterable[aging.AgingRow], group: str | None) -> list[ShownRow]:
    """`group` names the rows' key in the invoice list's filters (None: the totals)."""
    invoices, lines = reverse("invoices"), []
    for row in rows:
        if group and row.key is None:  # no lead AE: no filter names those invoices
            lines.append(ShownRow(row, "", [(row.buckets[b], "") for b in BUCKETS]))
            continue
        filters = ({group: row.key} if group else {}) | {"currency": row.currency}
        behind = f"{invoices}?{urlencode(filters)}"
        cells = [(row.buckets[b], f"{behind}&bucket={b}") for b in BUCKETS]
        lines.append(ShownRow(row, f"{behind}&{OPEN_INVOICES}", cells))
    return lines


@login_required
def ar_aging(request):
    """The totals per currency, then a page of rows per client (or `?group=ae`: lead AE),
    the largest overdue balance first; every figure links to the invoices behind it."""
    group = request.GET.get("group")
    group = group if group in aging.GROUPINGS else "client"
    today = timezone.localdate()
    rows = aging.aging_rows(user=request.user, group=group, today=today)
    page = paginate(request, rows, AGING_PAGE, paginator=CountedInPage)
    context = {
        "as_of": today,
        "group": group,
        "totals": shown(aging.aging_totals(user=request.user, today=today), None),
        "page": page,
        "rows": shown((aging.as_row(values, group) for values in page.object_list), group),
    }
    return render(request, "billing/ar_aging.html", context)


@login_required
def ar_aging_csv(request):
    """Every row, per client then per lead AE, then the totals, streamed as it is read."""
    today = timezone.localdate()
    return streamed_csv(f"ar-aging-{today}", _csv_rows(request.user, today))


def _csv_rows(user, today) -> Iterator[list[str]]:
    yield ["group", "name", "currency", *BUCKETS, "total"]
    for group in aging.GROUPINGS:
        yield from _csv_lines(group, aging.all_rows(user=user, group=group, today=today))
    yield from _csv_lines("total", aging.aging_totals(user=user, today=today))


def _csv_lines(group: str, rows: Iterable[aging.AgingRow]) -> Iterator[list[str]]:
    for row in rows:
        amounts = [f"{row.buckets[b]:.2f}" for b in BUCKETS]
        yield [group, csv_safe(row.name), row.currency, *amounts, f"{row.total:.2f}"]
