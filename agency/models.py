"""The agency's people: users with a department and a level, and the groups ADs direct."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .time_zones import validate_time_zone


class Department(models.TextChoices):
    ACCOUNT = "account", _("Account service")
    STRATEGY = "strategy", _("Strategy")
    CREATIVE = "creative", _("Creative")
    MEDIA = "media", _("Media")
    PROMOTION = "promotion", _("Sales promotion")
    PR = "pr", _("PR")
    PRODUCTION = "production", _("Production")
    FINANCE = "finance", _("Finance")


class Level(models.TextChoices):
    AE = "ae", _("Account Executive")
    SENIOR_AE = "senior_ae", _("Senior AE")
    ACCOUNT_MANAGER = "account_manager", _("Account Manager")
    ACCOUNT_DIRECTOR = "account_director", _("Account Director")


#: Levels that make an account-department member a "team AE" (domain.md).
AE_LEVELS = frozenset({Level.AE, Level.SENIOR_AE, Level.ACCOUNT_MANAGER})


class Role(models.TextChoices):
    """What a user is to the application, derived from department and level."""

    ADMIN = "admin", _("Administrator")
    AD = "ad", _("Account Director")
    AE = "ae", _("Account Executive")
    FINANCE = "finance", _("Finance")
    STAFF = "staff", _("Department staff")
    SYSTEM = "system", _("System")
    CLIENT = "client", _("Client contact")


class User(AbstractUser):
    SYSTEM_USERNAME = "system"

    department = models.CharField(
        _("department"), max_length=20, choices=Department.choices, blank=True
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=[("en", "English"), ("zh-hans", "简体中文")],
        blank=True,
        help_text=_("Empty: follow the browser."),
    )
    # An IANA name, not choices: the list changes with the time zone database, and a
    # migration per tzdata release would say nothing about the agency.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Times are shown in it. Empty: the agency's time zone."),
    )
    # A login of a person at a client (portal.services.grant_portal_access sets it, with the
    # contact it belongs to): it opens the client portal and nothing else. A column on the
    # user, so that `role` never costs a query.
    is_client_contact = models.BooleanField(_("client contact"), default=False, editable=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A client's login is never one of the agency's people, nor an administrator.
            models.CheckConstraint(
                condition=models.Q(is_client_contact=False)
                | models.Q(is_staff=False, is_superuser=False, department="", level=""),
                name="client_contact_is_not_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role(self) -> str:
        if self.is_client_contact:
            return Role.CLIENT
        if self.username == self.SYSTEM_USERNAME:
            return Role.SYSTEM
        if self.is_superuser:
            return Role.ADMIN
        if self.level == Level.ACCOUNT_DIRECTOR:
            return Role.AD
        if self.department == Department.ACCOUNT and self.level in AE_LEVELS:
            return Role.AE
        if self.department == Department.FINANCE:
            return Role.FINANCE
        return Role.STAFF

    @property
    def is_ae(self) -> bool:
        return self.role == Role.AE

    @property
    def is_ad(self) -> bool:
        return self.role == Role.AD

    @property
    def is_finance(self) -> bool:
        return self.role == Role.FINANCE


class AccountGroup(models.Model):
    """A client-service group: several AEs of different levels directed by one AD."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    director = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="directed_groups",
        limit_choices_to={"level": Level.ACCOUNT_DIRECTOR},
        verbose_name=_("account director"),
    )
    members = models.ManyToManyField(
        User, related_name="account_groups", blank=True, verbose_name=_("AEs")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("account group")
        verbose_name_plural = _("account groups")

    def __str__(self) -> str:
        return self.name


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    MUTED = "muted", _("Muted by the recipient")


class Reminder(models.Model):
    """One reminder to one person about one object on one occasion.

    The row is the reminder's record and its outbox at once: sweeps create rows (the unique
    constraint makes a second row for the same rule, object, occasion and person impossible),
    and delivery claims a row before sending, so a reminder goes out once even when sweeps,
    beat processes or message deliveries run twice. A row whose send failed stays pending and
    is retried by the next sweep.
    """

    rule = models.CharField(_("rule"), max_length=60)
    subject_type = models.CharField(max_length=40)
    subject_id = models.PositiveBigIntegerField()
    occurrence = models.CharField(
        max_length=40, help_text=_("Which occasion: a date, or a step such as overdue-7.")
    )
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders")
    # A plain id, not a foreign key: accounts builds on this app, not the other way round.
    account_id = models.PositiveBigIntegerField(null=True, blank=True)
    context = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True)
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject_type", "subject_id", "occurrence", "recipient"],
                name="reminder_once_per_occasion",
            ),
        ]
        indexes = [
            # The drain: pending reminders that are due, oldest first.
            models.Index(fields=["status", "due_at"], name="reminder_status_due_idx"),
            # The per-account "reminders sent" log.
            models.Index(fields=["account_id", "-due_at"], name="reminder_account_idx"),
        ]

    def __str__(self) -> str:
        subject = f"{self.subject_type}:{self.subject_id}"
        return f"{self.rule} {subject} {self.occurrence} → {self.recipient_id}"


class Notification(models.Model):
    """What the bell shows: one per delivered reminder (or other event) per person."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    reminder = models.OneToOneField(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The bell's unread count and the list, newest first.
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReminderMute(models.Model):
    """A person's choice not to receive one rule's reminders (escalations cannot be muted)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminder_mutes")
    rule = models.CharField(max_length=60)

    class Meta:
        ordering = ["user", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["user", "rule"], name="reminder_mute_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} mutes {self.rule}"


class SweepRun(models.Model):
    """One run of the reminder sweep, for the queue's health page."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    recorded = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"sweep {self.started_at:%Y-%m-%d %H:%M}"


class DailyTotal(models.Model):
    """Agency-wide money of one day, one currency (and outlet type for media): invoiced,
    collected, media booked and delivered. Kept by the services that move the money, in
    their transaction (agency.daily_totals); read by the reports that see every account."""

    series = models.CharField(max_length=20)
    day = models.DateField()
    currency = models.CharField(max_length=3)
    key = models.CharField(max_length=20, blank=True, help_text=_("The outlet type of media."))
    amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        ordering = ["series", "day", "currency", "key"]
        constraints = [
            # The upsert's conflict target; also the reports' index (series, then a day range).
            models.UniqueConstraint(
                fields=["series", "day", "currency", "key"], name="daily_total_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.day} {self.amount} {self.currency} {self.key}".strip()


class KeptCount(models.Model):
    """How many rows a large table holds, kept by PostgreSQL triggers in the inserting or
    deleting transaction (agency.kept_counts), so that an unfiltered list of it (finance's
    million invoices) need not count them on every page. Only on PostgreSQL: elsewhere there
    is no row and lists count as usual."""

    table_name = models.CharField(max_length=63, primary_key=True)
    rows = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.table_name}: {self.rows}"
