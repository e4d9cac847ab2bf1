"""reliability.md 14 (no bypass) and 15 (CSRF on every unsafe browser request; no GET changes
data)."""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import Contact
from agency.models import User
from campaigns.models import Communication

from . import snapshots
from .access_matrix import MATRIX
from .calls import answer_with, call, url_for

pytestmark = pytest.mark.django_db


# --- 14. No bypass: the client's counterpart is always an AE ------------------------------------
def test_a_client_contact_is_linked_to_no_agency_person(world):
    """A contact is a person at the client. Their one link to a user is their own portal
    login, which the database keeps from being one of the agency's people (no department,
    level, staff or administrator flag); nothing else ties them to staff but the
    communication log, whose agency side is an AE (below)."""
    to_users = [
        f.name for f in Contact._meta.get_fields() if f.is_relation and f.related_model is User
    ]
    assert to_users == ["portal_user"]
    assert [f.name for f in User._meta.get_fields() if f.related_model is Contact] == [
        "client_contact"
    ]
    logins = User.objects.filter(client_contact__isnull=False)
    assert {user.role for user in logins} == {"client"}
    for change in ({"department": "creative"}, {"is_staff": True}, {"is_superuser": True}):
        with pytest.raises(IntegrityError), transaction.atomic():
            logins.update(**change)
    links = [f.name for f in Communication._meta.get_fields() if f.related_model is User]
    assert sorted(links) == ["ae", "recorded_by"]


def test_a_client_contact_sees_no_agency_person_but_their_lead_ae(world, monkeypatch):
    """reliability.md 14 for the portal login: every page, endpoint and PDF of the matrix it
    calls (what it may not call answers 403) names no one of the agency (name, e-mail,
    username) but the lead AE of its company's account."""
    documents = []
    monkeypatch.setattr(
        "agency.pdf.write_pdf", lambda html, **kwargs: documents.append(html) or b"%PDF stub"
    )
    client = world.clients["client"]
    seen = {
        f"{row.route} {row.kwargs}": call(client, row, world, url_for(row, world)).content
        for row in MATRIX
        if row.method == "GET"
    }
    seen |= {f"PDF {n}": html.encode() for n, html in enumerate(documents)}
    lead = world.account.lead_ae
    others = User.objects.filter(is_client_contact=False).exclude(pk=lead.pk)
    named = {
        (person.username, key): text_of
        for person in others
        for marker in (person.get_full_name(), person.email, f">{person.username}<")
        for key, text_of in seen.items()
        if marker and marker.encode() in text_of
    }
    assert len(documents) == 2 and not named, sorted(named)
    # (and the lead AE is there to be written to: this looked at real pages)
    assert lead.get_full_name().encode() in seen["portal:home {}"]
    assert lead.email.encode() in seen["portal:home {}"]


@pytest.mark.parametrize("counterpart", ["creative", "media", "finance", "ad", "other_ae"])
def test_the_log_names_only_an_ae_of_the_team_as_the_clients_counterpart(counterpart, world):
    """Naming a creative, media, finance person, the AD or an AE off the team is refused, in
    the API and in the page; nothing is recorded."""
    before = Communication.objects.count()
    body = {
        "account": world.account.pk,
        "kind": "call",
        "subject": "Asked for the designer's number",
        "contact": world.contact.pk,
        "ae": world.users[counterpart].pk,
    }
    api = world.clients["ae"].post(
        "/api/communications/", json.dumps(body), content_type="application/json"
    )
    assert api.status_code == 400 and "ae" in api.json()
    patch = world.clients["ae"].patch(
        f"/api/communications/{world.communication.pk}/",
        json.dumps({"ae": world.users[counterpart].pk}),
        content_type="application/json",
    )
    assert patch.status_code == 400 and "ae" in patch.json()
    page = world.clients["ae"].post(
        reverse("account-communications", kwargs={"account_id": world.account.pk}),
        {**body, "occurred_at": "2030-01-01T10:00"},
    )
    assert page.status_code == 200  # the form again, with its error
    assert Communication.objects.count() == before
    world.communication.refresh_from_db()
    assert world.communication.ae == world.users["ae"]


@pytest.mark.parametrize("role", ["creative", "finance"])
def test_only_aes_speak_for_the_client(role, world):
    """Department staff and finance neither file contact reports, log client communication,
    nor send the client an invoice."""
    client = world.clients[role]
    report = {"account": world.account.pk, "summary": "Talked to the client directly"}
    log = {"account": world.account.pk, "kind": "call", "subject": "Direct call"}
    for url, body in (("/api/contact-reports/", report), ("/api/communications/", log)):
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code in (400, 403), (url, response.status_code)
    send = client.post(
        f"/api/invoices/{world.invoice.pk}/send/",
        json.dumps({"contact": world.contact.pk}),
        content_type="application/json",
    )
    assert send.status_code in (403, 404)
    assert not world.invoice.dispatches.exists()


def test_no_list_of_staff_is_given_to_anyone_not_logged_in(world):
    """Anonymous callers get no team, attendee or user list."""
    anonymous = world.clients["anon"]
    for url in (
        f"/api/accounts/{world.account.pk}/team/",
        "/api/meetings/",
        "/api/tasks/",
        "/api/me/",
        "/api/communications/",
    ):
        assert anonymous.get(url).status_code == 401, url
    assert b"w_creative" not in anonymous.get(reverse("login")).content


# --- 15. CSRF ----------------------------------------------------------------------------------
UNSAFE = [row for row in MATRIX if row.method != "GET"]


@pytest.fixture
def strict(world):
    """A browser of `ae`'s that does not send the CSRF token (the real middleware checks)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["ae"])
    return client


@pytest.mark.parametrize("row", UNSAFE, ids=lambda row: f"{row.route} {row.method}")
def test_every_unsafe_request_without_a_token_is_refused(row, strict, world, monkeypatch):
    """Pages and the session-authenticated API alike: 403, and nothing of ours changed."""
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kwargs: b"%PDF stub")
    before = snapshots.ours(world)
    response = call(strict, row, world, url_for(row, world))
    assert response.status_code == 403, response.content[:300]
    assert snapshots.diff(before, snapshots.ours(world)) == []


PORTAL_UNSAFE = [row for row in UNSAFE if row.route.startswith("portal:")]


@pytest.mark.parametrize("row", PORTAL_UNSAFE, ids=lambda row: f"{row.route} {row.method}")
def test_the_portals_forms_need_their_token(row, world, monkeypatch):
    """As the client contact (the one login the portal lets in, so the refusal above is not
    the portal's wall): without the token 403 and nothing changed; with it, no 403."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["client"])
    before = snapshots.ours(world)
    response = call(strict, row, world, url_for(row, world))
    assert response.status_code == 403, response.content[:300]
    assert snapshots.diff(before, snapshots.ours(world)) == []
    assert answer_with(world.clients["client"], row, world) != "403"


def test_the_login_form_needs_its_token_too(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "w_ae", "password": "pass-word-123"})
    assert response.status_code == 403
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_token_authenticated_client_needs_no_csrf_token(world):
    """(The API's token clients send no cookie, so there is nothing to forge.)"""
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.users["ae"])
    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        f"/api/accounts/{world.account.pk}/",
        json.dumps({"name": "By token"}),
        content_type="application/json",
        headers={"Authorization": f"Token {token.key}"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["ae", "admin", "finance", "other_ae", "anon", "client"])
def test_no_get_changes_data(role, world, monkeypatch):
    """Every GET of the matrix, as this role: no row of any model changes."""
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kwargs: b"%PDF stub")
    client = world.clients[role]
    before = snapshots.everything()
    for row in MATRIX:
        if row.method == "GET":
            call(client, row, world, url_for(row, world))
    changed = snapshots.diff(before, snapshots.everything())
    assert changed == [], f"GET requests changed {changed}"
    assert apps.get_model("agency.Notification").objects.filter(read_at__isnull=False).count() == 0
