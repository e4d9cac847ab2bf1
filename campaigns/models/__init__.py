"""Campaign work, split by subject: brief and team; (later) work plan, meetings, proposals."""

from .brief_team import Brief, TeamMember, TeamRole

__all__ = ["Brief", "TeamMember", "TeamRole"]
