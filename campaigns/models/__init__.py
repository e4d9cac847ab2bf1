"""Campaign work, split by subject: brief and team; (later) work plan, meetings, proposals."""

from .brief_team import Brief, TeamMember, TeamRole
from .meetings import Communication, CommunicationKind, ContactReport, Meeting, MeetingKind
from .proposals import BudgetLine, Proposal, ProposalChange, ProposalSection, ProposalStatus
from .workplan import Milestones, Task, TaskStatus, TaskStatusChange

__all__ = ["Brief", "TeamMember", "TeamRole"]
__all__ += ["Communication", "CommunicationKind", "ContactReport", "Meeting", "MeetingKind"]
__all__ += ["Milestones", "Task", "TaskStatus", "TaskStatusChange"]
__all__ += ["BudgetLine", "Proposal", "ProposalChange", "ProposalSection", "ProposalStatus"]
