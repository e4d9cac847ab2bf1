"""In the browser: the client's contact logs in to the portal, reads the proposal presented
to them, approves it, and writes to their AE; the AE finds both on the account. A screenshot
per step in test-artifacts/<test>/."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Communication
from tests import lifecycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_client_approves_the_proposal_and_writes_to_the_ae(
    page, login, screenshot, planning_account, client_contact, ae
):
    account = lifecycle.advance(planning_account, to="proposal_presented", by=ae)
    proposal = account.proposals.get(status="presented")

    # The client logs in and lands on the portal: the proposal awaits them, their AE is named.
    login(client_contact)
    expect(page.get_by_test_id("portal-navbar")).to_be_visible()
    awaiting = page.get_by_test_id("awaiting-decision")
    expect(awaiting).to_contain_text(proposal.title)
    expect(page.get_by_test_id("your-aes")).to_contain_text(ae.get_full_name())
    screenshot("client-portal-home")

    # They open it and approve it with their purchase order.
    awaiting.get_by_role("link", name=proposal.title).click()
    expect(page.get_by_test_id("proposal-section").first).to_be_visible()
    screenshot("client-reads-the-proposal")
    page.fill("[name=approve-reference]", "PO-2030-17")
    page.get_by_test_id("approve").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("proposal-status")).to_have_attribute("data-status", "accepted")
    expect(page.get_by_test_id("client-approval")).to_contain_text("PO-2030-17")
    expect(page.get_by_test_id("decide")).to_have_count(0)
    screenshot("client-approved")

    # They write to their AE about the account.
    page.get_by_test_id("nav-write-to-ae").click()
    page.select_option("[name=account]", str(account.pk))
    page.fill("[name=subject]", "Launch date 上线日期")
    page.fill("[name=body]", "Can we go live a week earlier? 能提前一周上线吗？")
    screenshot("client-writes-to-the-ae")
    page.get_by_test_id("send-message").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("messages-sent")).to_contain_text("Launch date 上线日期")
    screenshot("client-message-sent")

    # The AE sees the approval on the account and the message in its client log.
    page.context.clear_cookies()
    login(ae)
    page.goto(f"/accounts/{account.pk}/")
    expect(page.locator("body")).to_contain_text("Approved")
    page.goto(f"/accounts/{account.pk}/communications/")
    expect(page.locator("body")).to_contain_text("能提前一周上线吗？")
    screenshot("ae-reads-the-message")
    assert Communication.objects.get().recorded_by == client_contact
