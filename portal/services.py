"""Every write of the client portal: a contact's login, given and taken back by the agency,
and what the client does with it — decide on a presented proposal, write to their AE.

The client's decision goes through campaigns.services.proposals exactly as an AE's recording
of it does (one transaction: the proposal's change, the account's transition, who, when and
why), with the client's login as `by` and the contact's name as who approved. A message is an
entry of the account's client communication log whose counterpart is the lead AE. Both tell
the lead AE at once (portal.reminders), in the same transaction.
"""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Account, Contact
from accounts.selectors import can_manage_portal_access
from agency.errors import DomainError, NotAllowed
from agency.models import User
from agency.security import log_security_event
from campaigns.models import Communication, Proposal
from campaigns.services import proposals
from campaigns.services.meetings import record_client_message

from . import reminders
from .invitations import send_invitation
from .selectors import contact_of


# --- A contact's login (the agency's side) -------------------------------------------------
@transaction.atomic
def grant_portal_access(
    *, contact: Contact, by: User, username: str = "", invite: bool = True
) -> User:
    """Give `contact` a login to the portal (their username: `username`, else their e-mail
    address), or open it again after a revocation. A new login has no usable password: the
    invitation e-mailed to the contact after commit carries a link to set one (Django's
    password-reset token, valid PASSWORD_RESET_TIMEOUT). Granting an open login again sends
    a fresh link. `invite=False` (the demo) sends nothing.
    Raises NotAllowed (`by` does not speak for the agency to this client), DomainError (the
    contact has no e-mail address; the username is taken)."""
    contact = _locked_contact(contact, by)
    if not contact.email:
        raise DomainError(_("Add the contact's e-mail address first: the invitation goes there."))
    user = contact.portal_user or _new_login(contact, username)
    user.is_active, user.email = True, contact.email  # the address the link goes to
    user.save(update_fields=["is_active", "email"])
    contact.portal_user = user
    contact.save(update_fields=["portal_user", "updated_at"])
    _log_after_commit("portal_login_given", by, user)
    if invite:
        language = translation.get_language()  # the AE's: who invites, in their words
        transaction.on_commit(
            lambda: send_invitation(user=user, contact=contact, language=language)
        )
    return user


@transaction.atomic
def revoke_portal_access(*, contact: Contact, by: User) -> Contact:
    """Close the contact's portal login. It is deactivated, not deleted (the decisions it took
    name it): its sessions open nothing from their next request on.
    Raises NotAllowed, DomainError (no open login)."""
    contact = _locked_contact(contact, by)
    user = contact.portal_user
    if user is None or not user.is_active:
        raise DomainError(_("This contact has no portal login."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    _log_after_commit("portal_login_closed", by, user)
    return contact


def _log_after_commit(event: str, by: User, login: User) -> None:
    transaction.on_commit(lambda: log_security_event(event, user=by.username, login=login.username))


def _locked_contact(contact: Contact, by: User) -> Contact:
    # `of`: PostgreSQL locks no row of the outer-joined (nullable) login.
    locked = (
        Contact.objects.select_for_update(of=("self",))
        .select_related("client", "portal_user")
        .get(pk=contact.pk)
    )
    if not can_manage_portal_access(by, locked.client):
        raise NotAllowed(_("Only the client's AEs and their account director give portal logins."))
    return locked


def _new_login(contact: Contact, username: str) -> User:
    username = username or contact.email.lower()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("The username “%(username)s” is taken; choose another.") % {"username": username}
        )
    user = User(
        username=username,
        email=contact.email,
        first_name=contact.name[:150],
        is_client_contact=True,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


# --- What the client does -------------------------------------------------------------------
@transaction.atomic
def approve_proposal(
    *, proposal: Proposal, by: User, reference: str = "", note: str = ""
) -> Proposal:
    """The client accepts a presented proposal: recorded as approved by the contact whose
    login `by` is, with their reference (a purchase order, say); the account moves to
    approved with this version's total as its budget, and the lead AE is told.
    Raises NotAllowed (not this client's contact), InvalidTransition (no longer presented),
    GuardUnmet."""
    contact = _deciding_contact(by)
    proposal = proposals.accept_proposal(
        proposal=proposal, by=by, approved_by=contact.name, reference=reference, note=note
    )
    reminders.tell_ae_of_decision(proposal, contact)
    return proposal


@transaction.atomic
def ask_for_changes(*, proposal: Proposal, by: User, reason: str) -> Proposal:
    """The client asks for a revision of a presented proposal, saying why: the account goes
    back to planning with the next version opened as a draft, and the lead AE is told.
    Raises NotAllowed, InvalidTransition, GuardUnmet (no reason)."""
    contact = _deciding_contact(by)
    proposal = proposals.request_proposal_revision(proposal=proposal, by=by, reason=reason)
    reminders.tell_ae_of_decision(proposal, contact)
    return proposal


def _deciding_contact(by: User) -> Contact:
    contact = contact_of(by)
    if contact is None:
        raise NotAllowed(_("Only the client's contacts decide here."))
    return contact  # whether it is this proposal's client, the transition's permission says


@transaction.atomic
def write_to_ae(*, account: Account, by: User, subject: str, body: str) -> Communication:
    """A message from the client to the account's lead AE: logged in the account's client
    communication log (the AE's record of every exchange), and the AE is told at once.
    Raises NotAllowed (not this client's account), ValidationError."""
    communication = record_client_message(account=account, by=by, subject=subject, body=body)
    reminders.tell_ae_of_message(communication)
    return communication
