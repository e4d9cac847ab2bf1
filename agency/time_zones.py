"""Each person's time zone: the IANA zone they chose (Asia/Shanghai, Asia/Hong_Kong,
Asia/Singapore, Europe/London …), or the agency's TIME_ZONE when they chose none.

Pages show moments in it (UserTimeZoneMiddleware activates it for each request), reminders
are written in the recipient's (agency.reminders.delivery), and the reminders about a
person's own tasks count days in it (campaigns.reminders). Dates that belong to the agency
rather than to a person (an invoice's issue date, a flight's start, the sweep's calendar)
stay in the agency's zone: `agency_today`.
"""

import zoneinfo
from datetime import date, datetime, tzinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The most two calendars can differ, in days: UTC−12 and UTC+14 are 26 hours apart.
CALENDAR_SPREAD_DAYS = 2


@cache
def zone_names() -> frozenset[str]:
    """Every zone this machine's time zone database knows (read once per process)."""
    return frozenset(zoneinfo.available_timezones())


#: The one message for a name that is no zone (the form's select says it too).
NOT_A_ZONE = _("“%(value)s” is not a time zone. Choose one such as Asia/Shanghai or Europe/London.")


def validate_time_zone(name: str) -> None:
    """Refuse a name that is not an IANA time zone known here ("" is fine: the agency's)."""
    if name and name not in zone_names():
        raise ValidationError(
            NOT_A_ZONE,
            code="invalid_time_zone",
            params={"value": name},
        )


def agency_zone() -> tzinfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def zone_named(name: str) -> tzinfo:
    """The zone called `name`; the agency's for "" or a name the database no longer has
    (a zone renamed by a tzdata update must not break every page of that person)."""
    if name and name in zone_names():
        return zoneinfo.ZoneInfo(name)
    return agency_zone()


def zone_of(user) -> tzinfo:
    """The zone `user` reads times in."""
    return zone_named(getattr(user, "time_zone", "") or "")


def agency_today(now: datetime | None = None) -> date:
    """The agency's calendar day at `now`, whoever is looking."""
    return timezone.localdate(now, timezone=agency_zone())


def local_today(zone_name: str, now: datetime) -> date:
    """The calendar day at `now` of someone whose zone is `zone_name` ("" = the agency's)."""
    return timezone.localdate(now, timezone=zone_named(zone_name))


def utc_offset(zone: tzinfo, now: datetime) -> str:
    """ "UTC+08:00": how far the zone is from UTC at `now` (summer time included)."""
    text = now.astimezone(zone).strftime("%z")
    return f"UTC{text[:3]}:{text[3:]}"
