from decimal import Decimal

import pytest

from accounts.models import StageChange
from billing.models import BillingEvent

from .helpers import invoiced_account, pay


@pytest.mark.django_db
def test_flow(account, ae, finance):
    account, invoice = invoiced_account(account, ae)
    assert invoice.number.startswith("INV-")
    out = pay(invoice, finance, "100000.00", "k1")
    invoice.refresh_from_db()
    assert invoice.status == "partially_paid"
    out = pay(invoice, finance, "400000.00", "k2")
    invoice.refresh_from_db()
    account.refresh_from_db()
    assert invoice.status == "paid" and account.stage == "collected"
    assert StageChange.objects.filter(account=account, transition="collect").count() == 1
    assert BillingEvent.objects.filter(invoice=invoice).count() == 4
    assert out.receipt["invoice_balance"] == "0.00"
    assert invoice.balance == Decimal("0.00")
