"""The AE's day and finance's desk: what one person has to do today, from the same
selectors as the dashboards (each scoped to what that person sees)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone

from accounts.models import OPEN_STAGES, Account, Stage
from accounts.selectors import accounts_visible_to
from agency.models import Notification, User
from agency.notifications import notifications_of
from billing.models import Invoice, InvoiceKind, InvoiceStatus, Payment
from billing.selectors import invoices_visible_to, overdue_q, payments_visible_to, receivable_q
from campaigns.models import Meeting, Task
from campaigns.selectors.meetings import meetings_visible_to
from campaigns.selectors.workplan import annotate_due, my_open_tasks

from .figures import Top, top
from .pipeline import STAGES
from .revenue import BALANCE, Receivables, money_rows, receivables
from .scope import Scope, default_period

#: How many rows each panel shows before linking to the full list.
MY_ACCOUNTS = 100
MY_TASKS = 50
PANEL_ROWS = 15
MEETING_DAYS = 7


def scope_of(user: User, now: datetime | None = None) -> Scope:
    """Everything the user sees, over the default period."""
    now = now or timezone.now()
    return Scope(user=user, period=default_period(timezone.localdate(now)), now=now)


# --- The AE's day ----------------------------------------------------------------------------
def _stage_order() -> Case:
    return Case(
        *[When(stage=stage, then=Value(n)) for n, stage in enumerate(STAGES)],
        output_field=IntegerField(),
    )


def my_accounts(user: User) -> QuerySet[Account]:
    """The accounts whose team the user is on, open or on hold, in pipeline order and the
    longest in their stage first."""
    return (
        accounts_visible_to(user)
        .filter(stage__in=[*OPEN_STAGES, Stage.ON_HOLD])
        .annotate(stage_order=_stage_order())
        .select_related("client")
        .order_by("stage_order", "stage_entered_at", "pk")
    )


def my_tasks_this_week(user: User, today) -> list[Task]:
    """The user's unfinished tasks due by Sunday (overdue ones first)."""
    week_end = today + timedelta(days=6 - today.weekday())
    tasks = my_open_tasks(user).filter(due_date__lte=week_end)[:MY_TASKS]
    return annotate_due(tasks, today)


def my_meetings(user: User, now: datetime) -> QuerySet[Meeting]:
    """Meetings on the user's accounts from the start of today through MEETING_DAYS ahead."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        meetings_visible_to(user)
        .filter(held_at__gte=start, held_at__lt=start + timedelta(days=MEETING_DAYS + 1))
        .select_related("account")
        .order_by("held_at", "id")
    )


def my_reminders(user: User) -> QuerySet[Notification]:
    return notifications_of(user).filter(read_at__isnull=True)


def my_overdue_invoices(user: User, today) -> QuerySet[Invoice]:
    return (
        invoices_visible_to(user)
        .filter(overdue_q(today))
        .annotate(balance_due=BALANCE)
        .select_related("client", "account")
        .order_by("due_date", "pk")
    )


@dataclass
class MyDay:
    accounts: list[Account]
    tasks: list[Task]
    meetings: Top
    reminders: Top
    overdue_invoices: Top
    today: object


def my_day(user: User, now: datetime | None = None) -> MyDay:
    """The user's day in the user's calendar: "today", this week's tasks, the meetings from
    the start of today and the overdue invoices all count in the active time zone, which on
    a page is theirs (UserTimeZoneMiddleware). An AE in London starts the day at London's
    midnight, as the reminders about their tasks do (campaigns.reminders); the agency-wide
    figures of the other dashboards follow the reader's zone the same way."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    accounts = list(my_accounts(user)[:MY_ACCOUNTS])
    for account in accounts:
        account.days_in_stage = max((now - account.stage_entered_at).days, 0)
    return MyDay(
        accounts=accounts,
        tasks=my_tasks_this_week(user, today),
        meetings=top(my_meetings(user, now), PANEL_ROWS),
        reminders=top(my_reminders(user), PANEL_ROWS),
        overdue_invoices=top(my_overdue_invoices(user, today), PANEL_ROWS),
        today=today,
    )


# --- Finance's desk --------------------------------------------------------------------------
def due_this_week(scope: Scope) -> QuerySet[Invoice]:
    """Open invoices falling due from today through Sunday: the payments expected."""
    today = scope.today
    week_end = today + timedelta(days=6 - today.weekday())
    return (
        invoices_visible_to(scope.user)
        .filter(receivable_q(), due_date__gte=today, due_date__lte=week_end)
        .annotate(balance_due=BALANCE)
        .select_related("client", "account")
        .order_by("due_date", "pk")
    )


def recent_payments(user: User) -> QuerySet[Payment]:
    return (
        payments_visible_to(user)
        .select_related("invoice", "invoice__client", "recorded_by")
        .order_by("-recorded_at", "-id")
    )


def invoices_to_issue(user: User) -> QuerySet[Account]:
    """Accounts in evaluating whose effect report is published but that have no issued
    invoice yet (a draft may wait for finance): the `invoice` transition waits for them."""
    issued = Invoice.objects.filter(
        account=OuterRef("pk"),
        kind=InvoiceKind.INVOICE,
        status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID],
    )
    drafts = Invoice.objects.filter(account=OuterRef("pk"), status=InvoiceStatus.DRAFT)
    return (
        accounts_visible_to(user)
        .filter(stage=Stage.EVALUATING, effect_report__published_at__isnull=False)
        .exclude(Exists(issued))
        .annotate(has_draft=Exists(drafts))
        .select_related("client", "lead_ae")
        .order_by("effect_report__published_at", "pk")
    )


@dataclass
class FinanceDesk:
    receivables: list[Receivables]
    due_this_week: Top
    recent_payments: list[Payment]
    to_issue: Top
    today: object


def finance_desk(user: User, now: datetime | None = None) -> FinanceDesk:
    scope = scope_of(user, now)
    return FinanceDesk(
        receivables=receivables(money_rows(scope)),
        due_this_week=top(due_this_week(scope), PANEL_ROWS),
        recent_payments=list(recent_payments(user)[:PANEL_ROWS]),
        to_issue=top(invoices_to_issue(user), PANEL_ROWS),
        today=scope.today,
    )
