"""The lists behind the dashboard's figures: the same querysets the figures count or sum,
page by page and as CSV. `/dashboard/list/<figure>/?<scope>&<figure's own parameters>`."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Stage
from agency.models import Department
from media.models import OutletKind

from . import pipeline, revenue, workload
from .scope import Scope
from .tables import Cell


@dataclass(frozen=True)
class Drill:
    title: str
    headers: list
    rows: Callable[[Scope, dict], QuerySet]
    cells: Callable[[object, Scope], list[Cell]]


def _month(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return None


def parameters(get) -> dict:
    """The figure's own parameters, checked (anything else is ignored)."""
    found = {}
    if get.get("stage") in Stage.values:
        found["stage"] = get["stage"]
    if get.get("department") in Department.values:
        found["department"] = get["department"]
    if get.get("kind") in OutletKind.values:
        found["kind"] = get["kind"]
    if get.get("owner", "").isdigit():
        found["owner"] = int(get["owner"])
    if get.get("overdue") in ("1", "true"):
        found["overdue"] = True
    if "reason" in get:
        found["reason"] = get["reason"][:500]
    if month := _month(get.get("month", "")):
        found["month"] = month
    return found


def _account(account, scope: Scope) -> list[Cell]:
    return [
        Cell(account.name, href=reverse("account-detail", args=[account.pk])),
        Cell(account.client.name),
        Cell(account.get_stage_display()),
        Cell(account.stage_entered_at, "datetime"),
        Cell(str(account.lead_ae or "")),
    ]


ACCOUNT_HEADERS = [_("Account"), _("Client"), _("Stage"), _("In stage since"), _("Lead AE")]


def _quiet(account, scope: Scope) -> list[Cell]:
    return [*_account(account, scope), Cell(account.last_contact, "datetime")]


def _task(task, scope: Scope) -> list[Cell]:
    return [
        Cell(task.title, href=reverse("account-workplan", args=[task.account_id])),
        Cell(task.account.name),
        Cell(str(task.owner)),
        Cell(task.get_department_display()),
        Cell(task.get_status_display()),
        Cell(task.due_date, "date"),
    ]


def _meeting(meeting, scope: Scope) -> list[Cell]:
    return [
        Cell(str(meeting), href=reverse("meeting-page", args=[meeting.pk])),
        Cell(meeting.account.name),
        Cell(meeting.held_at, "datetime"),
        Cell(str(meeting.account.lead_ae or "")),
    ]


def _payment(payment, scope: Scope) -> list[Cell]:
    return [
        Cell(str(payment.invoice), href=reverse("invoice", args=[payment.invoice_id])),
        Cell(payment.invoice.client.name),
        Cell(payment.received_on, "date"),
        Cell(payment.get_method_display()),
        Cell(payment.amount, "money", payment.invoice.currency),
    ]


def _buy(buy, scope: Scope) -> list[Cell]:
    return [
        Cell(str(buy), href=reverse("account-media", args=[buy.account_id])),
        Cell(buy.account.name),
        Cell(buy.outlet.get_kind_display()),
        Cell(buy.flight_start, "date"),
        Cell(buy.flight_end, "date"),
        Cell(buy.get_status_display()),
        Cell(buy.gross, "money", buy.currency),
    ]


def _delivery(delivery, scope: Scope) -> list[Cell]:
    buy = delivery.media_buy
    return [
        Cell(str(buy), href=reverse("buy-deliveries", args=[buy.pk])),
        Cell(buy.account.name),
        Cell(buy.outlet.get_kind_display()),
        Cell(delivery.date, "date"),
        Cell(delivery.spend, "money", buy.currency),
    ]


def _invoice(invoice, scope: Scope) -> list[Cell]:
    return [
        Cell(str(invoice), href=reverse("invoice", args=[invoice.pk])),
        Cell(invoice.client.name),
        Cell(invoice.account.name),
        Cell(invoice.due_date, "date"),
        Cell((scope.today - invoice.due_date).days, "int"),
        Cell(invoice.balance_due, "money", invoice.currency),
    ]


def _took(transition):
    return lambda scope, p: pipeline.accounts_that_took(scope, transition, p.get("reason"))


DRILLS: dict[str, Drill] = {
    "stuck": Drill(
        _("Stuck accounts"), ACCOUNT_HEADERS, lambda s, p: pipeline.stuck_accounts(s), _account
    ),
    "open": Drill(
        _("Open accounts"), ACCOUNT_HEADERS, lambda s, p: pipeline.open_accounts(s), _account
    ),
    "left": Drill(
        _("Accounts that left a stage in the period"),
        ACCOUNT_HEADERS,
        lambda s, p: pipeline.accounts_that_left(s, p.get("stage", "")).order_by("name", "pk"),
        _account,
    ),
    "won": Drill(_("Proposals won"), ACCOUNT_HEADERS, _took(pipeline.WON), _account),
    "lost": Drill(_("Accounts lost"), ACCOUNT_HEADERS, _took(pipeline.LOST), _account),
    "revised": Drill(_("Won after a revision"), ACCOUNT_HEADERS, _took(pipeline.REVISED), _account),
    "quiet": Drill(
        _("Accounts without client contact"),
        [*ACCOUNT_HEADERS, _("Last contact")],
        lambda s, p: workload.quiet_accounts(s),
        _quiet,
    ),
    "tasks": Drill(
        _("Open tasks"),
        [_("Task"), _("Account"), _("Owner"), _("Department"), _("Status"), _("Due")],
        lambda s, p: workload.tasks_behind(
            s, owner=p.get("owner"), department=p.get("department"), overdue=p.get("overdue")
        ),
        _task,
    ),
    "owed": Drill(
        _("Contact reports owed"),
        [_("Meeting"), _("Account"), _("Held at"), _("Lead AE")],
        lambda s, p: workload.owed_reports(s),
        _meeting,
    ),
    "payments": Drill(
        _("Payments received"),
        [_("Invoice no."), _("Client"), _("Received on"), _("Method"), _("Amount")],
        lambda s, p: revenue.payments_behind(s, month=p.get("month")),
        _payment,
    ),
    "overdue": Drill(
        _("Overdue invoices"),
        [_("Invoice no."), _("Client"), _("Account"), _("Due"), _("Days late"), _("Balance")],
        lambda s, p: revenue.overdue_invoices(s),
        _invoice,
    ),
    "buys": Drill(
        _("Media booked"),
        [
            _("Buy"),
            _("Account"),
            _("Outlet type"),
            _("Flight start"),
            _("Flight end"),
            _("Status"),
            _("Gross"),
        ],
        lambda s, p: revenue.buys_behind(s, month=p.get("month"), kind=p.get("kind")),
        _buy,
    ),
    "deliveries": Drill(
        _("Media delivered"),
        [_("Buy"), _("Account"), _("Outlet type"), _("Date"), _("Spend")],
        lambda s, p: revenue.deliveries_behind(s, month=p.get("month"), kind=p.get("kind")),
        _delivery,
    ),
}


def describe(parameters: dict, scope: Scope) -> list[str]:
    """What the list is narrowed to, in words (the lead AE and client of the scope too)."""
    from django.utils.formats import date_format

    from accounts.models import Client
    from agency.models import User

    names = {
        "stage": lambda v: Stage(v).label,
        "department": lambda v: Department(v).label,
        "kind": lambda v: OutletKind(v).label,
        "owner": lambda v: User.objects.filter(pk=v).first() or v,
        "overdue": lambda v: _("Overdue"),
        "reason": lambda v: v,
        "month": lambda v: date_format(v, "YEAR_MONTH_FORMAT"),
    }
    words = [str(names[key](value)) for key, value in parameters.items()]
    if scope.ae:
        words.append(f"{_('Lead AE')}: {User.objects.filter(pk=scope.ae).first() or scope.ae}")
    if scope.client:
        client = Client.objects.filter(pk=scope.client).values_list("name", flat=True).first()
        words.append(f"{_('Client')}: {client or scope.client}")
    return words


def rows_of(drill: Drill, items: Iterable, scope: Scope) -> list[list[Cell]]:
    return [drill.cells(item, scope) for item in items]
