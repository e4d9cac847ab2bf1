"""The account's `invoice` and `collect` guards, from billing."""

from decimal import Decimal

import pytest

from accounts.models import Stage
from accounts.selectors import transition_options
from accounts.services import take_transition
from agency.errors import GuardUnmet
from billing import services
from billing.guards import invoices_cover_approved_amount, no_open_balance

from .helpers import draft, invoiced_account, issued, pay

pytestmark = pytest.mark.django_db


def test_invoice_needs_issued_invoices_for_the_approved_amount(evaluating, ae, finance):
    # Given an account at evaluating with a budget of 500,000.00 and nothing issued
    assert invoices_cover_approved_amount.explain(evaluating) == [
        "No invoice has been issued for this account yet."
    ]
    draft(evaluating, ae, "500000.00")  # a draft does not count
    with pytest.raises(GuardUnmet):
        take_transition(account=evaluating, name="invoice", by=ae)
    # When 300,000.00 is issued, the reason says how much is missing
    issued(evaluating, ae, "300000.00")
    assert invoices_cover_approved_amount.explain(evaluating) == [
        "Invoices issued so far total 300,000.00 CNY before tax; the approved amount is 500,000.00."
    ]
    option = next(o for o in transition_options(evaluating, ae) if o.name == "invoice")
    assert not option.allowed and "300,000.00" in option.reasons[0]
    # and a credit note counts against what was invoiced
    second = issued(evaluating, ae, "200000.00")
    services.issue_credit_note(invoice=second, by=finance, amount=Decimal("10.60"), reason="x")
    assert "499,990.00" in invoices_cover_approved_amount.explain(evaluating)[0]
    issued(evaluating, ae, "10.00")
    # Then with the full amount before tax issued, the AE may invoice the account
    assert invoices_cover_approved_amount.explain(evaluating) == []
    account = take_transition(account=evaluating, name="invoice", by=ae)
    assert account.stage == Stage.INVOICED


def test_collect_needs_no_open_balance(account, ae, finance):
    account, invoice = invoiced_account(account, ae)
    assert no_open_balance.explain(account) == [f"Invoices still open: {invoice.number}."]
    with pytest.raises(GuardUnmet):
        take_transition(account=account, name="collect", by=finance)
    pay(invoice, finance, "499999.99", "p")
    assert no_open_balance.explain(account)  # one cent still open
    account.refresh_from_db()
    assert account.stage == Stage.INVOICED
