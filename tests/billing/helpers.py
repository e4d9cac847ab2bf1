"""Helpers for billing tests: accounts moved along their lifecycle the only way there is
(accounts.services.take_transition), and invoices drafted and issued by the services."""

from datetime import date
from decimal import Decimal

from accounts.models import PIPELINE, Account, Stage
from accounts.services import take_transition
from agency.models import Department, User
from billing import services
from billing.models import Invoice, LineKind
from campaigns.models import TeamMember
from tests.factories import BriefFactory, UserFactory, advance_by_proposal

#: The transition that leaves each stage of the main line.
NEXT = {
    Stage.FIRST_CONTACT: "record_brief",
    Stage.BRIEFED: "form_team",
    Stage.TEAM_FORMED: "start_planning",
    Stage.PLANNING: "present_proposal",
    Stage.PROPOSAL_PRESENTED: "approve",
    Stage.APPROVED: "start_production",
    Stage.IN_PRODUCTION: "book_media",
    Stage.MEDIA_BOOKED: "launch",
    Stage.RUNNING: "start_evaluation",
    Stage.EVALUATING: "invoice",
}


def _prepare(account: Account, stage: str) -> None:
    """Meet the guard of the transition leaving `stage` (what this branch knows of)."""
    if stage == Stage.FIRST_CONTACT and not hasattr(account, "brief"):
        BriefFactory(account=account, departments_needed=["creative", "media"])
    if stage == Stage.BRIEFED:
        for department in (Department.CREATIVE, Department.MEDIA):
            user = UserFactory(
                username=f"{department}_{account.pk}", department=department, level=""
            )
            TeamMember.objects.get_or_create(account=account, user=user)


def advance(account: Account, *, to: str, by: User) -> Account:
    """Take the account's transitions one by one, as `by` (a team AE), until it is at `to`.
    Going to `invoiced` needs its invoices issued first (see `invoiced_account`)."""
    target = PIPELINE.index(to)
    while PIPELINE.index(account.stage) < target:
        _prepare(account, account.stage)
        if account.stage in (Stage.PLANNING, Stage.PROPOSAL_PRESENTED):
            account = advance_by_proposal(account, by=by)  # the proposal leads these two
            continue
        account = take_transition(account=account, name=NEXT[account.stage], by=by)
    return account


def line(amount: str, *, kind: str = LineKind.FEE, vat: str = "0.06", qty: str = "1") -> dict:
    return {
        "kind": kind,
        "description": f"{kind} {amount}",
        "quantity": Decimal(qty),
        "unit_price": Decimal(amount),
        "vat_rate": Decimal(vat),
    }


def draft(account: Account, by: User, *amounts: str, vat: str = "0.06") -> Invoice:
    lines = [line(amount, vat=vat) for amount in amounts]
    return services.create_invoice(account=account, by=by, lines=lines)


def issued(account: Account, by: User, *amounts: str, vat: str = "0.06") -> Invoice:
    """An issued invoice with one fee line per amount (net, before VAT)."""
    return services.issue_invoice(invoice=draft(account, by, *amounts, vat=vat), by=by)


def invoiced_account(account: Account, ae: User, *, vat: str = "0") -> tuple[Account, Invoice]:
    """The account at `invoiced` with one issued invoice for its whole budget (VAT 0 by
    default, so its total equals the budget)."""
    account = advance(account, to=Stage.EVALUATING, by=ae)
    invoice = issued(account, ae, str(account.budget), vat=vat)
    account = take_transition(account=account, name="invoice", by=ae)
    return account, invoice


def pay(invoice: Invoice, by: User, amount: str, key: str, **extra):
    values = {"received_on": date.today(), "method": "bank_transfer", **extra}
    return services.record_payment(
        invoice=invoice, by=by, amount=Decimal(amount), idempotency_key=key, **values
    )
