"""Reads and writes about the agency's people that every app needs."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from .errors import DomainError
from .models import User
from .time_zones import validate_time_zone


def is_agency_person(user) -> bool:
    """Logged in, active, and one of the agency's people: not a client contact's portal login
    (agency.boundary keeps those in the portal)."""
    return user.is_authenticated and user.is_active and not user.is_client_contact


def system_user() -> User:
    """The actor recorded for what the system does by itself (automatic transitions)."""
    user, _ = User.objects.get_or_create(
        username=User.SYSTEM_USERNAME,
        defaults={"is_active": False, "first_name": "System"},
    )
    return user


def users_directed_by(director: User) -> QuerySet[User]:
    """The AEs in every group this AD directs."""
    return User.objects.filter(account_groups__director=director).distinct()


def directs(director: User, user: User | None) -> bool:
    """Whether `director` is an AD of a group `user` belongs to."""
    if user is None or not director.is_ad:
        return False
    return user.account_groups.filter(director=director).exists()


def set_time_zone(*, user: User, time_zone: str) -> User:
    """Remember the zone `user` reads times in ("" = the agency's): their pages, reminders
    and the days of their own tasks' reminders follow it. Raises DomainError for a name
    that is not a time zone."""
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise DomainError(error.messages[0]) from error
    user.time_zone = time_zone
    user.save(update_fields=["time_zone"])
    return user


def person_name(username: str | None, first: str | None, last: str | None, fallback="") -> str:
    """A person's name from plain columns, as User.__str__ gives it (lists of thousands read
    rows, not model instances)."""
    return f"{first or ''} {last or ''}".strip() or username or fallback
