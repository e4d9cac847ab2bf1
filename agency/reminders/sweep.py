"""The sweep: run the periodic jobs, record every due reminder as a row, deliver the pending.

Safe to run twice or concurrently (two beat processes, the embedded timer and a manual run):
the unique constraint on Reminder drops a second row for the same occasion, and delivery
claims each row before sending it. A job or a rule that fails is logged and recorded on the
SweepRun; the others still run.
"""

import logging
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice

from django.db import transaction
from django.utils import timezone

from agency.models import Reminder, ReminderStatus, SweepRun

from .delivery import claimable, deliver
from .registry import JOBS, Due, Rule, discover_rules

log = logging.getLogger(__name__)

#: Rows written per INSERT.
INSERT_BATCH = 1000
#: Reminders delivered per sweep at most, and the time one sweep spends delivering: the
#: rest wait for the next sweep a minute later, so sweeps never pile up behind a slow
#: mail server or run into the task's time limit.
DELIVERY_BATCH = 500
DELIVERY_SECONDS = 45
#: How long the health page keeps a record of each sweep.
SWEEP_RUNS_KEPT = timedelta(days=7)


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
        for recipient_id in sorted(set(due.recipient_ids))
    ]


def _batches(found: Iterable[Due], rule: Rule, now: datetime) -> Iterator[list[Reminder]]:
    rows = (row for due in found for row in reminder_rows(rule, due, now))
    while batch := list(islice(rows, INSERT_BATCH)):
        yield batch


def record(rule: Rule, found: Iterable[Due], now: datetime) -> int:
    """Insert a row per (rule, object, occasion, person), a batch at a time as the rule's
    query is read; existing ones are left alone. Returns how many rows were offered."""
    offered = 0
    for batch in _batches(found, rule, now):
        Reminder.objects.bulk_create(batch, ignore_conflicts=True)
        offered += len(batch)
    return offered


def record_due_reminders(now: datetime, errors: list[str] | None = None) -> int:
    """Run every periodic rule once; a failing rule is logged (into `errors`) and skipped."""
    recorded = 0
    for rule in discover_rules().values():
        if rule.find is None:
            continue
        try:
            with transaction.atomic():
                recorded += record(rule, rule.find(now), now)
        except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the others
            log.exception("reminder rule %s failed", rule.name)
            if errors is not None:
                errors.append(f"rule {rule.name}: {exc.__class__.__name__}: {exc}")
    return recorded


def run_jobs(now: datetime, errors: list[str]) -> None:
    for name, run_job in JOBS.items():
        try:
            run_job(now)
        except Exception as exc:  # noqa: BLE001 - one broken job must not stop the sweep
            log.exception("sweep job %s failed", name)
            errors.append(f"job {name}: {exc.__class__.__name__}: {exc}")


def pending_ids(now: datetime, limit: int) -> list[int]:
    """Pending reminders that are due and not claimed (nor waiting to be retried)."""
    return list(
        Reminder.objects.filter(claimable(now), status=ReminderStatus.PENDING, due_at__lte=now)
        .order_by("due_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def deliver_pending(
    now: datetime, limit: int = DELIVERY_BATCH, seconds: float = DELIVERY_SECONDS
) -> tuple[int, int]:
    """Deliver pending reminders that are due, for at most `seconds`; returns (delivered,
    not delivered: failed, or claimed by another process meanwhile)."""
    deadline = time.monotonic() + seconds
    delivered = tried = 0
    for reminder_id in pending_ids(now, limit):
        if time.monotonic() > deadline:
            break
        tried += 1
        delivered += deliver(reminder_id)
    return delivered, tried - delivered


def sweep_reminders(now: datetime | None = None) -> SweepRun:
    """Run the jobs and every rule once, then drain the outbox."""
    now = now or timezone.now()
    run = SweepRun.objects.create(started_at=timezone.now())
    errors: list[str] = []
    try:
        discover_rules()  # imports each app's reminders.py, which registers the jobs too
        run_jobs(now, errors)
        run.recorded = record_due_reminders(now, errors)
        run.delivered, run.failed = deliver_pending(timezone.now())
    except Exception as exc:
        errors.append(f"{exc.__class__.__name__}: {exc}")
        raise
    finally:
        run.error = "\n".join(errors)[:2000]
        run.finished_at = timezone.now()
        run.save()
        SweepRun.objects.filter(started_at__lt=run.started_at - SWEEP_RUNS_KEPT).delete()
    return run
