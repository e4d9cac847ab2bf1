"""Campaign pages, one module per subject (brief and team; later the work plan, proposals)."""

from .brief_team import (
    brief_context,
    brief_edit,
    team_add,
    team_context,
    team_panel,
    team_remove,
)

__all__ = ["brief_context", "brief_edit", "team_add", "team_context", "team_panel", "team_remove"]
