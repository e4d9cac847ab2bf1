"""Pipeline and proposal figures: accounts and budget per stage, accounts per AE, time per
stage, stuck accounts, and how proposals were decided.

Proposals are read from the account's record of transitions (StageChange): a won proposal is
an `approve`, a lost one a `lose` (its note is the reason), a revision a `request_revision`.
That is what the client decided, whatever produced the proposal document.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Trim

from accounts.models import OPEN_STAGES, PIPELINE, Account, Stage, StageChange
from agency.people import person_name

from .figures import MONEY_FIELD, Amounts, Top, amounts, ratio, sorted_amounts, top
from .scope import Scope

#: Shown in this order: the main line, then the side stages.
STAGES = [*PIPELINE, Stage.ON_HOLD, Stage.LOST, Stage.CANCELLED]
WON, LOST, REVISED = "approve", "lose", "request_revision"


# --- Accounts per stage and per AE: one grouped query --------------------------------------
@dataclass
class StageFigure:
    stage: str
    label: str
    accounts: int = 0
    budget: Amounts = field(default_factory=dict)


@dataclass
class AEFigure:
    ae: int | None
    name: str
    open: int = 0
    on_hold: int = 0
    closed: int = 0

    @property
    def total(self) -> int:
        return self.open + self.on_hold + self.closed


def _stage_rows(accounts: QuerySet[Account]):
    return (
        accounts.order_by()
        .values(
            "stage",
            "currency",
            "lead_ae_id",
            "lead_ae__username",
            "lead_ae__first_name",
            "lead_ae__last_name",
        )
        .annotate(n=Count("pk"), budget=Sum("budget", output_field=MONEY_FIELD))
    )


def stages_and_aes(scope: Scope) -> tuple[list[StageFigure], list[AEFigure]]:
    """Accounts and budget (per currency) per stage, and accounts per lead AE by state.
    One query, grouped by stage, currency and lead AE."""
    budgets = defaultdict(amounts)
    counts: dict[str, int] = defaultdict(int)
    aes: dict[int | None, AEFigure] = {}
    for row in _stage_rows(scope.accounts()):
        stage, n = row["stage"], row["n"]
        counts[stage] += n
        budgets[stage][row["currency"]] += row["budget"]
        name = person_name(
            row["lead_ae__username"], row["lead_ae__first_name"], row["lead_ae__last_name"]
        )
        ae = aes.setdefault(row["lead_ae_id"], AEFigure(row["lead_ae_id"], name))
        if stage in OPEN_STAGES:
            ae.open += n
        elif stage == Stage.ON_HOLD:
            ae.on_hold += n
        else:
            ae.closed += n
    stages = [
        StageFigure(stage, str(Stage(stage).label), counts[stage], sorted_amounts(budgets[stage]))
        for stage in STAGES
    ]
    return stages, sorted(aes.values(), key=lambda a: (-a.open, a.name))


# --- Time per stage and proposals: one grouped query over the stage changes -----------------
@dataclass
class StageTime:
    stage: str
    label: str
    changes: int
    average_days: Decimal | None


@dataclass
class LostReason:
    reason: str
    accounts: int


@dataclass
class Proposals:
    won: int
    lost: int
    revisions: int
    reasons: list[LostReason]

    @property
    def decided(self) -> int:
        return self.won + self.lost

    @property
    def win_rate(self) -> Decimal | None:
        """Won of decided, in percent (one decimal)."""
        return ratio(self.won * 100, self.decided)

    @property
    def revisions_per_won(self) -> Decimal | None:
        return ratio(self.revisions, self.won, "0.01")


def _changes_in_period(scope: Scope) -> Q:
    start, end = scope.period.moments
    return Q(at__gte=start, at__lt=end)


def _won_in_period(scope: Scope) -> ExpressionWrapper:
    """Whether a stage change's account was won in the period. "account IN (the scope's
    approvals)", read once, where an EXISTS per stage change was a probe per row (~20 ms of
    an AD's 2,000 changes at scale 10000; 5 ms now)."""
    approvals = scope.of_accounts(StageChange.objects.filter(transition=WON))
    won = approvals.filter(_changes_in_period(scope)).values("account_id")
    return ExpressionWrapper(Q(account_id__in=won), output_field=BooleanField())


def _history_rows(scope: Scope):
    in_period = _changes_in_period(scope)
    timed = in_period & Q(source_entered_at__isnull=False)
    reason = Case(
        When(transition=LOST, then=Trim("note")), default=Value(""), output_field=CharField()
    )
    return (
        scope.of_accounts(StageChange.objects.all())
        .alias(of_won=_won_in_period(scope))
        .filter(in_period | Q(transition=REVISED, of_won=True))
        .order_by()
        .annotate(reason=reason, of_won=_won_in_period(scope))
        .values("source", "transition", "reason", "of_won")
        .annotate(
            all_time=Count("pk"),
            in_period=Count("pk", filter=in_period),
            timed=Count("pk", filter=timed),
            time=Sum(F("at") - F("source_entered_at"), filter=timed, output_field=DurationField()),
        )
    )


def history(scope: Scope) -> tuple[list[StageTime], Proposals]:
    """Average days spent in each stage by the accounts that left it in the period, and the
    proposals decided in the period: won (approve), lost (lose, at any stage before
    approval) with their reasons (the notes) by count, and the revisions the won ones went
    through before they were approved (whenever they were asked)."""
    changes, time = defaultdict(int), defaultdict(timedelta)
    won = lost = revisions = 0
    reasons: dict[str, int] = defaultdict(int)
    for row in _history_rows(scope):
        changes[row["source"]] += row["timed"]
        time[row["source"]] += row["time"] or timedelta()
        if row["transition"] == WON:
            won += row["in_period"]
        elif row["transition"] == LOST:
            lost += row["in_period"]
            reasons[row["reason"]] += row["in_period"]
        elif row["transition"] == REVISED and row["of_won"]:
            revisions += row["all_time"]
    return _stage_times(changes, time), Proposals(won, lost, revisions, _reasons(reasons))


def _stage_times(changes, time) -> list[StageTime]:
    per_day = Decimal(86400)
    return [
        StageTime(
            stage,
            str(Stage(stage).label),
            changes[stage],
            ratio(Decimal(time[stage].total_seconds()), changes[stage] * per_day)
            if changes[stage]
            else None,
        )
        for stage in STAGES
        if stage not in (Stage.COLLECTED, Stage.LOST, Stage.CANCELLED)
    ]


def _reasons(reasons: dict[str, int]) -> list[LostReason]:
    rows = [LostReason(reason, n) for reason, n in reasons.items() if n]
    return sorted(rows, key=lambda r: (-r.accounts, r.reason))


# --- Stuck accounts ------------------------------------------------------------------------
def stuck_accounts(scope: Scope) -> QuerySet[Account]:
    """Open accounts (not on hold) in their stage for more than `stuck_days`, longest first."""
    cutoff = scope.now - timedelta(days=scope.stuck_days)
    return (
        scope.accounts()
        .filter(stage__in=OPEN_STAGES, stage_entered_at__lt=cutoff)
        .select_related("client", "lead_ae")
        .order_by("stage_entered_at", "pk")
    )


def stuck(scope: Scope) -> Top:
    return top(stuck_accounts(scope))


# --- The lists behind the figures ----------------------------------------------------------
def accounts_that_took(scope: Scope, transition: str, reason: str | None = None):
    """The accounts behind a proposal figure: won (approve) or lost (lose; with `reason`,
    those lost for it) in the period; for revisions, the accounts won in the period that had
    been sent back for one."""
    if transition == REVISED:
        sent_back = StageChange.objects.filter(account=OuterRef("pk"), transition=REVISED)
        took = Exists(sent_back) & Exists(
            StageChange.objects.filter(account=OuterRef("pk"), transition=WON).filter(
                _changes_in_period(scope)
            )
        )
    else:
        changes = StageChange.objects.filter(account=OuterRef("pk"), transition=transition)
        changes = changes.filter(_changes_in_period(scope))
        if reason is not None:
            changes = changes.alias(reason=Trim("note")).filter(reason=reason)
        took = Exists(changes)
    return scope.accounts().filter(took).select_related("client", "lead_ae").order_by("name")


def accounts_that_left(scope: Scope, stage: str) -> QuerySet[Account]:
    """Accounts that left `stage` in the period (what its average time is taken over)."""
    left = StageChange.objects.filter(
        account=OuterRef("pk"), source=stage, source_entered_at__isnull=False
    ).filter(_changes_in_period(scope))
    return scope.accounts().filter(Exists(left)).select_related("client", "lead_ae")


def open_accounts(scope: Scope) -> QuerySet[Account]:
    return (
        scope.accounts()
        .filter(stage__in=OPEN_STAGES)
        .select_related("client", "lead_ae")
        .order_by("stage_entered_at", "pk")
    )
