"""The sweep: record every due reminder as a row, then deliver what is pending."""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from agency.models import Reminder, ReminderStatus, SweepRun

from .delivery import deliver
from .registry import JOBS, Due, Rule, discover_rules

log = logging.getLogger(__name__)

#: Rows written per INSERT, and reminders delivered per sweep at most (the rest wait for
#: the next sweep a minute later, so one sweep never runs past the task time limit).
INSERT_BATCH = 1000
DELIVERY_BATCH = 500


def reminder_rows(rule: Rule, due: Due, now: datetime) -> list[Reminder]:
    return [
        Reminder(
            rule=rule.name,
            subject_type=due.subject_type,
            subject_id=due.subject_id,
            occurrence=due.occurrence,
            recipient_id=recipient_id,
            account_id=due.account_id,
            context=due.context,
            link=due.link,
            due_at=now,
        )
        for recipient_id in set(due.recipient_ids)
    ]


def record(rule: Rule, found: Iterable[Due], now: datetime) -> int:
    """Insert a row per (rule, object, occasion, person); existing ones are left alone."""
    rows = [row for due in found for row in reminder_rows(rule, due, now)]
    created = Reminder.objects.bulk_create(rows, batch_size=INSERT_BATCH, ignore_conflicts=True)
    return len(created)


def record_due_reminders(now: datetime) -> int:
    recorded = 0
    for rule in discover_rules().values():
        if rule.find is not None:
            recorded += record(rule, rule.find(now), now)
    return recorded


def deliver_pending(now: datetime, limit: int = DELIVERY_BATCH) -> tuple[int, int]:
    """Deliver pending reminders that are due; returns (delivered, not delivered)."""
    ids = list(
        Reminder.objects.filter(status=ReminderStatus.PENDING, due_at__lte=now)
        .order_by("due_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    delivered = sum(1 for reminder_id in ids if deliver(reminder_id))
    return delivered, len(ids) - delivered


def sweep_reminders(now: datetime | None = None) -> SweepRun:
    """Run every rule once and drain the outbox. Safe to run twice or concurrently."""
    now = now or timezone.now()
    run = SweepRun.objects.create(started_at=timezone.now())
    try:
        for name, run_job in JOBS.items():
            log.debug("sweep job %s", name)
            run_job(now)
        with transaction.atomic():
            run.recorded = record_due_reminders(now)
        run.delivered, run.failed = deliver_pending(now)
    except Exception as exc:
        run.error = f"{exc.__class__.__name__}: {exc}"[:2000]
        raise
    finally:
        run.finished_at = timezone.now()
        run.save()
    return run
