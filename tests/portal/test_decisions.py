"""The client decides in the portal: the proposal services take the decision, with the client's
login as the actor, who/when/why recorded with the account's transition in one transaction,
and the lead AE told."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import StageChange
from agency.errors import GuardUnmet, InvalidTransition, NotAllowed
from agency.models import Reminder
from campaigns.models import ProposalChange
from portal import services
from tests import lifecycle
from tests.factories import AccountFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def presented(planning_account, ae):
    """`ae`'s account with its proposal presented to the client."""
    account = lifecycle.advance(planning_account, to="proposal_presented", by=ae)
    return account.proposals.get(status="presented")


def test_the_client_approves_and_everything_is_recorded_at_once(presented, client_contact, ae):
    # When the client approves the presented proposal with their purchase order
    services.approve_proposal(proposal=presented, by=client_contact, reference="PO-7")
    # Then the proposal is accepted, naming the contact; the account approved, its budget the
    # proposal's total; both changes by the client's login, with the reference
    presented.refresh_from_db()
    account = presented.account
    account.refresh_from_db()
    assert presented.status == "accepted" and presented.client_approved_by == "Zhou Min 周敏"
    assert presented.client_reference == "PO-7" and presented.decided_at is not None
    assert account.stage == "approved" and account.budget == presented.budget_total
    change = ProposalChange.objects.filter(proposal=presented).last()
    assert (change.transition, change.by) == ("accept", client_contact) and "PO-7" in change.note
    stage = StageChange.objects.filter(account=account).last()
    assert (stage.transition, stage.by) == ("approve", client_contact)
    # and the lead AE is told
    reminder = Reminder.objects.get(rule="client_accepted")
    assert reminder.recipient == ae and reminder.subject_id == presented.pk


def test_the_client_asks_for_changes(presented, client_contact, ae):
    services.ask_for_changes(proposal=presented, by=client_contact, reason="Bolder visuals")
    presented.refresh_from_db()
    assert presented.status == "revision_requested"
    assert presented.decision_reason == "Bolder visuals"
    assert presented.next_version.status == "draft"
    assert presented.account.stage == "planning"
    stage = StageChange.objects.filter(account=presented.account).last()
    assert (stage.transition, stage.by) == ("request_revision", client_contact)
    reminder = Reminder.objects.get(rule="client_asked_for_changes")
    assert reminder.recipient == ae and "Bolder visuals" in reminder.context["text"]


def test_no_reason_no_change(presented, client_contact):
    with pytest.raises(GuardUnmet):
        services.ask_for_changes(proposal=presented, by=client_contact, reason="  ")
    _unchanged(presented)


def test_a_failing_account_transition_undoes_the_proposals_change(
    presented, client_contact, monkeypatch
):
    def refuse(**kwargs):
        raise InvalidTransition("stale")

    monkeypatch.setattr("campaigns.services.proposals.take_transition", refuse)
    with pytest.raises(InvalidTransition):
        services.approve_proposal(proposal=presented, by=client_contact)
    _unchanged(presented)


def test_another_companys_contact_may_not_decide(presented, ae):
    other = AccountFactory(lead_ae=ae)
    stranger = ContactFactory(client=other.client, email="x@other.test")
    login = services.grant_portal_access(contact=stranger, by=ae, invite=False)
    with pytest.raises(NotAllowed):
        services.approve_proposal(proposal=presented, by=login)
    _unchanged(presented)


def test_decided_once(presented, client_contact):
    services.approve_proposal(proposal=presented, by=client_contact)
    with pytest.raises(InvalidTransition):
        services.ask_for_changes(proposal=presented, by=client_contact, reason="Too late")


def _unchanged(proposal) -> None:
    proposal.refresh_from_db()
    assert proposal.status == "presented" and proposal.account.stage == "proposal_presented"
    assert not StageChange.objects.filter(account=proposal.account, transition="approve")
    assert not Reminder.objects.filter(rule__startswith="client_").exists()


# --- The page ----------------------------------------------------------------------------------
def test_the_page_approves_and_says_so(client, presented, client_contact):
    client.force_login(client_contact)
    url = reverse("portal:proposal", kwargs={"pk": presented.pk})
    page = client.get(url)
    assert 'data-testid="approve-form"' in page.text
    response = client.post(
        reverse("portal:proposal-approve", kwargs={"pk": presented.pk}),
        {"approve-reference": "PO-8"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url
    assert (
        "the proposal is approved" in response.text and 'data-testid="decide"' not in response.text
    )
    presented.refresh_from_db()
    assert presented.status == "accepted" and presented.client_reference == "PO-8"


def test_asking_for_changes_without_a_reason_shows_the_form_again(
    client, presented, client_contact
):
    client.force_login(client_contact)
    response = client.post(
        reverse("portal:proposal-changes", kwargs={"pk": presented.pk}), {"changes-reason": ""}
    )
    assert response.status_code == 400 and "form-errors" in response.text
    _unchanged(presented)


def test_a_second_decision_is_refused_with_a_message(client, presented, client_contact):
    client.force_login(client_contact)
    services.approve_proposal(proposal=presented, by=client_contact)
    response = client.post(
        reverse("portal:proposal-changes", kwargs={"pk": presented.pk}),
        {"changes-reason": "Changed my mind"},
        follow=True,
    )
    assert "alert-danger" in response.text
    presented.refresh_from_db()
    assert presented.status == "accepted" and presented.decision_reason == ""


def test_the_budget_becomes_the_accepted_total(presented, client_contact):
    presented.budget_lines.update(amount=Decimal("12345.67"))
    services.approve_proposal(proposal=presented, by=client_contact)
    presented.account.refresh_from_db()
    assert presented.account.budget == Decimal("12345.67")
