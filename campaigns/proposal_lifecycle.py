"""The pieces of the proposal state machine that are not fields: guards and who may act.

Guards are accounts.lifecycle.Guard objects: pure functions of the proposal that return the
reasons a person can act on, so the same function decides the transition, labels the disabled
button and fills the API's `reasons`. Nothing here imports campaigns.models at module level:
the model module imports this one.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from accounts.lifecycle import (
    directs_lead_ae,
    guard,
    may_act_as_team_ae,
    may_record_client_decision,
)
from accounts.models import BEFORE_APPROVAL, Stage
from agency.models import User


# --- Guards -------------------------------------------------------------------------------
@guard
def has_sections(proposal) -> list[str]:
    if proposal.sections.exists():
        return []
    return [_("The proposal has no sections yet.")]


@guard
def has_budget(proposal) -> list[str]:
    if proposal.budget_lines.exists():
        return []
    return [_("The proposal has no budget lines yet.")]


@guard
def account_before_approval(proposal) -> list[str]:
    if proposal.account.stage in BEFORE_APPROVAL:
        return []
    return [
        _("The account is “%(stage)s”; proposals are worked on only before the client approves.")
        % {"stage": proposal.account.get_stage_display()}
    ]


def _account_in(stage: str, explanation: str):
    def explain(proposal) -> list[str]:
        account = proposal.account
        if account.stage == stage:
            return []
        return [_(explanation) % {"stage": account.get_stage_display()}]

    explain.__name__ = f"account_in_{stage}"
    return guard(explain)


account_in_planning = _account_in(
    Stage.PLANNING,
    N_("The account is “%(stage)s”; a proposal is presented while the account is in planning."),
)
account_proposal_presented = _account_in(
    Stage.PROPOSAL_PRESENTED,
    N_("The account is “%(stage)s”; the client decides while the proposal is presented."),
)


@guard
def is_latest_version(proposal) -> list[str]:
    newer = proposal.account.proposals.filter(version__gt=proposal.version)
    if not newer.exists():
        return []
    return [_("A newer version of this proposal exists; present the latest one.")]


# --- Who may act ----------------------------------------------------------------------------
def may_write(proposal, user: User) -> bool:
    """Titles, budgets, every section, and the AE's transitions: team AEs, their AD, admins."""
    return may_act_as_team_ae(proposal.account, user)


def may_decide_for_client(proposal, user: User) -> bool:
    """Accept or ask for a revision: the AEs record the client's decision, or the client's
    contact takes it in the portal (the same rule as the account's transitions that follow)."""
    return may_record_client_decision(proposal.account, user)


def may_contribute(proposal, user: User) -> bool:
    """Any member of the account's team writes their own department's sections."""
    return may_write(proposal, user) or proposal.account.team_members.filter(user=user).exists()


def may_approve_internally(proposal, user: User) -> bool:
    """Only an account director of the lead AE signs a proposal off before the client sees it."""
    return directs_lead_ae(proposal.account, user)


_TEAM_AE_ONLY = N_("Only an AE on the account's team or their account director may do this.")
ACTOR_DESCRIPTIONS = {
    may_write: _TEAM_AE_ONLY,
    may_decide_for_client: _TEAM_AE_ONLY,  # (a client contact never sees this refusal)
    may_approve_internally: N_(
        "Only the account director of the lead AE may approve a proposal internally."
    ),
}


def who_may(permission) -> str:
    return _(ACTOR_DESCRIPTIONS.get(permission, N_("You may not do this.")))
