"""Reminders that an event sends at once (payment received) rather than a sweep."""

import logging

from django.db import transaction
from django.utils import timezone

from .registry import Due, discover_rules
from .sweep import record

log = logging.getLogger(__name__)


def remind_now(rule_name: str, due: Due) -> None:
    """Record the reminder in the caller's transaction and deliver it after commit.

    If the queue is down the row simply stays pending: the next sweep delivers it.
    """
    rule = discover_rules()[rule_name]
    record(rule, [due], timezone.now())
    transaction.on_commit(lambda: enqueue_pending(rule_name, due))


def enqueue_pending(rule_name: str, due: Due) -> None:
    from agency.models import Reminder
    from agency.tasks import deliver_reminder

    ids = Reminder.objects.filter(
        rule=rule_name,
        subject_type=due.subject_type,
        subject_id=due.subject_id,
        occurrence=due.occurrence,
        status="pending",
    ).values_list("id", flat=True)
    for reminder_id in ids:
        enqueue(deliver_reminder, reminder_id)


def enqueue(task, *args) -> bool:
    """Publish a task; never let a broken broker fail the user's request (the outbox row
    is already committed, and the sweep will deliver it)."""
    try:
        task.delay(*args)
    except Exception as exc:  # noqa: BLE001 - kombu raises several kinds when Redis is away
        log.warning("could not enqueue %s%s: %s; the sweep will deliver it", task.name, args, exc)
        return False
    return True
