"""Reads about proposals: who sees them, what a list shows, what a user may do now, the PDF.

`proposals_visible_to` starts every proposal queryset; it is built on accounts_visible_to, so
a proposal of an account the user does not see is a 404.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.lifecycle import may_act_as_team_ae
from accounts.models import Account, Stage
from accounts.selectors import (
    TransitionOption,
    accounts_visible_to,
    of_visible_accounts,
    visible_account_ids,
)
from agency.models import User
from campaigns import proposal_lifecycle as pl
from campaigns.models import (
    BudgetLine,
    Proposal,
    ProposalChange,
    ProposalSection,
    ProposalStatus,
)

#: Account stages in which a first proposal version can be opened.
DRAFTING_STAGES = (Stage.TEAM_FORMED, Stage.PLANNING)


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    """The proposals of the accounts a user sees. Finance sees billing, not creative work:
    they see no proposals (the approved budget is on the account)."""
    if not _sees_proposals(user):
        return Proposal.objects.none()
    # The ids where there are few: joined with the versions and people a row shows, the
    # subquery made the planner join all 100k proposals before narrowing them to an AE's.
    return Proposal.objects.filter(of_visible_accounts(user, "account", visible_account_ids(user)))


def _sees_proposals(user: User) -> bool:
    return not (user.is_authenticated and user.is_finance and not user.is_superuser)


def _with_contents(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """What a row, a page, the API and the PDF show, in a constant number of queries."""
    return proposals.select_related(
        "account__client", "approved_internally_by", "created_by", "revision_of", "next_version"
    ).prefetch_related(
        Prefetch("sections", queryset=ProposalSection.objects.order_by("position", "id")),
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("position", "id")),
    )


def proposal_list(*, user: User) -> QuerySet[Proposal]:
    return _with_contents(proposals_visible_to(user)).order_by("-updated_at", "-id")


def proposals_of_account(*, account: Account, user: User) -> QuerySet[Proposal]:
    return proposal_list(user=user).filter(account=account).order_by("-version")


def accounts_awaiting_a_proposal(user: User) -> QuerySet[Account]:
    """Accounts this user sees whose team is at work and that have no open version: where a
    new proposal can be started (the list page links them)."""
    open_version = Proposal.objects.filter(account=OuterRef("pk")).exclude(
        status__in=[ProposalStatus.REJECTED, ProposalStatus.REVISION_REQUESTED]
    )
    if not _sees_proposals(user):
        return Account.objects.none()
    return (
        accounts_visible_to(user)
        .filter(stage__in=DRAFTING_STAGES)
        .exclude(Exists(open_version))
        .select_related("client")
        .order_by("name", "id")
    )


def latest_proposal(account: Account) -> Proposal | None:
    return Proposal.objects.filter(account=account).order_by("-version").first()


def proposal_history(proposal: Proposal) -> QuerySet[ProposalChange]:
    return proposal.changes.select_related("by")


# --- What a user may do with a proposal, now -----------------------------------------------
def proposal_transition_named(proposal: Proposal, name: str):
    """The transition called `name` from the proposal's status, or None."""
    transitions = proposal.get_all_status_transitions()
    return next((t for t in transitions if t.name == name and t.source == proposal.status), None)


def refusal_reasons(proposal: Proposal, transition, user: User) -> list[str]:
    """Why `user` cannot take `transition` now; empty when they can."""
    reasons = [] if transition.has_perm(proposal, user) else [pl.who_may(transition.permission)]
    return reasons + [r for c in transition.conditions for r in c.explain(proposal)]


def proposal_options(proposal: Proposal, user: User) -> list[TransitionOption]:
    """The buttons on the proposal page: every transition from its status, allowed or not,
    with the reasons why not (the same reasons the API returns)."""
    options = []
    for t in proposal.get_all_status_transitions():
        if t.source != proposal.status:
            continue
        reasons = refusal_reasons(proposal, t, user)
        options.append(
            TransitionOption(
                name=t.name,
                label=str(t.custom.get("label", t.name)),
                target=t.target,
                allowed=not reasons,
                reasons=reasons,
                needs_reason=bool(t.custom.get("needs_reason")),
            )
        )
    return options


def edit_refusal(proposal: Proposal, user: User) -> str:
    """Why `user` cannot edit this version now; empty when they can."""
    if proposal.is_frozen:
        return _("The client accepted this version: it is frozen.")
    if not proposal.is_draft:
        return _("Only a draft can be edited; return it to draft first.")
    if not pl.may_contribute(proposal, user):
        return _("Only the account's team may write this proposal.")
    return ""


def new_version_refusal(account: Account, user: User) -> str:
    """Why `user` cannot open a proposal on this account now; empty when they can."""
    if not may_act_as_team_ae(account, user):
        return _("Only an AE on the account's team or their account director may do this.")
    if account.stage not in DRAFTING_STAGES:
        return _("A proposal is opened once the team is formed, before it is presented.")
    latest = latest_proposal(account)
    if latest is not None and latest.status not in (
        ProposalStatus.REJECTED,
        ProposalStatus.REVISION_REQUESTED,
    ):
        return _("Version %(version)s is still open; work on it instead.") % {
            "version": latest.version
        }
    return ""


def can_write_whole(proposal: Proposal, user: User) -> bool:
    """Title, budget and every department's sections (not only the user's own)."""
    return pl.may_write(proposal, user)


# --- The PDF -----------------------------------------------------------------------------
def proposal_pdf(proposal: Proposal, *, language: str, for_client: bool = False) -> bytes:
    """The proposal as a PDF in `language`: cover, sections and budget table. The client's
    copy (the portal's) leaves out the agency's internal approval and who gave it."""
    from agency.pdf import render_pdf

    proposal = proposal_list_entry(proposal)
    with translation.override(language):
        return render_pdf(
            "campaigns/proposal_pdf.html",
            {
                "proposal": proposal,
                "account": proposal.account,
                "agency_name": settings.AGENCY_NAME,
                "for_client": for_client,
            },
        )


def proposal_list_entry(proposal: Proposal) -> Proposal:
    """The proposal with what its page and PDF show, prefetched."""
    return _with_contents(Proposal.objects.filter(pk=proposal.pk)).get()


def pdf_filename(proposal: Proposal) -> str:
    return f"proposal-{proposal.account_id}-v{proposal.version}.pdf"


# --- Two versions side by side ---------------------------------------------------------------
@dataclass(frozen=True)
class DiffRow:
    kind: str  # "same", "changed", "removed", "added"
    left: str
    right: str


def _as_lines(proposal: Proposal) -> list[str]:
    lines = [proposal.title]
    for section in proposal.sections.all():
        lines.append(f"【{section.get_department_display()}】 {section.title}")
        lines.extend(section.body.splitlines())
    lines.append(f"【{_('Budget')}】")
    lines.extend(f"{line.description}: {line.amount}" for line in proposal.budget_lines.all())
    lines.append(f"{_('Total')}: {proposal.budget_total} {proposal.currency}")
    return lines


def compare_versions(left: Proposal, right: Proposal) -> list[DiffRow]:
    """Line by line, what changed from `left` to `right` (for the side-by-side page)."""
    a, b = _as_lines(left), _as_lines(right)
    rows = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow("same", x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True))
        elif tag == "delete":
            rows.extend(DiffRow("removed", x, "") for x in a[i1:i2])
        elif tag == "insert":
            rows.extend(DiffRow("added", "", y) for y in b[j1:j2])
        else:
            pairs = zip_longest(a[i1:i2], b[j1:j2], fillvalue="")
            rows.extend(DiffRow("changed", x, y) for x, y in pairs)
    return rows
