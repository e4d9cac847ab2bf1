"""The dashboard's tables: what the page shows beside each chart and what each CSV export
holds, built once from a report. Every figure links to the list behind it, the scope kept."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .reports import PipelineReport, WorkloadReport
from .scope import Scope

NUMERIC = frozenset({"money", "int", "days", "percent"})
#: Tables with a row per person, lead AE or lost reason grow with the agency (an AD's
#: workload table had 125 people at scale 10000, an administrator's thousands): the dashboard
#: shows their first TABLE_ROWS rows, the most loaded first, and links to the whole table.
#: Their builders take a `limit`.
LONG_TABLES = frozenset({"people", "aes", "lost_reasons"})
TABLE_ROWS = 20


@dataclass
class Cell:
    value: object
    kind: str = "text"  # text, int, money, days, percent, date, month, datetime
    currency: str = ""
    href: str = ""


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    more_href: str = ""  # the full list behind a table that shows its first rows
    count: int | None = None  # how many rows that full list has
    csv_href: str = ""  # the CSV of that list, when it is not the list's own `?format=csv`

    @property
    def columns(self) -> list[tuple[str, bool]]:
        """(header, whether its cells are numbers, to be aligned right)."""
        first = self.rows[0] if self.rows else []
        numeric = [cell.kind in NUMERIC for cell in first]
        numeric += [False] * (len(self.headers) - len(numeric))
        return list(zip(self.headers, numeric, strict=True))

    @property
    def export_href(self) -> str:
        return self.csv_href or (self.more_href and f"{self.more_href}&format=csv")


def shortened(table: Table, total: int, limit: int | None, scope: Scope) -> Table:
    """A long table as the dashboard shows it, its first `limit` rows of `total`: how many
    it has, and a link to the whole table (whose `?format=csv` is its CSV)."""
    if limit is not None and total > limit:
        table.count = total
        table.more_href = f"{reverse('dashboard-table', args=[table.name])}?{scope.query()}"
    return table


def currencies_of(*amount_dicts) -> list[str]:
    """The currencies present, the agency's own first; the agency's alone when none is."""
    found = {currency for amounts in amount_dicts for currency in amounts}
    main = getattr(settings, "DEFAULT_CURRENCY", "CNY")
    return [main, *sorted(found - {main})] if found else [main]


def money(amounts: dict, currency: str, href: str = "") -> Cell:
    return Cell(amounts.get(currency, Decimal("0.00")), "money", currency, href)


def drill(scope: Scope, figure: str, **extra) -> str:
    return f"{reverse('dashboard-list', args=[figure])}?{scope.query(**extra)}"


def accounts_href(scope: Scope, **extra) -> str:
    return f"{reverse('account-list')}?{scope.list_query(ae_as='lead_ae', **extra)}"


def invoices_href(scope: Scope, **extra) -> str:
    return f"{reverse('invoices')}?{scope.list_query(**extra)}"


# --- Pipeline ------------------------------------------------------------------------------
def funnel(report: PipelineReport) -> Table:
    scope = report.scope
    currencies = currencies_of(*(s.budget for s in report.stages))
    table = Table(
        "funnel",
        _("Accounts and budget per stage"),
        [_("Stage"), _("Accounts"), *[_("Budget %(c)s") % {"c": c} for c in currencies]],
    )
    for stage in report.stages:
        href = accounts_href(scope, stage=stage.stage)
        table.rows.append(
            [
                Cell(stage.label),
                Cell(stage.accounts, "int", href=href),
                *[money(stage.budget, c) for c in currencies],
            ]
        )
    return table


def stage_times(report: PipelineReport) -> Table:
    scope = report.scope
    table = Table(
        "stage_times",
        _("Average days per stage"),
        [_("Stage"), _("Accounts that left it in the period"), _("Average days")],
    )
    for row in report.stage_times:
        href = drill(scope, "left", stage=row.stage) if row.changes else ""
        table.rows.append(
            [Cell(row.label), Cell(row.changes, "int", href=href), Cell(row.average_days, "days")]
        )
    return table


def account_rows(table: Table, accounts, *, days_attr: str, since_attr: str) -> Table:
    for account in accounts:
        table.rows.append(
            [
                Cell(account.name, href=reverse("account-detail", args=[account.pk])),
                Cell(account.client.name),
                Cell(account.get_stage_display()),
                Cell(getattr(account, since_attr), "datetime"),
                Cell(getattr(account, days_attr), "int"),
                Cell(str(account.lead_ae or "")),
            ]
        )
    return table


def stuck(report: PipelineReport) -> Table:
    scope = report.scope
    table = Table(
        "stuck",
        _("Stuck for more than %(n)s days") % {"n": scope.stuck_days},
        [_("Account"), _("Client"), _("Stage"), _("In stage since"), _("Days"), _("Lead AE")],
        more_href=drill(scope, "stuck"),
        count=report.stuck.count,
    )
    for account in report.stuck.rows:
        account.days = (scope.now - account.stage_entered_at).days
    return account_rows(table, report.stuck.rows, days_attr="days", since_attr="stage_entered_at")


def proposals(report: PipelineReport) -> Table:
    scope, p = report.scope, report.proposals
    return Table(
        "proposals",
        _("Proposals decided in the period"),
        [_("Figure"), _("Value")],
        [
            [Cell(_("Won")), Cell(p.won, "int", href=drill(scope, "won"))],
            [Cell(_("Lost")), Cell(p.lost, "int", href=drill(scope, "lost"))],
            [Cell(_("Win rate")), Cell(p.win_rate, "percent")],
            [
                Cell(_("Revisions before winning")),
                Cell(p.revisions, "int", href=drill(scope, "revised")),
            ],
            [Cell(_("Revisions per won proposal")), Cell(p.revisions_per_won, "days")],
        ],
    )


def lost_reasons(report: PipelineReport, limit: int | None = None) -> Table:
    scope, reasons = report.scope, report.proposals.reasons
    table = Table("lost_reasons", _("Lost reasons"), [_("Reason"), _("Accounts")])
    for reason in reasons[:limit]:
        href = drill(scope, "lost", reason=reason.reason)
        table.rows.append([Cell(reason.reason), Cell(reason.accounts, "int", href=href)])
    return shortened(table, len(reasons), limit, scope)


# --- Workload ------------------------------------------------------------------------------
def people(report: WorkloadReport, limit: int | None = None) -> Table:
    scope = report.scope
    table = Table(
        "people",
        _("Open tasks per person"),
        [_("Person"), _("Department"), pgettext("tasks", "Open"), _("Overdue")],
    )
    for person in report.people[:limit]:
        table.rows.append(
            [
                Cell(person.name),
                Cell(person.department),
                Cell(person.open, "int", href=drill(scope, "tasks", owner=person.key)),
                Cell(
                    person.overdue, "int", href=drill(scope, "tasks", owner=person.key, overdue=1)
                ),
            ]
        )
    return shortened(table, len(report.people), limit, scope)


def departments(report: WorkloadReport) -> Table:
    scope = report.scope
    table = Table(
        "departments",
        _("Open tasks per department"),
        [_("Department"), pgettext("tasks", "Open"), _("Overdue")],
    )
    for row in report.departments:
        table.rows.append(
            [
                Cell(row.name),
                Cell(row.open, "int", href=drill(scope, "tasks", department=row.key)),
                Cell(row.overdue, "int", href=drill(scope, "tasks", department=row.key, overdue=1)),
            ]
        )
    return table


def aes(report: WorkloadReport, limit: int | None = None) -> Table:
    scope = report.scope
    leading = [ae for ae in report.aes if ae.ae is not None]
    table = Table(
        "aes",
        _("Accounts per lead AE"),
        [_("Lead AE"), pgettext("accounts", "Open"), _("On hold"), _("Closed"), _("Total")],
    )
    for ae in leading[:limit]:
        table.rows.append(
            [
                Cell(ae.name),
                Cell(ae.open, "int", href=drill(scope, "open", ae=ae.ae)),
                Cell(ae.on_hold, "int", href=accounts_href(scope.but(ae=ae.ae), stage="on_hold")),
                Cell(ae.closed, "int"),
                Cell(ae.total, "int", href=accounts_href(scope.but(ae=ae.ae))),
            ]
        )
    return shortened(table, len(leading), limit, scope)


def quiet(report: WorkloadReport) -> Table:
    scope = report.scope
    table = Table(
        "quiet",
        _("No client contact for %(n)s days") % {"n": scope.quiet_days},
        [_("Account"), _("Client"), _("Stage"), _("Last contact"), _("Days"), _("Lead AE")],
        more_href=drill(scope, "quiet"),
        count=report.quiet.count,
    )
    for account in report.quiet.rows:
        account.days = (scope.now - account.last_contact).days
    return account_rows(table, report.quiet.rows, days_attr="days", since_attr="last_contact")


def owed(report: WorkloadReport) -> Table:
    scope = report.scope
    table = Table(
        "owed",
        _("Contact reports owed"),
        [_("Meeting"), _("Account"), _("Held at"), _("Lead AE")],
        more_href=drill(scope, "owed"),
        count=report.owed.count,
    )
    for meeting in report.owed.rows:
        table.rows.append(
            [
                Cell(str(meeting), href=reverse("meeting-page", args=[meeting.pk])),
                Cell(meeting.account.name),
                Cell(meeting.held_at, "datetime"),
                Cell(str(meeting.account.lead_ae or "")),
            ]
        )
    return table


PIPELINE_TABLES = {
    "funnel": funnel,
    "stage_times": stage_times,
    "stuck": stuck,
    "proposals": proposals,
    "lost_reasons": lost_reasons,
}
WORKLOAD_TABLES = {
    "people": people,
    "departments": departments,
    "aes": aes,
    "quiet": quiet,
    "owed": owed,
}
