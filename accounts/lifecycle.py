"""The pieces of the account state machine that are not fields: guards and who may act.

Guards are pure functions of the account returning the reasons a person can act on
("the brief has no sales period"); an empty list means the guard is met. The same function
decides the transition, labels the disabled button and fills the API's `reasons`.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from agency.models import Department, User
from agency.people import directs

Explain = Callable[["Account"], list[str]]  # noqa: F821


class Guard:
    """A django-fsm condition that can also explain why it is unmet."""

    def __init__(self, explain: Explain):
        self.explain = explain
        self.__name__ = explain.__name__

    def __call__(self, account) -> bool:
        return not self.explain(account)


def guard(explain: Explain) -> Guard:
    return Guard(explain)


# --- Guards -------------------------------------------------------------------------------
@guard
def brief_is_complete(account) -> list[str]:
    brief = getattr(account, "brief", None)
    if brief is None:
        return [_("The account has no brief yet.")]
    return brief.missing_reasons()


@guard
def team_covers_brief(account) -> list[str]:
    reasons = []
    if account.lead_ae_id is None:
        reasons.append(_("The account has no lead AE."))
    brief = getattr(account, "brief", None)
    needed = set(brief.departments_needed if brief else [])
    present = set(account.team_members.values_list("user__department", flat=True))
    for code in sorted(needed - present - {Department.ACCOUNT}):
        reasons.append(
            _("The team has no member from %(department)s.")
            % {"department": Department(code).label}
        )
    return reasons


# --- Who may act ----------------------------------------------------------------------------
def is_team_ae(account, user: User) -> bool:
    return user.is_ae and account.team_members.filter(user=user).exists()


def directs_lead_ae(account, user: User) -> bool:
    return user.is_ad and directs(user, account.lead_ae)


def may_act_as_team_ae(account, user: User) -> bool:
    """A team AE, an AD who directs the lead AE, or an administrator."""
    return user.is_superuser or is_team_ae(account, user) or directs_lead_ae(account, user)


def is_client_contact_of(account, user: User) -> bool:
    """A person at the account's client, logged in to the portal."""
    return (
        user.is_client_contact
        and user.is_active
        and account.client.contacts.filter(portal_user=user).exists()
    )


def may_record_client_decision(account, user: User) -> bool:
    """The client's decision on a presented proposal: a team AE records it (or their AD, an
    administrator), or the client's contact takes it in the portal."""
    return may_act_as_team_ae(account, user) or is_client_contact_of(account, user)


def may_act_as_ad(account, user: User) -> bool:
    return user.is_superuser or directs_lead_ae(account, user)


def may_hold_or_lose(account, user: User) -> bool:
    return may_act_as_team_ae(account, user)


def may_act_as_system_or_team_ae(account, user: User) -> bool:
    return user.role == "system" or may_act_as_team_ae(account, user)


def may_collect(account, user: User) -> bool:
    return user.role == "system" or user.is_finance or user.is_superuser


_TEAM_AE_ONLY = N_("Only an AE on the account's team or their account director may do this.")
ACTOR_DESCRIPTIONS = {
    may_act_as_team_ae: _TEAM_AE_ONLY,
    may_record_client_decision: _TEAM_AE_ONLY,
    may_act_as_ad: N_("Only the account director of the lead AE may do this."),
    may_hold_or_lose: _TEAM_AE_ONLY,
    may_act_as_system_or_team_ae: _TEAM_AE_ONLY,
    may_collect: N_("Only finance may mark an account collected."),
}


def who_may(permission) -> str:
    return _(ACTOR_DESCRIPTIONS.get(permission, N_("You may not take this transition.")))
