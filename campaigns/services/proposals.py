"""Every write about proposals: versions, their contents, and their transitions.

A transition locks the account (parent) and then the proposal, checks who may act and the
guards, changes the proposal, writes a ProposalChange, and takes the matching account
transition through accounts.services.take_transition — all in one database transaction, so
the account and its proposal never disagree and a refused account transition undoes the
proposal's change too.
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.lifecycle import may_act_as_team_ae
from accounts.models import Account
from accounts.services import take_transition
from agency.errors import Conflict, DomainError, GuardUnmet, InvalidTransition, NotAllowed
from agency.models import Department, User
from campaigns import proposal_lifecycle as pl
from campaigns.models import BudgetLine, Proposal, ProposalChange, ProposalSection
from campaigns.selectors import proposals as selectors

#: What the client's decision does to the account: proposal transition → account transition.
ACCOUNT_TRANSITION = {
    "present": "present_proposal",
    "accept": "approve",
    "request_revision": "request_revision",
    "reject": "lose",
}
MAX_BODY = 20_000  # characters per section: keeps a PDF's render time bounded


class ProposalFrozen(DomainError):
    """The version is past drafting (accepted ones are frozen for good)."""

    code = "frozen"


# --- Versions and their contents -------------------------------------------------------------
@transaction.atomic
def create_proposal(
    *,
    account: Account,
    by: User,
    title: str,
    sections: Iterable[dict] = (),
    budget_lines: Iterable[dict] = (),
) -> Proposal:
    """Open the next version of the account's proposal as a draft.

    Locks the account so two simultaneous creations cannot take the same version number
    (the unique constraint is the proof). Raises NotAllowed or GuardUnmet."""
    account = Account.objects.select_for_update().get(pk=account.pk)
    refusal = selectors.new_version_refusal(account, by)
    if refusal:
        error = GuardUnmet if may_act_as_team_ae(account, by) else NotAllowed
        raise error(refusal)
    proposal = _new_version(account=account, by=by, title=title)
    _write_sections(proposal, list(sections))
    _write_budget(proposal, list(budget_lines))
    _record(proposal, "create", "", by, "")
    return proposal


def _new_version(*, account: Account, by: User, title: str, revision_of=None) -> Proposal:
    last = account.proposals.order_by("-version").values_list("version", flat=True).first()
    proposal = Proposal(
        account=account,
        version=(last or 0) + 1,
        title=title.strip(),
        currency=account.currency,
        revision_of=revision_of,
        created_by=by,
    )
    proposal.full_clean(exclude=["account", "revision_of"])
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as exc:  # only without the account lock, e.g. a raw script
        raise Conflict(_("Someone opened a version at the same moment; try again.")) from exc
    return proposal


@transaction.atomic
def update_proposal(
    *,
    proposal: Proposal,
    by: User,
    title: str | None = None,
    sections: Iterable[dict] | None = None,
    budget_lines: Iterable[dict] | None = None,
) -> Proposal:
    """Edit a draft. The AEs (and their AD) edit everything; another team member replaces
    only the sections of their own department. Lists given replace what was there.

    Raises ProposalFrozen (not a draft, or accepted), NotAllowed, DomainError."""
    proposal = _locked(proposal)
    refusal = selectors.edit_refusal(proposal, by)
    if refusal:
        raise (NotAllowed if proposal.is_draft else ProposalFrozen)(refusal)
    whole = pl.may_write(proposal, by)
    if not whole and (title is not None or budget_lines is not None):
        raise NotAllowed(_("Only the account's AEs may change the title and the budget."))
    if title is not None:
        proposal.title = title.strip()
        proposal.full_clean(exclude=["account", "revision_of"])
    if sections is not None:
        _write_sections(proposal, list(sections), department=None if whole else by.department)
    if budget_lines is not None:
        _write_budget(proposal, list(budget_lines))
    proposal.save()
    return proposal


def _write_sections(proposal: Proposal, rows: list[dict], *, department: str | None = None):
    """Replace the sections (of one department only, when given)."""
    for row in rows:
        if row.get("department") not in Department.values:
            raise DomainError(_("Unknown department: %(code)s.") % {"code": row.get("department")})
        if department is not None and row["department"] != department:
            raise NotAllowed(_("You may only write your own department's sections."))
        if len(row.get("body", "")) > MAX_BODY:
            raise DomainError(_("A section may have at most %(n)s characters.") % {"n": MAX_BODY})
    existing = proposal.sections.all()
    start = 0
    if department is not None:  # their sections stay where they were among the others
        existing = existing.filter(department=department)
        first = existing.order_by("position").values_list("position", flat=True).first()
        start = _next_position(proposal) if first is None else first
    existing.delete()
    objects = [
        ProposalSection(
            proposal=proposal,
            position=start + i,
            department=row["department"],
            title=row.get("title", "").strip(),
            body=row.get("body", ""),
        )
        for i, row in enumerate(rows)
    ]
    for section in objects:
        section.full_clean(exclude=["proposal"])
    ProposalSection.objects.bulk_create(objects)


def _next_position(proposal: Proposal) -> int:
    last = proposal.sections.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _write_budget(proposal: Proposal, rows: list[dict]) -> None:
    proposal.budget_lines.all().delete()
    lines = [
        BudgetLine(
            proposal=proposal,
            position=i,
            description=row.get("description", "").strip(),
            department=row.get("department") or "",
            amount=_amount(row.get("amount")),
        )
        for i, row in enumerate(rows)
    ]
    for line in lines:
        line.full_clean(exclude=["proposal"])
    BudgetLine.objects.bulk_create(lines)


def _amount(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("“%(value)s” is not an amount.") % {"value": value}) from exc


# --- Transitions ---------------------------------------------------------------------------
def submit_proposal(*, proposal: Proposal, by: User, note: str = "") -> Proposal:
    """draft → submitted: the AE asks their AD to approve it."""
    return take_proposal_transition(proposal=proposal, name="submit", by=by, note=note)


def return_proposal_to_draft(*, proposal: Proposal, by: User, reason: str) -> Proposal:
    """submitted / approved_internally → draft, to change it (the approval is dropped)."""
    return take_proposal_transition(proposal=proposal, name="return_to_draft", by=by, note=reason)


def approve_proposal_internally(*, proposal: Proposal, by: User, note: str = "") -> Proposal:
    """submitted → approved_internally; only an AD of the lead AE."""
    return take_proposal_transition(proposal=proposal, name="approve_internally", by=by, note=note)


def present_proposal(*, proposal: Proposal, by: User, note: str = "") -> Proposal:
    """approved_internally → presented; the account takes `present_proposal`."""
    return take_proposal_transition(proposal=proposal, name="present", by=by, note=note)


def accept_proposal(
    *, proposal: Proposal, by: User, approved_by: str, reference: str = "", note: str = ""
) -> Proposal:
    """presented → accepted, recording who at the client approved, when, and their reference;
    the account takes `approve` and its budget becomes this version's total."""
    return take_proposal_transition(
        proposal=proposal,
        name="accept",
        by=by,
        note=note,
        approved_by=approved_by,
        reference=reference,
    )


def request_proposal_revision(*, proposal: Proposal, by: User, reason: str) -> Proposal:
    """presented → revision_requested; opens the next version (a draft copied from this one)
    and takes the account's `request_revision`. Returns the revised (old) version."""
    return take_proposal_transition(proposal=proposal, name="request_revision", by=by, note=reason)


def reject_proposal(*, proposal: Proposal, by: User, reason: str) -> Proposal:
    """presented → rejected; the account takes `lose` with the reason."""
    return take_proposal_transition(proposal=proposal, name="reject", by=by, note=reason)


def take_proposal_transition(
    *,
    proposal: Proposal,
    name: str,
    by: User,
    note: str = "",
    approved_by: str = "",
    reference: str = "",
) -> Proposal:
    """Take the proposal transition `name` and its effects on the account.

    Raises InvalidTransition (409: not from this status), NotAllowed (403: this user may not),
    GuardUnmet (400: the proposal's or the account's conditions are unmet; `reasons`)."""
    note, approved_by, reference = note.strip(), approved_by.strip(), reference.strip()
    with transaction.atomic():
        proposal = _locked(proposal)
        transition = selectors.proposal_transition_named(proposal, name)
        if transition is None:
            raise InvalidTransition(
                _("“%(name)s” is not possible for a proposal that is “%(status)s”.")
                % {"name": name, "status": proposal.get_status_display()}
            )
        _check(proposal, transition, by, note=note, approved_by=approved_by)
        source = proposal.status
        extra = {"approved_by": approved_by, "reference": reference} if name == "accept" else {}
        getattr(proposal, name)(by=by, note=note, **extra)
        proposal.save()
        _record(proposal, name, source, by, _log_note(proposal, name, note))
        _carry_to_account(proposal, name, by, note)
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    """Lock the account, then the proposal (parents before children, always)."""
    account = Account.objects.select_for_update().get(pk=proposal.account_id)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locked.account = account
    return locked


def _check(proposal: Proposal, transition, by: User, *, note: str, approved_by: str) -> None:
    if not transition.has_perm(proposal, by):
        raise NotAllowed(pl.who_may(transition.permission))
    reasons = [r for c in transition.conditions for r in c.explain(proposal)]
    if transition.custom.get("needs_reason") and not note:
        reasons.append(_("Give a reason."))
    if transition.custom.get("needs_approval") and not approved_by:
        reasons.append(_("Say who at the client approved the proposal."))
    if reasons:
        raise GuardUnmet(" ".join(reasons), reasons=reasons)


def _log_note(proposal: Proposal, name: str, note: str) -> str:
    if name != "accept":
        return note
    approval = _("Approved by %(who)s (reference: %(ref)s).") % {
        "who": proposal.client_approved_by,
        "ref": proposal.client_reference or "—",
    }
    return f"{approval} {note}".strip()


def _carry_to_account(proposal: Proposal, name: str, by: User, note: str) -> None:
    """The account transition that follows the proposal's (same transaction)."""
    if name == "request_revision":
        _open_revision(proposal, by, note)
    account_transition = ACCOUNT_TRANSITION.get(name)
    if account_transition is None:
        return
    account_note = _("Proposal version %(version)s: %(note)s") % {
        "version": proposal.version,
        "note": _log_note(proposal, name, note) or proposal.get_status_display(),
    }
    if name == "accept":
        account_note += " " + _("Approved budget: %(total)s %(currency)s.") % {
            "total": proposal.budget_total,
            "currency": proposal.currency,
        }
    proposal.account = take_transition(
        account=proposal.account, name=account_transition, by=by, note=account_note
    )
    if name == "accept":
        _set_approved_budget(proposal)


def _set_approved_budget(proposal: Proposal) -> None:
    """The approved budget that media buying and billing work against: the accepted total
    (also written in the `approve` stage change's note). Set by the acceptance itself, whose
    actor was checked by the transition: not an edit of the account (a client contact who
    accepts in the portal may not edit accounts)."""
    account = proposal.account  # locked by _locked, moved on by take_transition
    account.budget = proposal.budget_total
    account.full_clean()
    account.save(update_fields=["budget", "updated_at"])


def _open_revision(proposal: Proposal, by: User, reason: str) -> Proposal:
    """The next version: a draft with this version's title, sections and budget lines."""
    revision = _new_version(
        account=proposal.account, by=by, title=proposal.title, revision_of=proposal
    )
    _write_sections(revision, list(proposal.sections.values("department", "title", "body")))
    lines = proposal.budget_lines.values("description", "department", "amount")
    _write_budget(revision, list(lines))
    note = _("Revision of version %(version)s: %(reason)s") % {
        "version": proposal.version,
        "reason": reason,
    }
    _record(revision, "create", "", by, note)
    return revision


def _record(proposal: Proposal, transition: str, source: str, by: User, note: str) -> None:
    ProposalChange.objects.create(
        proposal=proposal,
        transition=transition,
        source=source,
        target=proposal.status,
        by=by,
        note=note,
    )
