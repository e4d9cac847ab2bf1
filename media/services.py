"""Every write about media: outlets, buys and their status, delivery, the effect report, and
the sweep that launches and evaluates accounts on their flight dates.

Services take the acting user as `by`, run in a transaction and raise a DomainError with a
message a user can read when a rule refuses.
"""

import datetime as dt
import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OPEN_STAGES, Account
from accounts.services import take_transition
from agency import daily_totals
from agency.errors import Conflict, DomainError, GuardUnmet, InvalidTransition, NotAllowed
from agency.models import User
from agency.people import system_user

from . import permissions as perm
from . import selectors
from .costs import buy_cost
from .models import (
    BOOKED_STATUSES,
    EDITABLE_STATUSES,
    BudgetOverride,
    BuyStatusChange,
    Delivery,
    EffectReport,
    MediaBuy,
    MediaOutlet,
    RateCardEntry,
)

log = logging.getLogger(__name__)

OUTLET_FIELDS = (
    "name",
    "kind",
    "vendor_name",
    "vendor_contact",
    "vendor_email",
    "vendor_phone",
    "vendor_address",
    "commission_rate",
    "currency",
    "is_active",
)
BUY_FIELDS = (
    "outlet",
    "placement",
    "flight_start",
    "flight_end",
    "unit_type",
    "quantity",
    "unit_rate",
    "notes",
)
DELIVERY_FIELDS = ("date", "units_delivered", "impressions", "clicks", "spend")
#: What fits a money column (max_digits=14, decimal_places=2).
MAX_GROSS = Decimal("1e12")
#: Moving a buy towards its booking needs an open account (not on hold, lost or cancelled).
NEEDS_OPEN_ACCOUNT = ("request_quote", "negotiate", "book")


def _apply(obj, fields: tuple[str, ...], values: dict) -> None:
    for name in fields:
        if name in values:
            setattr(obj, name, values[name])


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


# --- Outlets -------------------------------------------------------------------------------
@transaction.atomic
def create_outlet(*, by: User, rate_card: list[dict] | None = None, **values) -> MediaOutlet:
    """Add an outlet (media department or administrator) with its rate card entries."""
    _require(perm.may_manage_outlets(by), _("Only the media department may add outlets."))
    outlet = MediaOutlet()
    _apply(outlet, OUTLET_FIELDS, values)
    outlet.full_clean()
    outlet.save()
    if rate_card is not None:
        _replace_rate_card(outlet, rate_card)
    return outlet


@transaction.atomic
def update_outlet(
    *, outlet: MediaOutlet, by: User, rate_card: list[dict] | None = None, **values
) -> MediaOutlet:
    """Edit an outlet; a given `rate_card` replaces the entries. Buys keep the commission
    rate they were priced with."""
    _require(perm.may_manage_outlets(by), _("Only the media department may edit outlets."))
    outlet = MediaOutlet.objects.select_for_update().get(pk=outlet.pk)
    _apply(outlet, OUTLET_FIELDS, values)
    outlet.full_clean()
    outlet.save()
    if rate_card is not None:
        _replace_rate_card(outlet, rate_card)
    return outlet


def _replace_rate_card(outlet: MediaOutlet, entries: list[dict]) -> None:
    outlet.rate_card.all().delete()
    for values in entries:
        entry = RateCardEntry(outlet=outlet, **values)
        entry.full_clean()
        entry.save()


# --- Media buys ----------------------------------------------------------------------------
def _price(buy: MediaBuy) -> None:
    cost = buy_cost(
        unit_type=buy.unit_type,
        quantity=buy.quantity,
        unit_rate=buy.unit_rate,
        commission_rate=buy.commission_rate,
    )
    if cost.gross >= MAX_GROSS:
        raise DomainError(
            _("The gross cost %(gross)s is larger than one buy may be.") % {"gross": cost.gross}
        )
    buy.gross, buy.commission, buy.net = cost.gross, cost.commission, cost.net


def _check_buy_terms(buy: MediaBuy, account: Account) -> None:
    if account.stage not in OPEN_STAGES:
        raise DomainError(_("The account is closed; its media plan cannot change."))
    if buy.flight_start and buy.flight_end and buy.flight_end < buy.flight_start:
        raise DomainError(_("The flight ends before it starts."))
    if not buy.outlet.is_active:
        raise DomainError(_("This outlet is no longer in use."))
    if buy.outlet.currency != account.currency:
        raise DomainError(
            _(
                "%(outlet)s quotes in %(outlet_currency)s but the account is in "
                "%(currency)s; price the buy in the account's currency with another outlet."
            )
            % {
                "outlet": buy.outlet,
                "outlet_currency": buy.outlet.currency,
                "currency": account.currency,
            }
        )


@transaction.atomic
def create_media_buy(*, by: User, account: Account, outlet: MediaOutlet, **values) -> MediaBuy:
    """Plan a buy on the account. Priced with the outlet's commission rate at this moment,
    in the account's currency. Raises NotAllowed, DomainError."""
    _require(perm.may_work_on_buys(account, by), _(perm.WORK_ON_BUYS))
    buy = MediaBuy(
        account=account,
        outlet=outlet,
        commission_rate=outlet.commission_rate,
        currency=account.currency,
        created_by=by,
    )
    _apply(buy, BUY_FIELDS, values)
    _check_buy_terms(buy, account)
    _price(buy)
    buy.full_clean(exclude=["account", "created_by", "status"])
    buy.save()
    return buy


@transaction.atomic
def update_media_buy(*, buy: MediaBuy, by: User, **values) -> MediaBuy:
    """Change a buy's terms before it is booked; a new outlet brings its commission rate."""
    buy = MediaBuy.objects.select_for_update(of=("self",)).select_related("account").get(pk=buy.pk)
    _require(perm.may_work_on_buys(buy.account, by), _(perm.WORK_ON_BUYS))
    if buy.status not in EDITABLE_STATUSES:
        raise DomainError(_("A booked buy cannot be changed: cancel it and plan a new one."))
    values.pop("account", None)  # a buy stays with its account
    if "outlet" in values and values["outlet"] != buy.outlet:
        buy.commission_rate = values["outlet"].commission_rate
    _apply(buy, BUY_FIELDS, values)
    _check_buy_terms(buy, buy.account)
    _price(buy)
    buy.full_clean(exclude=["account", "created_by", "status"])
    buy.save()
    return buy


def buy_transition_named(buy: MediaBuy, name: str):
    return next((t for t in buy.get_available_status_transitions() if t.name == name), None)


def take_buy_transition(
    *,
    buy: MediaBuy,
    name: str,
    by: User,
    note: str = "",
    vendor_reference: str = "",
    override_reason: str = "",
) -> MediaBuy:
    """Move a buy along transition `name` and record who, when, from, to and why.

    Locks the account row first, then the buy (parent before child): two bookings of the
    same account are serialised, so the second sums a booked total that includes the first
    and cannot push the account past its budget unseen.
    `book` needs the vendor's reference; over the budget it also needs `override_reason`
    from the AD who directs the lead AE, recorded as a BudgetOverride.
    Raises InvalidTransition (not from this status), NotAllowed, GuardUnmet.
    """
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=buy.account_id)
        buy = (
            MediaBuy.objects.select_for_update(of=("self",)).select_related("outlet").get(pk=buy.pk)
        )
        buy.account = account
        transition = buy_transition_named(buy, name)
        if transition is None:
            raise InvalidTransition(
                _("“%(name)s” is not possible for a buy that is “%(status)s”.")
                % {"name": name, "status": buy.get_status_display()}
            )
        _require(transition.has_perm(buy, by), _(perm.WORK_ON_BUYS))
        if name in NEEDS_OPEN_ACCOUNT and account.stage not in OPEN_STAGES:
            raise GuardUnmet(
                _("The account is %(stage)s: its media cannot be booked now.")
                % {"stage": account.get_stage_display()}
            )
        if transition.custom.get("needs_reason") and not note.strip():
            raise GuardUnmet(_("Give a reason."))
        source = buy.status
        if name == "book":
            override = _check_booking(account, buy, by, vendor_reference, override_reason)
            buy.book(by=by, note=note, vendor_reference=vendor_reference.strip())
        else:
            override = None
            getattr(buy, name)(by=by, note=note)
        buy.save()
        if override is not None:
            override.save()
        BuyStatusChange.objects.create(
            media_buy=buy, transition=name, source=source, target=buy.status, by=by, note=note
        )
        _count_booked(buy, was_booked=source in BOOKED_STATUSES)
    return buy


def _count_booked(buy: MediaBuy, *, was_booked: bool) -> None:
    """Keep the agency's media booked per day (its flight's first) as the buy enters or
    leaves the booked statuses."""
    booked = buy.status in BOOKED_STATUSES
    if booked != was_booked:
        gross = buy.gross if booked else -buy.gross
        daily_totals.add(
            daily_totals.BOOKED, buy.flight_start, buy.currency, gross, key=buy.outlet.kind
        )


def _count_delivered(delivery: Delivery, sign: int = 1) -> None:
    buy = delivery.media_buy
    daily_totals.add(
        daily_totals.DELIVERED,
        delivery.date,
        buy.currency,
        sign * delivery.spend,
        key=buy.outlet.kind,
    )


def _check_booking(
    account: Account, buy: MediaBuy, by: User, vendor_reference: str, override_reason: str
) -> BudgetOverride | None:
    """The booking's own conditions; returns the override to record when one is needed."""
    if not vendor_reference.strip():
        raise GuardUnmet(_("Give the vendor's reference of the confirmed insertion order."))
    total = selectors.booked_total(account) + buy.gross
    if total <= account.budget:
        return None
    over = {
        "gross": buy.gross,
        "total": total,
        "excess": total - account.budget,
        "budget": account.budget,
        "currency": account.currency,
    }
    if not override_reason.strip():
        raise GuardUnmet(
            _(
                "Booking this buy (%(gross)s %(currency)s) would bring the booked total to "
                "%(total)s %(currency)s, %(excess)s over the approved budget of %(budget)s "
                "%(currency)s. Only the account director of the lead AE may book it, with a "
                "reason for the override."
            )
            % over
        )
    _require(
        perm.may_override_budget(account, by),
        _("Only the account director of the lead AE may book over the approved budget."),
    )
    return BudgetOverride(
        account=account,
        media_buy=buy,
        budget=account.budget,
        booked_total=total,
        reason=override_reason.strip(),
        by=by,
    )


# --- Delivery ------------------------------------------------------------------------------
def check_delivery_allowed(buy: MediaBuy, by: User) -> None:
    _require(perm.may_work_on_buys(buy.account, by), _(perm.WORK_ON_BUYS))
    if buy.status not in BOOKED_STATUSES:
        raise DomainError(_("Delivery can only be entered for a booked buy."))


@transaction.atomic
def record_delivery(*, media_buy: MediaBuy, by: User, **values) -> Delivery:
    """One day's delivery of a booked buy. Raises NotAllowed, DomainError (one row per day)."""
    check_delivery_allowed(media_buy, by)
    delivery = Delivery(media_buy=media_buy, entered_by=by)
    _apply(delivery, DELIVERY_FIELDS, values)
    delivery.full_clean(exclude=["media_buy", "entered_by"], validate_unique=False)
    if Delivery.objects.filter(media_buy=media_buy, date=delivery.date).exists():
        raise DomainError(
            _("Delivery of this buy on %(date)s is already recorded.") % {"date": delivery.date}
        )
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError as exc:  # the same day entered twice at the same moment
        raise Conflict(_("Delivery of this buy on that day was just recorded.")) from exc
    _count_delivered(delivery)
    return delivery


@transaction.atomic
def update_delivery(*, delivery: Delivery, by: User, **values) -> Delivery:
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("media_buy__account", "media_buy__outlet")
        .get(pk=delivery.pk)
    )
    check_delivery_allowed(delivery.media_buy, by)
    values.pop("media_buy", None)
    _count_delivered(delivery, -1)  # as it was; then as it is
    _apply(delivery, DELIVERY_FIELDS, values)
    delivery.full_clean(exclude=["media_buy", "entered_by"])
    delivery.save()
    _count_delivered(delivery)
    return delivery


def import_deliveries(*, by: User, upload) -> list[Delivery]:
    """Import a CSV of delivery rows: every row valid and saved, or nothing saved.

    Raises DeliveryImportRefused (a DomainError) listing each bad row by its line number.
    """
    from .delivery_import import read_delivery_csv

    rows = read_delivery_csv(upload=upload, user=by)  # raises before anything is written
    try:
        with transaction.atomic():
            deliveries = [Delivery.objects.create(entered_by=by, **row) for row in rows]
            for delivery in deliveries:
                _count_delivered(delivery)
            return deliveries
    except IntegrityError as exc:
        raise Conflict(_("Some of these rows were just recorded by someone else.")) from exc


# --- The effect report ---------------------------------------------------------------------
@transaction.atomic
def save_effect_report(*, account: Account, by: User, summary: str, results: str) -> EffectReport:
    """Write the AE's text of the effect report (created on first save). A published report
    is what the client received: it no longer changes."""
    _require(
        perm.may_write_effect_report(account, by),
        _("Only the account's AEs or their account director may write the effect report."),
    )
    report, _created = EffectReport.objects.select_for_update().get_or_create(
        account=account, defaults={"created_by": by}
    )
    if report.is_published:
        raise DomainError(_("The effect report is published and can no longer change."))
    report.summary, report.results = summary, results
    report.save()
    return report


@transaction.atomic
def publish_effect_report(*, account: Account, by: User) -> EffectReport:
    """Publish the report to the client; `invoice` waits for this. Raises NotAllowed,
    DomainError (no report, no summary, already published)."""
    _require(
        perm.may_write_effect_report(account, by),
        _("Only the account's AEs or their account director may publish the effect report."),
    )
    report = EffectReport.objects.select_for_update().filter(account=account).first()
    if report is None or not report.summary.strip():
        raise GuardUnmet(_("Write the report's summary before publishing it."))
    if report.is_published:
        raise DomainError(_("The effect report is already published."))
    report.published_at, report.published_by = timezone.now(), by
    report.save(update_fields=["published_at", "published_by", "updated_at"])
    return report


# --- Automatic stages ----------------------------------------------------------------------
def sweep_flights(*, today: dt.date) -> list[tuple[int, str]]:
    """Launch accounts whose first booked flight has started and start the evaluation of
    those whose last flight has ended, as the system user, through the same transition
    service a person uses. Returns the (account id, transition) pairs taken.

    Safe to run twice or concurrently: a second run finds the accounts already moved, and a
    concurrent one that read the same candidate gets InvalidTransition once it holds the
    account's lock, which is skipped.
    """
    system = system_user()
    taken = []
    for account in selectors.accounts_to_launch(today):
        taken += _take_automatic(account, "launch", system, _("The first flight started."))
    for account in selectors.accounts_to_evaluate(today):
        note = _("The last flight ended.")
        taken += _take_automatic(account, "start_evaluation", system, note)
    return taken


def _take_automatic(account: Account, name: str, system: User, note: str) -> list:
    try:
        take_transition(account=account, name=name, by=system, note=note)
    except InvalidTransition:
        log.info("sweep_flights: account %s already moved past %s", account.pk, name)
        return []
    return [(account.pk, name)]
