"""Writes of campaign work, one module per subject."""

from .brief_team import add_team_member, put_on_team, remove_team_member, save_brief
from .meetings import (
    create_meeting,
    file_contact_report,
    record_communication,
    update_communication,
    update_contact_report,
    update_meeting,
)
from .workplan import change_task_status, create_task, save_milestones, update_task

__all__ = ["add_team_member", "put_on_team", "remove_team_member", "save_brief"]
__all__ += ["create_meeting", "file_contact_report", "record_communication"]
__all__ += ["update_communication", "update_contact_report", "update_meeting"]
__all__ += ["change_task_status", "create_task", "save_milestones", "update_task"]
