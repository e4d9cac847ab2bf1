"""The portal's pages: what a client contact sees of their own company (and nothing else),
writing to the AE, the PDFs, the agency's side on the client's page, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agency.models import Reminder
from campaigns.models import Communication
from portal.services import grant_portal_access
from tests import lifecycle
from tests.billing.helpers import draft, issued, pay
from tests.factories import AccountFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(client, client_contact):
    client.force_login(client_contact)
    return client


@pytest.fixture
def presented(planning_account, ae):
    account = lifecycle.advance(planning_account, to="proposal_presented", by=ae)
    return account.proposals.get(status="presented")


@pytest.fixture
def stranger(ae, other_ae):
    """Another company's account (another group's AE), with a proposal presented to it and
    an issued invoice: what our client must never see."""
    account = AccountFactory(lead_ae=other_ae, name="Stranger 别家")
    account = lifecycle.advance(account, to="proposal_presented", by=other_ae)
    issued(account, other_ae, "777.00")
    return account


def test_home_shows_what_awaits_the_client_and_who_their_ae_is(portal, presented, ae, stranger):
    invoice = issued(presented.account, ae, "1000.00")
    page = portal.get(reverse("portal:home"))
    assert page.status_code == 200
    assert [p.pk for p in page.context["awaiting"]] == [presented.pk]
    assert [i.pk for i in page.context["open_invoices"]] == [invoice.pk]
    assert ae.get_full_name() in page.text and ae.email in page.text
    assert "Stranger" not in page.text and "777" not in page.text
    assert 'data-testid="portal-navbar"' in page.text and "notification-bell" not in page.text


def test_drafts_and_internal_steps_are_never_shown(portal, planning_account, ae, ad):
    from campaigns.services import proposals as services
    from tests.factories import make_proposal

    proposal = make_proposal(planning_account, by=ae)
    steps = {
        "draft": lambda: proposal,
        "submitted": lambda: services.submit_proposal(proposal=proposal, by=ae),
        "approved_internally": lambda: services.approve_proposal_internally(
            proposal=proposal, by=ad
        ),
    }
    for status, step in steps.items():
        assert step().status == status
        page = portal.get(reverse("portal:proposals"))
        assert list(page.context["page_obj"]) == [], status
        detail = reverse("portal:proposal", kwargs={"pk": proposal.pk})
        assert portal.get(detail).status_code == 404, status


def test_every_decided_version_is_listed(portal, presented, client_contact):
    from portal.services import ask_for_changes

    ask_for_changes(proposal=presented, by=client_contact, reason="Bolder")
    page = portal.get(reverse("portal:proposals"))
    assert [p.status for p in page.context["page_obj"]] == ["revision_requested"]


def test_invoices_from_their_issue_on(portal, account, ae, finance, stranger):
    issued_one = issued(account, ae, "100.00")
    paid = issued(account, ae, "50.00")
    pay(paid, finance, str(paid.total), "k-1")
    draft(account, ae, "9.00")
    page = portal.get(reverse("portal:invoices"))
    listed = {invoice.pk: invoice.status for invoice in page.context["page_obj"]}
    assert listed == {issued_one.pk: "issued", paid.pk: "paid"}
    assert "777" not in page.text


def test_the_pdfs_are_their_own_and_the_proposals_leaves_out_the_internal_approval(
    portal, presented, ae, ad, monkeypatch
):
    rendered = []
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **k: rendered.append(html) or b"%PDF")
    invoice = issued(presented.account, ae, "1000.00")
    pdf = portal.get(reverse("portal:proposal-pdf", kwargs={"pk": presented.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    assert portal.get(reverse("portal:invoice-pdf", kwargs={"pk": invoice.pk})).status_code == 200
    proposal_html, invoice_html = rendered
    assert presented.title in proposal_html and ad.get_full_name() not in proposal_html
    assert "Approved internally" not in proposal_html
    assert invoice.number in invoice_html and ae.get_full_name() in invoice_html


def test_the_client_writes_to_the_lead_ae(portal, account, client_contact, ae):
    # When the client writes about their account
    response = portal.post(
        reverse("portal:messages"),
        {"account": account.pk, "subject": "Launch date", "body": "Can we start a week early?"},
    )
    assert response.status_code == 302
    # Then the account's client log has it, from the contact, with the lead AE as counterpart
    message = Communication.objects.get()
    assert (message.account, message.ae, message.recorded_by) == (account, ae, client_contact)
    assert message.contact == client_contact.client_contact and message.kind == "request"
    # the lead AE is told, and sees it in the account's client log
    reminder = Reminder.objects.get(rule="client_message")
    assert reminder.recipient == ae and reminder.context["subject"] == "Launch date"
    portal.force_login(ae)
    log = portal.get(reverse("account-communications", kwargs={"account_id": account.pk}))
    assert "Can we start a week early?" in log.text
    # and the client sees what they sent, to whom
    portal.force_login(client_contact)
    page = portal.get(reverse("portal:messages"))
    assert "Launch date" in page.text and ae.get_full_name() in page.text


def test_the_only_person_to_choose_is_the_lead_ae(portal, account, ae, creative, team_account):
    form = portal.get(reverse("portal:messages")).context["form"]
    assert [str(label) for _, label in form.fields["account"].choices][1:] == [
        f"{account.name} — to {ae}"
    ]
    assert creative.get_full_name() not in portal.get(reverse("portal:messages")).text


def test_no_message_about_another_companys_account(portal, stranger):
    response = portal.post(
        reverse("portal:messages"), {"account": stranger.pk, "subject": "Hi", "body": "Psst"}
    )
    assert response.status_code == 400 and "account" in response.context["form"].errors
    assert not Communication.objects.exists()


def test_the_agency_gives_and_takes_back_logins_on_the_clients_page(client, account, ae, creative):
    contact = ContactFactory(client=account.client, name="He Ping", email="he@client.test")
    page = reverse("client-detail", kwargs={"pk": account.client.pk})
    access = reverse(
        "contact-portal-access", kwargs={"pk": account.client.pk, "contact_pk": contact.pk}
    )
    client.force_login(ae)
    assert 'data-testid="grant-portal"' in client.get(page).text
    assert client.post(access, {"action": "grant"}).status_code == 302
    contact.refresh_from_db()
    assert contact.portal_user.is_active and "Close portal login" in client.get(page).text
    client.post(access, {"action": "revoke"})
    contact.refresh_from_db()
    assert not contact.portal_user.is_active
    # A team member of another department sees the client but gives no login
    from campaigns.models import TeamMember

    TeamMember.objects.create(account=account, user=creative)
    client.force_login(creative)
    assert 'data-testid="portal-access"' not in client.get(page).text
    assert client.post(access, {"action": "grant"}).status_code == 403


def test_the_portal_speaks_chinese(portal, client_contact):
    client_contact.language = "zh-hans"
    client_contact.save(update_fields=["language"])
    page = portal.get(reverse("portal:home"))
    assert "客户门户" in page.text and "等待您决定的提案" in page.text


# --- Query counts: constant in the number of rows, and at most 15 --------------------------------
PAGES = ["portal:home", "portal:proposals", "portal:invoices", "portal:messages"]


def _more_of_everything(account, ae, finance, client_contact, n: int) -> None:
    from portal.services import write_to_ae

    for index in range(n):
        extra = AccountFactory(client=account.client, lead_ae=ae, name=f"Extra {index}")
        lifecycle.advance(extra, to="proposal_presented", by=ae)
        pay(issued(extra, ae, "10.00", "20.00"), finance, "5.00", f"q-{n}-{index}")
        write_to_ae(account=extra, by=client_contact, subject=f"Note {index}", body="Hello")


@pytest.mark.parametrize("route", [*PAGES, "portal:proposal"])
def test_each_page_runs_the_same_few_queries_with_more_rows(
    route, portal, presented, ae, finance, client_contact
):
    kwargs = {"pk": presented.pk} if route == "portal:proposal" else {}
    url = reverse(route, kwargs=kwargs)
    _more_of_everything(presented.account, ae, finance, client_contact, 1)
    with CaptureQueriesContext(connection) as few:
        assert portal.get(url).status_code == 200
    _more_of_everything(presented.account, ae, finance, client_contact, 4)
    with CaptureQueriesContext(connection) as many:
        page = portal.get(url)
    assert page.status_code == 200
    assert len(many) == len(few) <= 15, [q["sql"] for q in many.captured_queries]


def test_a_second_contact_of_the_same_client_sees_the_same_company(client, account, ae):
    other = ContactFactory(client=account.client, email="wu@client.test")
    login = grant_portal_access(contact=other, by=ae, invite=False)
    client.force_login(login)
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200 and account.client.name in page.text
