"""Who may do what with an account's work plan, meetings and client communication.

Pure functions of (object, user), asked by the services before writing, by the Task
transitions as their `permission`, and by the templates to show or hide a button: one
answer everywhere. Seeing an object at all is decided by the selectors (404 otherwise).
"""

from accounts.lifecycle import directs_lead_ae, may_act_as_team_ae
from agency.models import User


def is_on_team(account, user: User) -> bool:
    return account.team_members.filter(user=user).exists()


def may_plan(account, user: User) -> bool:
    """Add and edit tasks and meetings: any team member, the lead AE's AD, an administrator."""
    return user.is_superuser or is_on_team(account, user) or directs_lead_ae(account, user)


def may_speak_for_client(account, user: User) -> bool:
    """File contact reports and log client communication: a team AE, their AD, an admin.
    The client's counterpart is always an AE (domain.md, "no bypass")."""
    return may_act_as_team_ae(account, user)


def may_change_task_status(task, user: User) -> bool:
    """The task's owner, or anyone who may act as a team AE on its account."""
    return task.owner_id == user.pk or may_act_as_team_ae(task.account, user)
