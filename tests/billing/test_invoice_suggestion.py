"""Invoices drafted from the work sold: per booked buy its net cost and the agency's
commission, the accepted proposal's other items, and never twice what an invoice covers."""

from decimal import Decimal

import pytest

from accounts.models import Stage
from accounts.services import take_transition
from agency.errors import DomainError
from billing import billable, services
from billing.models import InvoiceStatus, LineKind
from billing.money import to_cents
from tests import lifecycle
from tests.factories import AccountFactory, MediaOutletFactory

from .helpers import pay
from .sold import BUDGET, accept_budget, buy, non_media_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlets(db):
    return (
        MediaOutletFactory(name="中央电视台 综合频道 CCTV-1", commission_rate=Decimal("0.15")),
        MediaOutletFactory(name="新浪微博 Weibo", kind="social", commission_rate=Decimal("0.1275")),
    )


@pytest.fixture
def sold(account, ae, outlets):
    """Two booked buys (one running), one planned and one cancelled, and the budget."""
    cctv, weibo = outlets
    account = accept_budget(account, ae)
    tv = buy(account, cctv, ae)
    social = buy(
        account,
        weibo,
        ae,
        status="running",
        unit_type="cpm",
        quantity=1_234_567,
        unit_rate=Decimal("45.67"),
    )
    buy(account, cctv, ae, status="planned", placement="Late night 深夜")
    cancelled = buy(account, weibo, ae, status="cancelled", placement="Banner 横幅")
    return account, tv, social, cancelled


def _rows(lines):
    return [(x["kind"], x["unit_price"], x["media_buy"], x["budget_line"]) for x in lines]


def _budget_line(account, description):
    proposal = account.proposals.get(status="accepted")
    return proposal.budget_lines.get(description=description).pk


def test_each_booked_buy_is_billed_net_and_commission_then_the_other_items(sold):
    account, tv, social, _cancelled = sold
    lines = services.suggest_invoice_lines(account)
    item = [_budget_line(account, line["description"]) for line in BUDGET]
    assert _rows(lines) == [
        (LineKind.MEDIA_NET, Decimal("104938.19"), tv.pk, None),  # 123,456.70 gross
        (LineKind.COMMISSION, Decimal("18518.51"), tv.pk, None),  # 15%, half up
        (LineKind.MEDIA_NET, social.net, social.pk, None),
        (LineKind.COMMISSION, social.commission, social.pk, None),
        (LineKind.PRODUCTION, Decimal("120000.00"), None, item[0]),
        (LineKind.FEE, Decimal("50000.00"), None, item[2]),  # strategy's work
        (LineKind.OTHER, Decimal("1234.56"), None, item[3]),  # no department
    ]
    # The whole of what was sold, to the cent: the buys' gross and the items but media
    assert sum(x["unit_price"] for x in lines) == tv.gross + social.gross + non_media_budget()
    assert "中央电视台 综合频道 CCTV-1" in lines[0]["description"]
    assert "12.75%" in lines[3]["description"]
    assert {x["vat_rate"] for x in lines} == {Decimal("0.06")}


def test_a_draft_opened_without_lines_bills_the_suggestion(sold, ae):
    account, tv, social, _cancelled = sold
    invoice = services.create_invoice(account=account, by=ae)
    assert invoice.subtotal == tv.gross + social.gross + non_media_budget()
    assert invoice.lines.exclude(media_buy=None).count() == 4
    # and a second draft finds nothing left
    assert services.suggest_invoice_lines(account) == []


def test_a_second_draft_suggests_only_what_is_left(sold, ae):
    account, tv, _social, _cancelled = sold
    first = services.suggest_invoice_lines(account)
    # The AE drops the TV commission and bills half the production for now
    commission = first.pop(1)
    first[3]["unit_price"] = Decimal("60000.00")
    services.create_invoice(account=account, by=ae, lines=first)
    # The next draft starts with exactly what was left out
    second = services.suggest_invoice_lines(account)
    assert _rows(second) == [
        (LineKind.COMMISSION, Decimal("18518.51"), tv.pk, None),
        (LineKind.PRODUCTION, Decimal("60000.00"), None, first[3]["budget_line"]),
    ]
    assert second[0]["description"] == commission["description"]


def test_lines_naming_sold_work_bill_no_more_than_is_left(sold, ae, other_ae, outlets):
    account, tv, _social, cancelled = sold
    lines = services.suggest_invoice_lines(account)
    services.create_invoice(account=account, by=ae, lines=lines[:1])
    # The same buy's net again: refused, with what is left
    with pytest.raises(DomainError, match="only 0.00 is left"):
        services.create_invoice(account=account, by=ae, lines=lines[:1])
    # A cancelled buy, another account's buy, the proposal's media line: not sold here
    theirs = AccountFactory(lead_ae=other_ae)
    theirs = lifecycle.advance(theirs, to=Stage.IN_PRODUCTION, by=other_ae)
    their_buy = buy(theirs, outlets[0], other_ae)
    media_line = _budget_line(account, BUDGET[1]["description"])
    for source in ({"media_buy": cancelled.pk}, {"media_buy": their_buy.pk}):
        with pytest.raises(DomainError, match="not work sold on this account"):
            services.create_invoice(account=account, by=ae, lines=[{**lines[1], **source}])
    with pytest.raises(DomainError, match="not work sold on this account"):
        wrong = {**lines[4], "budget_line": media_line}
        services.create_invoice(account=account, by=ae, lines=[wrong])
    # A buy billed as a fee, a budget item billed as media
    with pytest.raises(DomainError, match="billed as media or commission"):
        services.create_invoice(account=account, by=ae, lines=[{**lines[1], "kind": "fee"}])
    with pytest.raises(DomainError, match="billed as media or commission"):
        services.create_invoice(account=account, by=ae, lines=[{**lines[4], "kind": "media_net"}])
    assert account.invoices.count() == 1  # nothing else was drafted


def test_editing_a_draft_releases_what_it_dropped(sold, ae):
    account, *_ = sold
    draft = services.create_invoice(account=account, by=ae)
    kept = [services_line(x) for x in draft.lines.all()[:2]]
    services.update_invoice(invoice=draft, by=ae, lines=kept)
    assert len(services.suggest_invoice_lines(account)) == 5
    # The draft's own lines are not held against it when it is saved again
    services.update_invoice(invoice=draft, by=ae, lines=kept)


def services_line(line) -> dict:
    fields = ("kind", "description", "quantity", "unit_price", "vat_rate")
    return {f: getattr(line, f) for f in fields} | {
        "media_buy": line.media_buy_id,
        "budget_line": line.budget_line_id,
    }


def test_a_full_credit_note_gives_everything_back(sold, ae, finance):
    account, *_ = sold
    sold_total = sum(x["unit_price"] for x in services.suggest_invoice_lines(account))
    invoice = services.issue_invoice(invoice=services.create_invoice(account=account, by=ae), by=ae)
    assert services.suggest_invoice_lines(account) == []
    services.issue_credit_note(invoice=invoice, by=finance, amount=invoice.total, reason="Wrong PO")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.VOID
    again = services.suggest_invoice_lines(account)
    assert sum(x["unit_price"] for x in again) == sold_total


def test_crediting_what_a_payment_left_open_gives_back_that_part_only(sold, ae, finance):
    account, *_ = sold
    invoice = services.issue_invoice(invoice=services.create_invoice(account=account, by=ae), by=ae)
    pay(invoice, finance, "200000.00", "pay-1")
    invoice.refresh_from_db()
    note = services.issue_credit_note(
        invoice=invoice, by=finance, amount=invoice.balance, reason="Written off"
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.VOID  # nothing open, but 200,000 was paid
    # What comes back is the credited share of the net, spread over the lines, to the cent
    again = services.suggest_invoice_lines(account)
    share = to_cents(invoice.subtotal * invoice.amount_credited / invoice.total)
    assert sum(x["unit_price"] for x in again) == share
    assert abs(share + note.subtotal) <= Decimal("0.05")  # about the credit note's own net
    assert len(again) == 7 and all(x["unit_price"] > 0 for x in again)


def test_a_draft_naming_a_buy_since_cancelled_cannot_be_issued(account, ae, outlets):
    account = accept_budget(account, ae)
    booked = buy(account, outlets[0], ae)
    draft = services.create_invoice(account=account, by=ae)
    from media import services as media

    media.take_buy_transition(buy=booked, name="cancel", by=ae, note="Vendor cancelled")
    with pytest.raises(DomainError, match="not work sold on this account"):
        services.issue_invoice(invoice=draft, by=ae)
    draft.refresh_from_db()
    assert draft.status == InvoiceStatus.DRAFT


def test_invoicing_all_that_was_sold_meets_the_invoice_guard(account, ae):
    # Given a budget whose media share is booked in full (as the demo does)
    budget = [
        {"description": "Production 制作", "department": "production", "amount": "25000.00"},
        {"description": "Media 媒介", "department": "media", "amount": "65000.00"},
        {"description": "Agency fee 代理费", "department": "account", "amount": "10000.00"},
    ]
    account = accept_budget(account, ae, budget)
    outlet = MediaOutletFactory()
    buy(account, outlet, ae, quantity=1, unit_rate=Decimal("65000.00"))
    account = lifecycle.advance(account, to=Stage.EVALUATING, by=ae)
    lifecycle.publish_effect_report(account, ae)
    # When the suggested draft is issued
    invoice = services.create_invoice(account=account, by=ae)
    services.issue_invoice(invoice=invoice, by=ae)
    # Then it bills the approved budget exactly and the account can be invoiced
    assert invoice.subtotal == account.budget == Decimal("100000.00")
    account = take_transition(account=account, name="invoice", by=ae)
    assert account.stage == Stage.INVOICED


def test_the_statement_says_what_was_sold_invoiced_and_left(sold, ae):
    account, *_ = sold
    lines = services.suggest_invoice_lines(account)
    services.create_invoice(account=account, by=ae, lines=lines[:2])
    rows = billable.statement(account)
    assert [row.covered for row in rows[:3]] == [lines[0]["unit_price"], lines[1]["unit_price"], 0]
    assert sum(row.left for row in rows) == sum(x["unit_price"] for x in lines[2:])
