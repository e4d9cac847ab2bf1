"""accounts.services beyond transitions: who opens an account and who leads it, edits, clients."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Account
from accounts.services import create_account, create_client, update_account, update_client
from agency.errors import NotAllowed
from campaigns.models import TeamMember
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_(ae):
    return ClientFactory(currency="EUR", created_by=ae)


def lead_error(refused) -> list[str]:
    return refused.value.message_dict["lead_ae"]


def test_the_ae_who_opens_an_account_leads_it_and_is_on_its_team(client_, ae):
    account = create_account(by=ae, client=client_, name="Launch", budget=Decimal("10.50"))

    assert (account.lead_ae, account.stage, account.currency) == (ae, "first_contact", "EUR")
    assert (account.created_by, account.budget) == (ae, Decimal("10.50"))
    assert TeamMember.objects.get(account=account).role_on_account == "lead_ae"


def test_an_ae_who_names_someone_else_is_told_why(client_, ae, other_ae):
    with pytest.raises(ValidationError) as refused:
        create_account(by=ae, client=client_, name="Launch", lead_ae=other_ae)
    assert "an AE you direct" in lead_error(refused)[0]
    assert not Account.objects.exists()


def test_an_ad_opens_an_account_for_an_ae_they_direct(client_, ae, ad):
    account = create_account(by=ad, client=client_, name="Launch", lead_ae=ae)
    assert account.lead_ae == ae
    assert list(account.team_members.values_list("user", flat=True)) == [ae.pk]


def test_an_ad_must_name_one_of_their_aes(client_, ad, other_ae):
    with pytest.raises(ValidationError) as refused:
        create_account(by=ad, client=client_, name="Launch")
    assert lead_error(refused) == ["Name the AE who leads the account."]

    with pytest.raises(ValidationError):
        create_account(by=ad, client=client_, name="Launch", lead_ae=other_ae)
    assert not Account.objects.exists()


def test_the_admin_names_any_active_ae(client_, admin_user, other_ae, creative):
    assert create_account(by=admin_user, client=client_, name="A", lead_ae=other_ae).lead_ae == (
        other_ae
    )
    with pytest.raises(ValidationError) as refused:
        create_account(by=admin_user, client=client_, name="B", lead_ae=creative)
    assert lead_error(refused) == ["The lead AE must be an active AE of account service."]


@pytest.mark.parametrize("who", ["creative", "finance", "system"])
def test_only_aes_ads_and_admins_open_accounts(who, client_, ae, request):
    with pytest.raises(NotAllowed):
        create_account(by=request.getfixturevalue(who), client=client_, name="X", lead_ae=ae)
    assert not Account.objects.exists()


def test_an_account_with_a_negative_budget_is_refused_by_field(client_, ae):
    with pytest.raises(ValidationError) as refused:
        create_account(by=ae, client=client_, name="X", budget=Decimal("-1"))
    assert "budget" in refused.value.message_dict


def test_update_changes_the_fields_and_hands_over_the_lead(account, ae, ad):
    colleague = UserFactory(username="t_colleague")
    ad.directed_groups.get().members.add(colleague)

    updated = update_account(
        account=account, by=ad, name="Renamed", budget=Decimal("1.00"), lead_ae=colleague
    )

    account.refresh_from_db()
    assert (account.name, account.budget, account.lead_ae) == (
        "Renamed",
        Decimal("1.00"),
        colleague,
    )
    assert updated.lead_ae == colleague
    roles = dict(account.team_members.values_list("user__username", "role_on_account"))
    assert roles == {"t_ae": "ae", "t_colleague": "lead_ae"}


def test_update_refuses_to_leave_the_account_without_a_lead(account, ae):
    with pytest.raises(ValidationError):
        update_account(account=account, by=ae, lead_ae=None)
    account.refresh_from_db()
    assert account.lead_ae == ae


@pytest.mark.parametrize("who", ["creative", "finance", "other_ae"])
def test_who_may_not_edit_an_account_is_not_allowed(who, account, ae, request):
    with pytest.raises(NotAllowed):
        update_account(account=account, by=request.getfixturevalue(who), name="Mine")
    account.refresh_from_db()
    assert account.name == "Spring launch 春季新品"


def test_clients_are_added_and_edited_by_aes_and_ads_only(ae, creative, finance):
    client = create_client(by=ae, name="Pearl River Dairy", currency="HKD")
    assert (client.created_by, client.currency) == (ae, "HKD")
    update_client(client=client, by=ae, payment_terms_days=60)
    client.refresh_from_db()
    assert client.payment_terms_days == 60

    for user in (creative, finance):
        with pytest.raises(NotAllowed):
            create_client(by=user, name="X")
        with pytest.raises(NotAllowed):
            update_client(client=client, by=user, name="X")
    client.refresh_from_db()
    assert client.name == "Pearl River Dairy"
