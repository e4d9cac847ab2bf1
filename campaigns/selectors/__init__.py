"""Reads of campaign work, one module per subject."""

from .brief_team import brief_of, team_of
from .meetings import contact_reports_owed
from .workplan import tasks_visible_to, work_accounts_visible_to, work_plan

__all__ = ["brief_of", "team_of"]
__all__ += ["contact_reports_owed", "tasks_visible_to", "work_accounts_visible_to", "work_plan"]
