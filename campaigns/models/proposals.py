"""Proposals (提案): numbered versions per account, their sections, budget and status.

A version moves draft → submitted → approved_internally (by an AD of the lead AE) → presented
→ accepted / revision_requested / rejected. Only drafts are edited; an accepted version is
frozen. `status` is protected: only the transition methods change it, and only
campaigns.services.proposals calls them (it locks, checks, records a ProposalChange, and takes
the matching account transition in the same database transaction).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.models import Account, Currency
from agency.models import Department
from campaigns import proposal_lifecycle as pl


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for internal approval")
    APPROVED_INTERNALLY = "approved_internally", _("Approved internally")
    PRESENTED = "presented", _("Presented to the client")
    ACCEPTED = "accepted", _("Accepted by the client")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    REJECTED = "rejected", _("Rejected by the client")


#: A version in one of these is finished: a later version or the account's fate follows.
CLOSED_STATUSES = {
    ProposalStatus.ACCEPTED,
    ProposalStatus.REVISION_REQUESTED,
    ProposalStatus.REJECTED,
}


class Proposal(FSMModelMixin, models.Model):
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("account")
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    status = FSMField(
        _("status"), default=ProposalStatus.DRAFT, choices=ProposalStatus.choices, protected=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    # A version is revised at most once: the database says so.
    revision_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        editable=False,
        verbose_name=_("revision of"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_internally_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved internally by"),
    )
    approved_internally_at = models.DateTimeField(
        _("approved internally at"), null=True, blank=True
    )
    presented_at = models.DateTimeField(_("presented at"), null=True, blank=True)
    client_approved_by = models.CharField(
        _("approved by (at the client)"), max_length=200, blank=True
    )
    client_reference = models.CharField(_("client's reference"), max_length=120, blank=True)
    decided_at = models.DateTimeField(_("client decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
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
        ordering = ["account", "-version"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["account", "version"], name="proposal_version_once"),
            models.CheckConstraint(
                condition=~models.Q(status="accepted")
                | (~models.Q(client_approved_by="") & models.Q(decided_at__isnull=False)),
                name="proposal_accepted_says_who_and_when",
            ),
        ]
        indexes = [
            # The AD's queue and the status filter: proposals of a status, newest first.
            models.Index(fields=["status", "-updated_at"], name="proposal_status_updated_idx"),
        ]

    def __str__(self) -> str:
        return _t("%(title)s (v%(version)s)") % {"title": self.title, "version": self.version}

    def clean_fields(self, exclude=None):
        # `status` is protected: Model.clean_fields assigns every field back, which django-fsm
        # refuses; only transitions set it, so there is nothing to validate here.
        super().clean_fields(exclude={*(exclude or ()), "status"})

    @property
    def is_draft(self) -> bool:
        return self.status == ProposalStatus.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status == ProposalStatus.ACCEPTED

    @property
    def budget_total(self) -> Decimal:
        """Σ budget lines; uses the prefetched lines when the selector fetched them."""
        return sum((line.amount for line in self.budget_lines.all()), Decimal("0.00"))

    # --- Transitions (names are the API's and the UI's) ---------------------------------
    @transition(
        status,
        source=ProposalStatus.DRAFT,
        target=ProposalStatus.SUBMITTED,
        conditions=[pl.account_before_approval, pl.has_sections, pl.has_budget],
        permission=pl.may_write,
        custom={"label": _("Submit for internal approval")},
    )
    def submit(self, *, by, note=""):
        self.submitted_at = timezone.now()

    @transition(
        status,
        source=[ProposalStatus.SUBMITTED, ProposalStatus.APPROVED_INTERNALLY],
        target=ProposalStatus.DRAFT,
        conditions=[pl.account_before_approval],
        permission=pl.may_write,
        custom={"label": _("Return to draft"), "needs_reason": True},
    )
    def return_to_draft(self, *, by, note=""):
        # Whatever changes next needs a fresh sign-off.
        self.submitted_at = None
        self.approved_internally_by = None
        self.approved_internally_at = None

    @transition(
        status,
        source=ProposalStatus.SUBMITTED,
        target=ProposalStatus.APPROVED_INTERNALLY,
        conditions=[pl.account_before_approval],
        permission=pl.may_approve_internally,
        custom={"label": _("Approve internally")},
    )
    def approve_internally(self, *, by, note=""):
        self.approved_internally_by = by
        self.approved_internally_at = timezone.now()

    @transition(
        status,
        source=ProposalStatus.APPROVED_INTERNALLY,
        target=ProposalStatus.PRESENTED,
        conditions=[pl.is_latest_version, pl.account_in_planning],
        permission=pl.may_write,
        custom={"label": _("Record presentation to the client")},
    )
    def present(self, *, by, note=""):
        self.presented_at = timezone.now()

    @transition(
        status,
        source=ProposalStatus.PRESENTED,
        target=ProposalStatus.ACCEPTED,
        conditions=[pl.account_proposal_presented],
        permission=pl.may_decide_for_client,
        custom={"label": _("Record the client's acceptance"), "needs_approval": True},
    )
    def accept(self, *, by, approved_by, reference="", note=""):
        self.client_approved_by = approved_by
        self.client_reference = reference
        self.decided_at = timezone.now()

    @transition(
        status,
        source=ProposalStatus.PRESENTED,
        target=ProposalStatus.REVISION_REQUESTED,
        conditions=[pl.account_proposal_presented],
        permission=pl.may_decide_for_client,
        custom={"label": _("Record a revision request"), "needs_reason": True},
    )
    def request_revision(self, *, by, note=""):
        self.decision_reason = note
        self.decided_at = timezone.now()

    @transition(
        status,
        source=ProposalStatus.PRESENTED,
        target=ProposalStatus.REJECTED,
        conditions=[pl.account_proposal_presented],
        permission=pl.may_write,
        custom={"label": _("Record the client's rejection"), "needs_reason": True},
    )
    def reject(self, *, by, note=""):
        self.decision_reason = note
        self.decided_at = timezone.now()


class ProposalSection(models.Model):
    """One department's contribution: strategy, creative, media plan, promotion, PR…"""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["proposal", "position", "id"]
        verbose_name = _("proposal section")
        verbose_name_plural = _("proposal sections")

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """One item of a proposal's budget, with the department whose work it pays for.

    The department tells billing how the item is invoiced once the proposal is accepted: a
    media line is invoiced through the booked buys (net + commission), never from here;
    production as production, the other departments' work as fees (billing.billable)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.CharField(_("description"), max_length=300)
    department = models.CharField(
        _("department"), max_length=20, choices=Department.choices, blank=True
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )

    class Meta:
        ordering = ["proposal", "position", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budget_line_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class ProposalChange(models.Model):
    """Append-only record of one proposal transition: what, from, to, who, when and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="changes")
    transition = models.CharField(_("transition"), max_length=40)
    source = models.CharField(_("from"), max_length=30, choices=ProposalStatus.choices, blank=True)
    target = models.CharField(_("to"), max_length=30, choices=ProposalStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("proposal change")
        verbose_name_plural = _("proposal changes")
        indexes = [
            # A proposal's log, oldest first.
            models.Index(fields=["proposal", "at"], name="proposalchange_proposal_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.source or '∅'} → {self.target}"
