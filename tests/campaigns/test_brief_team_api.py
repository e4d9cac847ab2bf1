"""The brief and the team of an account through /api/accounts/{id}/brief/ and .../team/."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Account
from campaigns.models import Brief, TeamMember
from tests.factories import BriefFactory, UserFactory

pytestmark = pytest.mark.django_db

BRIEF = {
    "product": "Oolong tea drink 乌龙茶饮料",
    "features": "Low sugar, cold brewed",
    "sales_period_start": "2027-03-01",
    "sales_period_end": "2027-08-31",
    "sales_targets": "2 million bottles in East China",
    "budget": "800000.00",
    "target_audience": "Office workers 22-35",
    "departments_needed": ["creative", "media", "promotion"],
    "proposal_requirements": "Creative concept, media plan, in-store promotion",
}


def brief_url(account):
    return f"/api/accounts/{account.pk}/brief/"


def team_url(account, member=None):
    return f"/api/accounts/{account.pk}/team/" + (f"{member.pk}/" if member else "")


def assert_field_error(response, field):
    assert response.status_code == 400, response.json()
    messages = response.json()[field]
    assert isinstance(messages, list) and all(isinstance(m, str) for m in messages), messages


# --- Brief ------------------------------------------------------------------------------------
def test_an_account_without_a_brief_reads_as_an_empty_one_saying_what_is_missing(account, ae, api):
    response = api(ae).get(brief_url(account))

    assert response.status_code == 200
    assert response.json()["product"] == ""
    assert len(response.json()["missing"]) == 7
    assert not Brief.objects.exists()  # reading creates nothing


def test_put_saves_the_whole_brief(account, ae, api):
    response = api(ae).put(brief_url(account), BRIEF, format="json")

    assert response.status_code == 200, response.json()
    assert {k: response.json()[k] for k in BRIEF} == BRIEF
    assert response.json()["missing"] == []
    brief = Brief.objects.get(account=account)
    assert (brief.budget, brief.updated_by) == (Decimal("800000.00"), ae)
    assert brief.sales_period_end == datetime.date(2027, 8, 31)


def test_patch_changes_only_what_it_is_given(account, ae, api):
    api(ae).put(brief_url(account), BRIEF, format="json")

    response = api(ae).patch(brief_url(account), {"sales_targets": "3 million"}, format="json")

    assert response.status_code == 200
    brief = Brief.objects.get(account=account)
    assert (brief.sales_targets, brief.product) == ("3 million", BRIEF["product"])
    assert brief.departments_needed == BRIEF["departments_needed"]


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"departments_needed": ["creative", "astrology"]}, "departments_needed"),
        ({"departments_needed": "creative"}, "departments_needed"),
        (
            {"sales_period_start": "2027-09-01", "sales_period_end": "2027-08-31"},
            "sales_period_end",
        ),
        ({"sales_period_start": "someday"}, "sales_period_start"),
        ({"budget": "-1.00"}, "budget"),
    ],
)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_brief_with_bad_input_is_400_by_field_and_saves_nothing(
    method, fields, bad, account, ae, api
):
    response = getattr(api(ae), method)(brief_url(account), {**BRIEF, **fields}, format="json")

    assert_field_error(response, bad)
    assert not Brief.objects.exists()


def test_a_patch_that_ends_the_period_before_the_saved_start_is_400(account, ae, api):
    brief = BriefFactory(
        account=account,
        sales_period_start=datetime.date(2027, 3, 1),
        sales_period_end=datetime.date(2027, 8, 31),
    )

    response = api(ae).patch(brief_url(account), {"sales_period_end": "2027-02-01"}, format="json")

    assert_field_error(response, "sales_period_end")
    brief.refresh_from_db()
    assert brief.sales_period_end == datetime.date(2027, 8, 31)


@pytest.mark.parametrize("who", ["creative", "finance"])
@pytest.mark.parametrize("body", [BRIEF, {"departments_needed": ["astrology"]}])
def test_who_sees_the_account_but_may_not_edit_gets_403_whatever_they_send(
    who, body, account, creative, request, api
):
    TeamMember.objects.create(account=account, user=creative)

    response = api(request.getfixturevalue(who)).put(brief_url(account), body, format="json")

    assert response.status_code == 403
    assert not Brief.objects.exists()


def test_the_ad_of_the_lead_ae_edits_the_brief(account, ad, api):
    response = api(ad).patch(brief_url(account), {"product": "Jasmine tea"}, format="json")
    assert response.status_code == 200
    assert Brief.objects.get(account=account).updated_by == ad


# --- Team -------------------------------------------------------------------------------------
def test_the_team_lists_who_is_on_it(team_account, ae, api):
    response = api(ae).get(team_url(team_account))

    assert response.status_code == 200
    rows = {r["username"]: r for r in response.json()}
    assert set(rows) == {"t_ae", "t_creative", "t_media"}
    assert (rows["t_ae"]["role_on_account"], rows["t_ae"]["department"]) == ("lead_ae", "account")
    assert (rows["t_creative"]["role_on_account"], rows["t_creative"]["department"]) == (
        "member",
        "creative",
    )
    assert rows["t_media"]["user"] == TeamMember.objects.get(user__username="t_media").user_id


@pytest.mark.parametrize(
    ("who", "role"), [("creative", "member"), ("other_ae", "ae"), ("other_ad", "ad")]
)
def test_adding_someone_gives_them_the_role_their_level_implies(
    who, role, account, ae, request, api
):
    user = request.getfixturevalue(who)

    response = api(ae).post(team_url(account), {"user": user.pk}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["role_on_account"] == role
    assert TeamMember.objects.get(account=account, user=user).added_by == ae
    assert api(user).get(f"/api/accounts/{account.pk}/").status_code == 200


def test_adding_someone_already_on_the_team_is_400(team_account, ae, creative, api):
    response = api(ae).post(team_url(team_account), {"user": creative.pk}, format="json")
    assert response.status_code == 400
    assert team_account.team_members.filter(user=creative).count() == 1


@pytest.mark.parametrize(
    ("who", "role"), [("creative", "ae"), ("creative", "lead_ae"), ("other_ae", "ad")]
)
def test_a_role_that_does_not_fit_the_person_is_400(who, role, account, ae, request, api):
    user = request.getfixturevalue(who)
    response = api(ae).post(
        team_url(account), {"user": user.pk, "role_on_account": role}, format="json"
    )
    assert response.status_code == 400
    assert not account.team_members.filter(user=user).exists()


def test_nobody_inactive_joins_a_team(account, ae, system, api):
    gone = UserFactory(username="t_gone", is_active=False)
    for user in (gone, system):
        response = api(ae).post(team_url(account), {"user": user.pk}, format="json")
        assert response.status_code == 400
    assert account.team_members.count() == 1


def test_an_unknown_department_is_named(account, ae, api):
    response = api(ae).patch(
        brief_url(account), {"departments_needed": ["media", "astrology", "magic"]}, format="json"
    )
    assert response.json() == {"departments_needed": ["Unknown department: astrology, magic."]}


def test_an_unknown_user_is_400_on_the_user_field(account, ae, api):
    assert_field_error(api(ae).post(team_url(account), {"user": 999999}, format="json"), "user")


def test_an_ae_may_not_make_an_ae_off_the_team_lead(account, ae, other_ae, api):
    response = api(ae).post(
        team_url(account), {"user": other_ae.pk, "role_on_account": "lead_ae"}, format="json"
    )

    assert_field_error(response, "lead_ae")
    account.refresh_from_db()
    assert account.lead_ae == ae
    assert not account.team_members.filter(user=other_ae).exists()


def test_the_ad_makes_another_ae_they_direct_lead(account, ae, ad, api):
    colleague = UserFactory(username="t_colleague")
    ad.directed_groups.get().members.add(colleague)

    response = api(ad).post(
        team_url(account), {"user": colleague.pk, "role_on_account": "lead_ae"}, format="json"
    )

    assert response.status_code == 201, response.json()
    account.refresh_from_db()
    assert account.lead_ae == colleague
    roles = dict(account.team_members.values_list("user__username", "role_on_account"))
    assert roles == {"t_ae": "ae", "t_colleague": "lead_ae"}


def test_a_member_is_removed_and_no_longer_sees_the_account(team_account, ae, creative, api):
    member = TeamMember.objects.get(account=team_account, user=creative)

    response = api(ae).delete(team_url(team_account, member))

    assert response.status_code == 204
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert api(creative).get(f"/api/accounts/{team_account.pk}/").status_code == 404


def test_the_lead_ae_cannot_be_removed(team_account, ae, api):
    lead = TeamMember.objects.get(account=team_account, user=ae)

    response = api(ae).delete(team_url(team_account, lead))

    assert response.status_code == 400
    assert response.json()["detail"]
    assert TeamMember.objects.filter(pk=lead.pk).exists()


def test_a_member_of_another_account_is_404_here(team_account, ae, other_ae, api):
    from tests.factories import AccountFactory

    elsewhere = TeamMember.objects.get(account=AccountFactory(lead_ae=other_ae))

    response = api(ae).delete(team_url(team_account, elsewhere))

    assert response.status_code == 404
    assert TeamMember.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize("who", ["creative", "finance"])
def test_who_may_not_edit_the_team_gets_403(
    who, team_account, creative, media_planner, request, api
):
    client = api(request.getfixturevalue(who))
    member = TeamMember.objects.get(account=team_account, user=media_planner)

    assert client.post(team_url(team_account), {"user": 999999}, format="json").status_code == 403
    assert client.delete(team_url(team_account, member)).status_code == 403
    assert team_account.team_members.count() == 3
    assert Account.objects.get(pk=team_account.pk).lead_ae.username == "t_ae"
