"""Campaign work, split by subject: brief and team; (later) work plan, meetings, proposals."""

from .brief_team import Brief, TeamMember, TeamRole
from .proposals import BudgetLine, Proposal, ProposalChange, ProposalSection, ProposalStatus

__all__ = ["Brief", "TeamMember", "TeamRole"]
__all__ += ["BudgetLine", "Proposal", "ProposalChange", "ProposalSection", "ProposalStatus"]
