"""Invoices (and credit notes), their lines, payments, number counters and the audit trail.

An invoice's `status` is protected: only the transitions below change it, and only the
services in billing.services call them (they lock, check and record). Once an invoice leaves
`draft` its money columns and its lines are frozen — by the services, the API, the admin and,
on PostgreSQL, by a trigger (migration 0002) that refuses even `QuerySet.update()`.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from accounts.models import Account, Client, Currency

from .money import ZERO

MONEY = {"max_digits": 14, "decimal_places": 2}


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    PARTIALLY_PAID = "partially_paid", _("Partially paid")
    PAID = "paid", _("Paid")
    VOID = "void", _("Void")


#: Statuses in which an invoice is owed money (what receivables and aging count).
OPEN_STATUSES = [InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID]


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


def balance_of(kind: str, status: str, total, paid, credited) -> Decimal:
    """What the client still owes on an invoice: total − payments − credits (never on a
    credit note, a draft or a void invoice). Invoice.balance, and the API's list rows."""
    if kind == InvoiceKind.CREDIT_NOTE or status in (InvoiceStatus.DRAFT, InvoiceStatus.VOID):
        return ZERO
    return total - paid - credited


def is_overdue(status: str, due_date: date | None, today: date) -> bool:
    """Whether an invoice is open and past its due date on `today`."""
    return status in OPEN_STATUSES and due_date is not None and due_date < today


class Invoice(FSMModelMixin, models.Model):
    """A payment notice / invoice (付款通知书) to the client for one account.

    A credit note is an Invoice of kind `credit_note` with negative lines that references the
    invoice it corrects (`credited_invoice`); it is issued at once and has its own series.
    `amount_paid` and `amount_credited` are kept by the payment and credit services under the
    invoice's row lock, so `balance` needs no query.
    """

    kind = models.CharField(
        _("kind"), max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("account")
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("client")
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    number = models.CharField(_("number"), max_length=30, null=True, blank=True, editable=False)
    status = FSMField(
        _("status"), default=InvoiceStatus.DRAFT, choices=InvoiceStatus.choices, protected=True
    )
    credited_invoice = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("credits invoice"),
    )
    reason = models.TextField(_("reason"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    subtotal = models.DecimalField(_("subtotal"), default=ZERO, **MONEY)
    tax = models.DecimalField(_("tax"), default=ZERO, **MONEY)
    total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    amount_paid = models.DecimalField(_("paid"), default=ZERO, **MONEY)
    amount_credited = models.DecimalField(_("credited"), default=ZERO, **MONEY)
    fapiao_number = models.CharField(_("fapiao number"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            # The proof that no number is given twice (the counter is what makes them gapless).
            models.UniqueConstraint(fields=["number"], name="invoice_number_unique"),
            models.CheckConstraint(
                condition=models.Q(status=InvoiceStatus.DRAFT) | models.Q(number__isnull=False),
                name="invoice_numbered_unless_draft",
            ),
            # Round(): SQLite keeps decimals as floats; PostgreSQL's numeric is exact anyway.
            models.CheckConstraint(
                condition=models.Q(total=Round(models.F("subtotal") + models.F("tax"), 2)),
                name="invoice_total_is_subtotal_plus_tax",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_paid__gte=0) & models.Q(amount_credited__gte=0),
                name="invoice_paid_and_credited_not_negative",
            ),
        ]
        indexes = [
            # Receivables and aging: open invoices by due date.
            models.Index(fields=["status", "due_date"], name="invoice_status_due_idx"),
            # An account's invoices (guards, the account page).
            models.Index(fields=["account", "status"], name="invoice_account_status_idx"),
            # Dashboards: what was invoiced per month (issue dates in a period).
            models.Index(fields=["issue_date"], name="invoice_issue_date_idx"),
            # The invoice list (page and API), newest first: a page is read off the index
            # instead of sorting every invoice.
            models.Index(fields=["-created_at", "-id"], name="invoice_newest_first_idx"),
            # Receivables aging (billing.aging): the open invoices' balances per client and
            # currency, read from the index alone. Partial: 25,000 open invoices of 1,000,000
            # at scale 10000; the page's sums went from a heap scan to ~20 ms.
            models.Index(
                fields=[
                    "client",
                    "currency",
                    "due_date",
                    "account",
                    "total",
                    "amount_paid",
                    "amount_credited",
                ],
                condition=models.Q(kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES),
                name="invoice_receivable_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number or _("Draft invoice #%(id)s") % {"id": self.pk}

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE

    @property
    def balance(self) -> Decimal:
        paid, credited = self.amount_paid, self.amount_credited
        return balance_of(self.kind, self.status, self.total, paid, credited)

    def is_overdue(self, today=None) -> bool:
        return is_overdue(self.status, self.due_date, today or timezone.localdate())

    # --- Transitions: taken only by billing.services ---------------------------------------
    @transition(status, source=InvoiceStatus.DRAFT, target=InvoiceStatus.ISSUED)
    def issue(self):
        pass

    @transition(
        status,
        source=OPEN_STATUSES,
        target=RETURN_VALUE(InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID),
    )
    def apply_payment(self):
        return InvoiceStatus.PAID if self.balance == 0 else InvoiceStatus.PARTIALLY_PAID

    @transition(
        status,
        source=[InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID],
        target=RETURN_VALUE(InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID),
    )
    def reverse_payment(self):
        return InvoiceStatus.PARTIALLY_PAID if self.amount_paid > 0 else InvoiceStatus.ISSUED

    @transition(
        status,
        source=OPEN_STATUSES,
        target=RETURN_VALUE(*OPEN_STATUSES, InvoiceStatus.VOID),
    )
    def apply_credit(self):
        """A credit note that leaves nothing open voids the invoice (what was paid stays
        recorded); a smaller one leaves the status as it was."""
        return InvoiceStatus.VOID if self.balance == 0 else self.status


class LineKind(models.TextChoices):
    MEDIA_NET = "media_net", _("Media (net cost)")
    COMMISSION = "commission", _("Agency commission")
    PRODUCTION = "production", _("Production")
    FEE = "fee", _("Fee")
    OTHER = "other", _("Other")


class InvoiceLine(models.Model):
    """One line; `amount` (net) and `tax` are computed by billing.money when saved by a
    service, and frozen with the invoice once it is issued.

    A line says what it bills when it comes from the work sold: a booked media buy (its
    `media_net` or its `commission` line) or a budget line of the accepted proposal. What
    the account's invoices cover per source is what billing.billable subtracts from what
    was sold, so a second draft suggests only what is left and nothing is invoiced twice.
    Lines the AE adds by hand have no source."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, default=Decimal("1.00")
    )
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    vat_rate = models.DecimalField(
        _("VAT rate"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    price_includes_vat = models.BooleanField(_("price includes VAT"), default=False)
    amount = models.DecimalField(_("net amount"), default=ZERO, **MONEY)
    tax = models.DecimalField(_("tax"), default=ZERO, **MONEY)
    media_buy = models.ForeignKey(
        "media.MediaBuy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoice_lines",
        verbose_name=_("media buy"),
    )
    budget_line = models.ForeignKey(
        "campaigns.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoice_lines",
        verbose_name=_("budget line"),
    )

    class Meta:
        # invoice_id, not "invoice": that would order by the invoice's own ordering, joining
        # billing_invoice into every prefetch of lines (the invoice list's).
        ordering = ["invoice_id", "position", "id"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(media_buy__isnull=True) | models.Q(budget_line__isnull=True),
                name="invoice_line_one_source",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def gross(self) -> Decimal:
        return self.amount + self.tax


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CHEQUE = "cheque", _("Cheque")
    CASH = "cash", _("Cash")
    OTHER = "other", _("Other")


class Payment(models.Model):
    """Money received against an invoice, recorded by finance. Never deleted: a mistaken
    payment is reversed (with a reason), which keeps the row and gives the money back to the
    balance."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), **MONEY)
    received_on = models.DateField(_("received on"))
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The Idempotency-Key header (API) or the form's one-time token (browser): the unique
    # constraint is what guarantees a payment is recorded once.
    idempotency_key = models.CharField(max_length=255, editable=False)
    request_fingerprint = models.CharField(max_length=64, editable=False)
    response = models.JSONField(default=dict, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True, editable=False)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    reversal_reason = models.TextField(_("reversal reason"), blank=True, editable=False)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="payment_idempotency_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
        ]
        indexes = [
            # Finance's "today's payments", newest first: in the index's order to its 20th
            # row, however many were recorded at the same instant (an import, the seeder).
            models.Index(fields=["recorded_at", "id"], name="payment_recorded_idx"),
            # Dashboards: what was collected per month (dates received in a period).
            models.Index(fields=["received_on"], name="payment_received_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.invoice.currency} ({self.received_on})"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None


class NumberCounter(models.Model):
    """The last number given in a series and year. Issuing locks this row in its own
    transaction (select_for_update), so numbers are consecutive and a failed issuance gives
    its number back when it rolls back."""

    series = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["series", "year"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="number_counter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last}"


class BillingEvent(models.Model):
    """Append-only record of one money movement or state change: what, from, to, how much,
    who and when (UTC). Written by the service in the same transaction; never updated or
    deleted (the model refuses, and on PostgreSQL a trigger does too)."""

    class Kind(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        ISSUED = "issued", _("Issued")
        PAYMENT_RECORDED = "payment_recorded", _("Payment recorded")
        PAYMENT_REVERSED = "payment_reversed", _("Payment reversed")
        CREDITED = "credited", _("Credit note issued")
        SENT = "sent", _("Sent to the client")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    source = models.CharField(_("from"), max_length=20, choices=InvoiceStatus.choices)
    target = models.CharField(_("to"), max_length=20, choices=InvoiceStatus.choices)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    balance_after = models.DecimalField(_("balance after"), null=True, blank=True, **MONEY)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    credit_note = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("billing event")
        verbose_name_plural = _("billing events")
        indexes = [
            # An invoice's history, oldest first.
            models.Index(fields=["invoice", "at"], name="billingevent_invoice_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Billing events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Billing events are append-only.")


class InvoiceDispatch(models.Model):
    """One request to e-mail an invoice to a client contact. The task claims it by setting
    `sent_at` with a conditional update, so running the task twice sends once."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="dispatches")
    to_email = models.EmailField(_("to"))
    contact_name = models.CharField(max_length=120, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.invoice} → {self.to_email}"
