"""Every write about clients and accounts.

Services take the acting user as `by`, run in a transaction, and raise a DomainError with a
message a user can read when a rule refuses.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.errors import GuardUnmet, InvalidTransition, NotAllowed
from agency.models import User

from . import selectors
from .models import Account, Client, Contact, StageChange

CLIENT_FIELDS = ("name", "industry", "currency", "payment_terms_days", "tax_id", "address")
CONTACT_FIELDS = ("name", "title", "email", "phone")
ACCOUNT_FIELDS = ("name", "budget", "currency")


def _apply(obj, fields: tuple[str, ...], values: dict) -> None:
    for field in fields:
        if field in values:
            setattr(obj, field, values[field])


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


# --- Clients and contacts ---------------------------------------------------------------
def create_client(*, by: User, **values) -> Client:
    _require(by.is_superuser or by.is_ae or by.is_ad, _("Only AEs and ADs may add clients."))
    client = Client(created_by=by)
    _apply(client, CLIENT_FIELDS, values)
    client.full_clean()
    client.save()
    return client


def update_client(*, client: Client, by: User, **values) -> Client:
    _require(selectors.can_edit_client(by, client), _("You may not edit this client."))
    _apply(client, CLIENT_FIELDS, values)
    client.full_clean()
    client.save()
    return client


def create_contact(*, client: Client, by: User, **values) -> Contact:
    _require(selectors.can_edit_client(by, client), _("You may not add contacts here."))
    contact = Contact(client=client)
    _apply(contact, CONTACT_FIELDS, values)
    contact.full_clean()
    contact.save()
    return contact


def update_contact(*, contact: Contact, by: User, **values) -> Contact:
    _require(selectors.can_edit_client(by, contact.client), _("You may not edit this contact."))
    _apply(contact, CONTACT_FIELDS, values)
    contact.full_clean()
    contact.save()
    return contact


# --- Accounts ---------------------------------------------------------------------------
def ensure_assignable_lead_ae(*, by: User, lead_ae: User | None, account=None) -> None:
    """Raise ValidationError on `lead_ae` unless `by` may name that person lead AE
    (selectors.can_assign_lead_ae); `account` is None while the account is being opened."""
    if lead_ae is None:
        raise ValidationError({"lead_ae": _("Name the AE who leads the account.")})
    if not (lead_ae.is_ae and lead_ae.is_active):
        raise ValidationError(
            {"lead_ae": _("The lead AE must be an active AE of account service.")}
        )
    if not selectors.can_assign_lead_ae(by, lead_ae, account):
        raise ValidationError(
            {
                "lead_ae": _(
                    "You may name as lead AE only yourself, an AE you direct, "
                    "or an AE already on the account's team."
                )
            }
        )


@transaction.atomic
def create_account(
    *,
    by: User,
    client: Client,
    name: str,
    lead_ae: User | None = None,
    budget: Decimal = Decimal("0.00"),
    currency: str = "",
) -> Account:
    """Open an account at first contact. An AE who opens it leads it; an AD names an AE they
    direct (an administrator, any AE). The lead AE joins the team, which lets them see it.
    Raises NotAllowed (may not open accounts), ValidationError (bad lead AE or fields)."""
    from campaigns.services import put_on_team

    _require(selectors.can_create_accounts(by), _("Only AEs and ADs may open accounts."))
    lead_ae = lead_ae or (by if by.is_ae else None)
    ensure_assignable_lead_ae(by=by, lead_ae=lead_ae)
    account = Account(
        client=client,
        name=name,
        lead_ae=lead_ae,
        budget=budget,
        currency=currency or client.currency,
        created_by=by,
    )
    account.full_clean()
    account.save()
    put_on_team(account=account, user=lead_ae, role_on_account="lead_ae", by=by)
    return account


@transaction.atomic
def update_account(*, account: Account, by: User, **values) -> Account:
    """Edit name, budget and currency; a new `lead_ae` (one `by` may assign) takes the lead
    on the team and the previous lead stays on it as an AE.
    Raises NotAllowed (not an editor), ValidationError (bad lead AE or fields)."""
    from campaigns.services import put_on_team

    _require(selectors.can_edit_account(by, account), _("You may not edit this account."))
    account = Account.objects.select_for_update().get(pk=account.pk)
    if "lead_ae" in values and values["lead_ae"] != account.lead_ae:
        ensure_assignable_lead_ae(by=by, lead_ae=values["lead_ae"], account=account)
        put_on_team(account=account, user=values["lead_ae"], role_on_account="lead_ae", by=by)
    _apply(account, ACCOUNT_FIELDS, values)
    account.full_clean()
    account.save(update_fields=[*[f for f in ACCOUNT_FIELDS if f in values], "updated_at"])
    return account


def take_transition(*, account: Account, name: str, by: User, note: str = "") -> Account:
    """Move the account along transition `name`, recording who, when and why.

    Locks the account row first, so two simultaneous requests cannot both take a transition:
    the second sees the new stage and gets InvalidTransition.
    Raises InvalidTransition (not from this stage), NotAllowed (this user may not),
    GuardUnmet (conditions unmet; `reasons` lists them).
    """
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        transition = selectors.transition_named(account, name)
        if transition is None:
            raise InvalidTransition(
                _("“%(name)s” is not possible from the stage “%(stage)s”.")
                % {"name": name, "stage": account.get_stage_display()}
            )
        _check(account, transition, by, note)
        source, source_entered_at = account.stage, account.stage_entered_at
        getattr(account, name)(by=by, note=note)
        account.stage_entered_at = timezone.now()
        account.save()
        StageChange.objects.create(
            account=account,
            transition=name,
            source=source,
            target=account.stage,
            by=by,
            at=account.stage_entered_at,
            note=note,
            source_entered_at=source_entered_at,
        )
    return account


def _check(account: Account, transition, by: User, note: str) -> None:
    if not transition.has_perm(account, by):
        raise NotAllowed(selectors.who_may(transition.permission))
    reasons = selectors.guard_reasons(account, transition)
    if transition.custom.get("needs_reason") and not note.strip():
        reasons.append(_("Give a reason."))
    if reasons:
        raise GuardUnmet(" ".join(reasons), reasons=reasons)
