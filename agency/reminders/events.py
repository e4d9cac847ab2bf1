"""Reminders that an event sends at once (payment received) rather than a sweep, and the one
way the web process hands work to the queue (`enqueue`)."""

import logging
import threading
import time

from django.db import transaction
from django.utils import timezone

from .registry import Due, discover_rules
from .sweep import record

log = logging.getLogger(__name__)

#: After the broker failed once, this process stops trying to publish for this long: a
#: request never waits on a dead Redis twice (the rows are the outbox; the sweep delivers).
BROKER_RETRY_AFTER_SECONDS = 30.0


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
        if not enqueue(deliver_reminder, reminder_id):
            return  # the broker is away: the sweep delivers them all


class _Breaker:
    """Remembers, per process, until when the broker is taken to be down."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self.down_until

    def trip(self) -> None:
        with self._lock:
            self.down_until = time.monotonic() + BROKER_RETRY_AFTER_SECONDS

    def reset(self) -> None:
        with self._lock:
            self.down_until = 0.0


broker_breaker = _Breaker()


def enqueue(task, *args, **kwargs) -> bool:
    """Publish a task; never let a broken broker fail (or slow down) the user's request.

    What the task does must already be committed as a row that a sweep finds (the outbox),
    so a message that could not be published is only a delay. With Redis down each attempt
    costs at most the broker's socket timeout (settings), and only the first one in
    BROKER_RETRY_AFTER_SECONDS: later ones return at once."""
    if broker_breaker.is_open():
        log.info("broker marked down: not enqueuing %s%s; the sweep will do it", task.name, args)
        return False
    try:
        task.delay(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - kombu raises several kinds when Redis is away
        broker_breaker.trip()
        log.warning("could not enqueue %s%s: %s; the sweep will do it", task.name, args, exc)
        return False
    return True
