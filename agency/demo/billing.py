"""The demo's media buys, effect reports, invoices and payments, each at its moment of an
account's walk, through the services (the guards of `book_media`, `invoice` and `collect`
check what these steps did):

- before `book_media`: the accepted proposal's media share booked in full, on two outlets
  (a TV channel and a social platform), by the lead AE;
- before `invoice`: the effect report written and published, then one invoice drafted from
  what was sold (billing.services.suggest_invoice_lines: per buy its net and commission, the
  proposal's other items) and issued — which bills the approved budget exactly;
- `collect`: finance records the payment in full, which collects the account.

What they create keeps today's dates (invoices are numbered in today's series).
"""

from datetime import timedelta
from decimal import Decimal

from accounts.models import Account, Stage
from accounts.services import take_transition
from agency.time_zones import agency_today
from billing import services as billing
from billing.models import InvoiceKind, InvoiceStatus
from campaigns.models import BudgetLine
from media import services as media
from media.models import BOOKED_STATUSES, MediaOutlet
from media.services import publish_effect_report, save_effect_report

from . import Demo, history

#: The outlets the demo books, and each one's share of an account's media budget.
OUTLETS = [
    (
        {"name": "中央电视台 综合频道 CCTV-1", "kind": "tv", "vendor_name": "中央电视台广告中心"},
        "0.6",
    ),
    ({"name": "新浪微博 Weibo", "kind": "social", "vendor_name": "微博广告"}, None),
]
#: Flights start a week after seeding: an account left at media_booked waits for its launch.
FLIGHT_STARTS_IN, FLIGHT_DAYS = timedelta(days=7), timedelta(days=30)


def seed(demo: Demo) -> None:
    """Nothing of its own: the steps below run inside each account's walk."""


def _outlet(name: str, kind: str, vendor: str, currency: str) -> MediaOutlet:
    """The outlet, quoting in the account's currency (an outlet is booked in its own)."""
    if currency != "CNY":
        name = f"{name} ({currency})"
    outlet = MediaOutlet.objects.filter(name=name, currency=currency).first()
    return outlet or MediaOutlet.objects.create(
        name=name, kind=kind, vendor_name=vendor, currency=currency
    )


@history.before("book_media")
def book_the_media_share(account: Account, actors, rng) -> None:
    media_share = BudgetLine.objects.filter(
        proposal__account=account, proposal__status="accepted", department="media"
    ).first()
    if media_share is None or account.media_buys.filter(status__in=BOOKED_STATUSES).exists():
        return
    left = media_share.amount
    for values, share in OUTLETS:
        amount = (
            left
            if share is None
            else (media_share.amount * Decimal(share)).quantize(Decimal("0.01"))
        )
        left -= amount
        _book(account, _outlet(*values, account.currency), actors.lead, amount)


def _book(account: Account, outlet: MediaOutlet, by, amount: Decimal) -> None:
    start = agency_today() + FLIGHT_STARTS_IN
    buy = media.create_media_buy(
        by=by,
        account=account,
        outlet=outlet,
        placement="Launch flight 上市投放",
        flight_start=start,
        flight_end=start + FLIGHT_DAYS,
        unit_type="insertion",
        quantity=1,
        unit_rate=amount,
    )
    for name in ("request_quote", "negotiate"):
        buy = media.take_buy_transition(buy=buy, name=name, by=by)
    media.take_buy_transition(buy=buy, name="book", by=by, vendor_reference=f"VR-{buy.pk:05d}")


@history.before("invoice")
def report_and_invoice(account: Account, actors, rng) -> None:
    report = getattr(account, "effect_report", None)
    if report is None or not report.is_published:
        save_effect_report(
            account=account,
            by=actors.lead,
            summary="Flights delivered as booked. 投放按排期完成。",
            results="Sales targets met. 达成销售目标。",
        )
        publish_effect_report(account=account, by=actors.lead)
    if not account.invoices.exclude(status=InvoiceStatus.VOID).exists():
        draft = billing.create_invoice(account=account, by=actors.lead)  # the suggestion
        billing.issue_invoice(invoice=draft, by=actors.lead)


@history.instead("collect")
def collect(account: Account, *, by, note, actors, rng) -> None:
    """Finance records each open invoice paid in full; the last payment collects the
    account (billing.services.collect_account_if_settled)."""
    invoices = account.invoices.filter(kind=InvoiceKind.INVOICE, status=InvoiceStatus.ISSUED)
    for invoice in invoices:
        billing.record_payment(
            invoice=invoice,
            by=actors.finance,
            amount=invoice.balance,
            received_on=agency_today(),
            method="bank_transfer",
            idempotency_key=f"demo-payment-{invoice.pk}",
            note=note,
        )
    account.refresh_from_db()
    if account.stage == Stage.INVOICED:
        take_transition(account=account, name="collect", by=by, note=note)
