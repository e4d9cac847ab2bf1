"""The rule registry. A rule is a function `find(now) -> Iterable[Due]` plus its message."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import dateformat, timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext

#: How a moment reads in a reminder: as the pages write it, with the reader's zone.
MOMENT_FORMAT = "Y-m-d H:i T"


@dataclass(frozen=True)
class Due:
    """Something a rule found due: one object, one occasion, the people to tell."""

    subject_type: str
    subject_id: int
    occurrence: str
    recipient_ids: Iterable[int]
    context: dict = field(default_factory=dict)
    link: str = ""
    account_id: int | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    title: str  # a lazy translatable format string, filled from Due.context
    body: str
    find: Callable[[datetime], Iterable[Due]] | None
    label: str = ""
    escalation: bool = False  # escalations cannot be muted
    #: Context keys whose values are English labels (msgids, e.g. "Client call") to show
    #: in the reader's language: the row stores data, the language is chosen at delivery.
    translated: tuple[str, ...] = ()
    #: Context keys whose values are moments (ISO 8601 with offset), shown on the reader's
    #: clock: the row stores the instant, the zone is chosen at delivery like the language.
    moments: tuple[str, ...] = ()

    def render(self, context: dict) -> tuple[str, str]:
        """Title and body in the active language and time zone."""
        context = {
            **context,
            **{k: gettext(context[k]) for k in self.translated if context.get(k)},
            **{k: local_moment(context[k]) for k in self.moments if context.get(k)},
        }
        return str(self.title) % context, str(self.body) % context


def local_moment(value: str) -> str:
    """An instant of a reminder's context in the active time zone (the reader's). Text that
    is no ISO instant with an offset (rows written before the zone was the reader's, already
    in the agency's) is shown as it is."""
    try:
        moment = parse_datetime(value)
    except (TypeError, ValueError):
        moment = None
    if moment is None or timezone.is_naive(moment):
        return value
    return dateformat.format(timezone.localtime(moment), MOMENT_FORMAT)


RULES: dict[str, Rule] = {}
#: Other periodic work each sweep runs first (e.g. the automatic launch of flights).
JOBS: dict[str, Callable[[datetime], object]] = {}


def rule(name: str, *, title, body, label="", escalation: bool = False, translated=(), moments=()):
    """Register `find(now)` as rule `name`. Event rules (sent at once by a service, such as
    payment_received) register with `rule(...)(None)`."""

    def register(find):
        RULES[name] = Rule(
            name, title, body, find, label or name, escalation, tuple(translated), tuple(moments)
        )
        return find

    return register


def job(name: str):
    """Register `run(now)` to be run by every sweep before the rules (idempotent work)."""

    def register(run):
        JOBS[name] = run
        return run

    return register


_discovered = False


def discover_rules() -> dict[str, Rule]:
    """Import every app's reminders.py once, so their @rule decorators run."""
    global _discovered
    if not _discovered:
        autodiscover_modules("reminders")
        _discovered = True
    return RULES


def muteable_rules() -> list[Rule]:
    return [r for r in discover_rules().values() if not r.escalation]
