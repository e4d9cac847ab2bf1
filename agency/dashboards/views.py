"""The home pages: the account director's dashboard with its drill-down lists and CSV
exports, the AE's day and finance's desk. Views parse the scope, call the reports, render."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Value
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.selectors import account_managers, clients_visible_to
from agency.models import User
from agency.people import users_directed_by
from agency.web import login_required, paginate
from billing.selectors import BUCKET_LABELS, BUCKETS

from . import charts, drills, money_tables, personal, reports, tables
from .exports import csv_response
from .pipeline import person_name
from .scope import ScopeForm

#: Rows per page of a drill-down list.
LIST_PAGE = 50


def may_see_dashboard(user: User) -> bool:
    """The account director's dashboard: ADs (their groups) and administrators (all)."""
    return user.is_superuser or user.is_ad


def _scope_form(request) -> ScopeForm:
    form = ScopeForm(request.GET)
    form.is_valid()
    return form


def _require_dashboard(request) -> None:
    if not may_see_dashboard(request.user):
        raise PermissionDenied


@dataclass(frozen=True)
class Choice:
    pk: int
    label: str

    def __str__(self) -> str:
        return self.label


def filter_choices(user: User) -> tuple[list[Choice], list[Choice]]:
    """The filter bar's lead AEs (those the AD directs; every AE for an administrator) and
    clients (those the user sees): one query, a UNION of the two lists."""
    aes = account_managers() if user.is_superuser else users_directed_by(user)
    text = CharField()
    people = aes.order_by().values_list(
        Value("ae", output_field=text), "pk", "username", "first_name", "last_name"
    )
    clients = (
        clients_visible_to(user)
        .order_by()
        .values_list(
            Value("client", output_field=text),
            "pk",
            "name",
            Value("", output_field=text),
            Value("", output_field=text),
        )
    )
    found: dict[str, list[Choice]] = {"ae": [], "client": []}
    for kind, pk, name, first, last in people.union(clients, all=True):
        found[kind].append(Choice(pk, person_name(name, first, last) if kind == "ae" else name))
    return (
        sorted(found["ae"], key=lambda c: c.label.lower()),
        sorted(found["client"], key=lambda c: c.label.lower()),
    )


@login_required
@require_GET
def ad_dashboard(request):
    _require_dashboard(request)
    form = _scope_form(request)
    scope = form.scope(request.user)
    board = reports.dashboard(scope)
    aes, clients = filter_choices(request.user)
    context = {
        "form": form,
        "scope": scope,
        "aes": aes,
        "clients": clients,
        "board": board,
        "charts": charts.charts(board),
        "pipeline": {n: build(board.pipeline) for n, build in tables.PIPELINE_TABLES.items()},
        "workload": {n: build(board.workload) for n, build in tables.WORKLOAD_TABLES.items()},
        "revenue": {n: build(board.revenue) for n, build in money_tables.REVENUE_TABLES.items()},
        "export_query": scope.query(),
    }
    return render(request, "dashboards/ad_dashboard.html", context)


@login_required
@require_GET
def dashboard_export(request, table: str):
    """One table of the dashboard as CSV, for the same scope."""
    _require_dashboard(request)
    scope = _scope_form(request).scope(request.user)
    for builders, report in (
        (tables.PIPELINE_TABLES, reports.pipeline_report),
        (tables.WORKLOAD_TABLES, reports.workload_report),
        (money_tables.REVENUE_TABLES, reports.revenue_report),
    ):
        if table in builders:
            built = builders[table](report(scope))
            name = f"{table}-{scope.period.start}-{scope.period.end}"
            return csv_response(name, built.headers, built.rows, currency_column=False)
    raise Http404


@login_required
@require_GET
def dashboard_list(request, figure: str):
    """The list behind a figure, page by page, or all of it as CSV (`?format=csv`)."""
    _require_dashboard(request)
    drill = drills.DRILLS.get(figure)
    if drill is None:
        raise Http404
    form = _scope_form(request)
    scope = form.scope(request.user)
    parameters = drills.parameters(request.GET)
    items = drill.rows(scope, parameters)
    if request.GET.get("format") == "csv":
        rows = (drill.cells(item, scope) for item in items.iterator(chunk_size=500))
        return csv_response(f"{figure}-{scope.today}", drill.headers, rows, currency_column=True)
    page = paginate(request, items, LIST_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "drill": drill,
        "figure": figure,
        "scope": scope,
        "filters": drills.describe(parameters, scope),
        "page": page,
        "rows": drills.rows_of(drill, page.object_list, scope),
        "query": query.urlencode(),
        "back_query": scope.query(),
    }
    return render(request, "dashboards/drill.html", context)


@login_required
@require_GET
def my_day(request):
    """The AE's home page: their accounts, this week's tasks, meetings, contact reports owed,
    unread reminders, overdue invoices of their accounts."""
    day = personal.my_day(request.user)
    return render(request, "dashboards/my_day.html", {"day": day})


@login_required
@require_GET
def finance_desk(request):
    """Finance's home page: receivables and their age, what is due this week, the payments
    recorded last, the accounts waiting for an invoice."""
    if not (request.user.is_superuser or request.user.is_finance):
        raise PermissionDenied
    desk = personal.finance_desk(request.user)
    labels = [BUCKET_LABELS[bucket] for bucket in BUCKETS]
    return render(request, "dashboards/finance_desk.html", {"desk": desk, "bucket_labels": labels})
