"""Money and media figures: invoiced and collected per month, receivables by aging bucket,
the largest overdue invoices, what should come in over the next 30 days, and media spend
booked against delivered per month and per outlet type. Amounts stay per currency."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, CharField, DateField, F, QuerySet, Sum, Value, When
from django.db.models.functions import TruncMonth

from accounts.selectors import sees_every_account
from agency import daily_totals
from agency.models import DailyTotal
from billing.aging import BucketSums
from billing.models import Invoice
from billing.money import ZERO
from billing.selectors import (
    BUCKETS,
    bucket_q,
    invoices_visible_to,
    overdue_q,
    payments_visible_to,
    receivable_q,
)
from media.models import MediaBuy, OutletKind
from media.selectors import deliveries_visible_to, media_buys_visible_to

from .figures import MONEY_FIELD, Amounts, Top, amounts, sorted_amounts, top
from .scope import Scope

#: "Expected collections": open balances falling due within this many days from today.
EXPECTED_DAYS = 30
BALANCE = F("total") - F("amount_paid") - F("amount_credited")


# --- Invoiced and collected per month ------------------------------------------------------
@dataclass
class MonthMoney:
    month: date
    invoiced: Amounts = field(default_factory=dict)
    collected: Amounts = field(default_factory=dict)


def scoped_invoices(scope: Scope) -> QuerySet[Invoice]:
    return scope.narrow(invoices_visible_to(scope.user, scope.seen), "account__")


def _in_period(name: str, rows: QuerySet, scope: Scope) -> QuerySet:
    """The rows of series `name` (agency.daily_totals: what counts) dated in the period."""
    return daily_totals.series()[name].in_period(rows, scope.period.start, scope.period.end)


def issued_in_period(scope: Scope) -> QuerySet[Invoice]:
    """Invoices and credit notes (negative) issued in the period: what was invoiced, net."""
    return _in_period(daily_totals.INVOICED, scoped_invoices(scope), scope)


def collected_in_period(scope: Scope):
    """Payments received in the period and not reversed."""
    payments = scope.narrow(payments_visible_to(scope.user, scope.seen), "invoice__account__")
    return _in_period(daily_totals.COLLECTED, payments, scope)


def money_by_month(rows: list[dict], scope: Scope) -> list[MonthMoney]:
    """One row per month of the period (months without money included)."""
    invoiced, collected = defaultdict(amounts), defaultdict(amounts)
    for row in rows:
        if row["series"] in ("invoiced", "collected"):
            target = invoiced if row["series"] == "invoiced" else collected
            target[_month(row["month"])][row["cur"]] += row["amount"]
    return [
        MonthMoney(month, sorted_amounts(invoiced[month]), sorted_amounts(collected[month]))
        for month in scope.period.months
    ]


def _month(value) -> date:
    """TruncMonth of a date column: a date (a datetime on some backends)."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


# --- Receivables ---------------------------------------------------------------------------
@dataclass
class Receivables(BucketSums):
    """Open balances of one currency by aging bucket, and what falls due soon."""

    currency: str
    buckets: Amounts
    expected: Decimal  # due from today through EXPECTED_DAYS ahead
    due_this_week: Decimal  # due from today through Sunday


def receivables(rows: list[dict]) -> list[Receivables]:
    """Per currency: open balances by aging bucket as of today (billing's buckets), the part
    due within EXPECTED_DAYS and within this week."""
    found: dict[str, Receivables] = {}
    for row in rows:
        if row["series"] not in ("aging", "due"):
            continue
        currency = row["cur"]
        figure = found.setdefault(
            currency, Receivables(currency, dict.fromkeys(BUCKETS, ZERO), ZERO, ZERO)
        )
        if row["series"] == "aging":
            figure.buckets[row["key"]] += row["amount"]
        elif row["key"] == "expected":
            figure.expected += row["amount"]
        else:
            figure.due_this_week += row["amount"]
    return [found[currency] for currency in sorted(found)]


def overdue_invoices(scope: Scope) -> QuerySet[Invoice]:
    """Overdue invoices, the largest open balance first (then the oldest due date)."""
    return (
        scoped_invoices(scope)
        .filter(overdue_q(scope.today))
        .annotate(balance_due=BALANCE)
        .select_related("client", "account", "account__lead_ae")
        .order_by("-balance_due", "due_date", "pk")
    )


def top_overdue(scope: Scope) -> Top:
    return top(overdue_invoices(scope))


# --- Media ---------------------------------------------------------------------------------
@dataclass
class MediaFigure:
    key: object  # a month (date) or an outlet type (code)
    label: str
    booked: Amounts = field(default_factory=dict)
    delivered: Amounts = field(default_factory=dict)


def booked_buys(scope: Scope) -> QuerySet[MediaBuy]:
    """Booked buys (booked, running, completed, reconciled) whose flight starts in the
    period: a buy counts in the month its flight starts, at its gross cost."""
    buys = scope.narrow(media_buys_visible_to(scope.user, scope.seen), "account__")
    return _in_period(daily_totals.BOOKED, buys, scope)


def delivered_in_period(scope: Scope):
    """Deliveries (the vendors' daily spend) dated in the period."""
    deliveries = scope.narrow(deliveries_visible_to(scope.user, scope.seen), "media_buy__account__")
    return _in_period(daily_totals.DELIVERED, deliveries, scope)


def media(rows: list[dict], scope: Scope) -> tuple[list[MediaFigure], list[MediaFigure]]:
    """Spend booked and delivered per month of the period and per outlet type (the types
    with spend only)."""
    months = {m: MediaFigure(m, m.isoformat()[:7]) for m in scope.period.months}
    kinds = {code: MediaFigure(code, str(label)) for code, label in OutletKind.choices}
    sums: dict = defaultdict(amounts)
    for row in rows:
        if row["series"] in ("booked", "delivered"):
            sums[(row["series"], "month", _month(row["month"]))][row["cur"]] += row["amount"]
            sums[(row["series"], "kind", row["key"])][row["cur"]] += row["amount"]
    for by, figures in (("month", months), ("kind", kinds)):
        for key, figure in figures.items():
            figure.booked = sorted_amounts(sums.get(("booked", by, key), {}))
            figure.delivered = sorted_amounts(sums.get(("delivered", by, key), {}))
    used_kinds = [k for k in kinds.values() if k.booked or k.delivered]
    return list(months.values()), used_kinds


# --- Every money figure in one query ---------------------------------------------------------
def _sums(name: str, rows, amount, *, currency: str, month: str | None = None, key=None):
    """One member of the union: `amount` summed per (month, key, currency)."""
    return (
        rows.order_by()
        .annotate(
            series=Value(name, output_field=CharField()),
            month=TruncMonth(month) if month else Value(None, output_field=DateField()),
            key=key if key is not None else Value("", output_field=CharField()),
            cur=F(currency),
        )
        .values("series", "month", "key", "cur")
        .annotate(amount=Sum(amount, output_field=MONEY_FIELD))
    )


def money_rows(scope: Scope) -> list[dict]:
    """Every money and media sum of the revenue report, one database round trip: a UNION of
    small grouped sums (invoiced and collected per month; booked and delivered per month and
    outlet type; open balances per aging bucket; what falls due soon). Rows: series, month,
    key, cur (currency), amount."""
    today = scope.today
    week_end = today + timedelta(days=6 - today.weekday())
    open_invoices = scoped_invoices(scope).filter(receivable_q())
    bucket = Case(
        *[When(bucket_q(b, today), then=Value(b)) for b in BUCKETS], output_field=CharField()
    )
    soon = open_invoices.filter(due_date__gte=today)
    in_period = {
        daily_totals.INVOICED: issued_in_period(scope),
        daily_totals.COLLECTED: collected_in_period(scope),
        daily_totals.BOOKED: booked_buys(scope),
        daily_totals.DELIVERED: delivered_in_period(scope),
    }
    flows = [  # what moved in the period, summed as the daily totals keep it
        _sums(
            s.name,
            in_period[s.name],
            s.amount,
            currency=s.currency,
            month=s.day,
            key=F(s.key) if s.key else None,
        )
        for s in daily_totals.series().values()
    ]
    balances = [  # open as of today
        _sums("aging", open_invoices, BALANCE, currency="currency", key=bucket),
        _sums(
            "due",
            soon.filter(due_date__lte=today + timedelta(days=EXPECTED_DAYS)),
            BALANCE,
            currency="currency",
            key=Value("expected", output_field=CharField()),
        ),
        _sums(
            "due",
            soon.filter(due_date__lte=week_end),
            BALANCE,
            currency="currency",
            key=Value("this_week", output_field=CharField()),
        ),
    ]
    if covers_the_agency(scope):
        # Whole-agency flows of a year are a million rows; the services keep them per day.
        first, *others = balances
        return list(first.union(*others, all=True)) + kept_totals(scope)
    first, *others = flows + balances
    return list(first.union(*others, all=True))


def covers_the_agency(scope: Scope) -> bool:
    """Whether the scope is every account (finance, an administrator, with no filter)."""
    return sees_every_account(scope.user) and not scope.ae and not scope.client


def kept_totals(scope: Scope) -> list[dict]:
    """The invoiced, collected, booked and delivered sums per month of the period, from the
    agency's daily totals (agency.daily_totals): equal to the four sums of money_rows."""
    return list(
        DailyTotal.objects.filter(day__gte=scope.period.start, day__lte=scope.period.end)
        .order_by()
        .annotate(month=TruncMonth("day"), cur=F("currency"))
        .values("series", "month", "key", "cur")
        .annotate(amount=Sum("amount", output_field=MONEY_FIELD))
    )


def buys_behind(scope: Scope, *, month: date | None = None, kind: str | None = None):
    buys = booked_buys(scope)
    if month:
        buys = buys.filter(flight_start__year=month.year, flight_start__month=month.month)
    if kind:
        buys = buys.filter(outlet__kind=kind)
    return buys.select_related("account", "outlet").order_by("flight_start", "pk")


def deliveries_behind(scope: Scope, *, month: date | None = None, kind: str | None = None):
    rows = delivered_in_period(scope)
    if month:
        rows = rows.filter(date__year=month.year, date__month=month.month)
    if kind:
        rows = rows.filter(media_buy__outlet__kind=kind)
    return rows.select_related("media_buy__account", "media_buy__outlet").order_by("date", "pk")


def payments_behind(scope: Scope, *, month: date | None = None):
    payments = collected_in_period(scope)
    if month:
        payments = payments.filter(received_on__year=month.year, received_on__month=month.month)
    return payments.select_related("invoice", "invoice__client").order_by("received_on", "pk")
