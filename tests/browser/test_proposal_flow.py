"""In the browser: the AE drafts a proposal, the AD approves it internally, the AE presents
it, records the client's revision request, and the new version goes round to the client's
acceptance. A screenshot per step in test-artifacts/<test>/."""

from decimal import Decimal

import pytest

from campaigns.models import Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sign_in(page, login):
    """Log `user` in through the login page, dropping whoever was logged in before."""

    def do(user):
        page.context.clear_cookies()
        login(user)

    return do


def act(page, name, **fields):
    """Press a proposal action button on the page, filling its fields first."""
    form = page.get_by_test_id(f"action-{name}")
    for field, value in fields.items():
        form.locator(f"[name={field}]").fill(value)
    form.get_by_role("button").click()
    page.wait_for_load_state("networkidle")


def status_on(page) -> str:
    return page.get_by_test_id("proposal-status").first.get_attribute("data-status")


def test_from_draft_through_revision_to_the_clients_acceptance(
    page, sign_in, screenshot, planning_account, ae, ad
):
    account = planning_account

    # The AE drafts version 1 with two departments' sections and a budget.
    sign_in(ae)
    page.goto(f"/accounts/{account.pk}/work-plan/")
    page.locator(".nav-tabs").get_by_role("link", name="Proposals").click()
    page.wait_for_load_state("networkidle")
    screenshot("no-proposal-yet")
    page.get_by_test_id("new-proposal").click()
    page.fill("[name=title]", "Spring launch 春季新品提案")
    page.select_option("[name=sections-0-department]", "strategy")
    page.fill("[name=sections-0-title]", "Strategy 策略")
    page.fill("[name=sections-0-body]", "抓住办公室下午茶时间。")
    page.select_option("[name=sections-1-department]", "creative")
    page.fill("[name=sections-1-title]", "Creative concept 创意")
    page.fill("[name=sections-1-body]", "冷泡的从容")
    page.fill("[name=budget-0-description]", "Production 制作")
    page.fill("[name=budget-0-amount]", "200000.00")
    page.fill("[name=budget-1-description]", "Media 媒介")
    page.fill("[name=budget-1-amount]", "300000.00")
    screenshot("ae-drafts-version-1")
    page.get_by_test_id("save-proposal").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("proposal-section").count() == 2
    assert "500,000.00" in page.get_by_test_id("budget-total").inner_text()
    act(page, "submit")
    assert status_on(page) == "submitted"
    screenshot("ae-submits-for-internal-approval")

    # The AE cannot approve it: the button says who may.
    approve = page.get_by_test_id("action-approve_internally")
    assert approve.get_by_role("button").is_disabled()
    assert "account director of the lead AE" in approve.inner_text()

    # The AD approves it internally.
    version_1 = page.url
    sign_in(ad)
    page.goto(version_1)
    screenshot("ad-sees-the-submitted-proposal")
    act(page, "approve_internally")
    assert status_on(page) == "approved_internally"
    screenshot("ad-approves-internally")

    # The AE presents it to the client; the account follows.
    sign_in(ae)
    page.goto(version_1)
    act(page, "present", note="Presentation meeting at the client's HQ")
    assert status_on(page) == "presented"
    assert "Proposal presented" in page.content()
    screenshot("ae-presents-version-1")

    # The client asks for a revision: version 2 opens as a draft copied from version 1.
    act(page, "request_revision", reason="Less production, more media 减少制作费")
    assert status_on(page) == "draft"
    assert "v2" in page.get_by_test_id("proposal-title").inner_text()
    assert page.get_by_test_id("proposal-section").count() == 2
    screenshot("revision-opens-version-2")
    page.get_by_test_id("edit-proposal").click()
    page.fill("[name=budget-0-amount]", "150000.00")
    page.fill("[name=budget-1-amount]", "320000.00")
    screenshot("ae-revises-the-budget")
    page.get_by_test_id("save-proposal").click()
    page.wait_for_load_state("networkidle")
    assert "470,000.00" in page.get_by_test_id("budget-total").inner_text()
    page.get_by_role("link", name="Compare with v1").click()
    assert page.locator("[data-kind=changed]").count() >= 2
    screenshot("version-2-beside-version-1")
    page.go_back()
    act(page, "submit")

    version_2 = page.url
    sign_in(ad)
    page.goto(version_2)
    act(page, "approve_internally")

    # Presented again, then the client's acceptance, with who and their reference.
    sign_in(ae)
    page.goto(version_2)
    act(page, "present")
    screenshot("ae-presents-version-2")
    act(page, "accept", approved_by="Ms Li 李女士, Marketing Director", reference="PO-2025-088")
    assert status_on(page) == "accepted"
    assert "Ms Li 李女士" in page.get_by_test_id("client-approval").inner_text()
    assert page.get_by_text("Frozen", exact=True).is_visible()
    assert page.get_by_test_id("edit-proposal").count() == 0  # no way to edit it
    screenshot("client-accepts-version-2")

    account.refresh_from_db()
    accepted = Proposal.objects.get(account=account, version=2)
    assert (account.stage, account.budget) == ("approved", Decimal("470000.00"))
    assert accepted.status == "accepted" and accepted.client_reference == "PO-2025-088"
    assert Proposal.objects.get(account=account, version=1).status == "revision_requested"
