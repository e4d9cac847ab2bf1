"""Who may do what with media: one place, asked by services, pages and the API alike."""

from django.utils.translation import gettext_noop as N_

from accounts.lifecycle import directs_lead_ae, may_act_as_team_ae
from agency.models import Department, User


def is_media_team_member(account, user: User) -> bool:
    return user.department == Department.MEDIA and account.team_members.filter(user=user).exists()


def may_work_on_buys(buy_or_account, user: User) -> bool:
    """Plan, book and move media buys, enter delivery: a media-department member of the
    account's team, a team AE, the AD who directs the lead AE, or an administrator.
    Takes a buy (django-fsm passes the instance) or an account."""
    account = getattr(buy_or_account, "account", buy_or_account)
    return may_act_as_team_ae(account, user) or is_media_team_member(account, user)


def may_override_budget(account, user: User) -> bool:
    """Only the account director of the lead AE may book past the approved budget."""
    return directs_lead_ae(account, user)


def may_manage_outlets(user: User) -> bool:
    """Outlets are reference data: the media department and administrators keep them."""
    return user.is_active and (user.is_superuser or user.department == Department.MEDIA)


def may_write_effect_report(account, user: User) -> bool:
    """The effect report goes to the client: the account's AEs (and their AD) write it."""
    return may_act_as_team_ae(account, user)


WORK_ON_BUYS = N_(
    "Only a media-department member of the account's team, a team AE or their account "
    "director may do this."
)
