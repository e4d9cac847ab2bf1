"""An AE who works from London chooses her time zone and reads the account's history on
London's clock, whatever the browser's own zone (a real browser: Debian's chromium).

Each step keeps a screenshot under test-artifacts/<test name>/.
"""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from accounts.models import StageChange
from accounts.services import take_transition
from tests.factories import BriefFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_ae_chooses_london_and_the_timeline_follows(page, login, screenshot, ae, account):
    # Given a transition taken at 10:30 UTC in July (18:30 in Shanghai, 11:30 in London)
    BriefFactory(account=account)
    take_transition(account=account, name="record_brief", by=ae, note="Brief received")
    StageChange.objects.update(at=datetime(2025, 7, 15, 10, 30, tzinfo=UTC))
    login(ae)

    # The AE opens her settings from the user menu: the agency's zone until she chooses
    page.get_by_role("button", name=str(ae)).click()
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_test_id("time-zone-link")).to_contain_text("Asia/Shanghai")
    page.get_by_role("combobox", name="Time zone").select_option("Europe/London")
    screenshot("settings-london-chosen")
    page.get_by_role("button", name="Save the time zone").click()
    expect(page.get_by_text("Times are now shown in Europe/London.")).to_be_visible()
    expect(page.get_by_test_id("time-zone-link")).to_contain_text("Europe/London")

    # The account's timeline shows the change on London's clock
    page.goto(f"/accounts/{account.pk}/")
    moment = page.locator("time[data-local]").first
    expect(moment).to_have_attribute("data-localized", "")
    expect(moment).to_contain_text("11:30")
    expect(moment).to_have_attribute("title", "2025-07-15 11:30 BST")
    screenshot("timeline-in-london")
