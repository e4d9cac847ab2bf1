"""campaigns.services for the brief and the team."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agency.errors import DomainError, NotAllowed
from campaigns.models import Brief, TeamMember
from campaigns.services import add_team_member, remove_team_member, save_brief

pytestmark = pytest.mark.django_db


def test_the_first_save_creates_the_brief_and_records_who(account, ae):
    brief = save_brief(account=account, by=ae, product="Oolong tea", departments_needed=["pr"])

    assert (brief.product, brief.departments_needed, brief.updated_by) == (
        "Oolong tea",
        ["pr"],
        ae,
    )
    assert Brief.objects.get(account=account).pk == brief.pk


def test_a_second_save_changes_only_what_it_is_given(account, ae, ad):
    save_brief(account=account, by=ae, product="Oolong tea", sales_targets="1m")
    save_brief(account=account, by=ad, sales_targets="2m")

    brief = Brief.objects.get(account=account)
    assert (brief.product, brief.sales_targets, brief.updated_by) == ("Oolong tea", "2m", ad)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"departments_needed": ["creative", "astrology"]}, "departments_needed"),
        ({"departments_needed": "creative"}, "departments_needed"),
        (
            {
                "sales_period_start": datetime.date(2027, 9, 1),
                "sales_period_end": datetime.date(2027, 8, 1),
            },
            "sales_period_end",
        ),
    ],
)
def test_a_bad_brief_is_refused_by_field_and_not_saved(values, field, account, ae):
    with pytest.raises(ValidationError) as refused:
        save_brief(account=account, by=ae, **values)
    assert field in refused.value.message_dict
    assert not Brief.objects.exists()


@pytest.mark.parametrize("who", ["creative", "finance", "other_ae"])
def test_only_editors_save_the_brief(who, account, creative, request):
    TeamMember.objects.create(account=account, user=creative)
    with pytest.raises(NotAllowed):
        save_brief(account=account, by=request.getfixturevalue(who), product="X")
    assert not Brief.objects.exists()


def test_adding_and_removing_members(account, ae, creative):
    member = add_team_member(account=account, user=creative, by=ae)
    assert (member.role_on_account, member.added_by) == ("member", ae)

    with pytest.raises(DomainError):
        add_team_member(account=account, user=creative, by=ae)

    remove_team_member(member=member, by=ae)
    assert not account.team_members.filter(user=creative).exists()


def test_the_lead_ae_stays_until_another_is_named(account, ae):
    with pytest.raises(DomainError):
        remove_team_member(member=account.team_members.get(user=ae), by=ae)
    assert account.team_members.filter(user=ae, role_on_account="lead_ae").exists()


def test_a_team_member_who_may_not_edit_cannot_change_the_team(
    account, ae, creative, media_planner
):
    member = add_team_member(account=account, user=creative, by=ae)
    with pytest.raises(NotAllowed):
        add_team_member(account=account, user=media_planner, by=creative)
    with pytest.raises(NotAllowed):
        remove_team_member(member=member, by=creative)
    assert set(account.team_members.values_list("user__username", flat=True)) == {
        "t_ae",
        "t_creative",
    }
