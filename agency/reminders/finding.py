"""What the rules share: reading a query's rows in batches and turning them into Dues.

A rule is one query over an indexed column that returns one row per (object, recipient),
ordered by the object; `dues_from_rows` groups consecutive rows of one object into one Due
with every recipient. Rules look back at most CATCH_UP_DAYS: a reminder whose day passed
that long ago while no sweep ran is not sent late, and no sweep rereads the whole history.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import groupby

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from agency.time_zones import agency_today

from .registry import Due

#: Rows a rule reads per round trip (a server-side cursor on PostgreSQL).
READ_BATCH = 2000


def catch_up_days() -> int:
    """How many days late a sweep still sends a reminder it missed (sweeps were down)."""
    return getattr(settings, "REMINDER_CATCH_UP_DAYS", 7)


def today(now: datetime) -> date:
    """The agency's calendar day at `now` (TIME_ZONE), which the rules to a team count in
    (a person's own tasks count in theirs: campaigns.reminders), whatever zone is active."""
    return agency_today(now)


def rows(queryset: QuerySet, *fields: str, key: str = "id") -> Iterator[dict]:
    """The query's `fields` as dicts, ordered by `key` (the object), read in batches."""
    return queryset.order_by(key).values(key, *fields).iterator(chunk_size=READ_BATCH)


def dues_from_rows(
    found: Iterable[dict],
    build: Callable[[dict, list[int]], Due | None],
    *,
    key: str = "id",
    recipients: Sequence[str] | Callable[[dict], Iterable[int | None]] = ("recipient_id",),
) -> Iterator[Due]:
    """One Due per object: `build(first_row, recipient_ids)` for each run of rows with the
    same `key`. The recipients are the non-empty values of the `recipients` columns, or what
    `recipients(row)` returns for each row; an object nobody is to hear about is skipped."""
    people_of = recipients if callable(recipients) else lambda row: [row[c] for c in recipients]
    for _, group in groupby(found, key=lambda row: row[key]):
        group = list(group)
        people = sorted({p for row in group for p in people_of(row) if p is not None})
        if people:
            due = build(group[0], people)
            if due is not None:
                yield due


def step_reached(days: int, steps: Sequence[tuple[int, str]]) -> str | None:
    """The last step whose threshold `days` has reached, e.g. steps ((1, "overdue-1"),
    (7, "overdue-7")) give "overdue-1" for days 1..6 and "overdue-7" from 7 on; None before
    the first, and None once `days` is past the last threshold by more than the catch-up."""
    reached = [name for threshold, name in steps if days >= threshold]
    if not reached or days > steps[-1][0] + catch_up_days():
        return None
    return reached[-1]


def msgid(label) -> str:
    """The untranslated text of a (lazy) label, for a context key the rule lists in
    `translated`: each recipient then reads it in their own language."""
    with translation.override(None):
        return str(label)
