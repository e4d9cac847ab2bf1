"""Who sees which accounts, clients and contacts (domain.md "Who uses it"; style.md §9):
accounts_visible_to / clients_visible_to, and the API's 404 for everything else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Account, Client, Contact
from accounts.selectors import accounts_visible_to, clients_visible_to, contacts_visible_to
from campaigns.models import Brief, TeamMember
from campaigns.services import add_team_member, remove_team_member
from tests.factories import AccountFactory, ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def west_account(other_ae):
    """An account of another group's AE; `ae`, `ad` and `creative` have nothing to do with it."""
    return AccountFactory(lead_ae=other_ae, name="West coast push")


# --- accounts_visible_to ----------------------------------------------------------------------
def test_an_ae_sees_the_accounts_whose_team_they_are_on_and_no_other(
    account, west_account, ae, other_ae
):
    assert list(accounts_visible_to(ae)) == [account]
    assert list(accounts_visible_to(other_ae)) == [west_account]


def test_an_ae_added_to_another_team_sees_that_account_too(account, west_account, ae, other_ae):
    add_team_member(account=west_account, user=ae, by=other_ae)
    assert set(accounts_visible_to(ae)) == {account, west_account}


def test_an_ad_sees_the_accounts_of_the_aes_they_direct(account, west_account, ad, other_ad):
    assert list(accounts_visible_to(ad)) == [account]
    assert list(accounts_visible_to(other_ad)) == [west_account]


def test_an_ad_sees_an_account_where_an_ae_they_direct_is_a_team_member(
    account, west_account, ae, ad, other_ae
):
    # given `ae` (directed by `ad`) joins the team of another group's account
    add_team_member(account=west_account, user=ae, by=other_ae)

    # then `ad` sees it too, once
    visible = accounts_visible_to(ad)
    assert set(visible) == {account, west_account}
    assert visible.count() == 2


def test_an_account_appears_once_however_many_reasons_there_are_to_see_it(
    account, ae, ad, other_ae
):
    # given the AD directs two AEs on the team, and is on the team himself
    ad.directed_groups.get().members.add(other_ae)
    add_team_member(account=account, user=other_ae, by=ae)
    add_team_member(account=account, user=ad, by=ae)

    assert list(accounts_visible_to(ad)) == [account]


def test_the_creative_sees_the_account_only_while_on_the_team(account, ae, creative):
    assert not accounts_visible_to(creative).exists()

    member = add_team_member(account=account, user=creative, by=ae)
    assert list(accounts_visible_to(creative)) == [account]

    remove_team_member(member=member, by=ae)
    assert not accounts_visible_to(creative).exists()


def test_finance_and_admin_see_every_account(account, west_account, finance, admin_user):
    assert set(accounts_visible_to(finance)) == {account, west_account}
    assert set(accounts_visible_to(admin_user)) == {account, west_account}


def test_nobody_inactive_or_anonymous_sees_anything(account, ae, system):
    assert not accounts_visible_to(AnonymousUser()).exists()
    assert not accounts_visible_to(system).exists()
    ae.is_active = False
    ae.save()
    assert not accounts_visible_to(ae).exists()


# --- The API: 404 for an account one cannot see ------------------------------------------------
ACCOUNT_ENDPOINTS = [
    ("get", "/api/accounts/{id}/", None),
    ("patch", "/api/accounts/{id}/", {"name": "Renamed", "budget": "1.00"}),
    ("put", "/api/accounts/{id}/", {"name": "Renamed", "budget": "1.00"}),
    ("get", "/api/accounts/{id}/transitions/", None),
    ("post", "/api/accounts/{id}/transitions/hold/", {"note": "Nosy"}),
    ("post", "/api/accounts/{id}/transitions/record_brief/", {}),
    ("get", "/api/accounts/{id}/history/", None),
    ("get", "/api/accounts/{id}/brief/", None),
    ("put", "/api/accounts/{id}/brief/", {"product": "Hijacked"}),
    ("patch", "/api/accounts/{id}/brief/", {"product": "Hijacked"}),
    ("get", "/api/accounts/{id}/team/", None),
    ("post", "/api/accounts/{id}/team/", {"user": "{other_ae}"}),
    ("delete", "/api/accounts/{id}/team/{member}/", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ACCOUNT_ENDPOINTS)
def test_an_ae_of_another_team_gets_404_everywhere_and_changes_nothing(
    method, path, body, team_account, creative, other_ae, api
):
    # given ae's account with a brief and a team, and an AE of another group
    member = TeamMember.objects.get(account=team_account, user=creative)
    path = path.format(id=team_account.pk, member=member.pk)
    if body and "user" in body:
        body = {"user": other_ae.pk}

    # when that AE calls the endpoint
    response = getattr(api(other_ae), method)(path, body, format="json")

    # then 404, in JSON, and the account, its brief and its team are as they were
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    team_account.refresh_from_db()
    assert (team_account.name, team_account.stage) == ("Spring launch 春季新品", "first_contact")
    assert Brief.objects.get(account=team_account).product == "Oolong tea drink 乌龙茶饮料"
    assert set(team_account.team_members.values_list("user__username", flat=True)) == {
        "t_ae",
        "t_creative",
        "t_media",
    }


@pytest.mark.parametrize(
    "query",
    ["", "?search=Spring", "?search=客户", "?stage=first_contact", "?client={client}", "?ae={ae}"],
)
def test_lists_and_searches_never_include_other_teams_accounts(
    query, account, west_account, ae, other_ae, api
):
    response = api(other_ae).get(
        "/api/accounts/" + query.format(client=account.client_id, ae=ae.pk)
    )

    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert account.pk not in ids
    assert ids <= {west_account.pk}


def test_the_creative_sees_the_account_through_the_api_once_added_to_the_team(
    account, ae, creative, api
):
    # given a creative not on the team: the account does not exist for them
    assert api(creative).get(f"/api/accounts/{account.pk}/").status_code == 404
    assert api(creative).get("/api/accounts/").json()["count"] == 0

    # when the AE adds them to the team
    added = api(ae).post(f"/api/accounts/{account.pk}/team/", {"user": creative.pk}, format="json")
    assert added.status_code == 201

    # then they see it, in the list and in detail
    assert api(creative).get(f"/api/accounts/{account.pk}/").status_code == 200
    assert [r["id"] for r in api(creative).get("/api/accounts/").json()["results"]] == [account.pk]

    # and once removed, it is gone again
    removed = api(ae).delete(f"/api/accounts/{account.pk}/team/{added.json()['id']}/")
    assert removed.status_code == 204
    assert api(creative).get(f"/api/accounts/{account.pk}/").status_code == 404


def test_a_team_member_who_may_not_edit_sees_but_gets_403(team_account, creative, api):
    client = api(creative)
    assert client.get(f"/api/accounts/{team_account.pk}/").status_code == 200
    assert client.get(f"/api/accounts/{team_account.pk}/brief/").status_code == 200
    assert client.get(f"/api/accounts/{team_account.pk}/team/").status_code == 200

    edits = [
        client.patch(f"/api/accounts/{team_account.pk}/", {"name": "Mine now"}, format="json"),
        client.patch(f"/api/accounts/{team_account.pk}/brief/", {"product": "X"}, format="json"),
        client.post(f"/api/accounts/{team_account.pk}/team/", {"user": creative.pk}),
    ]
    assert [r.status_code for r in edits] == [403, 403, 403]
    team_account.refresh_from_db()
    assert team_account.name == "Spring launch 春季新品"


def test_finance_reads_every_account_but_edits_none(account, west_account, finance, api):
    client = api(finance)
    assert client.get("/api/accounts/").json()["count"] == 2
    assert client.get(f"/api/accounts/{west_account.pk}/").status_code == 200

    response = client.patch(f"/api/accounts/{account.pk}/", {"budget": "1.00"}, format="json")

    assert response.status_code == 403
    account.refresh_from_db()
    assert str(account.budget) == "500000.00"
    assert client.post(
        "/api/accounts/", {"client": account.client_id, "name": "X"}
    ).status_code == (403)
    assert Account.objects.count() == 2


def test_the_admin_sees_every_account(account, west_account, admin_user, api):
    response = api(admin_user).get("/api/accounts/")
    assert {row["id"] for row in response.json()["results"]} == {account.pk, west_account.pk}


def test_an_ad_who_does_not_direct_the_lead_gets_404(account, other_ad, api):
    assert api(other_ad).get(f"/api/accounts/{account.pk}/").status_code == 404


# --- Clients and contacts ---------------------------------------------------------------------
def test_clients_are_seen_through_accounts_or_by_who_created_them(
    account, west_account, ae, other_ae, creative, finance, admin_user
):
    # given a client `ae` created without an account yet
    own = ClientFactory(name="Prospect 潜在客户", created_by=ae)

    assert set(clients_visible_to(ae)) == {account.client, own}
    assert set(clients_visible_to(other_ae)) == {west_account.client}
    assert not clients_visible_to(creative).exists()
    assert set(clients_visible_to(finance)) == set(Client.objects.all())
    assert set(clients_visible_to(admin_user)) == set(Client.objects.all())


def test_the_creative_sees_the_client_once_on_an_account_team(account, ae, creative):
    add_team_member(account=account, user=creative, by=ae)
    assert list(clients_visible_to(creative)) == [account.client]


def test_contacts_follow_their_client(account, west_account, ae, other_ae):
    mine = ContactFactory(client=account.client)
    theirs = ContactFactory(client=west_account.client)
    assert list(contacts_visible_to(ae)) == [mine]
    assert list(contacts_visible_to(other_ae)) == [theirs]


CLIENT_ENDPOINTS = [
    ("get", "/api/clients/{client}/", None),
    ("patch", "/api/clients/{client}/", {"name": "Renamed"}),
    ("put", "/api/clients/{client}/", {"name": "Renamed"}),
    ("get", "/api/contacts/{contact}/", None),
    ("patch", "/api/contacts/{contact}/", {"name": "Renamed"}),
]


@pytest.mark.parametrize(("method", "path", "body"), CLIENT_ENDPOINTS)
def test_another_teams_client_and_contacts_are_404(method, path, body, account, other_ae, api):
    contact = ContactFactory(client=account.client, name="Ms. Wang")
    path = path.format(client=account.client_id, contact=contact.pk)

    response = getattr(api(other_ae), method)(path, body, format="json")

    assert response.status_code == 404
    account.client.refresh_from_db()
    contact.refresh_from_db()
    assert account.client.name != "Renamed" and contact.name == "Ms. Wang"


def test_client_and_contact_lists_and_searches_leak_nothing(account, west_account, other_ae, api):
    ContactFactory(client=account.client, name="Ms. Wang")
    client = api(other_ae)

    clients = client.get("/api/clients/").json()["results"]
    assert [c["id"] for c in clients] == [west_account.client_id]
    assert client.get(f"/api/clients/?search={account.client.name}").json()["count"] == 0
    assert client.get("/api/contacts/?search=Wang").json()["count"] == 0
    assert client.get(f"/api/contacts/?client={account.client_id}").json()["count"] == 0


def test_a_contact_cannot_be_added_to_a_client_one_cannot_see(account, other_ae, api):
    response = api(other_ae).post(
        "/api/contacts/", {"client": account.client_id, "name": "Spy"}, format="json"
    )
    assert response.status_code == 400
    assert "client" in response.json()
    assert not Contact.objects.filter(name="Spy").exists()


def test_an_account_cannot_be_opened_for_a_client_one_cannot_see(account, other_ae, api):
    response = api(other_ae).post(
        "/api/accounts/", {"client": account.client_id, "name": "Poach"}, format="json"
    )
    assert response.status_code == 400
    assert "client" in response.json()
    assert not Account.objects.filter(name="Poach").exists()


def test_finance_reads_clients_but_does_not_edit_them(account, finance, api):
    client = api(finance)
    assert client.get(f"/api/clients/{account.client_id}/").status_code == 200
    response = client.patch(f"/api/clients/{account.client_id}/", {"name": "X"}, format="json")
    assert response.status_code == 403
    account.client.refresh_from_db()
    assert account.client.name != "X"
