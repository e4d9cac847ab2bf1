"""Workload and client attention: open and overdue tasks per person and per department,
accounts nobody has spoken to the client about for a while, contact reports owed."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, DateTimeField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from accounts.models import OPEN_STAGES, Account
from agency.models import Department
from agency.people import person_name
from campaigns.models import Communication, ContactReport, Meeting, Task, TaskStatus
from campaigns.models.meetings import CLIENT_MEETING_KINDS, CONTACT_REPORT_DUE
from campaigns.selectors import tasks_visible_to
from campaigns.selectors.meetings import meetings_visible_to

from .figures import Top, top
from .scope import Scope


# --- Tasks ---------------------------------------------------------------------------------
@dataclass
class TaskLoad:
    key: int | str
    name: str
    department: str
    open: int = 0
    overdue: int = 0


def open_tasks(scope: Scope) -> QuerySet[Task]:
    """Unfinished tasks on the accounts in scope whose work the user sees."""
    tasks = tasks_visible_to(scope.user, scope.seen)
    return scope.narrow(tasks, "account__").exclude(status=TaskStatus.DONE)


def workload(scope: Scope) -> tuple[list[TaskLoad], list[TaskLoad]]:
    """Open and overdue tasks per owner and per department (the task's department). One
    query grouped by owner and department."""
    overdue = Q(due_date__lt=scope.today)
    rows = (
        open_tasks(scope)
        .order_by()
        .values(
            "owner_id",
            "owner__username",
            "owner__first_name",
            "owner__last_name",
            "owner__department",
            "department",
        )
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue))
    )
    people: dict[int, TaskLoad] = {}
    departments: dict[str, TaskLoad] = {}
    labels = dict(Department.choices)
    for row in rows:
        name = person_name(
            row["owner__username"], row["owner__first_name"], row["owner__last_name"]
        )
        owner_department = str(labels.get(row["owner__department"], ""))
        person = people.setdefault(
            row["owner_id"], TaskLoad(row["owner_id"], name, owner_department)
        )
        code = row["department"]
        department = departments.setdefault(
            code, TaskLoad(code, str(labels.get(code, code)), str(labels.get(code, code)))
        )
        for load in (person, department):
            load.open += row["open"]
            load.overdue += row["overdue"]
    order = {code: n for n, code in enumerate(Department.values)}
    return (
        sorted(people.values(), key=lambda p: (-p.overdue, -p.open, p.name)),
        sorted(departments.values(), key=lambda d: order.get(d.key, len(order))),
    )


def tasks_behind(scope: Scope, *, owner=None, department=None, overdue=False):
    """The tasks behind a workload figure, soonest due first."""
    tasks = open_tasks(scope)
    if owner:
        tasks = tasks.filter(owner_id=owner)
    if department:
        tasks = tasks.filter(department=department)
    if overdue:
        tasks = tasks.filter(due_date__lt=scope.today)
    return tasks.select_related("account", "owner").order_by("due_date", "id")


# --- Client attention ----------------------------------------------------------------------
def _latest(model, moment: str, **conditions) -> Subquery:
    rows = model.objects.filter(account=OuterRef("pk"), **conditions).order_by()
    return Subquery(
        rows.values("account").annotate(latest=Max(moment)).values("latest")[:1],
        output_field=DateTimeField(),
    )


def last_client_contact() -> Greatest:
    """The latest exchange with the client: a logged communication, a client meeting held, a
    contact report filed; an account with none counts from its opening."""
    opened = "created_at"
    return Greatest(
        Coalesce(_latest(Communication, "occurred_at"), opened),
        Coalesce(_latest(Meeting, "held_at", kind__in=CLIENT_MEETING_KINDS), opened),
        Coalesce(_latest(ContactReport, "created_at"), opened),
    )


def quiet_accounts(scope: Scope) -> QuerySet[Account]:
    """Open accounts (on hold ones wait on purpose) with no client contact for
    `quiet_days`, the longest silence first."""
    cutoff = scope.now - timedelta(days=scope.quiet_days)
    return (
        scope.accounts()
        .filter(stage__in=OPEN_STAGES)
        .annotate(last_contact=last_client_contact())
        .filter(last_contact__lt=cutoff)
        .select_related("client", "lead_ae")
        .order_by("last_contact", "pk")
    )


def quiet(scope: Scope) -> Top:
    return top(quiet_accounts(scope))


def owed_reports(scope: Scope) -> QuerySet[Meeting]:
    """Client meetings still waiting for their contact report CONTACT_REPORT_DUE (24 h) after
    they were held, on the accounts in scope, oldest first: campaigns' contact_reports_owed
    for every account the user sees (an administrator's dashboard too)."""
    meetings = meetings_visible_to(scope.user, scope.seen).filter(
        kind__in=CLIENT_MEETING_KINDS,
        held_at__lte=scope.now - CONTACT_REPORT_DUE,
        contact_report__isnull=True,
    )
    return (
        scope.narrow(meetings, "account__")
        .select_related("account", "account__lead_ae")
        .order_by("held_at", "id")
    )


def owed(scope: Scope) -> Top:
    return top(owed_reports(scope))
