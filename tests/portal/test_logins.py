"""A contact's portal login: given by the client's AEs (with an e-mailed link to set the
password), taken back, and never one of the agency's people."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from agency.errors import DomainError, NotAllowed
from agency.models import Role, User
from campaigns.forms import team_candidates
from campaigns.services import put_on_team
from portal.services import grant_portal_access, revoke_portal_access
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(account):
    return ContactFactory(client=account.client, name="Lin Xiao 林晓", email="Lin@Client.test")


def test_an_ae_gives_a_contact_a_login_and_the_link_sets_its_password(
    client, contact, ae, django_capture_on_commit_callbacks
):
    # Given a contact of the AE's client; When the AE gives them a login
    with django_capture_on_commit_callbacks(execute=True):
        user = grant_portal_access(contact=contact, by=ae)
    # Then a client login exists, with no usable password, named by the e-mail address
    contact.refresh_from_db()
    assert contact.portal_user == user and user.role == Role.CLIENT
    assert user.username == "lin@client.test" and not user.has_usable_password()
    assert (user.department, user.level, user.is_staff, user.is_superuser) == ("", "", False, False)
    # and the contact is e-mailed the link that sets it, which works once
    (message,) = mail.outbox
    assert message.to == ["Lin@Client.test"] and "lin@client.test" in message.body
    link = _path(re.search(r"https?://\S+/reset/\S+/", message.body).group(0))
    form = client.get(link)
    assert form.status_code == 302  # Django hides the token behind its set-password URL
    page = client.get(form["Location"])
    assert page.status_code == 200 and "set-password-form" in page.text
    new = {"new_password1": "Tea-garden-2030", "new_password2": "Tea-garden-2030"}
    assert client.post(form["Location"], new).status_code == 302
    assert logs_in(client, "lin@client.test", "Tea-garden-2030")
    client.logout()
    assert client.get(link).context["validlink"] is False


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def logs_in(client, username: str, password: str) -> bool:
    """Through the login form, as a person does (django-axes wants the request)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def test_nothing_is_sent_before_the_commit(contact, ae, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        grant_portal_access(contact=contact, by=ae)
    assert mail.outbox == [] and len(callbacks) == 2  # the invitation, the security log


@pytest.mark.parametrize("who", ["ad", "admin_user"])
def test_the_aes_director_and_an_administrator_may_give_one(who, contact, request):
    assert grant_portal_access(contact=contact, by=request.getfixturevalue(who), invite=False)


@pytest.mark.parametrize("who", ["other_ae", "creative", "finance", "other_ad"])
def test_no_one_else_may(who, contact, account, creative, request):
    from campaigns.models import TeamMember

    TeamMember.objects.create(account=account, user=creative)  # on the team, not an AE
    with pytest.raises(NotAllowed):
        grant_portal_access(contact=contact, by=request.getfixturevalue(who), invite=False)
    contact.refresh_from_db()
    assert contact.portal_user is None and not User.objects.filter(is_client_contact=True)


def test_a_contact_without_e_mail_or_with_a_taken_username_gets_none(contact, ae):
    no_mail = ContactFactory(client=contact.client, email="")
    with pytest.raises(DomainError, match="e-mail"):
        grant_portal_access(contact=no_mail, by=ae)
    with pytest.raises(DomainError, match="taken"):
        grant_portal_access(contact=contact, by=ae, username=ae.username.upper())
    assert not User.objects.filter(is_client_contact=True).exists()


def test_taking_it_back_ends_the_session_and_giving_it_again_reopens_the_same_login(
    client, client_contact, ae
):
    # Given the contact logged in to the portal
    client.force_login(client_contact)
    assert client.get(reverse("portal:home")).status_code == 200
    # When the AE takes the login back
    revoke_portal_access(contact=client_contact.client_contact, by=ae)
    # Then the next request is anonymous's, and logging in fails
    assert client.get(reverse("portal:home")).status_code == 302
    assert not logs_in(client, "t_client", "pass-word-123")
    with pytest.raises(DomainError):
        revoke_portal_access(contact=client_contact.client_contact, by=ae)
    # When it is given again: the same login opens
    again = grant_portal_access(contact=client_contact.client_contact, by=ae, invite=False)
    assert again.pk == client_contact.pk
    assert logs_in(client, "t_client", "pass-word-123")


def test_the_database_keeps_a_client_login_from_being_staff(client_contact):
    for change in ({"department": "finance"}, {"level": "ae"}, {"is_staff": True}):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=client_contact.pk).update(**change)


def test_a_client_login_joins_no_team(client_contact, account, ae):
    assert client_contact not in team_candidates(account)
    with pytest.raises(DomainError):
        put_on_team(account=account, user=client_contact, by=ae)


def test_a_client_login_gets_no_api_token(client, client_contact):
    response = client.post(
        reverse("api:api-token"), {"username": "t_client", "password": "pass-word-123"}
    )
    assert response.status_code == 403 and "token" not in response.json()


def test_a_token_of_a_client_login_opens_no_endpoint(client, client_contact):
    """(Should one exist, made in the admin: the API's default permission refuses it.)"""
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=client_contact)
    headers = {"Authorization": f"Token {token.key}"}
    for url in ("/api/me/", "/api/accounts/", "/api/proposals/", "/api/invoices/"):
        assert client.get(url, headers=headers).status_code == 403, url


def test_home_sends_a_client_login_to_the_portal(client, client_contact):
    client.force_login(client_contact)
    assert client.get("/")["Location"] == reverse("portal:home")


def test_the_admin_gives_and_closes_logins_through_the_services(client, contact, admin_user):
    client.force_login(admin_user)
    changelist = reverse("admin:accounts_contact_changelist")
    for action in ("give_portal_login", "close_portal_login"):
        response = client.post(changelist, {"action": action, "_selected_action": [contact.pk]})
        assert response.status_code == 302, action
    contact.refresh_from_db()
    assert contact.portal_user.role == Role.CLIENT and not contact.portal_user.is_active
    assert client.get(changelist).status_code == 200


def test_giving_and_closing_a_login_are_security_events(
    contact, ae, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level("INFO", logger="agency.security"):
        with django_capture_on_commit_callbacks(execute=True):
            grant_portal_access(contact=contact, by=ae, invite=False)
        with django_capture_on_commit_callbacks(execute=True):
            revoke_portal_access(contact=contact, by=ae)
    lines = [r.getMessage() for r in caplog.records if r.name == "agency.security"]
    assert any("event=portal_login_given user=t_ae" in line for line in lines), lines
    assert any("event=portal_login_closed user=t_ae" in line for line in lines), lines
