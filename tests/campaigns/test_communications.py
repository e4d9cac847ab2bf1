"""The client communication log: recorded by the account's AEs, read by the whole team, and
the agency's side of every exchange is an AE (no bypass to creative or other staff)."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from accounts.models import Contact
from agency.models import User
from campaigns.models import Communication
from tests.factories import AccountFactory, ContactFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(account):
    return ContactFactory(client=account.client, name="Ms. Wang 王女士")


def payload(account, **extra) -> dict:
    return {
        "account": account.pk,
        "kind": "email_received",
        "subject": "New deadline 新的截止日期",
        "body": "Launch moves to May.",
        **extra,
    }


def test_a_team_ae_records_a_communication_as_its_counterpart(api, team_account, ae, contact):
    response = api(ae).post(
        "/api/communications/", payload(team_account, contact=contact.pk), format="json"
    )
    assert response.status_code == 201, response.content
    logged = Communication.objects.get()
    assert (logged.ae, logged.recorded_by, logged.contact) == (ae, ae, contact)


def test_non_ae_members_read_the_log_but_cannot_write_it(api, team_account, ae, creative):
    Communication.objects.create(
        account=team_account, kind="call", subject="Call", ae=ae, recorded_by=ae
    )
    client = api(creative)
    assert client.get("/api/communications/").data["count"] == 1
    response = client.post("/api/communications/", payload(team_account), format="json")
    assert response.status_code == 403
    logged = Communication.objects.get()
    assert (
        client.patch(
            f"/api/communications/{logged.pk}/", {"subject": "x"}, format="json"
        ).status_code
        == 403
    )
    logged.refresh_from_db()
    assert Communication.objects.count() == 1 and logged.subject == "Call"


@pytest.mark.parametrize("persona", ["creative", "media_planner", "ad"])
def test_no_one_but_a_team_ae_can_be_the_clients_counterpart(
    api, team_account, ae, persona, request
):
    # the AD is not on the team: directing the AE is not being the client's counterpart
    not_an_ae = request.getfixturevalue(persona)
    created = api(ae).post(
        "/api/communications/", payload(team_account, ae=not_an_ae.pk), format="json"
    )
    assert created.status_code == 400 and set(created.data) == {"ae"}
    logged = Communication.objects.create(
        account=team_account, kind="call", subject="Call", ae=ae, recorded_by=ae
    )
    moved = api(ae).patch(f"/api/communications/{logged.pk}/", {"ae": not_an_ae.pk}, format="json")
    assert moved.status_code == 400
    logged.refresh_from_db()
    assert logged.ae == ae


def test_another_ae_of_the_team_may_be_named(api, account, ae):
    colleague = UserFactory(username="t_ae2")
    account.team_members.create(user=colleague, role_on_account="ae")
    response = api(ae).post(
        "/api/communications/", payload(account, ae=colleague.pk), format="json"
    )
    assert response.status_code == 201
    assert Communication.objects.get().ae == colleague


def test_an_ad_records_for_the_lead_ae(api, account, ad, ae):
    response = api(ad).post("/api/communications/", payload(account, kind="request"), format="json")
    assert response.status_code == 201
    logged = Communication.objects.get()
    assert (logged.ae, logged.recorded_by) == (ae, ad)


def test_a_contact_of_another_client_or_a_meeting_of_another_account_is_refused(api, account, ae):
    stranger = ContactFactory()
    foreign_meeting = MeetingFactory(account=AccountFactory(lead_ae=ae))
    wrong_contact = api(ae).post(
        "/api/communications/", payload(account, contact=stranger.pk), format="json"
    )
    wrong_meeting = api(ae).post(
        "/api/communications/", payload(account, meeting=foreign_meeting.pk), format="json"
    )
    assert wrong_contact.status_code == 400 and "contact" in wrong_contact.data
    assert wrong_meeting.status_code == 400 and set(wrong_meeting.data) == {"meeting"}
    assert not Communication.objects.exists()


def test_an_outsider_gets_404_and_changes_nothing(api, account, ae, other_ae, contact):
    logged = Communication.objects.create(
        account=account, kind="call", subject="Call", ae=ae, recorded_by=ae, contact=contact
    )
    before = list(Communication.objects.values())
    client = api(other_ae)
    assert client.get(f"/api/communications/{logged.pk}/").status_code == 404
    assert (
        client.patch(
            f"/api/communications/{logged.pk}/", {"subject": "x"}, format="json"
        ).status_code
        == 404
    )
    assert client.get("/api/communications/").data["count"] == 0
    assert client.get("/api/communications/", {"contact": contact.pk}).data["count"] == 0
    assert client.post("/api/communications/", payload(account), format="json").status_code == 400
    assert list(Communication.objects.values()) == before


def test_nothing_links_a_client_contact_to_anyone_but_an_ae():
    """No bypass, structurally: the only model that ties a client contact to agency people is
    the communication log, and its people are the AE (validated) and who recorded it (a team
    AE or their AD, checked by the service). A new link would have to be added here, on
    purpose."""
    linked_to_contact = {
        model
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model is Contact and not field.auto_created
    }
    assert linked_to_contact == {Communication}
    people = {
        f.name
        for f in Communication._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.ManyToManyField) and f.related_model is User
    }
    assert people == {"ae", "recorded_by"}


@pytest.mark.parametrize("entries", [2, 20])
def test_the_log_costs_the_same_queries_however_long(
    api, account, ae, contact, entries, django_assert_max_num_queries
):
    call = MeetingFactory(account=account)
    for n in range(entries):
        Communication.objects.create(
            account=account,
            kind="call",
            subject=f"Call {n}",
            ae=ae,
            recorded_by=ae,
            contact=contact,
            meeting=call,
            occurred_at=timezone.now(),
        )
    client = api(ae)
    with django_assert_max_num_queries(2):
        response = client.get("/api/communications/", {"page_size": 50})
    assert response.data["count"] == entries
