"""The brief and the cross-department team of an account."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from accounts.models import Account


class Brief(models.Model):
    """What the client asked for (广告简报). Complete before `record_brief` can be taken."""

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="brief")
    product = models.CharField(_("product"), max_length=200, blank=True)
    features = models.TextField(_("product features"), blank=True)
    sales_period_start = models.DateField(_("sales period start"), null=True, blank=True)
    sales_period_end = models.DateField(_("sales period end"), null=True, blank=True)
    sales_targets = models.TextField(_("sales targets"), blank=True)
    budget = models.DecimalField(
        _("advertising budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    target_audience = models.TextField(_("target audience"), blank=True)
    departments_needed = models.JSONField(
        _("departments needed"), default=list, blank=True, help_text=_("Department codes.")
    )
    proposal_requirements = models.TextField(_("what the proposal must cover"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sales_period_end__gte=models.F("sales_period_start"))
                | models.Q(sales_period_start__isnull=True)
                | models.Q(sales_period_end__isnull=True),
                name="brief_sales_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return _t("Brief for %(account)s") % {"account": self.account}

    REQUIRED = {
        "product": _("The brief has no product."),
        "features": _("The brief has no product features."),
        "sales_period_start": _("The brief has no sales period."),
        "sales_period_end": _("The brief has no end of the sales period."),
        "sales_targets": _("The brief has no sales targets."),
        "budget": _("The brief has no advertising budget."),
        "proposal_requirements": _("The brief does not say what the proposal must cover."),
    }

    def missing_reasons(self) -> list[str]:
        return [
            str(msg) for field, msg in self.REQUIRED.items() if getattr(self, field) in ("", None)
        ]


class TeamRole(models.TextChoices):
    LEAD_AE = "lead_ae", _("Lead AE")
    AE = "ae", _("AE")
    AD = "ad", _("Account director")
    MEMBER = "member", _("Member")


class TeamMember(models.Model):
    """Being on an account's team is what lets a person see the account."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="team_memberships",
        verbose_name=_("person"),
    )
    role_on_account = models.CharField(
        _("role on the account"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["account", "role_on_account", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="team_member_once"),
        ]
        indexes = [
            # accounts_visible_to(): "is this user on the account's team?"
            models.Index(fields=["user", "account"], name="teammember_user_account_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_on_account_display()})"

    @property
    def department(self) -> str:
        return self.user.department
