"""Delivering one reminder: claim it, send the e-mail, show it in the bell, mark it sent.

The claim (one conditional UPDATE) lets exactly one process send a reminder; the bell's
notification and the `sent` status are committed together once the e-mail has left, and no
transaction is open while the mail server is talking. A process killed before that commit
leaves the reminder claimed; once the claim's lease runs out, the next sweep sends it. (If
it was killed in the instant between the mail server accepting the message and the commit,
the message goes out a second time with the same Message-ID, which mail servers and
clients use to show it once.)
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from agency.models import Notification, Reminder, ReminderMute, ReminderStatus, User
from agency.time_zones import zone_of

from .registry import Rule, discover_rules

log = logging.getLogger(__name__)

#: The longest a retry waits after repeated failures (1, 2, 4 ... minutes up to this).
RETRY_BACKOFF_MAX = timedelta(hours=1)
#: Seconds a mail server may take before the send counts as failed (less than the lease).
SEND_TIMEOUT = 30


def claim_lease() -> timedelta:
    """How long a claimed reminder belongs to the process that claimed it. A process killed
    mid-send leaves its claim behind; after this the next sweep takes the reminder over.
    Longer than a delivery may take (the task's time limit, SEND_TIMEOUT)."""
    return timedelta(seconds=getattr(settings, "REMINDER_CLAIM_LEASE_SECONDS", 120))


def site_url(path: str = "") -> str:
    """An absolute link for e-mails (SITE_URL, the address people open the app at)."""
    base = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}" if path else base


def claimable(now) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def claim(reminder_id: int) -> bool:
    """Take the reminder for this process with one conditional UPDATE: of several processes
    racing for it (two sweeps, a redelivered message), exactly one gets it."""
    now = timezone.now()
    taken = Reminder.objects.filter(
        claimable(now), pk=reminder_id, status=ReminderStatus.PENDING, due_at__lte=now
    ).update(claimed_until=now + claim_lease(), attempts=F("attempts") + 1)
    return taken == 1


def deliver(reminder_id: int) -> bool:
    """Send one reminder unless it is already sent, claimed elsewhere or not yet due.

    Returns whether this call handled it (sent it, or dropped it as muted). A failure to
    send leaves it pending with the error, and it is retried (at the next sweep, then after
    1, 2, 4 ... minutes) until it succeeds: never lost.
    """
    if not claim(reminder_id):
        return False
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    try:
        _send(reminder)
    except Exception as exc:  # noqa: BLE001 - any failure: keep it pending and retry later
        log.warning("reminder %s failed: %s", reminder_id, exc)
        _failed(reminder, exc)
        return False
    return True


def retry_delay(attempts: int) -> timedelta:
    """Nothing after the first failure (the next sweep retries), then 1, 2, 4 ... minutes."""
    if attempts <= 1:
        return timedelta(0)
    return min(timedelta(minutes=2 ** (attempts - 2)), RETRY_BACKOFF_MAX)


def _failed(reminder: Reminder, exc: Exception) -> None:
    attempts = Reminder.objects.values_list("attempts", flat=True).get(pk=reminder.pk)
    delay = retry_delay(attempts)
    Reminder.objects.filter(pk=reminder.pk).update(
        claimed_until=timezone.now() + delay if delay else None,
        last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
    )


def _send(reminder: Reminder) -> None:
    rule = discover_rules().get(reminder.rule)
    user = reminder.recipient
    if rule is None or not user.is_active or _muted(rule, user):
        _finish(reminder, ReminderStatus.MUTED)
        return
    # In the recipient's language and time zone: the e-mail, and the bell's copy of it.
    with translation.override(language_of(user)), timezone.override(zone_of(user)):
        title, body = rule.render(reminder.context)
        message = compose_email(reminder, rule, user, title, body) if user.email else None
    if message is not None:
        message.send()
    with transaction.atomic():
        # The notification is unique per reminder: a retry after a crash never shows two.
        Notification.objects.get_or_create(
            reminder=reminder,
            defaults={"recipient": user, "title": title, "body": body, "link": reminder.link},
        )
        _finish(reminder, ReminderStatus.SENT)


def _muted(rule: Rule, user: User) -> bool:
    return not rule.escalation and ReminderMute.objects.filter(user=user, rule=rule.name).exists()


def language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def compose_email(
    reminder: Reminder, rule: Rule, user: User, title: str, body: str
) -> EmailMultiAlternatives:
    """The reminder as an e-mail in the active language and time zone (the recipient's): the
    title is the subject; text and HTML bodies from templates/agency/email/reminder.*;
    absolute links."""
    context = {
        "user": user,
        "title": title,
        "body": body,
        "link": site_url(reminder.link) if reminder.link else "",
        "settings_link": site_url(reverse("reminder-settings")),
        "escalation": rule.escalation,
        "agency": getattr(settings, "AGENCY_NAME", ""),
    }
    message = EmailMultiAlternatives(
        subject=" ".join(title.split()),  # a header: never a line break
        body=render_to_string("agency/email/reminder.txt", context),
        to=[user.email],
        headers={"Message-ID": message_id(reminder)},
        connection=get_connection(timeout=SEND_TIMEOUT),
    )
    message.attach_alternative(render_to_string("agency/email/reminder.html", context), "text/html")
    return message


def message_id(reminder: Reminder) -> str:
    """The same for every attempt of one reminder, so a resend is recognised as a copy."""
    domain = urlsplit(site_url()).hostname or "agency.invalid"
    return f"<reminder-{reminder.pk}-{reminder.created_at:%Y%m%d%H%M%S}@{domain}>"


def _finish(reminder: Reminder, status: str) -> None:
    Reminder.objects.filter(pk=reminder.pk).update(
        status=status, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
