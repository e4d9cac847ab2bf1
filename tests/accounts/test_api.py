"""The accounts, clients and contacts endpoints against api.md: creation and its rules,
validation errors as {"field": ["message"]}, read-only fields, pagination, filters, no DELETE,
and no N+1 on the list."""

from decimal import Decimal

import pytest

from accounts.models import Account, Client, Contact, StageChange
from campaigns.models import TeamMember
from tests.factories import AccountFactory, ClientFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of_ae(ae):
    return ClientFactory(name="Oriental Tea 东方茶业", currency="USD", created_by=ae)


def open_account(api, user, for_client, **fields):
    body = {"client": for_client.pk, "name": "Autumn campaign 秋季活动", **fields}
    return api(user).post("/api/accounts/", body, format="json")


def assert_field_error(response, field):
    assert response.status_code == 400, response.json()
    body = response.json()
    assert isinstance(body[field], list) and all(isinstance(m, str) for m in body[field])


# --- Opening an account: who leads it -------------------------------------------------------
def test_an_ae_who_opens_an_account_leads_it(client_of_ae, ae, api):
    response = open_account(api, ae, client_of_ae, budget="250000.50")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["lead_ae"], body["stage"], body["budget"]) == (ae.pk, "first_contact", "250000.50")
    assert body["currency"] == "USD"  # the client's
    account = Account.objects.get(pk=body["id"])
    assert (account.created_by, account.budget) == (ae, Decimal("250000.50"))
    assert TeamMember.objects.get(account=account, user=ae).role_on_account == "lead_ae"
    assert not StageChange.objects.filter(account=account).exists()


def test_an_ae_may_name_themself_as_lead(client_of_ae, ae, api):
    response = open_account(api, ae, client_of_ae, lead_ae=ae.pk)
    assert response.status_code == 201
    assert response.json()["lead_ae"] == ae.pk


def test_an_ae_may_not_name_another_ae_as_lead(client_of_ae, ae, other_ae, api):
    response = open_account(api, ae, client_of_ae, lead_ae=other_ae.pk)

    assert_field_error(response, "lead_ae")
    assert not Account.objects.exists()


def test_an_ad_names_an_ae_they_direct_as_lead(client_of_ae, ae, ad, api):
    response = open_account(api, ad, client_of_ae, lead_ae=ae.pk)

    assert response.status_code == 201, response.json()
    account = Account.objects.get(pk=response.json()["id"])
    assert account.lead_ae == ae
    assert list(account.team_members.values_list("user", "role_on_account")) == [(ae.pk, "lead_ae")]
    # and both see it
    assert api(ae).get(f"/api/accounts/{account.pk}/").status_code == 200
    assert api(ad).get(f"/api/accounts/{account.pk}/").status_code == 200


def test_an_ad_may_not_name_an_ae_of_another_group(ae, ad, other_ae, api):
    client = ClientFactory(created_by=ad)
    response = open_account(api, ad, client, lead_ae=other_ae.pk)
    assert_field_error(response, "lead_ae")
    assert not Account.objects.exists()


def test_an_ad_must_name_a_lead(ae, ad, api):
    response = open_account(api, ad, ClientFactory(created_by=ad))
    assert_field_error(response, "lead_ae")
    assert not Account.objects.exists()


def test_the_admin_may_name_any_ae(ae, other_ae, admin_user, api):
    response = open_account(api, admin_user, ClientFactory(), lead_ae=other_ae.pk)
    assert response.status_code == 201
    assert response.json()["lead_ae"] == other_ae.pk


@pytest.mark.parametrize("who", ["creative", "ad", "finance"])
def test_only_an_ae_can_lead(who, client_of_ae, admin_user, request, api):
    response = open_account(api, admin_user, client_of_ae, lead_ae=request.getfixturevalue(who).pk)
    assert_field_error(response, "lead_ae")
    assert not Account.objects.exists()


def test_an_inactive_ae_cannot_lead(client_of_ae, admin_user, api):
    gone = UserFactory(username="t_gone", is_active=False)
    response = open_account(api, admin_user, client_of_ae, lead_ae=gone.pk)
    assert_field_error(response, "lead_ae")


@pytest.mark.parametrize("who", ["creative", "finance"])
def test_only_aes_ads_and_admins_open_accounts(who, client_of_ae, request, api):
    user = request.getfixturevalue(who)
    response = open_account(api, user, Client.objects.get(pk=client_of_ae.pk))
    # finance sees the client, the creative does not: either way nothing is opened
    assert response.status_code in (400, 403)
    assert not Account.objects.exists()


def test_finance_is_refused_with_403(client_of_ae, finance, api):
    assert open_account(api, finance, client_of_ae).status_code == 403


# --- Validation -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"budget": "-1.00"}, "budget"),
        ({"budget": "lots"}, "budget"),
        ({"budget": "1234567890123.00"}, "budget"),
        ({"budget": "1.001"}, "budget"),
        ({"currency": "XYZ"}, "currency"),
        ({"name": ""}, "name"),
        ({"client": None}, "client"),
        ({"client": 999999}, "client"),
    ],
)
def test_an_account_with_bad_input_is_400_by_field(fields, bad, client_of_ae, ae, api):
    response = open_account(api, ae, client_of_ae, **fields)
    assert_field_error(response, bad)
    assert not Account.objects.exists()


def test_an_account_without_a_name_is_400(client_of_ae, ae, api):
    response = api(ae).post("/api/accounts/", {"client": client_of_ae.pk}, format="json")
    assert_field_error(response, "name")


@pytest.mark.parametrize(
    ("fields", "bad"),
    [({"budget": "-5.00"}, "budget"), ({"currency": "BTC"}, "currency"), ({"name": ""}, "name")],
)
def test_an_account_patch_with_bad_input_is_400_and_changes_nothing(fields, bad, account, ae, api):
    response = api(ae).patch(f"/api/accounts/{account.pk}/", fields, format="json")
    assert_field_error(response, bad)
    account.refresh_from_db()
    assert (account.budget, account.currency) == (Decimal("500000.00"), "CNY")


# --- Read-only fields: mass assignment --------------------------------------------------------
READ_ONLY = {
    "stage": "collected",
    "created_at": "2001-01-01T00:00:00+08:00",
    "stage_entered_at": "2001-01-01T00:00:00+08:00",
    "updated_at": "2001-01-01T00:00:00+08:00",
    "held_from": "planning",
    "created_by": 1,
}


@pytest.mark.parametrize("method", ["patch", "put"])
def test_read_only_fields_cannot_be_changed(method, account, ae, api):
    # given an account at first contact
    before = Account.objects.values().get(pk=account.pk)
    other_client = ClientFactory(created_by=ae)

    # when its AE sends the read-only fields (and a new client) with a real edit
    body = {**READ_ONLY, "client": other_client.pk, "name": "Renamed", "budget": "1.00"}
    response = getattr(api(ae), method)(f"/api/accounts/{account.pk}/", body, format="json")

    # then the edit is made and nothing read-only moved
    assert response.status_code == 200, response.json()
    after = Account.objects.values().get(pk=account.pk)
    assert (after["name"], after["budget"]) == ("Renamed", Decimal("1.00"))
    for field in ("stage", "created_at", "stage_entered_at", "held_from", "created_by_id"):
        assert after[field] == before[field], field
    assert after["client_id"] == account.client_id
    assert not StageChange.objects.exists()


def test_a_new_account_starts_at_first_contact_whatever_it_is_sent(client_of_ae, ae, api):
    response = open_account(api, ae, client_of_ae, **READ_ONLY)
    assert response.status_code == 201
    account = Account.objects.get(pk=response.json()["id"])
    assert (account.stage, account.held_from, account.created_by) == ("first_contact", "", ae)
    assert account.created_at.year > 2001


# --- Changing the lead AE -----------------------------------------------------------------------
def test_a_team_ae_hands_the_lead_to_another_ae_on_the_team(account, ae, other_ae, api):
    TeamMember.objects.create(account=account, user=other_ae, role_on_account="ae")

    response = api(ae).patch(
        f"/api/accounts/{account.pk}/", {"lead_ae": other_ae.pk}, format="json"
    )

    assert response.status_code == 200, response.json()
    account.refresh_from_db()
    assert account.lead_ae == other_ae
    roles = dict(account.team_members.values_list("user__username", "role_on_account"))
    assert roles == {"t_ae": "ae", "t_other_ae": "lead_ae"}


def test_a_team_ae_may_not_hand_the_lead_to_an_ae_off_the_team(account, ae, other_ae, api):
    response = api(ae).patch(
        f"/api/accounts/{account.pk}/", {"lead_ae": other_ae.pk}, format="json"
    )

    assert_field_error(response, "lead_ae")
    account.refresh_from_db()
    assert account.lead_ae == ae
    assert not account.team_members.filter(user=other_ae).exists()


def test_an_ad_gives_the_lead_to_another_ae_they_direct(account, ae, ad, api):
    colleague = UserFactory(username="t_colleague")
    ad.directed_groups.get().members.add(colleague)

    response = api(ad).patch(
        f"/api/accounts/{account.pk}/", {"lead_ae": colleague.pk}, format="json"
    )

    assert response.status_code == 200, response.json()
    account.refresh_from_db()
    assert account.lead_ae == colleague
    assert account.team_members.get(user=colleague).role_on_account == "lead_ae"


@pytest.mark.parametrize("who", ["creative", "finance"])
@pytest.mark.parametrize("lead", ["other_ae", "nobody"])
def test_a_patch_of_the_lead_by_someone_who_may_not_edit_is_403(
    who, lead, account, ae, creative, request, api
):
    # given the creative on the team (finance sees every account anyway)
    TeamMember.objects.create(account=account, user=creative)
    new_lead = request.getfixturevalue("other_ae").pk if lead == "other_ae" else 999999

    response = api(request.getfixturevalue(who)).patch(
        f"/api/accounts/{account.pk}/", {"lead_ae": new_lead}, format="json"
    )

    assert response.status_code == 403
    account.refresh_from_db()
    assert account.lead_ae == ae
    assert account.team_members.count() == 2


# --- No DELETE --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", ["/api/accounts/{account}/", "/api/clients/{client}/", "/api/contacts/{contact}/"]
)
def test_nothing_is_deleted_through_the_api(path, account, admin_user, api):
    contact = ContactFactory(client=account.client)
    path = path.format(account=account.pk, client=account.client_id, contact=contact.pk)

    response = api(admin_user).delete(path)

    assert response.status_code == 405
    assert set(response.json()) == {"detail"}
    assert Account.objects.filter(pk=account.pk).exists()
    assert Contact.objects.filter(pk=contact.pk).exists()


# --- Lists: pagination, filters, query counts -------------------------------------------------
def test_lists_are_paginated(ae, api):
    for _ in range(3):
        AccountFactory(lead_ae=ae)

    first = api(ae).get("/api/accounts/?page_size=2").json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert (first["count"], len(first["results"]), first["previous"]) == (3, 2, None)
    assert "page=2" in first["next"]

    second = api(ae).get("/api/accounts/?page_size=2&page=2").json()
    assert (len(second["results"]), second["next"]) == (1, None)
    assert second["previous"]
    assert {r["id"] for r in first["results"] + second["results"]} == set(
        Account.objects.values_list("id", flat=True)
    )


def test_a_page_holds_at_most_200(ae, api):
    client = ClientFactory()
    accounts = Account.objects.bulk_create(
        Account(client=client, name=f"A{i}", lead_ae=ae) for i in range(201)
    )
    TeamMember.objects.bulk_create(
        TeamMember(account=a, user=ae, role_on_account="lead_ae") for a in accounts
    )

    body = api(ae).get("/api/accounts/?page_size=1000").json()

    assert body["count"] == 201
    assert len(body["results"]) == 200
    assert body["next"]


def test_the_default_page_is_smaller_than_the_maximum(ae, api):
    for _ in range(3):
        AccountFactory(lead_ae=ae)
    assert len(api(ae).get("/api/accounts/").json()["results"]) == 3


@pytest.fixture
def spread(ae, other_ae, admin_user):
    """Four accounts an admin sees: two clients, two stages, two AEs."""
    from tests.factories import place_at_stage

    tea, car = ClientFactory(name="Oriental Tea 东方茶业"), ClientFactory(name="Swift Motors")
    spring = AccountFactory(client=tea, lead_ae=ae, name="Spring launch")
    summer = place_at_stage(AccountFactory(client=tea, lead_ae=ae, name="Summer"), "planning")
    rally = place_at_stage(AccountFactory(client=car, lead_ae=other_ae, name="Rally"), "planning")
    expo = AccountFactory(client=car, lead_ae=other_ae, name="Auto expo")
    TeamMember.objects.create(account=expo, user=ae, role_on_account="ae")
    return {"spring": spring, "summer": summer, "rally": rally, "expo": expo, "tea": tea}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?stage=planning", {"summer", "rally"}),
        ("?client={tea}", {"spring", "summer"}),
        ("?search=spring", {"spring"}),
        ("?search=东方", {"spring", "summer"}),
        ("?ae={ae}", {"spring", "summer", "expo"}),
        ("?ae={other_ae}&stage=planning", {"rally"}),
        ("?stage=planning&client={tea}&search=sum", {"summer"}),
    ],
)
def test_the_account_list_filters(query, expected, spread, ae, other_ae, admin_user, api):
    query = query.format(tea=spread["tea"].pk, ae=ae.pk, other_ae=other_ae.pk)

    response = api(admin_user).get("/api/accounts/" + query)

    assert response.status_code == 200
    assert {r["id"] for r in response.json()["results"]} == {spread[n].pk for n in expected}


def test_an_unknown_stage_filter_is_400(ae, api):
    response = api(ae).get("/api/accounts/?stage=vacation")
    assert_field_error(response, "stage")


@pytest.mark.parametrize("size", [3, 30])
def test_the_account_list_costs_the_same_few_queries_at_any_size(
    size, ae, api, django_assert_max_num_queries
):
    # given `size` accounts of different clients, each with a team of two
    for _ in range(size):
        account = AccountFactory(lead_ae=ae)
        TeamMember.objects.create(account=account, user=UserFactory())
    client = api(ae)

    # when the AE lists them, then the number of queries does not grow with the list
    with django_assert_max_num_queries(3):  # the AE's account ids, count, page
        response = client.get("/api/accounts/?page_size=50")
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("size", [3, 30])
def test_the_client_and_contact_lists_cost_the_same_few_queries(
    size, ae, api, django_assert_max_num_queries
):
    for _ in range(size):
        ContactFactory(client=AccountFactory(lead_ae=ae).client)
    client = api(ae)

    with django_assert_max_num_queries(2):
        assert client.get("/api/clients/?page_size=50").json()["count"] == size
    with django_assert_max_num_queries(2):
        assert client.get("/api/contacts/?page_size=50").json()["count"] == size


# --- Clients and contacts -------------------------------------------------------------------------
CLIENT = {
    "name": "Pearl River Dairy 珠江乳业",
    "industry": "Dairy",
    "currency": "HKD",
    "payment_terms_days": 45,
    "tax_id": "91440101MA5ABCDE1X",
    "address": "广州市天河区",
}


def test_an_ae_adds_a_client_and_sees_it(ae, api):
    response = api(ae).post("/api/clients/", CLIENT, format="json")

    assert response.status_code == 201, response.json()
    assert {k: response.json()[k] for k in CLIENT} == CLIENT
    client = Client.objects.get(pk=response.json()["id"])
    assert client.created_by == ae
    assert api(ae).get(f"/api/clients/{client.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"name": ""}, "name"),
        ({"currency": "XYZ"}, "currency"),
        ({"payment_terms_days": -1}, "payment_terms_days"),
        ({"payment_terms_days": "soon"}, "payment_terms_days"),
    ],
)
def test_a_client_with_bad_input_is_400_by_field(fields, bad, ae, api):
    response = api(ae).post("/api/clients/", {**CLIENT, **fields}, format="json")
    assert_field_error(response, bad)
    assert not Client.objects.exists()


def test_a_client_without_a_name_is_400(ae, api):
    response = api(ae).post("/api/clients/", {"industry": "Dairy"}, format="json")
    assert_field_error(response, "name")


@pytest.mark.parametrize("who", ["creative", "finance"])
def test_only_aes_ads_and_admins_add_clients(who, request, api):
    response = api(request.getfixturevalue(who)).post("/api/clients/", CLIENT, format="json")
    assert response.status_code == 403
    assert not Client.objects.exists()


def test_an_ae_edits_a_client_they_see(account, ae, api):
    response = api(ae).patch(
        f"/api/clients/{account.client_id}/", {"payment_terms_days": 60}, format="json"
    )
    assert response.status_code == 200
    account.client.refresh_from_db()
    assert account.client.payment_terms_days == 60


def test_a_client_patch_with_bad_input_is_400(account, ae, api):
    response = api(ae).patch(
        f"/api/clients/{account.client_id}/", {"currency": "???"}, format="json"
    )
    assert_field_error(response, "currency")


def test_contacts_are_added_and_edited_but_stay_with_their_client(account, ae, api):
    created = api(ae).post(
        "/api/contacts/",
        {
            "client": account.client_id,
            "name": "王经理",
            "title": "Brand manager",
            "email": "wang@tea.example",
            "phone": "+86 20 1234 5678",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    contact = Contact.objects.get(pk=created.json()["id"])

    other = ClientFactory(created_by=ae)
    patched = api(ae).patch(
        f"/api/contacts/{contact.pk}/", {"title": "CMO", "client": other.pk}, format="json"
    )

    assert patched.status_code == 200
    contact.refresh_from_db()
    assert (contact.title, contact.client_id) == ("CMO", account.client_id)


@pytest.mark.parametrize(
    ("fields", "bad"), [({"name": ""}, "name"), ({"email": "not-an-email"}, "email")]
)
def test_a_contact_with_bad_input_is_400_by_field(fields, bad, account, ae, api):
    body = {"client": account.client_id, "name": "王经理", **fields}
    response = api(ae).post("/api/contacts/", body, format="json")
    assert_field_error(response, bad)
    assert not Contact.objects.exists()


def test_the_creative_on_the_team_may_not_add_contacts(account, creative, api):
    TeamMember.objects.create(account=account, user=creative)
    response = api(creative).post(
        "/api/contacts/", {"client": account.client_id, "name": "Backdoor"}, format="json"
    )
    assert response.status_code == 403
    assert not Contact.objects.exists()
