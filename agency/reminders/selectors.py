"""Reads about reminders: an account's "reminders sent" log and the queue's health."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from agency.models import Reminder, ReminderStatus, SweepRun

from .registry import discover_rules


def reminder_log(account_id: int) -> QuerySet[Reminder]:
    """Every reminder about the account, newest first, with its recipient (one query a
    page; through the reminder_account_idx index). The caller checks the account is visible
    (accounts_visible_to) before asking."""
    return (
        Reminder.objects.filter(account_id=account_id)
        .select_related("recipient")
        .order_by("-due_at", "-id")
    )


@dataclass(frozen=True)
class LogEntry:
    reminder: Reminder
    label: str
    title: str


def log_entries(reminders) -> list[LogEntry]:
    """The page's reminders with their rule's label and title in the reader's language
    (rendered from the stored context, no query)."""
    rules = discover_rules()
    entries = []
    for reminder in reminders:
        rule = rules.get(reminder.rule)
        label = str(rule.label) if rule else reminder.rule
        try:
            title = rule.render(reminder.context)[0] if rule else ""
        except (KeyError, TypeError, ValueError):  # a context from an older rule version
            title = ""
        entries.append(LogEntry(reminder, label, title))
    return entries


@dataclass(frozen=True)
class QueueHealth:
    pending: int
    due: int  # pending and due now: what the next sweep sends
    failing: int  # pending after at least one failed attempt
    oldest_due_at: datetime | None
    last_sweep: SweepRun | None


def queue_health(now: datetime | None = None) -> QueueHealth:
    """Two queries: the pending reminders' counts (status_due index) and the last sweep."""
    now = now or timezone.now()
    counts = Reminder.objects.filter(status=ReminderStatus.PENDING).aggregate(
        pending=Count("id"),
        due=Count("id", filter=Q(due_at__lte=now)),
        failing=Count("id", filter=~Q(last_error="")),
        oldest=Min("due_at"),
    )
    return QueueHealth(
        pending=counts["pending"],
        due=counts["due"],
        failing=counts["failing"],
        oldest_due_at=counts["oldest"],
        last_sweep=SweepRun.objects.order_by("-started_at").first(),
    )
