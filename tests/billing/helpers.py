"""Helpers for billing tests: accounts moved along their lifecycle the only way there is
(accounts.services.take_transition), and invoices drafted and issued by the services."""

from datetime import date
from decimal import Decimal

from accounts.models import Account, Stage
from agency.models import User
from billing import services
from billing.models import Invoice, LineKind
from tests import lifecycle


def advance(account: Account, *, to: str, by: User) -> Account:
    """Take the account's transitions one by one, as `by` (a team AE), until it is at `to`."""
    return lifecycle.advance(account, to=to, by=by)


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
    account = lifecycle.advance(account, to=Stage.INVOICED, by=ae)
    return account, invoice


def pay(invoice: Invoice, by: User, amount: str, key: str, **extra):
    values = {"received_on": date.today(), "method": "bank_transfer", **extra}
    return services.record_payment(
        invoice=invoice, by=by, amount=Decimal(amount), idempotency_key=key, **values
    )
