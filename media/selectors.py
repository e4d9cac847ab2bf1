"""Reads about media, starting with who may see what.

Media buys and deliveries are seen by whoever sees their account
(`accounts_visible_to`); outlets are reference data every active staff member sees.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from accounts.models import Account
from accounts.selectors import SeenAccounts, of_visible_accounts
from agency.models import User

from .costs import round_money
from .models import (
    BOOKED_STATUSES,
    UNBOOKED_STATUSES,
    BudgetOverride,
    BuyStatus,
    BuyStatusChange,
    Delivery,
    EffectReport,
    MediaBuy,
    MediaOutlet,
)

ZERO = Decimal("0.00")


# --- Visibility ----------------------------------------------------------------------------
def outlets_visible_to(user: User) -> QuerySet[MediaOutlet]:
    if not user.is_authenticated or not user.is_active:
        return MediaOutlet.objects.none()
    return MediaOutlet.objects.all()


def media_buys_visible_to(user: User, seen: SeenAccounts | None = None) -> QuerySet[MediaBuy]:
    return MediaBuy.objects.filter(of_visible_accounts(user, "account", seen))


def deliveries_visible_to(user: User, seen: SeenAccounts | None = None) -> QuerySet[Delivery]:
    return Delivery.objects.filter(of_visible_accounts(user, "media_buy__account", seen))


# --- Lists ---------------------------------------------------------------------------------
def outlet_list(*, user: User) -> QuerySet[MediaOutlet]:
    return outlets_visible_to(user).prefetch_related("rate_card")


def media_buy_list(*, user: User) -> QuerySet[MediaBuy]:
    return media_buys_visible_to(user).select_related("account", "outlet")


def delivery_list(*, user: User) -> QuerySet[Delivery]:
    return deliveries_visible_to(user).select_related("media_buy__outlet", "entered_by")


def buys_of(account: Account) -> QuerySet[MediaBuy]:
    """The account's media plan, in flight order, with what a row shows."""
    return account.media_buys.select_related("outlet").order_by("flight_start", "id")


@dataclass(frozen=True)
class BuyAction:
    name: str
    label: str
    needs_reason: bool


def buy_actions(buy: MediaBuy) -> list[BuyAction]:
    """The transitions from the buy's status (who may take them is asked once per page)."""
    return [
        BuyAction(
            name=t.name,
            label=str(t.custom.get("label", t.name)),
            needs_reason=bool(t.custom.get("needs_reason")),
        )
        for t in buy.get_available_status_transitions()
    ]


def buy_history(buy: MediaBuy) -> QuerySet[BuyStatusChange]:
    return buy.changes.select_related("by")


# --- Totals and the budget -----------------------------------------------------------------
@dataclass(frozen=True)
class Totals:
    gross: Decimal
    commission: Decimal
    net: Decimal


def totals(buys: QuerySet[MediaBuy]) -> Totals:
    """Sums of cancelled-free buys: the figures under the media plan."""
    sums = buys.exclude(status=BuyStatus.CANCELLED).aggregate(
        gross=Coalesce(Sum("gross"), ZERO),
        commission=Coalesce(Sum("commission"), ZERO),
        net=Coalesce(Sum("net"), ZERO),
    )
    return Totals(**{k: round_money(v) for k, v in sums.items()})


def booked_total(account: Account) -> Decimal:
    """Gross of the account's booked (and later) buys; cancelled ones never count."""
    total = account.media_buys.filter(status__in=BOOKED_STATUSES).aggregate(
        total=Coalesce(Sum("gross"), ZERO)
    )["total"]
    return round_money(total)


def unbooked_buys(account: Account) -> list[MediaBuy]:
    return list(buys_of(account).filter(status__in=UNBOOKED_STATUSES))


def override_covers(account: Account, total: Decimal) -> bool:
    """Whether an AD's override allowed a booked total at least this high."""
    return BudgetOverride.objects.filter(account=account, booked_total__gte=total).exists()


def overrides_of(account: Account) -> QuerySet[BudgetOverride]:
    return account.budget_overrides.select_related("by", "media_buy__outlet")


# --- Flights -------------------------------------------------------------------------------
def accounts_to_launch(today: dt.date) -> QuerySet[Account]:
    """Media booked, and the first booked flight has started."""
    return (
        Account.objects.filter(stage="media_booked")
        .annotate(
            first_flight=Min(
                "media_buys__flight_start", filter=Q(media_buys__status__in=BOOKED_STATUSES)
            )
        )
        .filter(first_flight__lte=today)
    )


def accounts_to_evaluate(today: dt.date) -> QuerySet[Account]:
    """Running, and the last booked flight ended before today."""
    return (
        Account.objects.filter(stage="running")
        .annotate(
            last_flight=Max(
                "media_buys__flight_end", filter=Q(media_buys__status__in=BOOKED_STATUSES)
            )
        )
        .filter(last_flight__lt=today)
    )


#: Bars one calendar page draws at most; a month of a large agency fits.
CALENDAR_LIMIT = 500


def shift_month(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    return first, next_month - dt.timedelta(days=1)


def calendar_buys(
    *, user: User, month: dt.date | None = None, outlet_id: int | None = None
) -> QuerySet[MediaBuy]:
    """The agency-wide flight calendar: visible, not cancelled, optionally overlapping a month
    and on one outlet."""
    buys = media_buy_list(user=user).exclude(status=BuyStatus.CANCELLED)
    if month is not None:
        first, last = month_bounds(month)
        buys = buys.filter(flight_start__lte=last, flight_end__gte=first)
    if outlet_id:
        buys = buys.filter(outlet_id=outlet_id)
    return buys.order_by("outlet__name", "flight_start", "id")


def calendar_data(buys) -> dict:
    """What the Gantt chart draws (static/js/media-calendar.js): one bar per buy, labelled by
    outlet. Money as strings (never float); dates ISO."""
    bars = [
        {
            "id": buy.pk,
            "outlet": buy.outlet.name,
            "placement": buy.placement,
            "account": buy.account.name,
            "start": buy.flight_start.isoformat(),
            "end": buy.flight_end.isoformat(),
            "status": buy.status,
            "gross": str(buy.gross),
        }
        for buy in buys
    ]
    return {"bars": bars}


# --- Delivery and effect -------------------------------------------------------------------
@dataclass
class OutletEffect:
    outlet: str
    planned_units: int = 0
    planned_gross: Decimal = ZERO
    delivered_units: int = 0
    impressions: int = 0
    clicks: int = 0
    spend: Decimal = ZERO

    @property
    def delivery_rate(self) -> Decimal | None:
        """Delivered units as a percentage of planned, to one decimal place."""
        if not self.planned_units:
            return None
        return (Decimal(self.delivered_units) * 100 / self.planned_units).quantize(Decimal("0.1"))


def effect_by_outlet(account: Account) -> list[OutletEffect]:
    """Planned (booked, not cancelled) vs delivered, per outlet. Two queries."""
    rows: dict[int, OutletEffect] = {}
    planned = (
        account.media_buys.filter(status__in=BOOKED_STATUSES)
        .values("outlet_id", "outlet__name")
        .annotate(units=Sum("quantity"), gross=Sum("gross"))
        .order_by("outlet__name")
    )
    for row in planned:
        rows[row["outlet_id"]] = OutletEffect(
            outlet=row["outlet__name"],
            planned_units=row["units"],
            planned_gross=round_money(row["gross"]),
        )
    delivered = (
        Delivery.objects.filter(media_buy__account=account)
        .values("media_buy__outlet_id", "media_buy__outlet__name")
        .annotate(
            units=Sum("units_delivered"),
            impressions=Sum("impressions"),
            clicks=Sum("clicks"),
            spend=Sum("spend"),
        )
    )
    for row in delivered:
        effect = rows.setdefault(
            row["media_buy__outlet_id"], OutletEffect(outlet=row["media_buy__outlet__name"])
        )
        effect.delivered_units = row["units"]
        effect.impressions = row["impressions"]
        effect.clicks = row["clicks"]
        effect.spend = round_money(row["spend"])
    return sorted(rows.values(), key=lambda e: e.outlet)


def effect_totals(effects: list[OutletEffect]) -> OutletEffect:
    total = OutletEffect(outlet="")
    for e in effects:
        total.planned_units += e.planned_units
        total.planned_gross += e.planned_gross
        total.delivered_units += e.delivered_units
        total.impressions += e.impressions
        total.clicks += e.clicks
        total.spend += e.spend
    return total


def effect_chart_data(effects: list[OutletEffect]) -> dict:
    """For static/js/media-effect.js: numbers as strings, never floats."""
    return {
        "labels": [e.outlet for e in effects],
        "planned": [str(e.planned_units) for e in effects],
        "delivered": [str(e.delivered_units) for e in effects],
        "planned_gross": [str(e.planned_gross) for e in effects],
        "spend": [str(e.spend) for e in effects],
    }


def effect_report_of(account: Account) -> EffectReport | None:
    return EffectReport.objects.filter(account=account).select_related("published_by").first()
