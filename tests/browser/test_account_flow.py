"""An AE runs an account from a new client to planning, in a real browser (Debian's chromium).

Each step keeps a screenshot under test-artifacts/<test name>/.
"""

import pytest
from playwright.sync_api import expect

from accounts.models import Account, Client, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def take(page, transition: str) -> None:
    """Click a transition button and wait until htmx has swapped the stage panel."""
    with page.expect_response(lambda r: f"/transitions/{transition}/" in r.url):
        page.get_by_test_id(f"transition-{transition}").click()


def test_an_ae_takes_an_account_from_a_new_client_to_planning(
    page, login, screenshot, ae, ad, creative, media_planner
):
    # Given an AE of an AD's group, and a creative and a media planner in the agency.
    login(ae)
    expect(page.get_by_role("heading", name="My day", exact=True)).to_be_visible()
    screenshot("my-day-after-login")

    # The AE adds the client.
    page.get_by_role("link", name="Clients").click()
    page.get_by_test_id("new-client").click()
    page.fill("input[name=name]", "Oriental Tea 东方茶业")
    page.fill("input[name=industry]", "Beverages")
    page.fill("input[name=tax_id]", "91310000MA1K00000X")
    screenshot("client-form")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_role("heading", name="Oriental Tea 东方茶业")).to_be_visible()

    # …and a contact there, inline.
    page.fill("input[name=new-name]", "Ms. Liu 刘女士")
    page.fill("input[name=new-title]", "Brand manager")
    page.fill("input[name=new-email]", "liu@oriental-tea.test")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_test_id("contact-row")).to_contain_text("Ms. Liu 刘女士")
    screenshot("client-with-contact")

    # The AE opens an account for that client.
    page.get_by_test_id("new-account").click()
    page.fill("input[name=name]", "Spring launch 春季新品")
    page.fill("input[name=budget]", "1250000")
    screenshot("account-form")
    page.get_by_role("button", name="Open account").click()
    expect(page.locator("#account-stage")).to_contain_text("First contact")
    expect(page.get_by_test_id("transition-record_brief")).to_be_disabled()
    expect(page.get_by_test_id("reasons-record_brief")).to_contain_text(
        "The account has no brief yet."
    )
    screenshot("account-opened")

    # The AE writes the brief.
    page.get_by_test_id("edit-brief").first.click()
    page.fill("input[name=product]", "Oolong tea drink 乌龙茶饮料")
    page.fill("textarea[name=features]", "Low sugar, cold brewed")
    page.fill("textarea[name=target_audience]", "Office workers 22-35")
    page.fill("input[name=sales_period_start]", "2027-03-01")
    page.fill("input[name=sales_period_end]", "2027-08-31")
    page.fill("input[name=budget]", "1200000")
    page.fill("textarea[name=sales_targets]", "2 million bottles in East China")
    page.fill("textarea[name=proposal_requirements]", "Creative concept and a media plan")
    page.check("input[name=departments_needed][value=creative]")
    page.check("input[name=departments_needed][value=media]")
    screenshot("brief-form")
    page.get_by_test_id("save-brief").click()
    expect(page.get_by_text("The brief is complete.")).to_be_visible()
    screenshot("brief-saved")

    # record_brief: the stage moves, a message confirms, the timeline grows.
    take(page, "record_brief")
    expect(page.locator("#account-stage")).to_contain_text("Briefed")
    expect(page.locator("#messages")).to_contain_text("moved from First contact to Briefed")
    expect(page.get_by_test_id("transition-form_team")).to_be_disabled()
    expect(page.get_by_test_id("reasons-form_team")).to_contain_text(
        "The team has no member from Creative."
    )
    screenshot("briefed")

    # The AE forms the team: the stage panel follows each change. The form to add someone
    # opens on demand (it lists everyone who could join).
    page.get_by_test_id("open-team-add").click()
    expect(page.locator("select[name=user]")).to_be_visible()
    for person in (creative, media_planner):
        with page.expect_response(lambda r: r.url.endswith("/team/add/")):
            page.select_option("select[name=user]", value=str(person.pk))
            page.get_by_test_id("add-member").click()
        expect(page.locator(f"[data-username='{person.username}']")).to_be_visible()
    expect(page.get_by_test_id("team")).to_contain_text("Media")
    expect(page.get_by_test_id("transition-form_team")).to_be_enabled()
    screenshot("team-added")

    take(page, "form_team")
    expect(page.locator("#account-stage")).to_contain_text("Team formed")
    screenshot("team-formed")

    take(page, "start_planning")
    expect(page.locator("#account-stage")).to_contain_text("Planning")
    expect(page.get_by_test_id("stage-change")).to_have_count(3)
    screenshot("planning")

    # The pipeline shows the account in its new column, and the same in Chinese.
    page.get_by_role("link", name="Pipeline").click()
    expect(page.locator("[data-stage=planning]")).to_contain_text("Spring launch 春季新品")
    screenshot("pipeline-planning")
    page.get_by_test_id("language-switcher").get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name="业务管道", exact=True)).to_be_visible()
    expect(page.locator("[data-stage=planning]")).to_contain_text("策划中")
    screenshot("pipeline-chinese")

    # And the database agrees.
    account = Account.objects.get(name="Spring launch 春季新品")
    assert account.client == Client.objects.get(name="Oriental Tea 东方茶业")
    assert account.stage == Stage.PLANNING and account.lead_ae == ae
    assert list(account.stage_changes.values_list("transition", "by")) == [
        ("record_brief", ae.pk),
        ("form_team", ae.pk),
        ("start_planning", ae.pk),
    ]
    assert set(account.team_members.values_list("user__username", flat=True)) == {
        ae.username,
        creative.username,
        media_planner.username,
    }
