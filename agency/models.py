"""The agency's people: users with a department and a level, and the groups ADs direct."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role(self) -> str:
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
