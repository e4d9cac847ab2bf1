"""An account's believable past: taken through the real transitions, then moved back in time.

The walk calls `accounts.services.take_transition` for every step, so each stage has its
StageChange. Afterwards, and only then, the timestamps (StageChange.at, the account's
created_at and stage_entered_at, the brief's and the team's) are spread over the past months
with queryset updates; the stage itself is never written.
"""

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import PIPELINE, Account, Client, Contact, Stage, StageChange
from accounts.services import take_transition
from agency.errors import DomainError
from agency.models import User
from campaigns.models import Brief, TeamMember

#: The transition that leaves each stage of the main line, in order.
FORWARD = {
    Stage.FIRST_CONTACT: "record_brief",
    Stage.BRIEFED: "form_team",
    Stage.TEAM_FORMED: "start_planning",
    Stage.PLANNING: "present_proposal",
    Stage.PROPOSAL_PRESENTED: "approve",
    Stage.APPROVED: "start_production",
    Stage.IN_PRODUCTION: "book_media",
    Stage.MEDIA_BOOKED: "launch",
    Stage.RUNNING: "start_evaluation",
    Stage.EVALUATING: "invoice",
    Stage.INVOICED: "collect",
}

#: About how many days the stage before each transition lasts, in a typical account.
TYPICAL_DAYS = {
    "record_brief": 6,
    "form_team": 4,
    "start_planning": 2,
    "present_proposal": 16,
    "request_revision": 5,
    "approve": 8,
    "start_production": 4,
    "book_media": 18,
    "launch": 9,
    "start_evaluation": 30,
    "invoice": 12,
    "collect": 35,
    "hold": 10,
    "resume": 12,
    "lose": 10,
    "cancel": 8,
}
MAX_HISTORY_DAYS = 270
SIDE_STEPS = ("hold", "lose", "cancel")

NOTES = {
    "record_brief": [
        "Brief confirmed with the client's marketing team at the kick-off meeting.",
        "客户市场部确认简报，销售目标与预算已书面确认。",
        "Brief received by e-mail and walked through on a call with the brand manager.",
    ],
    "form_team": [
        "Team confirmed with the department heads.",
        "跨部门团队已组建，各部门负责人确认人选。",
    ],
    "start_planning": [
        "Planning meeting held; operating policy and work plan agreed.",
        "召开策划会议，确定基本方针与工作计划。",
    ],
    "present_proposal": [
        "Proposal approved internally by the AD and presented at the client's office.",
        "提案经客户总监内部审核后，在客户公司进行了提案会。",
    ],
    "request_revision": [
        "Client asked for a stronger digital share and a second creative route.",
        "客户要求调整媒体组合，增加线上投放比重。",
    ],
    "approve": [
        "Client approved the proposal in writing (e-mail from the marketing director).",
        "客户市场总监书面确认提案。",
    ],
    "start_production": [
        "Production meeting held; shoot and print schedule agreed.",
        "召开制作会议，确认拍摄与印刷排期。",
    ],
    "book_media": [
        "All media buys booked within the approved budget.",
        "媒体排期全部确认，总额在批准预算之内。",
    ],
    "launch": ["Campaign live on the first flight date.", "广告按排期正式投放。"],
    "start_evaluation": [
        "Last flight ended; collecting delivery and sales data for the effect report.",
        "投放结束，开始收集投放与销售数据进行效果评估。",
    ],
    "invoice": [
        "Effect report delivered; payment notice and invoice sent to the client.",
        "效果报告已提交，付款通知书与发票已寄出。",
    ],
    "collect": ["Payment received in full.", "客户款项已全部到账。"],
    "hold": [
        "Client froze marketing spend until the next quarter's budget review.",
        "客户内部预算调整，项目暂停。",
    ],
    "resume": ["Client confirmed the budget; work resumes.", "客户确认预算，项目恢复。"],
    "lose": [
        "Client chose another agency's proposal.",
        "客户选择了其他代理公司的方案。",
        "Client postponed the launch indefinitely; pitch not pursued.",
    ],
    "cancel": [
        "Client cancelled the launch after a product recall.",
        "客户取消了该产品的上市计划。",
    ],
}


@dataclass(frozen=True)
class Plan:
    """Where an account should end up: a stage of the main line, then maybe a side step."""

    stage: str
    side: str = ""  # "", "hold", "lose" or "cancel"
    revised: bool = False  # one round of request_revision on the way

    def steps(self) -> list[str]:
        names = [FORWARD[s] for s in PIPELINE[: PIPELINE.index(self.stage)]]
        if self.revised and "present_proposal" in names:
            at = names.index("present_proposal") + 1
            names[at:at] = ["request_revision", "present_proposal"]
        elif self.revised and self.stage == Stage.PLANNING:
            names += ["present_proposal", "request_revision"]
        return names + ([self.side] if self.side else [])


@dataclass
class Actors:
    lead: User
    director: User
    finance: User
    system: User

    def for_step(self, name: str, rng: random.Random) -> User:
        if name == "collect":
            return self.finance
        if name == "cancel":
            return self.director
        if name in ("launch", "start_evaluation") and rng.random() < 0.5:
            return self.system
        return self.lead


#: transition name → functions run just before the demo takes it (see `before`).
PREPARE: dict[str, list[Callable[[Account, "Actors", random.Random], None]]] = defaultdict(list)


def before(transition: str):
    """Register `fn(account, actors, rng)` to run before the demo takes `transition`.

    This is how an app's demo module seeds what a guard it adds needs, at the right moment of
    each account's walk: e.g. `@before("book_media")` books the account's media buys.
    Register at import time (agency.demo imports every
    subject before seeding any); a DomainError raised here stops the walk like a guard.
    What it creates keeps today's timestamps unless its own module moves them back after the
    accounts are seeded (`backdate` sets the StageChange times then).
    """

    def register(fn):
        PREPARE[transition].append(fn)
        return fn

    return register


#: transition name → the function that takes it instead of `take_transition` (see `instead`).
INSTEAD: dict[str, Callable[..., None]] = {}


def instead(transition: str):
    """Register `fn(account, *, by, note, actors, rng)` to take `transition` in the demo's walk.

    For a step that an app's own service takes together with its objects, e.g. a proposal's
    presentation takes `present_proposal` (campaigns.services.proposals): the account's
    guard then checks what that service did, so the account transition cannot be taken
    alone. `fn` must leave the account past the step, or raise a DomainError.
    """

    def register(fn):
        INSTEAD[transition] = fn
        return fn

    return register


def _take(account: Account, *, name: str, by: User, note: str, actors: Actors, rng) -> None:
    step = INSTEAD.get(name)
    if step is None:
        take_transition(account=account, name=name, by=by, note=note)
    else:
        step(account, by=by, note=note, actors=actors, rng=rng)


def walk(account: Account, steps: list[str], actors: Actors, rng: random.Random) -> str | None:
    """Take `steps` in order; returns why it stopped early, or None.

    A guard no preparer satisfies (see `before`) refuses its step: the account then stays
    where it is — still a consistent history — except that a side step (hold, lose, cancel)
    is still tried from there.
    """
    stopped = None
    for name in steps:
        if stopped and name not in SIDE_STEPS:
            continue
        try:
            for prepare in PREPARE.get(name, []):
                prepare(account, actors, rng)
            by, note = actors.for_step(name, rng), rng.choice(NOTES[name])
            _take(account, name=name, by=by, note=note, actors=actors, rng=rng)
        except DomainError as exc:
            stopped = stopped or f"{name}: {exc.message}"
    return stopped


# --- Moving the past back -----------------------------------------------------------------
def _working_hours(moment: datetime, rng: random.Random) -> datetime:
    local = timezone.localtime(moment)
    return local.replace(
        hour=rng.randint(9, 18), minute=rng.randrange(0, 60, 5), second=0, microsecond=0
    )


def timeline(changes: list[StageChange], now: datetime, rng: random.Random) -> list[datetime]:
    """The account's start, then one moment per change, the last a few days before now."""
    days = [TYPICAL_DAYS.get(c.transition, 7) * rng.uniform(0.7, 1.3) for c in changes]
    factor = min(1.0, MAX_HISTORY_DAYS / sum(days)) if days else 1.0
    # At least a day apart: the hour of each is then free without reordering them.
    steps = [max(1.0, d * factor) for d in days]
    moments = [now - timedelta(days=sum(steps) + rng.uniform(1.5, 12))]
    for step in steps:
        moments.append(moments[-1] + timedelta(days=step))
    return [_working_hours(m, rng) for m in moments]


def backdate(accounts: list[Account], now: datetime, key: str = "") -> None:
    """Spread each account's history over the past months; a few statements per table."""
    accounts_by_id = {a.pk: a for a in accounts}
    changes: dict[int, list[StageChange]] = {pk: [] for pk in accounts_by_id}
    for change in StageChange.objects.filter(account__in=accounts).order_by("id"):
        changes[change.account_id].append(change)
    moved_changes, moved_accounts = [], []
    for pk, account in accounts_by_id.items():
        moments = timeline(changes[pk], now, random.Random(f"{key}{account.name}"))
        for change, moment in zip(changes[pk], moments[1:], strict=True):
            change.at = moment
            moved_changes.append(change)
        account.created_at = account.updated_at = moments[0]
        account.stage_entered_at = moments[-1]
        moved_accounts.append(account)
        _backdate_brief_and_team(account, changes[pk], moments)
    StageChange.objects.bulk_update(moved_changes, ["at"], batch_size=500)
    Account.objects.bulk_update(
        moved_accounts, ["created_at", "updated_at", "stage_entered_at"], batch_size=500
    )


def _backdate_brief_and_team(account: Account, changes, moments) -> None:
    start = moments[0]
    when = {c.transition: m for c, m in zip(changes, moments[1:], strict=True)}
    brief_done = when.get("record_brief", start + timedelta(hours=3))
    Brief.objects.filter(account=account).update(
        created_at=start + timedelta(hours=2), updated_at=brief_done - timedelta(hours=1)
    )
    TeamMember.objects.filter(account=account, user=account.lead_ae_id).update(added_at=start)
    joined = when.get("form_team", moments[-1]) - timedelta(hours=4)
    TeamMember.objects.filter(account=account).exclude(user=account.lead_ae_id).update(
        added_at=max(joined, start)
    )


def backdate_clients(clients: list[Client]) -> None:
    """A client (and its contacts) exists a little before its first account."""
    for client in clients:
        first = client.accounts.order_by("created_at").values_list("created_at", flat=True)[:1]
        if first:
            since = first[0] - timedelta(days=3)
            Client.objects.filter(pk=client.pk).update(created_at=since, updated_at=since)
            Contact.objects.filter(client=client).update(created_at=since, updated_at=since)
