"""Reads about briefs and teams, always through the account's visibility."""

from django.db.models import QuerySet

from accounts.models import Account
from campaigns.models import Brief, TeamMember


def brief_of(account: Account) -> Brief | None:
    return Brief.objects.filter(account=account).first()


def team_of(account: Account) -> QuerySet[TeamMember]:
    return account.team_members.select_related("user").order_by("role_on_account", "user__username")
