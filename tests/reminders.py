"""Helpers for tests of reminder rules: a day's sweep, what it recorded, who got what."""

from datetime import date, datetime, time

from django.core import mail
from django.utils import timezone

from agency.models import Reminder
from agency.reminders.registry import discover_rules
from agency.reminders.sweep import record, sweep_reminders
from campaigns.models import TeamMember
from campaigns.services import remove_team_member
from tests.factories import UserFactory


def noon(day: date) -> datetime:
    """Noon of `day` in the agency's time zone: `now` for a sweep on that day."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def today() -> date:
    return timezone.localdate()


def recorded(rule: str) -> list[tuple[str, str]]:
    """(recipient username, occurrence) of every reminder of `rule`, sorted."""
    rows = Reminder.objects.filter(rule=rule).values_list("recipient__username", "occurrence")
    return sorted(rows)


def recorded_on(day: date, rule: str) -> list[tuple[str, str]]:
    """What a sweep on `day` records for `rule` that was not recorded before (that rule
    only, nothing delivered: days in the future can be tried)."""
    before = set(recorded(rule))
    now, found = noon(day), discover_rules()[rule]
    record(found, found.find(now), now)
    return sorted(set(recorded(rule)) - before)


def sweep_now(times: int = 1):
    """Run the whole sweep `times` (jobs, rules, delivery) as it runs every minute."""
    return [sweep_reminders() for _ in range(times)][-1]


def subjects_to(user) -> list[str]:
    return [m.subject for m in mail.outbox if user.email in m.to]


def team_member(account, username: str, *, by, language: str = "", **fields):
    """A new person on the account's team (an AE unless `fields` say otherwise)."""
    user = UserFactory(username=username, language=language, **fields)
    TeamMember.objects.get_or_create(account=account, user=user)
    return user


def left_team(account, username: str, *, by, **fields):
    """Someone who was on the team and has been removed from it."""
    user = team_member(account, username, by=by, **fields)
    remove_team_member(member=TeamMember.objects.get(account=account, user=user), by=by)
    return user


def deliver_recorded():
    """Deliver now what sweeps on other days recorded (a reminder recorded by a sweep of a
    future day is only due then)."""
    from agency.reminders.sweep import deliver_pending

    Reminder.objects.filter(status="pending").update(due_at=timezone.now())
    return deliver_pending(timezone.now())
