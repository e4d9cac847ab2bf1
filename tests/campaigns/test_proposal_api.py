"""/api/proposals/: versions, contents and actions, scoped to what the user sees (api.md)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Account, StageChange
from accounts.services import take_transition
from campaigns.models import Proposal, ProposalChange
from campaigns.services import add_team_member
from tests.factories import (
    AccountFactory,
    AccountGroupFactory,
    BriefFactory,
    UserFactory,
    make_proposal,
    walk_proposal,
)

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Summer push 夏季推广",
    "sections": [
        {"department": "strategy", "title": "Strategy", "body": "Go where the heat is."},
        {"department": "creative", "title": "创意", "body": "清凉一夏"},
    ],
    "budget_lines": [
        {"description": "Production", "amount": "100000.00"},
        {"description": "Media", "amount": "250000.25"},
    ],
}


def url(proposal, action=""):
    return f"/api/proposals/{proposal.pk}/" + (f"{action}/" if action else "")


def snapshot(proposal):
    proposal.refresh_from_db()
    return (
        proposal.title,
        proposal.status,
        list(proposal.sections.values_list("department", "title", "body")),
        list(proposal.budget_lines.values_list("description", "amount")),
    )


# --- Creating and editing --------------------------------------------------------------------
def test_an_ae_creates_a_version_with_sections_and_budget(api, planning_account, ae):
    response = api(ae).post(
        "/api/proposals/", {**NEW, "account": planning_account.pk}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["version"], body["status"], body["currency"]) == (1, "draft", "CNY")
    assert body["budget_total"] == "350000.25"
    assert [s["title"] for s in body["sections"]] == ["Strategy", "创意"]
    assert Proposal.objects.get(pk=body["id"]).budget_total == Decimal("350000.25")


def test_the_version_number_and_status_cannot_be_given(api, planning_account, ae):
    payload = {**NEW, "account": planning_account.pk, "version": 9, "status": "accepted"}

    response = api(ae).post("/api/proposals/", payload, format="json")

    assert response.status_code == 201
    assert (response.json()["version"], response.json()["status"]) == (1, "draft")


def test_bad_input_is_refused_per_field(api, planning_account, ae):
    payload = {
        **NEW,
        "account": planning_account.pk,
        "sections": [{"department": "astrology", "title": "x", "body": ""}],
        "budget_lines": [{"description": "x", "amount": "-5.00"}],
    }

    response = api(ae).post("/api/proposals/", payload, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"sections", "budget_lines"}
    assert not Proposal.objects.exists()


def test_an_outsider_cannot_create_on_an_account_they_do_not_see(api, planning_account, other_ae):
    response = api(other_ae).post(
        "/api/proposals/", {**NEW, "account": planning_account.pk}, format="json"
    )

    assert response.status_code == 400 and "account" in response.json()
    assert not Proposal.objects.exists()


def test_a_draft_is_patched_and_read_only_fields_stay(api, planning_account, ae):
    proposal = make_proposal(planning_account, by=ae)

    response = api(ae).patch(
        url(proposal),
        {
            "title": "Renamed",
            "status": "accepted",
            "version": 7,
            "budget_lines": [{"description": "One", "amount": "10.00"}],
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status, proposal.version) == ("Renamed", "draft", 1)
    assert proposal.budget_total == Decimal("10.00")


def test_the_accepted_version_cannot_be_patched(api, planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="accepted", ae=ae, ad=ad)
    before = snapshot(proposal)

    response = api(ae).patch(
        url(proposal),
        {"title": "Changed", "budget_lines": [{"description": "x", "amount": "1.00"}]},
        format="json",
    )
    put = api(ad).put(url(proposal), {**NEW}, format="json")

    assert response.status_code == 400 and "frozen" in response.json()["detail"]
    assert put.status_code == 400
    assert snapshot(proposal) == before


# --- Actions by role -----------------------------------------------------------------------
def test_the_whole_flow_through_the_api(api, planning_account, ae, ad):
    proposal = make_proposal(planning_account, by=ae)

    assert api(ae).post(url(proposal, "submit")).status_code == 200
    assert api(ad).post(url(proposal, "approve_internally")).status_code == 200
    presented = api(ae).post(url(proposal, "present"), {"note": "Presented at HQ"})
    accepted = api(ae).post(
        url(proposal, "accept"), {"approved_by": "Mr Wang 王先生", "reference": "Contract 88"}
    )

    assert presented.status_code == 200 and presented.json()["status"] == "presented"
    assert accepted.status_code == 200, accepted.json()
    body = accepted.json()
    assert (body["status"], body["approved_by"], body["reference"], body["frozen"]) == (
        "accepted",
        "Mr Wang 王先生",
        "Contract 88",
        True,
    )
    account = api(ae).get(f"/api/accounts/{planning_account.pk}/").json()
    assert (account["stage"], account["budget"]) == ("approved", "450000.50")
    history = api(ae).get(url(proposal, "history")).json()["results"]
    assert [h["transition"] for h in history] == [
        "create",
        "submit",
        "approve_internally",
        "present",
        "accept",
    ]


@pytest.mark.parametrize("who", ["creative", "ae"])
def test_a_creative_or_an_ae_cannot_approve_internally(api, request, planning_account, ae, ad, who):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)

    response = api(request.getfixturevalue(who)).post(url(proposal, "approve_internally"))

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert ProposalChange.objects.filter(proposal=proposal).count() == 2


def test_another_groups_ad_does_not_even_see_it(api, planning_account, ae, ad, other_ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)

    response = api(other_ad).post(url(proposal, "approve_internally"))

    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_an_ad_who_sees_it_but_does_not_direct_the_lead_ae_gets_403(api, planning_account, ae, ad):
    south_ad = UserFactory(username="t_ad_south", level="account_director")
    south_ae = UserFactory(username="t_ae_south")
    AccountGroupFactory(name="Group South", director=south_ad).members.add(south_ae)
    add_team_member(account=planning_account, user=south_ae, by=ae)
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)

    assert api(south_ad).get(url(proposal)).status_code == 200
    response = api(south_ad).post(url(proposal, "approve_internally"))

    assert response.status_code == 403
    assert "account director of the lead AE" in response.json()["detail"]
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_an_action_not_possible_from_the_status_is_409(api, planning_account, ae):
    proposal = make_proposal(planning_account, by=ae)

    response = api(ae).post(url(proposal, "present"))

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    planning_account.refresh_from_db()
    assert planning_account.stage == "planning"


def test_unmet_guards_are_400_with_reasons(api, planning_account, ae):
    proposal = make_proposal(planning_account, by=ae, sections=[], budget=[])

    response = api(ae).post(url(proposal, "submit"))

    assert response.status_code == 400
    assert response.json()["reasons"] == [
        "The proposal has no sections yet.",
        "The proposal has no budget lines yet.",
    ]


def test_the_client_decision_needs_its_fields(api, planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    assert api(ae).post(url(proposal, "accept"), {"reference": "x"}).status_code == 400
    assert api(ae).post(url(proposal, "request_revision"), {}).status_code == 400
    assert api(ae).post(url(proposal, "reject"), {"reason": ""}).status_code == 400

    proposal.refresh_from_db()
    assert proposal.status == "presented"
    assert Account.objects.get(pk=planning_account.pk).stage == "proposal_presented"


def test_a_revision_request_answers_with_the_next_version(api, planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    response = api(ae).post(url(proposal, "request_revision"), {"reason": "More digital"})

    assert response.status_code == 200
    body = response.json()
    following = Proposal.objects.get(pk=body["next_version"])
    assert (body["status"], body["reason"]) == ("revision_requested", "More digital")
    assert (following.version, following.status, following.revision_of_id) == (
        2,
        "draft",
        body["id"],
    )
    assert StageChange.objects.filter(account=planning_account).last().target == "planning"


def test_a_rejection_loses_the_account(api, planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    response = api(ae).post(url(proposal, "reject"), {"reason": "Budget cut"})

    assert response.status_code == 200 and response.json()["status"] == "rejected"
    planning_account.refresh_from_db()
    assert planning_account.stage == "lost"


def test_the_account_transition_alone_is_refused_with_reasons(api, planning_account, ae, ad):
    walk_proposal(make_proposal(planning_account, by=ae), to="approved_internally", ae=ae, ad=ad)

    response = api(ae).post(f"/api/accounts/{planning_account.pk}/transitions/present_proposal/")

    assert response.status_code == 400
    assert response.json()["reasons"] == ["Record the presentation on version 1 of the proposal."]
    planning_account.refresh_from_db()
    assert planning_account.stage == "planning"


# --- Who sees what ---------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["other_ae", "other_ad", "finance"])
def test_outsiders_get_404_everywhere(api, request, planning_account, ae, ad, who):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)
    client = api(request.getfixturevalue(who))
    before = snapshot(proposal)

    answers = [
        client.get(url(proposal)).status_code,
        client.get(url(proposal, "pdf")).status_code,
        client.get(url(proposal, "history")).status_code,
        client.patch(url(proposal), {"title": "x"}, format="json").status_code,
        client.post(url(proposal, "approve_internally")).status_code,
        client.post(url(proposal, "return_to_draft"), {"reason": "x"}).status_code,
    ]

    assert answers == [404] * 6
    assert snapshot(proposal) == before
    listed = client.get("/api/proposals/", {"account": planning_account.pk}).json()
    assert listed["count"] == 0


def test_the_list_filters_by_account_and_status(api, planning_account, ae, ad):
    walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)
    other = AccountFactory(lead_ae=ae)

    mine = api(ad).get("/api/proposals/", {"status": "submitted"}).json()
    none = api(ad).get("/api/proposals/", {"account": other.pk}).json()

    assert [p["account"] for p in mine["results"]] == [planning_account.pk]
    assert none["count"] == 0


def open_proposals(n, *, ae):
    """n accounts with their team formed, each with a draft proposal (through the services)."""
    for _ in range(n):
        account = AccountFactory(lead_ae=ae)
        BriefFactory(account=account, departments_needed=[])
        take_transition(account=account, name="record_brief", by=ae)
        take_transition(account=account, name="form_team", by=ae)
        make_proposal(account, by=ae)


def test_the_list_costs_the_same_queries_for_1_or_20_proposals(api, ae, ad):
    client = api(ad)
    open_proposals(1, ae=ae)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/proposals/").json()["count"] == 1

    open_proposals(19, ae=ae)
    with CaptureQueriesContext(connection) as twenty:
        assert client.get("/api/proposals/").json()["count"] == 20

    assert len(twenty) == len(one) <= 5  # visible account ids, count, page, sections, lines
