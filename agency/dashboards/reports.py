"""The three reports the dashboard shows and /api/reports/ serves: pipeline, workload and
revenue, each built from the selectors for one scope."""

from dataclasses import dataclass

from accounts.models import OPEN_STAGES

from . import pipeline, revenue, workload
from .figures import Top
from .scope import Scope


@dataclass
class PipelineReport:
    scope: Scope
    stages: list[pipeline.StageFigure]
    stage_times: list[pipeline.StageTime]
    proposals: pipeline.Proposals
    stuck: Top


@dataclass
class WorkloadReport:
    scope: Scope
    people: list[workload.TaskLoad]
    departments: list[workload.TaskLoad]
    aes: list[pipeline.AEFigure]
    quiet: Top
    owed: Top


@dataclass
class RevenueReport:
    scope: Scope
    months: list[revenue.MonthMoney]
    receivables: list[revenue.Receivables]
    overdue: Top
    media_months: list[revenue.MediaFigure]
    media_kinds: list[revenue.MediaFigure]


def pipeline_report(scope: Scope, stages=None) -> PipelineReport:
    """Three queries: accounts per stage, the stage changes, the stuck accounts."""
    if stages is None:
        stages, _ = pipeline.stages_and_aes(scope)
    stage_times, proposals = pipeline.history(scope)
    return PipelineReport(scope, stages, stage_times, proposals, pipeline.stuck(scope))


def workload_report(scope: Scope, aes=None) -> WorkloadReport:
    """Four queries: tasks, accounts per AE, quiet accounts, contact reports owed."""
    if aes is None:
        _, aes = pipeline.stages_and_aes(scope)
    people, departments = workload.workload(scope)
    return WorkloadReport(
        scope, people, departments, aes, workload.quiet(scope), workload.owed(scope)
    )


def revenue_report(scope: Scope) -> RevenueReport:
    """Two queries: every money and media sum (one UNION), the largest overdue invoices."""
    rows = revenue.money_rows(scope)
    media_months, media_kinds = revenue.media(rows, scope)
    return RevenueReport(
        scope,
        revenue.money_by_month(rows, scope),
        revenue.receivables(rows),
        revenue.top_overdue(scope),
        media_months,
        media_kinds,
    )


@dataclass
class Dashboard:
    pipeline: PipelineReport
    workload: WorkloadReport
    revenue: RevenueReport

    @property
    def open_accounts(self) -> int:
        return sum(s.accounts for s in self.pipeline.stages if s.stage in OPEN_STAGES)

    @property
    def open_tasks(self) -> int:
        return sum(d.open for d in self.workload.departments)

    @property
    def overdue_tasks(self) -> int:
        return sum(d.overdue for d in self.workload.departments)


def dashboard(scope: Scope) -> Dashboard:
    """The account director's dashboard: the three reports, the accounts per stage and per AE
    read once for both."""
    stages, aes = pipeline.stages_and_aes(scope)
    return Dashboard(
        pipeline_report(scope, stages), workload_report(scope, aes), revenue_report(scope)
    )
