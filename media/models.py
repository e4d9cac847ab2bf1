"""Media outlets and their rate cards, media buys with their status machine, delivery and
the effect report."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.models import Account, Currency

from . import permissions as perm

ZERO = Decimal("0.00")


def money_field(verbose_name, **kwargs):
    kwargs.setdefault("validators", [MinValueValidator(ZERO)])
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class OutletKind(models.TextChoices):
    TV = "tv", _("TV")
    RADIO = "radio", _("Radio")
    PRINT = "print", _("Print")
    OUTDOOR = "outdoor", _("Outdoor")
    ONLINE = "online", _("Online")
    SOCIAL = "social", _("Social")
    CINEMA = "cinema", _("Cinema")


class UnitType(models.TextChoices):
    SPOT = "spot", _("Spot")
    INSERTION = "insertion", _("Insertion")
    CPM = "cpm", _("Impressions (CPM)")
    DAY = "day", _("Day")


class MediaOutlet(models.Model):
    """A TV channel, a newspaper, a billboard network...: reference data for all staff."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=OutletKind.choices)
    vendor_name = models.CharField(_("vendor"), max_length=200, blank=True)
    vendor_contact = models.CharField(_("vendor contact"), max_length=120, blank=True)
    vendor_email = models.EmailField(_("vendor e-mail"), blank=True)
    vendor_phone = models.CharField(_("vendor phone"), max_length=40, blank=True)
    vendor_address = models.TextField(_("vendor address"), blank=True)
    commission_rate = models.DecimalField(
        _("agency commission rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.15"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("0.15 means 15% of the gross cost."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("media outlet")
        verbose_name_plural = _("media outlets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commission_rate__gte=0, commission_rate__lte=1),
                name="outlet_commission_rate_0_to_1",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RateCardEntry(models.Model):
    """The outlet's list price for a placement: the starting point of a negotiation."""

    outlet = models.ForeignKey(MediaOutlet, on_delete=models.CASCADE, related_name="rate_card")
    placement = models.CharField(_("placement"), max_length=200)
    unit_type = models.CharField(_("unit"), max_length=20, choices=UnitType.choices)
    unit_rate = money_field(_("unit rate"))

    class Meta:
        ordering = ["outlet", "placement", "id"]
        verbose_name = _("rate card entry")
        verbose_name_plural = _("rate card entries")

    def __str__(self) -> str:
        return f"{self.placement} ({self.get_unit_type_display()}): {self.unit_rate}"


class BuyStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REQUESTED = "requested", _("Quote requested")
    NEGOTIATED = "negotiated", _("Negotiated")
    BOOKED = "booked", _("Booked")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    RECONCILED = "reconciled", _("Reconciled")
    CANCELLED = "cancelled", _("Cancelled")


#: A buy counts against the budget from its booking on, until it is cancelled.
BOOKED_STATUSES = [BuyStatus.BOOKED, BuyStatus.RUNNING, BuyStatus.COMPLETED, BuyStatus.RECONCILED]
#: Not booked yet: what `book_media` waits for.
UNBOOKED_STATUSES = [BuyStatus.PLANNED, BuyStatus.REQUESTED, BuyStatus.NEGOTIATED]
#: Before booking the terms may still change.
EDITABLE_STATUSES = UNBOOKED_STATUSES


class MediaBuy(FSMModelMixin, models.Model):
    """One placement on one outlet for one account, over a flight.

    `gross`, `commission` and `net` are computed by media.costs when the buy is saved by a
    service and stored, so that totals are sums in the database. `status` is protected:
    only the transitions below change it, taken by media.services.take_buy_transition.
    """

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="media_buys")
    outlet = models.ForeignKey(
        MediaOutlet, on_delete=models.PROTECT, related_name="buys", verbose_name=_("outlet")
    )
    placement = models.CharField(
        _("placement"), max_length=200, help_text=_("Programme, daypart, page or position.")
    )
    flight_start = models.DateField(_("flight start"))
    flight_end = models.DateField(_("flight end"))
    unit_type = models.CharField(_("unit"), max_length=20, choices=UnitType.choices)
    quantity = models.PositiveBigIntegerField(
        _("quantity"), validators=[MinValueValidator(1)], help_text=_("Impressions for CPM.")
    )
    unit_rate = money_field(_("unit rate"), help_text=_("Per thousand impressions for CPM."))
    commission_rate = models.DecimalField(
        _("commission rate"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    gross = money_field(_("gross cost"), default=ZERO, editable=False)
    commission = money_field(_("commission"), default=ZERO, editable=False)
    net = money_field(_("net cost"), default=ZERO, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    status = FSMField(
        _("status"), default=BuyStatus.PLANNED, choices=BuyStatus.choices, protected=True
    )
    vendor_reference = models.CharField(_("vendor reference"), max_length=120, blank=True)
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True, editable=False)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["flight_start", "id"]
        verbose_name = _("media buy")
        verbose_name_plural = _("media buys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(flight_end__gte=models.F("flight_start")),
                name="media_buy_flight_in_order",
            ),
        ]
        indexes = [
            # The account's media plan and its booked total: buys of an account by status.
            models.Index(fields=["account", "status"], name="mediabuy_account_status_idx"),
            # The agency calendar: buys overlapping a month.
            models.Index(fields=["flight_start", "flight_end"], name="mediabuy_flight_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.outlet} · {self.placement}"

    @property
    def is_booked(self) -> bool:
        return self.status in BOOKED_STATUSES

    @property
    def commission_percent(self) -> str:
        """0.1275 → "12.75"."""
        return f"{(self.commission_rate * 100).normalize():f}"

    # --- Transitions (the API's action names) -------------------------------------------
    @transition(
        status,
        source=BuyStatus.PLANNED,
        target=BuyStatus.REQUESTED,
        permission=perm.may_work_on_buys,
        custom={"label": _("Request quote")},
    )
    def request_quote(self, *, by, note=""):
        pass

    @transition(
        status,
        source=BuyStatus.REQUESTED,
        target=BuyStatus.NEGOTIATED,
        permission=perm.may_work_on_buys,
        custom={"label": _("Mark negotiated")},
    )
    def negotiate(self, *, by, note=""):
        pass

    @transition(
        status,
        source=BuyStatus.NEGOTIATED,
        target=BuyStatus.BOOKED,
        permission=perm.may_work_on_buys,
        custom={"label": _("Book")},
    )
    def book(self, *, by, note="", vendor_reference=""):
        self.vendor_reference = vendor_reference
        self.booked_at = timezone.now()
        self.booked_by = by

    @transition(
        status,
        source=BuyStatus.BOOKED,
        target=BuyStatus.RUNNING,
        permission=perm.may_work_on_buys,
        custom={"label": _("Start")},
    )
    def start(self, *, by, note=""):
        pass

    @transition(
        status,
        source=BuyStatus.RUNNING,
        target=BuyStatus.COMPLETED,
        permission=perm.may_work_on_buys,
        custom={"label": _("Complete")},
    )
    def complete(self, *, by, note=""):
        pass

    @transition(
        status,
        source=BuyStatus.COMPLETED,
        target=BuyStatus.RECONCILED,
        permission=perm.may_work_on_buys,
        custom={"label": _("Reconcile")},
    )
    def reconcile(self, *, by, note=""):
        pass

    @transition(
        status,
        source=[*UNBOOKED_STATUSES, BuyStatus.BOOKED],
        target=BuyStatus.CANCELLED,
        permission=perm.may_work_on_buys,
        custom={"label": _("Cancel"), "needs_reason": True},
    )
    def cancel(self, *, by, note=""):
        pass


class BuyStatusChange(models.Model):
    """Append-only record of one status change of a media buy."""

    media_buy = models.ForeignKey(MediaBuy, on_delete=models.CASCADE, related_name="changes")
    transition = models.CharField(_("transition"), max_length=40)
    source = models.CharField(_("from"), max_length=20, choices=BuyStatus.choices)
    target = models.CharField(_("to"), max_length=20, choices=BuyStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("media buy status change")
        verbose_name_plural = _("media buy status changes")
        indexes = [
            # A buy's history, oldest first.
            models.Index(fields=["media_buy", "at"], name="buychange_buy_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.media_buy_id}: {self.source} → {self.target}"


class BudgetOverride(models.Model):
    """An AD of the lead AE allowed the account's booked total past its budget, with a reason.

    Append-only; it covers the booked total it was given for (`booked_total`), no more.
    """

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="budget_overrides")
    media_buy = models.ForeignKey(MediaBuy, on_delete=models.PROTECT, related_name="overrides")
    budget = money_field(_("budget"))
    booked_total = money_field(_("booked total allowed"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("budget override")
        verbose_name_plural = _("budget overrides")

    def __str__(self) -> str:
        return f"{self.account}: {self.booked_total} > {self.budget}"


class Delivery(models.Model):
    """What a booked buy actually delivered on one day, from the vendor's report."""

    media_buy = models.ForeignKey(MediaBuy, on_delete=models.PROTECT, related_name="deliveries")
    date = models.DateField(_("date"))
    units_delivered = models.PositiveBigIntegerField(_("units delivered"), default=0)
    impressions = models.PositiveBigIntegerField(_("impressions"), default=0)
    clicks = models.PositiveBigIntegerField(_("clicks"), default=0)
    spend = money_field(_("spend"), default=ZERO)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["media_buy", "date", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # One row per buy and day: importing the same report twice cannot double it.
            models.UniqueConstraint(fields=["media_buy", "date"], name="delivery_once_per_day"),
        ]
        indexes = [
            # Dashboards: spend delivered per month (delivery dates in a period).
            models.Index(fields=["date"], name="delivery_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.media_buy} {self.date}"


class EffectReport(models.Model):
    """The AE's report to the client after the flights: delivery vs plan, results vs targets.
    Its figures are computed from the buys and deliveries; the text is the AE's."""

    account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="effect_report")
    summary = models.TextField(_("summary"), blank=True)
    results = models.TextField(
        _("results against the sales targets"),
        blank=True,
        help_text=_("What was achieved: sales, reach, anything the brief's targets name."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("effect report")
        verbose_name_plural = _("effect reports")

    def __str__(self) -> str:
        return str(self.account)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
