"""In the browser: the account director logs in, lands on the dashboard, reads it in Chinese
and drills from an aging bucket to the invoices behind it."""

import pytest
from playwright.sync_api import expect

from tests.dashboards.books import write_books

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def books(monkeypatch, ad, ae, other_ae, finance, creative):
    return write_books(monkeypatch, ae=ae, other_ae=other_ae, finance=finance, creative=creative)


def test_the_ad_reads_the_dashboard_in_chinese_and_drills_into_an_aging_bucket(
    page, login, screenshot, books, ad
):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))

    # The AD logs in and lands on the dashboard of the groups they direct.
    login(ad)
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.get_by_test_id("dashboard-scope")).to_contain_text("The groups you direct")
    screenshot("dashboard-english")

    # They switch to Chinese: the same page, translated, money written the Chinese way.
    page.locator("[data-testid=language-switcher] button[lang=zh-hans]").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="仪表板", exact=True)).to_be_visible()
    expect(page.get_by_test_id("dashboard-scope")).to_contain_text("您负责的客户组")
    expect(page.get_by_test_id("kpi-receivables-CNY")).to_have_text("¥5,500.00")
    aging = page.get_by_test_id("table-aging")
    expect(aging).to_contain_text("1–30 天")
    expect(aging).not_to_contain_text("US$")  # the other group's USD invoice is not theirs
    # Every chart is drawn (Chart.js from the vendored file, data from json_script).
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart-source]')]"
        ".map((c) => Boolean(window.Chart && Chart.getChart(c)))"
    )
    assert drawn and all(drawn)
    screenshot("dashboard-chinese")

    # From the 1–30 days bucket in CNY to the invoices behind it: the filter stays on.
    bucket = page.locator("[data-cell='aging-1-1'] a")
    expect(bucket).to_have_text("¥1,500.00")
    bucket.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("drill-filters")).to_contain_text("1–30 天")
    table = page.get_by_test_id("invoice-table")
    expect(table).to_contain_text(books.invoices["i2"].number)
    expect(table.locator("tbody tr")).to_have_count(1)
    screenshot("aging-bucket-invoices")

    # And back on the dashboard, a list behind a figure keeps the period and the filters.
    page.go_back()
    page.get_by_test_id("more-stuck").click()
    expect(page.get_by_test_id("drill-count")).to_have_text("1")
    expect(page.get_by_test_id("drill-table")).to_contain_text("Alpha spring")
    screenshot("stuck-accounts")

    assert problems == []


def test_an_administrator_finds_a_client_by_typing_when_there_are_too_many_to_list(
    page, login, screenshot, books, admin_user, monkeypatch
):
    from accounts.models import Client
    from agency.dashboards import filter_bar

    monkeypatch.setattr(filter_bar, "LISTED_AT_MOST", 1)
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    login(admin_user)
    page.goto("/dashboard/")
    clients = page.locator("#f-client option")
    expect(clients).to_have_count(1)  # "All clients": too many to list

    page.get_by_test_id("finder-client").fill("alp")
    expect(page.locator("#f-client option")).to_have_count(2)
    alpha = Client.objects.get(name="Alpha 甲")
    page.select_option("#f-client", str(alpha.pk))
    screenshot("dashboard-client-found")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")
    assert f"client={alpha.pk}" in page.url and "q=" not in page.url
    expect(page.locator("#f-client option:checked")).to_have_text("Alpha 甲")
    assert problems == []
