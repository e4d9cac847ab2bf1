"""Reads and writes of a person's in-app notifications (the bell)."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Notification, ReminderMute, User
from .reminders.registry import muteable_rules


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()


def mark_read(*, notification: Notification, by: User) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, by: User) -> int:
    return notifications_of(by).filter(read_at__isnull=True).update(read_at=timezone.now())


def muted_rules(user: User) -> set[str]:
    return set(ReminderMute.objects.filter(user=user).values_list("rule", flat=True))


def set_muted_rules(*, user: User, rules: set[str]) -> set[str]:
    """Mute exactly `rules` among those that may be muted (escalations never are)."""
    allowed = {r.name for r in muteable_rules()}
    wanted = set(rules) & allowed
    ReminderMute.objects.filter(user=user).exclude(rule__in=wanted).delete()
    for name in wanted:
        ReminderMute.objects.get_or_create(user=user, rule=name)
    return wanted
