"""Clients, their contacts, and the account: one piece of business and its lifecycle."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from billing import guards as billing_guards
from campaigns import guards as proposal_guards
from media import guards as media_guards

from . import lifecycle as lc


class Currency(models.TextChoices):
    CNY = "CNY", "CNY ¥"
    USD = "USD", "USD $"
    EUR = "EUR", "EUR €"
    HKD = "HKD", "HKD $"
    JPY = "JPY", "JPY ¥"
    GBP = "GBP", "GBP £"


class Client(models.Model):
    name = models.CharField(_("name"), max_length=200)
    industry = models.CharField(_("industry"), max_length=120, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    tax_id = models.CharField(_("tax id"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person at the client. Only the account's AEs are their counterpart."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("client")
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Their login to the client portal, if they have one (portal.services grants and revokes
    # it). Kept when access is revoked (the user is deactivated): the proposals they decided
    # name them.
    portal_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="client_contact",
        limit_choices_to={"is_client_contact": True},
        verbose_name=_("portal login"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("First contact")
    BRIEFED = "briefed", _("Briefed")
    TEAM_FORMED = "team_formed", _("Team formed")
    PLANNING = "planning", _("Planning")
    PROPOSAL_PRESENTED = "proposal_presented", _("Proposal presented")
    APPROVED = "approved", _("Approved")
    IN_PRODUCTION = "in_production", _("In production")
    MEDIA_BOOKED = "media_booked", _("Media booked")
    RUNNING = "running", _("Running")
    EVALUATING = "evaluating", _("Evaluating")
    INVOICED = "invoiced", _("Invoiced")
    COLLECTED = "collected", _("Collected")
    ON_HOLD = "on_hold", _("On hold")
    LOST = "lost", _("Lost")
    CANCELLED = "cancelled", _("Cancelled")


#: The main line, in order: what the pipeline board shows as columns.
PIPELINE = [
    Stage.FIRST_CONTACT,
    Stage.BRIEFED,
    Stage.TEAM_FORMED,
    Stage.PLANNING,
    Stage.PROPOSAL_PRESENTED,
    Stage.APPROVED,
    Stage.IN_PRODUCTION,
    Stage.MEDIA_BOOKED,
    Stage.RUNNING,
    Stage.EVALUATING,
    Stage.INVOICED,
    Stage.COLLECTED,
]
OPEN_STAGES = PIPELINE[:-1]
BEFORE_APPROVAL = PIPELINE[: PIPELINE.index(Stage.APPROVED)]
CLOSED_STAGES = [Stage.COLLECTED, Stage.LOST, Stage.CANCELLED]


class Account(FSMModelMixin, models.Model):
    """One piece of business with one client, driven through its stages by transitions.

    `stage` is protected: only the transition methods below change it, and only
    `accounts.services.take_transition` calls them (it locks, checks and records).
    """

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("client")
    )
    name = models.CharField(_("name"), max_length=200)
    stage = FSMField(_("stage"), default=Stage.FIRST_CONTACT, choices=Stage.choices, protected=True)
    lead_ae = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_accounts",
        null=True,
        blank=True,
        verbose_name=_("lead AE"),
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    stage_entered_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    # The stage `hold` left, so that `resume` returns there.
    held_from = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        indexes = [
            # The pipeline board and the stage filter: accounts of a stage, newest first.
            models.Index(fields=["stage", "-created_at"], name="account_stage_created_idx"),
            # Dashboards: accounts stuck in a stage since before a cutoff.
            models.Index(fields=["stage", "stage_entered_at"], name="account_stage_entered_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    def clean_fields(self, exclude=None):
        # `stage` is protected: Model.clean_fields assigns every field back, which django-fsm
        # refuses; only transitions set it, so there is nothing to validate here.
        super().clean_fields(exclude={*(exclude or ()), "stage"})

    # --- Transitions (names are the API's and the UI's) ---------------------------------
    # Each takes `by` and `note`; the service records them in StageChange.
    @transition(
        stage,
        source=Stage.FIRST_CONTACT,
        target=Stage.BRIEFED,
        conditions=[lc.brief_is_complete],
        permission=lc.may_act_as_team_ae,
        custom={"label": _("Record brief")},
    )
    def record_brief(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.BRIEFED,
        target=Stage.TEAM_FORMED,
        conditions=[lc.team_covers_brief],
        permission=lc.may_act_as_team_ae,
        custom={"label": _("Form team")},
    )
    def form_team(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.TEAM_FORMED,
        target=Stage.PLANNING,
        permission=lc.may_act_as_team_ae,
        custom={"label": _("Start planning")},
    )
    def start_planning(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.PLANNING,
        target=Stage.PROPOSAL_PRESENTED,
        conditions=[proposal_guards.proposal_approved_and_presented],
        permission=lc.may_act_as_team_ae,
        custom={"label": _("Present proposal")},
    )
    def present_proposal(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.PROPOSAL_PRESENTED,
        target=Stage.PLANNING,
        conditions=[proposal_guards.revision_opened],
        permission=lc.may_record_client_decision,
        custom={"label": _("Request revision"), "needs_reason": True},
    )
    def request_revision(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.PROPOSAL_PRESENTED,
        target=Stage.APPROVED,
        conditions=[proposal_guards.client_approval_recorded],
        permission=lc.may_record_client_decision,
        custom={"label": _("Record client approval")},
    )
    def approve(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.APPROVED,
        target=Stage.IN_PRODUCTION,
        permission=lc.may_act_as_team_ae,
        custom={"label": _("Start production")},
    )
    def start_production(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.IN_PRODUCTION,
        target=Stage.MEDIA_BOOKED,
        conditions=[media_guards.media_booked_within_budget],
        permission=lc.may_act_as_team_ae,
        custom={"label": _("Book media")},
    )
    def book_media(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.MEDIA_BOOKED,
        target=Stage.RUNNING,
        permission=lc.may_act_as_system_or_team_ae,
        custom={"label": _("Launch")},
    )
    def launch(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.RUNNING,
        target=Stage.EVALUATING,
        permission=lc.may_act_as_system_or_team_ae,
        custom={"label": _("Start evaluation")},
    )
    def start_evaluation(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.EVALUATING,
        target=Stage.INVOICED,
        conditions=[
            media_guards.effect_report_published,
            billing_guards.invoices_cover_approved_amount,
        ],
        permission=lc.may_act_as_team_ae,
        custom={"label": _("Invoice")},
    )
    def invoice(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=Stage.INVOICED,
        target=Stage.COLLECTED,
        conditions=[billing_guards.no_open_balance],
        permission=lc.may_collect,
        custom={"label": _("Mark collected")},
    )
    def collect(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=OPEN_STAGES,
        target=Stage.ON_HOLD,
        permission=lc.may_hold_or_lose,
        custom={"label": _("Put on hold"), "needs_reason": True},
    )
    def hold(self, *, by, note=""):
        self.held_from = self.stage

    @transition(
        stage,
        source=Stage.ON_HOLD,
        target=RETURN_VALUE(*OPEN_STAGES),
        permission=lc.may_hold_or_lose,
        custom={"label": _("Resume"), "needs_reason": True},
    )
    def resume(self, *, by, note=""):
        returning_to, self.held_from = self.held_from, ""
        return returning_to

    @transition(
        stage,
        source=BEFORE_APPROVAL,
        target=Stage.LOST,
        permission=lc.may_hold_or_lose,
        custom={"label": _("Mark lost"), "needs_reason": True},
    )
    def lose(self, *, by, note=""):
        pass

    @transition(
        stage,
        source=[*OPEN_STAGES, Stage.ON_HOLD],
        target=Stage.CANCELLED,
        permission=lc.may_act_as_ad,
        custom={"label": _("Cancel"), "needs_reason": True},
    )
    def cancel(self, *, by, note=""):
        pass


class StageChange(models.Model):
    """Append-only record of one transition: what, from, to, who, when and why."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="stage_changes")
    transition = models.CharField(_("transition"), max_length=40)
    source = models.CharField(_("from"), max_length=30, choices=Stage.choices)
    target = models.CharField(_("to"), max_length=30, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    # When the account entered `source`: `at - source_entered_at` is the time it spent there
    # (the dashboards average it per stage without a window over the whole history).
    source_entered_at = models.DateTimeField(_("in the source stage since"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [
            # An account's timeline, oldest first.
            models.Index(fields=["account", "at"], name="stagechange_account_at_idx"),
            # Dashboards: changes in a period (time per stage), and one transition's
            # (approve, lose) in a period (win rate, lost reasons).
            models.Index(fields=["at"], name="stagechange_at_idx"),
            models.Index(fields=["transition", "at"], name="stagechange_transition_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.source} → {self.target}"
