"""Writes about the brief and the team of an account."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Account
from accounts.selectors import can_edit_account
from accounts.services import ensure_assignable_lead_ae
from agency.errors import DomainError, NotAllowed
from agency.models import Department, User
from campaigns.models import Brief, TeamMember, TeamRole

BRIEF_FIELDS = (
    "product",
    "features",
    "sales_period_start",
    "sales_period_end",
    "sales_targets",
    "budget",
    "target_audience",
    "departments_needed",
    "proposal_requirements",
)


def _require_editor(account: Account, by: User) -> None:
    if not can_edit_account(by, account):
        raise NotAllowed(_("Only the account's AEs or their account director may do this."))


@transaction.atomic
def save_brief(*, account: Account, by: User, **values) -> Brief:
    """Create or update the account's brief with the given fields (a partial update).
    Raises NotAllowed (not an editor), ValidationError (by field)."""
    _require_editor(account, by)
    brief, _created = Brief.objects.select_for_update().get_or_create(account=account)
    for field in BRIEF_FIELDS:
        if field in values:
            setattr(brief, field, values[field])
    brief.updated_by = by  # before validating: full_clean requires it
    _validate_brief(brief)
    brief.save()
    return brief


def _validate_brief(brief: Brief) -> None:
    codes = brief.departments_needed
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ValidationError({"departments_needed": _("Give a list of department codes.")})
    unknown = set(codes) - set(Department.values)
    if unknown:
        raise ValidationError(
            {
                "departments_needed": _("Unknown department: %(codes)s.")
                % {"codes": ", ".join(sorted(unknown))}
            }
        )
    start, end = brief.sales_period_start, brief.sales_period_end
    if start and end and end < start:
        raise ValidationError({"sales_period_end": _("The sales period ends before it starts.")})
    brief.full_clean(exclude=["account", "departments_needed"])


def role_for(user: User, requested: str = "") -> str:
    if requested:
        return requested
    if user.is_ad:
        return TeamRole.AD
    if user.is_ae:
        return TeamRole.AE
    return TeamRole.MEMBER


def put_on_team(*, account: Account, user: User, by: User, role_on_account: str = "") -> TeamMember:
    """Add `user` to the account's team (which lets them see it). A new lead AE replaces the
    previous one, who stays on the team as an AE. Called by create_account before the
    creator is on the team, so it checks nothing about `by` itself."""
    role = role_for(user, role_on_account)
    if role in (TeamRole.LEAD_AE, TeamRole.AE) and not user.is_ae:
        raise DomainError(_("Only account-service AEs can be AEs on an account."))
    if role == TeamRole.AD and not user.is_ad:
        raise DomainError(_("Only account directors can have the AD role."))
    if not user.is_active or user.role in ("system", "client"):
        raise DomainError(_("This person cannot join a team."))
    if role == TeamRole.LEAD_AE:
        account.team_members.filter(role_on_account=TeamRole.LEAD_AE).update(
            role_on_account=TeamRole.AE
        )
        Account.objects.filter(pk=account.pk).update(lead_ae=user)
        account.lead_ae = user
    try:
        with transaction.atomic():
            member, created = TeamMember.objects.get_or_create(
                account=account,
                user=user,
                defaults={"role_on_account": role, "added_by": by},
            )
    except IntegrityError as exc:  # the same person added twice at the same moment
        raise DomainError(_("%(user)s is already on the team.") % {"user": user}) from exc
    if not created and member.role_on_account != role:
        member.role_on_account = role
        member.save(update_fields=["role_on_account"])
    return member


@transaction.atomic
def add_team_member(
    *, account: Account, user: User, by: User, role_on_account: str = ""
) -> TeamMember:
    """Put `user` on the team (or change their role); making them lead AE follows the rule of
    accounts.services.ensure_assignable_lead_ae. Raises NotAllowed, DomainError,
    ValidationError."""
    _require_editor(account, by)
    account = Account.objects.select_for_update().get(pk=account.pk)
    if account.team_members.filter(user=user).exists() and not role_on_account:
        raise DomainError(_("%(user)s is already on the team.") % {"user": user})
    if role_on_account == TeamRole.LEAD_AE and user != account.lead_ae:
        ensure_assignable_lead_ae(by=by, lead_ae=user, account=account)
    return put_on_team(account=account, user=user, by=by, role_on_account=role_on_account)


@transaction.atomic
def remove_team_member(*, member: TeamMember, by: User) -> None:
    _require_editor(member.account, by)
    if member.role_on_account == TeamRole.LEAD_AE:
        raise DomainError(_("Name another lead AE before removing this one."))
    member.delete()
