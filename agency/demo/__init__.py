"""The demo agency that `manage.py seed_demo` builds: one module per subject, run in order.

Each module in SUBJECTS has `seed(demo: Demo) -> None`. A module must be idempotent: it finds
its objects by a natural key (a username, a client's name, an account's name) and creates only
what is missing, so that running the command twice changes nothing. Objects with a lifecycle
move through their services (accounts through `take_transition`), never by assignment.

An app that brings new objects adds a module here and its name to SUBJECTS, after the subjects
it builds on. When its objects are what a transition's guard needs (media buys before
`book_media`...), the module registers a preparer with `@history.before("<transition>")`:
every account's walk then creates them just in time. When the app's own service takes the
transition with its objects (a proposal's presentation takes `present_proposal`), the module
takes that step instead with `@history.instead("<transition>")`.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agency import daily_totals
from agency.models import Department, Role, User

SUBJECTS = [
    "agency.demo.people",
    "agency.demo.clients",
    "agency.demo.accounts",
    "agency.demo.scale",
    "agency.demo.proposals",
    "agency.demo.billing",
    "agency.demo.portal",
]


@dataclass
class Demo:
    """What the subjects share while seeding: the people, the clock and the size."""

    now: datetime
    scale: int = 0
    log: Callable[[str], None] = print
    users: dict[str, User] = field(default_factory=dict)
    clients: dict = field(default_factory=dict)  # DemoClient.key → Client
    bulk_written: bool = False  # the scaled agency wrote rows past the ORM (VACUUM them)

    def user(self, username: str) -> User:
        return self.users[username]

    @staticmethod
    def rng(key: str) -> random.Random:
        """A generator seeded by `key`: the same object gets the same data on every machine."""
        return random.Random(key)


def seed(*, scale: int = 0, log: Callable[[str], None] = print) -> Demo:
    """Run every subject in one transaction: a failure leaves the database as it was."""
    demo = Demo(now=timezone.now(), scale=scale, log=log)
    # Import all first: a subject may register steps (history.before) that earlier ones take.
    subjects = [import_module(name) for name in SUBJECTS]
    with transaction.atomic():
        for subject in subjects:
            subject.seed(demo)
        # The history and the scaled agency write some rows past the services that keep the
        # agency's daily totals: count them again, once, from the rows themselves.
        daily_totals.rebuild()
    if demo.bulk_written:
        from .scale import vacuum

        vacuum(demo)
    return demo


def has_people() -> bool:
    """Whether anyone but the system user exists (`seed_demo --if-empty` seeds only if not)."""
    return User.objects.exclude(username=User.SYSTEM_USERNAME).exists()


# --- The logins printed by seed_demo and serve ------------------------------------------
def describe_role(user: User) -> str:
    role = Role(user.role)
    if role == Role.AE:
        return user.get_level_display()
    if role == Role.STAFF and user.department:
        return f"{Department(user.department).label} staff"
    if role == Role.CLIENT:
        return f"{role.label}, {user.client_contact.client.name}"
    return str(role.label)


def logins() -> list[tuple[str, str, str]]:
    """(username, role, password) of the demo people that exist, in the order of people.py,
    then the client contacts' portal logins."""
    from .people import PEOPLE
    from .portal import PORTAL_LOGINS

    usernames = [p.username for p in PEOPLE] + [login.username for login in PORTAL_LOGINS]
    found = {u.username: u for u in User.objects.filter(username__in=usernames, is_active=True)}
    return [
        (name, describe_role(found[name]), settings.DEMO_PASSWORD)
        for name in usernames
        if name in found
    ]


def format_logins(rows: list[tuple[str, str, str]]) -> str:
    if not rows:
        return "No demo logins: run `python manage.py seed_demo` to create them."
    header = ("username", "role", "password")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(3)]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, tuple("-" * w for w in widths), *rows]
    ]
    return "Demo logins:\n" + "\n".join(line.rstrip() for line in lines)
