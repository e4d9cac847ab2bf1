"""Who reminders about an account go to: conditions on its team as it is now.

Each function takes the lookup path from the queried model to a TeamMember row (for
example "account__team_members__" from a Task) and returns a Q to use in ONE `.filter()`
call, so that the rows a query returns are (object, team member) pairs and `.values()` can
read the member's user id from the same join. Someone removed from the team is no longer a
TeamMember row, so they are told nothing; people who left the agency are inactive.
"""

from django.db.models import Q

from agency.models import AE_LEVELS, Department, User

TEAM = "account__team_members__"


def active_member(path: str = TEAM) -> Q:
    return Q(**{f"{path}user__is_active": True}) & ~Q(
        **{f"{path}user__username": User.SYSTEM_USERNAME}
    )


def team_ae(path: str = TEAM) -> Q:
    """An AE-level member of the account department ("team AE", domain.md)."""
    return active_member(path) & Q(
        **{
            f"{path}user__department": Department.ACCOUNT,
            f"{path}user__level__in": sorted(AE_LEVELS),
            f"{path}user__is_superuser": False,
        }
    )


def media_member(path: str = TEAM) -> Q:
    return active_member(path) & Q(**{f"{path}user__department": Department.MEDIA})


def member_id(path: str = TEAM) -> str:
    """The `.values()` column with the member's user id."""
    return f"{path}user_id"
