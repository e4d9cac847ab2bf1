"""`manage.py check_money`: the invariants the load test checks afterwards (reliability.md 28)
hold on a real set of books, and each one speaks up when broken."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from billing import invariants
from billing.models import InvoiceLine, NumberCounter

pytestmark = pytest.mark.django_db


def test_the_books_of_the_world_hold(world, capsys):
    call_command("check_money")
    assert "Money invariants hold" in capsys.readouterr().out


def test_a_line_that_no_longer_adds_up_is_reported(world):
    # Given a draft whose line was changed behind the services' back
    InvoiceLine.objects.filter(invoice=world.draft_invoice).update(amount=Decimal("999.00"))
    # Then the totals check names it, and the command fails
    assert any(str(world.draft_invoice) in p for p in invariants.totals_problems())
    with pytest.raises(CommandError):
        call_command("check_money")


def test_a_counter_ahead_of_the_numbers_is_reported(world):
    NumberCounter.objects.filter(series="INV").update(last=F("last") + 1)
    assert any("counter" in p for p in invariants.numbering_problems())


def test_the_balances_agree_with_payments_and_credits(world):
    assert invariants.balance_problems() == []
    world.invoice.refresh_from_db()
    assert world.invoice.amount_paid == Decimal("1000.00")
