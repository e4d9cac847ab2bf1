"""The brief form and the team panel of the account page.

Given a persona and an account, when they save the brief or change the team through the
page, then the database and the answer (page, fragment, status) say what happened.
"""

import pytest
from django.urls import reverse

from accounts.models import Stage
from accounts.services import take_transition
from campaigns.models import Brief, TeamMember
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

COMPLETE_BRIEF = {
    "product": "Oolong tea drink 乌龙茶饮料",
    "features": "Low sugar, cold brewed",
    "sales_period_start": "2026-03-01",
    "sales_period_end": "2026-08-31",
    "sales_targets": "2 million bottles in East China",
    "budget": "800000.00",
    "target_audience": "Office workers 22-35",
    "departments_needed": ["creative", "media"],
    "proposal_requirements": "Creative concept, media plan",
}


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# --- Brief --------------------------------------------------------------------------------------
def test_the_brief_form_offers_departments_as_checkboxes(as_user, ae, account):
    page = as_user(ae).get(reverse("brief-edit", args=[account.pk])).content.decode()

    assert 'type="checkbox" name="departments_needed" value="creative"' in page
    assert 'value="media"' in page and 'value="promotion"' in page
    assert 'value="account"' not in page  # the lead AE is always on the team


def test_saving_a_complete_brief_lets_the_ae_record_it(as_user, ae, account):
    browser = as_user(ae)

    response = browser.post(reverse("brief-edit", args=[account.pk]), COMPLETE_BRIEF)

    assert response["Location"] == reverse("account-detail", args=[account.pk])
    brief = Brief.objects.get(account=account)
    assert brief.departments_needed == ["creative", "media"]
    assert str(brief.budget) == "800000.00" and brief.updated_by == ae
    assert brief.missing_reasons() == []
    detail = browser.get(response["Location"])
    assert {o.name: o.allowed for o in detail.context["options"]}["record_brief"] is True


def test_an_unfinished_brief_is_saved_and_says_what_is_missing(as_user, ae, account):
    response = as_user(ae).post(
        reverse("brief-edit", args=[account.pk]), {"product": "Tea"}, follow=True
    )

    page = response.content.decode()
    assert Brief.objects.get(account=account).product == "Tea"
    assert "Still missing:" in page and "The brief has no sales targets." in page


@pytest.mark.parametrize(
    "change, field, message",
    [
        (
            {"sales_period_start": "2026-08-31", "sales_period_end": "2026-03-01"},
            "sales_period_end",
            "The sales period ends before it starts.",
        ),
        ({"budget": "-1"}, "budget", "greater than or equal to 0"),
        ({"departments_needed": ["creative", "catering"]}, "departments_needed", "catering"),
        ({"departments_needed": ["finance"]}, "departments_needed", "finance"),
        ({"sales_period_start": "31/02/2026"}, "sales_period_start", "Enter a valid date."),
    ],
)
def test_an_invalid_brief_shows_the_error_on_its_field_and_saves_nothing(
    as_user, ae, account, change, field, message
):
    response = as_user(ae).post(
        reverse("brief-edit", args=[account.pk]), {**COMPLETE_BRIEF, **change}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    page = response.content.decode()
    assert message in page
    assert 'value="Oolong tea drink 乌龙茶饮料"' in page  # what was typed is kept
    assert not Brief.objects.exists()


def test_outsider_gets_404_on_the_brief_and_saves_nothing(as_user, other_ae, account):
    browser = as_user(other_ae)

    shown = browser.get(reverse("brief-edit", args=[account.pk]))
    saved = browser.post(reverse("brief-edit", args=[account.pk]), COMPLETE_BRIEF)

    assert (shown.status_code, saved.status_code) == (404, 404)
    assert not Brief.objects.exists()


def test_a_creative_on_the_team_may_not_edit_the_brief(as_user, creative, account):
    TeamMember.objects.create(account=account, user=creative)
    browser = as_user(creative)

    shown = browser.get(reverse("brief-edit", args=[account.pk]))
    saved = browser.post(reverse("brief-edit", args=[account.pk]), COMPLETE_BRIEF)

    assert (shown.status_code, saved.status_code) == (403, 403)
    assert not Brief.objects.exists()


# --- Team ---------------------------------------------------------------------------------------
def test_adding_a_member_returns_the_team_and_asks_for_the_stage_panel(
    as_user, ae, creative, account
):
    response = as_user(ae).post(
        reverse("team-add", args=[account.pk]), {"user": creative.pk}, **HTMX
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "account-changed"
    page = response.content.decode()
    assert f'data-username="{creative.username}"' in page
    assert "Creative" in page  # the department is shown
    assert "joined the team" in page
    member = TeamMember.objects.get(account=account, user=creative)
    assert member.role_on_account == "member" and member.added_by == ae


def test_the_team_shows_which_needed_departments_are_covered(
    as_user, ae, creative, media_planner, account
):
    BriefFactory(account=account, departments_needed=["creative", "media"])
    browser = as_user(ae)
    browser.post(reverse("team-add", args=[account.pk]), {"user": creative.pk}, **HTMX)

    before = browser.get(reverse("team-panel", args=[account.pk]))
    browser.post(reverse("team-add", args=[account.pk]), {"user": media_planner.pk}, **HTMX)
    after = browser.get(reverse("team-panel", args=[account.pk]))

    assert before.context["coverage"] == [("Creative", True), ("Media", False)]
    assert after.context["coverage"] == [("Creative", True), ("Media", True)]


def test_someone_already_on_the_team_is_not_offered_again(as_user, ae, creative, account):
    TeamMember.objects.create(account=account, user=creative)

    response = as_user(ae).post(
        reverse("team-add", args=[account.pk]), {"user": creative.pk}, **HTMX
    )

    assert response.status_code == 422
    assert response.context["team_form"].errors["user"]
    assert TeamMember.objects.filter(account=account, user=creative).count() == 1


def test_a_refused_role_is_shown_in_the_team_panel(as_user, ae, creative, account):
    response = as_user(ae).post(
        reverse("team-add", args=[account.pk]),
        {"user": creative.pk, "role_on_account": "ae"},
        **HTMX,
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="team-error"' in page
    assert "Only account-service AEs can be AEs on an account." in page
    assert not TeamMember.objects.filter(user=creative).exists()


def test_removing_a_member(as_user, ae, creative, account):
    member = TeamMember.objects.create(account=account, user=creative)

    response = as_user(ae).post(reverse("team-remove", args=[account.pk, member.pk]), **HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "account-changed"
    assert not TeamMember.objects.filter(pk=member.pk).exists()


def test_the_lead_ae_cannot_be_removed(as_user, ae, account):
    lead = TeamMember.objects.get(account=account, user=ae)

    response = as_user(ae).post(reverse("team-remove", args=[account.pk, lead.pk]), **HTMX)

    assert response.status_code == 400
    assert "Name another lead AE before removing this one." in response.content.decode()
    assert TeamMember.objects.filter(pk=lead.pk).exists()


def test_outsider_gets_404_on_the_team_and_changes_nothing(as_user, other_ae, creative, account):
    lead = TeamMember.objects.get(account=account)
    browser = as_user(other_ae)

    answers = [
        browser.get(reverse("team-panel", args=[account.pk])),
        browser.post(reverse("team-add", args=[account.pk]), {"user": creative.pk}, **HTMX),
        browser.post(reverse("team-remove", args=[account.pk, lead.pk]), **HTMX),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404]
    assert list(TeamMember.objects.values_list("user", flat=True)) == [account.lead_ae_id]


def test_a_creative_on_the_team_may_not_change_it(as_user, creative, media_planner, account):
    TeamMember.objects.create(account=account, user=creative)
    browser = as_user(creative)

    answer = browser.post(
        reverse("team-add", args=[account.pk]), {"user": media_planner.pk}, **HTMX
    )

    assert answer.status_code == 403
    assert not TeamMember.objects.filter(user=media_planner).exists()


def test_a_creative_appears_once_on_the_team(as_user, ae, creative, account):
    TeamMember.objects.create(account=account, user=creative)

    page = as_user(creative).get(reverse("account-detail", args=[account.pk])).content.decode()

    assert page.count(f'data-username="{creative.username}"') == 1


def test_forming_the_team_through_the_pages(as_user, ae, creative, media_planner, account):
    """Brief, team, then the transitions: the same path the browser test clicks through."""
    browser = as_user(ae)
    browser.post(reverse("brief-edit", args=[account.pk]), COMPLETE_BRIEF)
    browser.post(reverse("account-transition", args=[account.pk, "record_brief"]), **HTMX)
    refused = browser.post(reverse("account-transition", args=[account.pk, "form_team"]), **HTMX)
    for person in (creative, media_planner):
        browser.post(reverse("team-add", args=[account.pk]), {"user": person.pk}, **HTMX)
    formed = browser.post(reverse("account-transition", args=[account.pk, "form_team"]), **HTMX)

    assert refused.status_code == 400
    assert "The team has no member from Creative." in refused.content.decode()
    assert formed.status_code == 200
    account.refresh_from_db()
    assert account.stage == Stage.TEAM_FORMED
    assert list(account.stage_changes.values_list("transition", flat=True)) == [
        "record_brief",
        "form_team",
    ]


def test_an_ad_directing_the_lead_ae_may_edit_the_brief(as_user, ad, account):
    response = as_user(ad).post(reverse("brief-edit", args=[account.pk]), COMPLETE_BRIEF)

    assert response.status_code == 302
    take_transition(account=account, name="record_brief", by=ad)
    account.refresh_from_db()
    assert account.stage == Stage.BRIEFED


def test_the_form_to_add_someone_opens_on_demand(as_user, ae, creative, account):
    browser = as_user(ae)

    detail = browser.get(reverse("account-detail", args=[account.pk])).content.decode()
    opened = browser.get(reverse("team-panel", args=[account.pk]), {"add": "1"}, **HTMX)
    without_js = browser.get(reverse("account-detail", args=[account.pk]), {"add_member": "1"})

    assert 'data-testid="open-team-add"' in detail and 'name="user"' not in detail
    assert f'<option value="{creative.pk}">' in opened.content.decode()
    assert f'<option value="{creative.pk}">' in without_js.content.decode()
