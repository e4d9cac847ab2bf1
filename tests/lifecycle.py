"""Moving an account along its lifecycle in tests: through accounts.services.take_transition,
the only way there is, first giving each guard the objects it asks for."""

from accounts.models import PIPELINE, Account
from accounts.services import take_transition
from agency.models import User
from campaigns.models import Brief, TeamMember
from tests.factories import BriefFactory, UserFactory

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


def advance(account: Account, *, to: str, by: User) -> Account:
    """Take the account's transitions in order, as `by` (a team AE), until it is at `to`."""
    account.refresh_from_db()
    while PIPELINE.index(account.stage) < PIPELINE.index(to):
        transition = ENTERING[PIPELINE[PIPELINE.index(account.stage) + 1]]
        prepare(account, transition, by)
        account = take_transition(account=account, name=transition, by=by)
    return account
