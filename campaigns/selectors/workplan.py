"""Reads of the work plan: who sees which tasks, an account's plan with its progress, and
each person's own tasks. Every queryset starts from `work_accounts_visible_to`."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Account
from accounts.selectors import SeenAccounts, accounts_visible_to, of_visible_accounts
from agency.models import Department, User
from campaigns.models import Milestones, Task, TaskStatus, TeamMember


def work_accounts_visible_to(user: User) -> QuerySet[Account]:
    """Accounts whose campaign work (plan, meetings, contact reports, client log) `user` sees.

    Exactly `accounts_visible_to`, except finance: finance sees billing, not creative work
    (domain.md), so it sees an account's work only when it is on the account's team.
    """
    accounts = accounts_visible_to(user)
    if user.is_authenticated and user.is_finance and not user.is_superuser:
        on_team = TeamMember.objects.filter(account=OuterRef("pk"), user=user)
        accounts = accounts.filter(Exists(on_team))
    return accounts


def on_work_accounts(user: User, seen: SeenAccounts | None = None) -> Q:
    """The condition "the row is of an account whose work `user` sees"; by the ids `seen`
    names (accounts.selectors.SeenAccounts) when given: they are the same accounts for
    everyone but finance, whose `seen` is never read (it sees every account)."""
    if seen is not None and not user.is_finance:
        return of_visible_accounts(user, "account", seen)
    return Q(account__in=work_accounts_visible_to(user))


def tasks_visible_to(user: User, seen: SeenAccounts | None = None) -> QuerySet[Task]:
    return Task.objects.filter(on_work_accounts(user, seen))


def with_owner_on_team(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Annotate `owner_on_team`: False flags a task whose owner has left the account's team."""
    on_team = TeamMember.objects.filter(account=OuterRef("account_id"), user=OuterRef("owner_id"))
    return tasks.annotate(owner_on_team=Exists(on_team))


def task_list(*, user: User) -> QuerySet[Task]:
    """Tasks as lists show them (API, my tasks): no N+1, the owner-left flag annotated."""
    tasks = tasks_visible_to(user).select_related("account", "owner", "predecessor")
    return with_owner_on_team(tasks)


# --- An account's plan --------------------------------------------------------------------
@dataclass
class Progress:
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def count(self, task: Task) -> None:
        self.total += 1
        self.done += task.status == TaskStatus.DONE


@dataclass
class DepartmentPlan:
    code: str
    label: str
    tasks: list[Task] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)


@dataclass
class WorkPlan:
    account: Account
    departments: list[DepartmentPlan]
    progress: Progress
    milestones: Milestones | None
    today: date


def plan_tasks(account: Account) -> QuerySet[Task]:
    tasks = account.tasks.select_related("owner", "predecessor", "contact_report")
    return with_owner_on_team(tasks).order_by("due_date", "id")


def work_plan(account: Account, *, today: date | None = None) -> WorkPlan:
    """The plan grouped by department (in the order of Department), with the share of tasks
    done per department and for the account, and each task's `overdue` set for `today`.
    Two queries whatever the number of tasks."""
    today = today or timezone.localdate()
    departments: dict[str, DepartmentPlan] = {}
    overall = Progress()
    for task in plan_tasks(account):
        task.overdue = task.is_overdue_on(today)
        group = departments.setdefault(
            task.department, DepartmentPlan(task.department, task.get_department_display())
        )
        group.tasks.append(task)
        group.progress.count(task)
        overall.count(task)
    order = {code: n for n, code in enumerate(Department.values)}
    return WorkPlan(
        account=account,
        departments=sorted(departments.values(), key=lambda d: order.get(d.code, len(order))),
        progress=overall,
        milestones=Milestones.objects.filter(account=account).first(),
        today=today,
    )


# --- A person's own tasks -------------------------------------------------------------------
class Due:
    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    LATER = "later"


def due_bucket(due_date: date, today: date) -> str:
    """Overdue, today, this week (through Sunday) or later."""
    if due_date < today:
        return Due.OVERDUE
    if due_date == today:
        return Due.TODAY
    if due_date <= today + timedelta(days=6 - today.weekday()):
        return Due.THIS_WEEK
    return Due.LATER


def my_open_tasks(user: User) -> QuerySet[Task]:
    """The user's unfinished tasks on the accounts they see, soonest (most overdue) first."""
    return (
        task_list(user=user)
        .filter(owner=user)
        .exclude(status=TaskStatus.DONE)
        .order_by("due_date", "id")
    )


def annotate_due(tasks, today: date) -> list[Task]:
    """Set `due` (a Due bucket) and `overdue` on each task of an evaluated page."""
    tasks = list(tasks)
    for task in tasks:
        task.due = due_bucket(task.due_date, today)
        task.overdue = task.is_overdue_on(today)
    return tasks


def team_choices(account: Account) -> QuerySet[User]:
    """Who may own a task or attend a meeting on this account: its team."""
    return User.objects.filter(team_memberships__account=account).order_by("username")


def work_account_or_404(user: User, account_id: int) -> Account:
    """The account if `user` sees its campaign work; 404 otherwise (never 403)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(work_accounts_visible_to(user).select_related("client"), pk=account_id)


def status_moves(task: Task, *, may_change: bool) -> list[tuple[str, str]]:
    """The statuses this task can go to from here, as (value, label), for a person who may
    (or may not) change it: the buttons of the inline status change. No queries."""
    if not may_change:
        return []
    targets = {t.target for t in task.get_available_status_transitions()}
    return [(status.value, status.label) for status in TaskStatus if status in targets]
