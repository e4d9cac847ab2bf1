"""Proposal versions, their transitions and what each does to the account (services)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import StageChange
from accounts.selectors import transition_options
from accounts.services import take_transition
from agency.errors import GuardUnmet, InvalidTransition, NotAllowed
from campaigns.models import Proposal, ProposalChange
from campaigns.services import add_team_member
from campaigns.services import proposals as services
from campaigns.services.proposals import ProposalFrozen
from tests.factories import AccountGroupFactory, UserFactory, make_proposal, walk_proposal

pytestmark = pytest.mark.django_db


def log_of(proposal):
    return list(
        ProposalChange.objects.filter(proposal=proposal).values_list(
            "transition", "source", "target", "by__username"
        )
    )


def account_log(account):
    return list(
        StageChange.objects.filter(account=account).values_list("transition", "source", "target")
    )


# --- Versions ------------------------------------------------------------------------------
def test_the_first_version_is_numbered_1_and_logged(planning_account, ae):
    proposal = make_proposal(planning_account, by=ae)

    proposal.refresh_from_db()
    assert (proposal.version, proposal.status, proposal.currency) == (1, "draft", "CNY")
    assert [s.title for s in proposal.sections.all()][0] == "Strategy 策略"
    assert proposal.budget_total == Decimal("450000.50")
    assert log_of(proposal) == [("create", "", "draft", "t_ae")]


def test_a_second_version_is_refused_while_one_is_open(planning_account, ae):
    make_proposal(planning_account, by=ae)

    with pytest.raises(GuardUnmet, match="still open"):
        make_proposal(planning_account, by=ae)
    assert Proposal.objects.filter(account=planning_account).count() == 1


def test_a_proposal_waits_for_the_team(account, ae):
    with pytest.raises(GuardUnmet, match="team is formed"):
        make_proposal(account, by=ae)
    assert not Proposal.objects.exists()


def test_a_creative_cannot_open_a_proposal(planning_account, creative):
    with pytest.raises(NotAllowed):
        make_proposal(planning_account, by=creative)
    assert not Proposal.objects.exists()


# --- Writing a draft -----------------------------------------------------------------------
def test_a_team_creative_writes_only_the_creative_sections(planning_account, ae, creative):
    proposal = make_proposal(planning_account, by=ae)

    services.update_proposal(
        proposal=proposal,
        by=creative,
        sections=[{"department": "creative", "title": "New idea 新创意", "body": "茶"}],
    )

    titles = {s.department: s.title for s in proposal.sections.all()}
    assert titles == {
        "strategy": "Strategy 策略",
        "creative": "New idea 新创意",
        "media": "Media plan 媒介计划",
    }
    with pytest.raises(NotAllowed):
        services.update_proposal(
            proposal=proposal, by=creative, sections=[{"department": "media", "title": "x"}]
        )
    with pytest.raises(NotAllowed):
        services.update_proposal(proposal=proposal, by=creative, budget_lines=[])
    assert proposal.budget_lines.count() == 2


def test_a_negative_budget_line_is_refused(planning_account, ae):
    proposal = make_proposal(planning_account, by=ae)

    with pytest.raises(Exception, match="greater than or equal to 0"):
        services.update_proposal(
            proposal=proposal, by=ae, budget_lines=[{"description": "x", "amount": "-1.00"}]
        )
    assert proposal.budget_lines.count() == 2


def test_submitting_needs_sections_and_a_budget(planning_account, ae):
    proposal = make_proposal(planning_account, by=ae, sections=[], budget=[])

    with pytest.raises(GuardUnmet) as refused:
        services.submit_proposal(proposal=proposal, by=ae)

    assert len(refused.value.reasons) == 2
    proposal.refresh_from_db()
    assert proposal.status == "draft"


# --- Internal approval -----------------------------------------------------------------------
def test_the_ad_of_the_lead_ae_approves_internally(planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)

    services.approve_proposal_internally(proposal=proposal, by=ad)

    proposal.refresh_from_db()
    assert proposal.status == "approved_internally"
    assert proposal.approved_internally_by == ad and proposal.approved_internally_at
    assert [row[0] for row in log_of(proposal)] == ["create", "submit", "approve_internally"]
    planning_account.refresh_from_db()
    assert planning_account.stage == "planning"  # internal approval does not move the account


@pytest.mark.parametrize("who", ["ae", "creative", "other_ad", "admin_user"])
def test_nobody_else_approves_internally(request, planning_account, ae, ad, who):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)
    user = request.getfixturevalue(who)

    with pytest.raises(NotAllowed, match="account director of the lead AE"):
        services.approve_proposal_internally(proposal=proposal, by=user)

    proposal.refresh_from_db()
    assert proposal.status == "submitted" and proposal.approved_internally_by is None
    assert len(log_of(proposal)) == 2


def test_an_ad_on_the_team_who_does_not_direct_the_lead_ae_cannot_approve(planning_account, ae, ad):
    outsider_ad = UserFactory(username="t_ad_south", level="account_director")
    south_ae = UserFactory(username="t_ae_south")
    AccountGroupFactory(name="Group South", director=outsider_ad).members.add(south_ae)
    add_team_member(account=planning_account, user=south_ae, by=ae)
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)

    with pytest.raises(NotAllowed):
        services.approve_proposal_internally(proposal=proposal, by=outsider_ad)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_returning_to_draft_drops_the_approval(planning_account, ae, ad):
    proposal = make_proposal(planning_account, by=ae)
    proposal = walk_proposal(proposal, to="approved_internally", ae=ae, ad=ad)

    with pytest.raises(GuardUnmet, match="reason"):
        services.return_proposal_to_draft(proposal=proposal, by=ae, reason=" ")
    services.return_proposal_to_draft(proposal=proposal, by=ae, reason="Budget changes")

    proposal.refresh_from_db()
    assert proposal.status == "draft" and proposal.approved_internally_by is None
    assert log_of(proposal)[-1] == ("return_to_draft", "approved_internally", "draft", "t_ae")


# --- Presenting ------------------------------------------------------------------------------
def test_presenting_moves_the_account_to_proposal_presented(planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    proposal.refresh_from_db()
    planning_account.refresh_from_db()
    assert proposal.status == "presented" and proposal.presented_at
    assert planning_account.stage == "proposal_presented"
    assert account_log(planning_account)[-1] == (
        "present_proposal",
        "planning",
        "proposal_presented",
    )
    assert log_of(proposal)[-1] == ("present", "approved_internally", "presented", "t_ae")


def test_a_draft_cannot_be_presented(planning_account, ae):
    proposal = make_proposal(planning_account, by=ae)

    with pytest.raises(InvalidTransition):
        services.present_proposal(proposal=proposal, by=ae)
    planning_account.refresh_from_db()
    assert planning_account.stage == "planning"


def test_presenting_waits_for_the_account_to_be_in_planning(planning_account, ae, ad):
    proposal = walk_proposal(
        make_proposal(planning_account, by=ae), to="approved_internally", ae=ae, ad=ad
    )
    take_transition(account=planning_account, name="hold", by=ae, note="Client on holiday")

    with pytest.raises(GuardUnmet, match="presented while the account is in planning"):
        services.present_proposal(proposal=proposal, by=ae)

    proposal.refresh_from_db()
    planning_account.refresh_from_db()
    assert (proposal.status, planning_account.stage) == ("approved_internally", "on_hold")


def test_a_creative_cannot_present(planning_account, ae, ad, creative):
    proposal = walk_proposal(
        make_proposal(planning_account, by=ae), to="approved_internally", ae=ae, ad=ad
    )

    with pytest.raises(NotAllowed):
        services.present_proposal(proposal=proposal, by=creative)
    proposal.refresh_from_db()
    assert proposal.status == "approved_internally"


def test_a_refused_account_transition_undoes_the_proposal_change(
    planning_account, ae, ad, monkeypatch
):
    proposal = walk_proposal(
        make_proposal(planning_account, by=ae), to="approved_internally", ae=ae, ad=ad
    )

    def refuse(**kwargs):
        raise GuardUnmet("refused", reasons=["refused"])

    monkeypatch.setattr(services, "take_transition", refuse)
    with pytest.raises(GuardUnmet):
        services.present_proposal(proposal=proposal, by=ae)

    proposal.refresh_from_db()
    assert proposal.status == "approved_internally" and proposal.presented_at is None
    assert [row[0] for row in log_of(proposal)] == ["create", "submit", "approve_internally"]


# --- The account's guards, taken directly --------------------------------------------------
def reasons_for(account, user, name):
    return next(o for o in transition_options(account, user) if o.name == name).reasons


def test_the_account_cannot_be_presented_without_an_approved_proposal(planning_account, ae, ad):
    assert reasons_for(planning_account, ae, "present_proposal") == [
        "The account has no proposal yet."
    ]
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)
    assert (
        "not been approved internally" in reasons_for(planning_account, ae, "present_proposal")[0]
    )

    services.approve_proposal_internally(proposal=proposal, by=ad)
    with pytest.raises(GuardUnmet, match="Record the presentation"):
        take_transition(account=planning_account, name="present_proposal", by=ae)

    planning_account.refresh_from_db()
    assert planning_account.stage == "planning"


def test_the_account_cannot_be_approved_or_revised_around_the_proposal(planning_account, ae, ad):
    walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    with pytest.raises(GuardUnmet, match="client's acceptance"):
        take_transition(account=planning_account, name="approve", by=ae)
    with pytest.raises(GuardUnmet, match="opens a new version"):
        take_transition(account=planning_account, name="request_revision", by=ae, note="x")

    planning_account.refresh_from_db()
    assert planning_account.stage == "proposal_presented"
    assert Proposal.objects.filter(account=planning_account).count() == 1


# --- The client's decision -----------------------------------------------------------------
def test_acceptance_approves_the_account_with_the_proposal_budget(planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    services.accept_proposal(proposal=proposal, by=ae, approved_by="Ms Li 李女士", reference="PO-7")

    proposal.refresh_from_db()
    planning_account.refresh_from_db()
    assert proposal.status == "accepted" and proposal.is_frozen
    assert (proposal.client_approved_by, proposal.client_reference) == ("Ms Li 李女士", "PO-7")
    assert proposal.decided_at is not None
    assert planning_account.stage == "approved"
    assert planning_account.budget == Decimal("450000.50")
    change = StageChange.objects.filter(account=planning_account).last()
    assert change.transition == "approve" and "Ms Li 李女士" in change.note
    assert "450000.50" in change.note
    assert proposal.changes.last().transition == "accept"
    assert "PO-7" in proposal.changes.last().note


def test_acceptance_needs_who_at_the_client(planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    with pytest.raises(GuardUnmet, match="who at the client"):
        services.accept_proposal(proposal=proposal, by=ae, approved_by="  ")

    proposal.refresh_from_db()
    planning_account.refresh_from_db()
    assert (proposal.status, planning_account.stage) == ("presented", "proposal_presented")


def test_a_revision_request_opens_the_next_version_and_returns_to_planning(
    planning_account, ae, ad
):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    services.request_proposal_revision(proposal=proposal, by=ae, reason="Less TV, more WeChat")

    proposal.refresh_from_db()
    planning_account.refresh_from_db()
    revision = proposal.next_version
    assert proposal.status == "revision_requested"
    assert proposal.decision_reason == "Less TV, more WeChat"
    assert (revision.version, revision.status, revision.title) == (2, "draft", proposal.title)
    assert [(s.department, s.title, s.body) for s in revision.sections.all()] == [
        (s.department, s.title, s.body) for s in proposal.sections.all()
    ]
    assert revision.budget_total == proposal.budget_total == Decimal("450000.50")
    assert planning_account.stage == "planning"
    change = StageChange.objects.filter(account=planning_account).last()
    assert change.transition == "request_revision" and "Less TV, more WeChat" in change.note
    assert log_of(revision) == [("create", "", "draft", "t_ae")]


def test_a_revision_request_needs_a_reason(planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    with pytest.raises(GuardUnmet, match="reason"):
        services.request_proposal_revision(proposal=proposal, by=ae, reason="")
    assert Proposal.objects.filter(account=planning_account).count() == 1


def test_the_revised_version_goes_round_again_to_acceptance(planning_account, ae, ad):
    first = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)
    services.request_proposal_revision(proposal=first, by=ae, reason="Cheaper")
    second = Proposal.objects.get(account=planning_account, version=2)
    services.update_proposal(
        proposal=second, by=ae, budget_lines=[{"description": "All in", "amount": "300000.00"}]
    )

    with pytest.raises(InvalidTransition):
        services.present_proposal(proposal=first, by=ae)  # the revised version stays closed
    walk_proposal(second, to="accepted", ae=ae, ad=ad)

    planning_account.refresh_from_db()
    assert planning_account.stage == "approved"
    assert planning_account.budget == Decimal("300000.00")


def test_a_rejection_loses_the_account_with_the_reason(planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)

    services.reject_proposal(proposal=proposal, by=ae, reason="Went with another agency")

    proposal.refresh_from_db()
    planning_account.refresh_from_db()
    assert proposal.status == "rejected"
    assert planning_account.stage == "lost"
    change = StageChange.objects.filter(account=planning_account).last()
    assert change.transition == "lose" and "Went with another agency" in change.note


def test_the_client_decides_only_while_the_account_is_presented(planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)
    take_transition(account=planning_account, name="hold", by=ae, note="Pause")

    with pytest.raises(GuardUnmet, match="client decides"):
        services.accept_proposal(proposal=proposal, by=ae, approved_by="Ms Li")
    proposal.refresh_from_db()
    assert proposal.status == "presented"


# --- Frozen --------------------------------------------------------------------------------
def test_the_accepted_version_is_frozen_in_the_service(planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="accepted", ae=ae, ad=ad)

    with pytest.raises(ProposalFrozen, match="frozen"):
        services.update_proposal(proposal=proposal, by=ae, title="Changed")
    with pytest.raises(ProposalFrozen):
        services.update_proposal(proposal=proposal, by=ad, budget_lines=[])

    proposal.refresh_from_db()
    assert proposal.title == "Spring launch 春季新品提案"
    assert proposal.budget_total == Decimal("450000.50")


def test_a_submitted_version_is_not_edited(planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)

    with pytest.raises(ProposalFrozen, match="Only a draft"):
        services.update_proposal(proposal=proposal, by=ae, title="Changed")
    proposal.refresh_from_db()
    assert proposal.title == "Spring launch 春季新品提案"


def test_the_admin_change_form_of_an_accepted_version_cannot_be_posted(
    client, planning_account, ae, ad, admin_user
):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="accepted", ae=ae, ad=ad)
    client.force_login(admin_user)
    url = f"/admin/campaigns/proposal/{proposal.pk}/change/"

    page = client.get(url)
    response = client.post(url, {"title": "Changed in admin"})

    assert page.status_code == 200 and b'name="title"' not in page.content  # view-only
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Spring launch 春季新品提案"


def test_the_admin_corrects_a_draft_title_through_the_service(
    client, planning_account, ae, admin_user
):
    proposal = make_proposal(planning_account, by=ae)
    client.force_login(admin_user)
    url = f"/admin/campaigns/proposal/{proposal.pk}/change/"
    form = {"title": "Corrected"}
    for prefix in ("sections", "budget_lines", "changes"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = client.post(url, form)

    assert response.status_code == 302, response.content[:2000]
    proposal.refresh_from_db()
    assert proposal.title == "Corrected"
    assert proposal.sections.count() == 3


# --- Two people at once (PostgreSQL: SQLite would hide the locking) -------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_revision_requests_open_one_version(
    postgres_only, planning_account, ae, ad
):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)
    barrier, outcomes = threading.Barrier(2), []

    def request_revision(reason):
        try:
            barrier.wait()
            services.request_proposal_revision(proposal=proposal, by=ae, reason=reason)
            outcomes.append("ok")
        except InvalidTransition:
            outcomes.append("409")
        finally:
            connection.close()

    threads = [threading.Thread(target=request_revision, args=(r,)) for r in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["409", "ok"]
    assert Proposal.objects.filter(account=planning_account).count() == 2
    assert (
        StageChange.objects.filter(account=planning_account, transition="request_revision").count()
        == 1
    )
