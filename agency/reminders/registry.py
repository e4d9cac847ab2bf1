"""The rule registry. A rule is a function `find(now) -> Iterable[Due]` plus its message."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.module_loading import autodiscover_modules


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

    def render(self, context: dict) -> tuple[str, str]:
        """Title and body in the active language."""
        return str(self.title) % context, str(self.body) % context


RULES: dict[str, Rule] = {}
#: Other periodic work each sweep runs first (e.g. the automatic launch of flights).
JOBS: dict[str, Callable[[datetime], object]] = {}


def rule(name: str, *, title, body, label="", escalation: bool = False):
    """Register `find(now)` as rule `name`. Event rules (sent at once by a service, such as
    payment_received) register with `rule(...)(None)`."""

    def register(find):
        RULES[name] = Rule(name, title, body, find, label or name, escalation)
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
