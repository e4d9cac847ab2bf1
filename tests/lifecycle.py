"""Moving an account along its lifecycle in tests: through accounts.services.take_transition,
the only way there is, first giving each guard the objects it asks for."""

from accounts.models import PIPELINE, Account
from accounts.services import take_transition
from agency.models import AccountGroup, User
from campaigns.models import Brief, TeamMember
from tests.factories import (
    AccountGroupFactory,
    BriefFactory,
    UserFactory,
    make_proposal,
    walk_proposal,
)

#: The transition that enters each stage of the main line.
ENTERING = {
    "briefed": "record_brief",
    "team_formed": "form_team",
    "planning": "start_planning",
    "proposal_presented": "present_proposal",
    "approved": "approve",
    "in_production": "start_production",
    "media_booked": "book_media",
    "running": "launch",
    "evaluating": "start_evaluation",
    "invoiced": "invoice",
    "collected": "collect",
}


def cover_brief(account: Account) -> None:
    """A complete brief, and a team member from each department it needs."""
    brief = Brief.objects.filter(account=account).first() or BriefFactory(account=account)
    present = set(account.team_members.values_list("user__department", flat=True))
    for department in sorted(set(brief.departments_needed) - present - {"account"}):
        user = UserFactory(username=f"{department}_{account.pk}", department=department, level="")
        TeamMember.objects.get_or_create(account=account, user=user)


def publish_effect_report(account: Account, by: User) -> None:
    from media.models import EffectReport
    from media.services import publish_effect_report, save_effect_report

    report = EffectReport.objects.filter(account=account).first()
    if report is None or not report.published_at:
        save_effect_report(account=account, by=by, summary="Delivered as planned", results="")
        publish_effect_report(account=account, by=by)


def invoice_the_budget(account: Account, by: User) -> None:
    """Issue one invoice for the account's whole budget, VAT 0, unless invoices cover it."""
    from billing import guards, services
    from billing.models import LineKind

    if not guards.invoices_cover_approved_amount.explain(account):
        return
    line = {
        "kind": LineKind.FEE,
        "description": "Agency fee",
        "quantity": 1,
        "unit_price": account.budget,
        "vat_rate": 0,
    }
    invoice = services.create_invoice(account=account, by=by, lines=[line])
    services.issue_invoice(invoice=invoice, by=by)


def prepare(account: Account, transition: str, by: User) -> None:
    """Meet the guard of `transition` with the least a real account would have."""
    if transition in ("record_brief", "form_team"):
        cover_brief(account)
    if transition == "invoice":
        publish_effect_report(account, by)
        invoice_the_budget(account, by)
    if transition in PROPOSAL_AFTER:
        place_proposal(account, PROPOSAL_AFTER[transition], by)


#: Taken by the proposal (campaigns.services.proposals), which moves the account with it.
THROUGH_THE_PROPOSAL = {"present_proposal", "approve"}
#: The proposal's status once the proposal service has taken these account transitions:
#: their guards check that it has (campaigns.guards).
PROPOSAL_AFTER = {
    "present_proposal": "presented",
    "approve": "accepted",
    "request_revision": "revision_requested",
}


def advance(account: Account, *, to: str, by: User) -> Account:
    """Take the account's transitions in order, as `by` (a team AE), until it is at `to`."""
    account.refresh_from_db()
    while PIPELINE.index(account.stage) < PIPELINE.index(to):
        transition = ENTERING[PIPELINE[PIPELINE.index(account.stage) + 1]]
        if transition in THROUGH_THE_PROPOSAL:
            account = advance_by_proposal(account, by=by)
            continue
        prepare(account, transition, by)
        account = take_transition(account=account, name=transition, by=by)
    return account


def advance_by_proposal(account: Account, *, by: User) -> Account:
    """The account's next step where its proposal leads (present_proposal and approve need
    one): from planning, a version whose budget is the account's is approved by the lead
    AE's AD and presented; from proposal_presented, the client accepts it (the account's
    budget stays, being the accepted total). Returns the account, refreshed."""
    from campaigns.services.proposals import accept_proposal

    if account.stage == "planning":
        lines = [{"description": "Campaign 整合传播", "amount": account.budget}]
        proposal = make_proposal(account, by=by, budget=lines)
        walk_proposal(proposal, to="presented", ae=by, ad=director_of(account.lead_ae))
    else:
        proposal = account.proposals.get(status="presented")
        accept_proposal(proposal=proposal, by=by, approved_by="Ms Li 李女士", reference="PO-1")
    account.refresh_from_db()
    return account


def director_of(ae: User) -> User:
    """The AD of `ae`'s group (a new group and AD when they have none)."""
    group = AccountGroup.objects.filter(members=ae).first()
    if group is None:
        group = AccountGroupFactory()
        group.members.add(ae)
    return group.director


def place_proposal(account: Account, status: str, by: User):
    """Test set-up only, like place_at_stage: the account's latest proposal at `status`, with
    what that status implies (the AD's approval, the client's decision, the next version),
    without the proposal service, which would move the account too. Tests of one account
    transition start this way; walks go through the proposal (advance_by_proposal)."""
    from django.utils import timezone

    from campaigns.models import Proposal

    proposal = Proposal.objects.filter(account=account).order_by("-version").first()
    proposal = proposal or _proposal_row(account, by, version=1)
    now = timezone.now()
    values = {
        "status": status,
        "approved_internally_by": director_of(account.lead_ae),
        "approved_internally_at": now,
        "presented_at": now,
    }
    if status == "accepted":
        values |= {
            "client_approved_by": "Ms Li 李女士",
            "client_reference": "PO-1",
            "decided_at": now,
        }
    if status == "revision_requested":
        values |= {"decision_reason": "More digital", "decided_at": now}
    Proposal.objects.filter(pk=proposal.pk).update(**values)
    if status == "revision_requested":
        return _proposal_row(account, by, version=proposal.version + 1, revision_of=proposal)
    return proposal


def _proposal_row(account: Account, by: User, *, version: int, revision_of=None):
    from campaigns.models import Proposal

    proposal = Proposal.objects.create(
        account=account,
        version=version,
        title="Campaign proposal 整合传播提案",
        currency=account.currency,
        revision_of=revision_of,
        created_by=by,
    )
    proposal.sections.create(department="strategy", title="Strategy 策略", body="")
    proposal.budget_lines.create(description="Campaign 整合传播", amount=account.budget)
    return proposal
