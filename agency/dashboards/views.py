"""The home pages: the account director's dashboard with its drill-down lists and CSV
exports, the AE's day and finance's desk. Views parse the scope, call the reports, render."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agency.models import User
from agency.web import login_required, paginate
from billing.selectors import BUCKET_LABELS, BUCKETS

from . import charts, drills, filter_bar, money_tables, personal, reports, tables
from .exports import csv_response
from .scope import Scope, ScopeForm

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


def shown_tables(builders: dict, report) -> dict[str, tables.Table]:
    """The tables of one report as the dashboard shows them (long ones cut short)."""
    return {
        name: build(report, limit=tables.TABLE_ROWS)
        if name in tables.LONG_TABLES
        else build(report)
        for name, build in builders.items()
    }


@login_required
@require_GET
def ad_dashboard(request):
    _require_dashboard(request)
    form = _scope_form(request)
    scope = form.scope(request.user)
    board = reports.dashboard(scope)
    context = {
        "form": form,
        "scope": scope,
        **filter_bar.selects(scope),
        "board": board,
        "charts": charts.charts(board),
        "pipeline": shown_tables(tables.PIPELINE_TABLES, board.pipeline),
        "workload": shown_tables(tables.WORKLOAD_TABLES, board.workload),
        "revenue": shown_tables(money_tables.REVENUE_TABLES, board.revenue),
        "export_query": scope.query(),
    }
    return render(request, "dashboards/ad_dashboard.html", context)


def whole_table(name: str, scope: Scope) -> tables.Table:
    """One table of the dashboard with all its rows, for the scope (Http404 if unknown)."""
    for builders, report in (
        (tables.PIPELINE_TABLES, reports.pipeline_report),
        (tables.WORKLOAD_TABLES, reports.workload_report),
        (money_tables.REVENUE_TABLES, reports.revenue_report),
    ):
        if name in builders:
            return builders[name](report(scope))
    raise Http404


@login_required
@require_GET
def dashboard_export(request, table: str):
    """One table of the dashboard as CSV, for the same scope."""
    _require_dashboard(request)
    scope = _scope_form(request).scope(request.user)
    built = whole_table(table, scope)
    name = f"{table}-{scope.period.start}-{scope.period.end}"
    return csv_response(name, built.headers, built.rows, currency_column=False)


@login_required
@require_GET
def dashboard_table(request, table: str):
    """A table the dashboard shows the first rows of (one row per person, AE, lost
    reason), whole, page by page, or as CSV (`?format=csv`)."""
    _require_dashboard(request)
    if table not in tables.LONG_TABLES:
        raise Http404
    scope = _scope_form(request).scope(request.user)
    built = whole_table(table, scope)
    if request.GET.get("format") == "csv":
        name = f"{table}-{scope.period.start}-{scope.period.end}"
        return csv_response(name, built.headers, built.rows, currency_column=False)
    page = paginate(request, built.rows, LIST_PAGE)
    return _list_page(request, built, table, scope, page, page.object_list)


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
    rows = drills.rows_of(drill, page.object_list, scope)
    return _list_page(request, drill, figure, scope, page, rows, parameters)


@login_required
@require_GET
def dashboard_options(request, kind: str):
    """The filter bar's search (filter_bar: a list too long to offer): the <select> of the
    lead AEs or clients whose name contains `?q=`, for htmx to put in place of the list."""
    _require_dashboard(request)
    if kind not in filter_bar.KINDS:
        raise Http404
    scope = _scope_form(request).scope(request.user)
    text = request.GET.get("q", "").strip()[:100]
    options = filter_bar.found(scope, kind, text) if text else []
    return HttpResponse(filter_bar.select(kind, options, None))


def _list_page(request, listed, figure, scope, page, rows, parameters=None):
    """A page of the rows behind a figure (a drill-down) or of a whole table: `listed` has
    the `title` and `headers`."""
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "drill": listed,
        "figure": figure,
        "scope": scope,
        "filters": drills.describe(parameters or {}, scope),
        "page": page,
        "rows": rows,
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
