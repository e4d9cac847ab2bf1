"""Delivering one reminder: claim it, send the e-mail, show it in the bell, mark it sent."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from agency.models import Notification, Reminder, ReminderMute, ReminderStatus

from .registry import discover_rules

log = logging.getLogger(__name__)

#: How long a claimed reminder belongs to the process that claimed it. A process killed
#: mid-send leaves its claim behind; after this the next sweep takes the reminder over.
CLAIM_LEASE = timedelta(minutes=2)


def claim(reminder_id: int) -> bool:
    """Take the reminder for this process with one conditional UPDATE: of several processes
    racing for it (two sweeps, a redelivered message), exactly one gets it."""
    now = timezone.now()
    taken = Reminder.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        pk=reminder_id,
        status=ReminderStatus.PENDING,
        due_at__lte=now,
    ).update(claimed_until=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    return taken == 1


def deliver(reminder_id: int) -> bool:
    """Send one reminder unless it is already sent, claimed elsewhere or not yet due.

    Returns whether this call delivered it. A failure to send leaves it pending (with the
    error) for the next sweep: it is retried until it succeeds, never lost.
    """
    if not claim(reminder_id):
        return False
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    try:
        _send(reminder)
    except Exception as exc:  # noqa: BLE001 - any failure: keep it pending and retry later
        log.warning("reminder %s failed: %s", reminder_id, exc)
        Reminder.objects.filter(pk=reminder_id).update(
            claimed_until=None, last_error=f"{exc.__class__.__name__}: {exc}"[:2000]
        )
        return False
    return True


def _send(reminder: Reminder) -> None:
    rule = discover_rules().get(reminder.rule)
    user = reminder.recipient
    if rule is None or not user.is_active:
        _finish(reminder, ReminderStatus.MUTED)
        return
    if not rule.escalation and ReminderMute.objects.filter(user=user, rule=rule.name).exists():
        _finish(reminder, ReminderStatus.MUTED)
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        title, body = rule.render(reminder.context)
    with transaction.atomic():
        # The notification is unique per reminder: a retry after a crash never shows two.
        Notification.objects.get_or_create(
            reminder=reminder,
            defaults={"recipient": user, "title": title, "body": body, "link": reminder.link},
        )
        if user.email:
            send_mail(title, _email_body(body, reminder.link), None, [user.email])
        _finish(reminder, ReminderStatus.SENT)


def _email_body(body: str, link: str) -> str:
    base = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{body}\n\n{base}{link}" if link else body


def _finish(reminder: Reminder, status: str) -> None:
    Reminder.objects.filter(pk=reminder.pk).update(
        status=status, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
