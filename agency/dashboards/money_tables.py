"""The dashboard's money and media tables (see tables.py for what a table is)."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from billing.money import ZERO
from billing.selectors import BUCKET_LABELS, BUCKETS

from .reports import RevenueReport
from .revenue import Receivables
from .scope import Scope, add_months
from .tables import Cell, Table, currencies_of, drill, invoices_href, money


# --- Money and media -----------------------------------------------------------------------
def months(report: RevenueReport) -> Table:
    scope = report.scope
    currencies = currencies_of(
        *(m.invoiced for m in report.months), *(m.collected for m in report.months)
    )
    table = Table(
        "months",
        _("Invoiced and collected per month"),
        [
            _("Month"),
            *[pgettext("money", "Invoiced %(c)s") % {"c": c} for c in currencies],
            *[pgettext("money", "Collected %(c)s") % {"c": c} for c in currencies],
        ],
    )
    for month in report.months:
        first, last = month.month, add_months(month.month, 1) - timedelta(days=1)
        paid = drill(scope, "payments", month=first.isoformat()[:7])

        def issued(currency, first=first, last=last):
            dates = {"issued_after": first.isoformat(), "issued_before": last.isoformat()}
            return invoices_href(scope, currency=currency, **dates)

        table.rows.append(
            [
                Cell(first, "month"),
                *[money(month.invoiced, c, issued(c)) for c in currencies],
                *[money(month.collected, c, paid) for c in currencies],
            ]
        )
    return table


OPEN = {"status": ["issued", "partially_paid"], "kind": "invoice"}


def aging(report: RevenueReport) -> Table:
    """Receivables: a row per bucket, then the open total and what falls due in the next 30
    days, a column per currency; each amount opens the invoice list behind it."""
    scope, today = report.scope, report.scope.today
    by_currency = {r.currency: r for r in report.receivables}
    currencies = currencies_of(by_currency)
    empty = Receivables("", dict.fromkeys(BUCKETS, ZERO), ZERO, ZERO)
    soon = {"due_after": today.isoformat(), "due_before": (today + timedelta(days=30)).isoformat()}
    lines = [(str(BUCKET_LABELS[b]), lambda r, b=b: r.buckets[b], {"bucket": b}) for b in BUCKETS]
    lines += [
        (_("Total open"), lambda r: r.total, OPEN),
        (_("Due in the next 30 days"), lambda r: r.expected, {**OPEN, **soon}),
    ]
    table = Table("aging", _("Receivables by age"), [_("Days past due"), *currencies])
    for label, amount, filters in lines:
        table.rows.append(
            [Cell(label)]
            + [
                Cell(
                    amount(by_currency.get(c, empty)),
                    "money",
                    c,
                    invoices_href(scope, currency=c, **filters),
                )
                for c in currencies
            ]
        )
    return table


def overdue(report: RevenueReport) -> Table:
    scope = report.scope
    table = Table(
        "overdue",
        _("Largest overdue invoices"),
        [_("Invoice no."), _("Client"), _("Account"), _("Due"), _("Days late"), _("Balance")],
        more_href=invoices_href(scope, overdue="true"),
        count=report.overdue.count,
        csv_href=drill(scope, "overdue", format="csv"),
    )
    for invoice in report.overdue.rows:
        table.rows.append(
            [
                Cell(str(invoice), href=reverse("invoice", args=[invoice.pk])),
                Cell(invoice.client.name),
                Cell(invoice.account.name),
                Cell(invoice.due_date, "date"),
                Cell((scope.today - invoice.due_date).days, "int"),
                Cell(invoice.balance_due, "money", invoice.currency),
            ]
        )
    return table


def media_table(name: str, title, first: str, figures, scope: Scope, link_key: str) -> Table:
    currencies = currencies_of(*(f.booked for f in figures), *(f.delivered for f in figures))
    table = Table(
        name,
        title,
        [
            first,
            *[_("Booked %(c)s") % {"c": c} for c in currencies],
            *[_("Delivered %(c)s") % {"c": c} for c in currencies],
        ],
    )
    for figure in figures:
        key = figure.key.isoformat()[:7] if link_key == "month" else figure.key
        label = Cell(figure.key, "month") if link_key == "month" else Cell(figure.label)
        table.rows.append(
            [
                label,
                *[
                    money(figure.booked, c, drill(scope, "buys", **{link_key: key}))
                    for c in currencies
                ],
                *[
                    money(figure.delivered, c, drill(scope, "deliveries", **{link_key: key}))
                    for c in currencies
                ],
            ]
        )
    return table


def media_months(report: RevenueReport) -> Table:
    return media_table(
        "media_months",
        _("Media spend per month"),
        _("Month"),
        report.media_months,
        report.scope,
        "month",
    )


def media_kinds(report: RevenueReport) -> Table:
    return media_table(
        "media_kinds",
        _("Media spend per outlet type"),
        _("Outlet type"),
        report.media_kinds,
        report.scope,
        "kind",
    )


REVENUE_TABLES = {
    "months": months,
    "aging": aging,
    "overdue": overdue,
    "media_months": media_months,
    "media_kinds": media_kinds,
}
