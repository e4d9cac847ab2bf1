"""The e-mail that gives a contact their portal login: a link to set their password.

The link is Django's password-reset confirmation (its token dies once the password is set, or
after PASSWORD_RESET_TIMEOUT), so a login is never given a password anyone else has seen.
Sent after the grant is committed (portal.services), never while a row is locked.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import Contact
from agency.models import User
from agency.reminders.delivery import SEND_TIMEOUT, site_url

log = logging.getLogger(__name__)


def password_link(user: User) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return site_url(path)


def send_invitation(*, user: User, contact: Contact, language: str) -> bool:
    """E-mail the contact their username and the link; False (logged) if the mail server
    refused it: granting again sends a fresh link."""
    with translation.override(language):
        context = {
            "contact": contact,
            "user": user,
            "link": password_link(user),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "agency": settings.AGENCY_NAME,
        }
        message = EmailMessage(
            subject=_("Your login to the client portal of %(agency)s") % context,
            body=render_to_string("portal/email/invitation.txt", context),
            to=[contact.email],
            connection=get_connection(timeout=SEND_TIMEOUT),
        )
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure: logged; granting again resends
        log.warning("portal invitation to contact %s failed: %s", contact.pk, exc)
        return False
    return True
