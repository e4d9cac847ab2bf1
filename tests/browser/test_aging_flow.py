"""In the browser: finance reads the receivables aging, the totals first and the most
overdue client on top, drills from a bucket to the invoices in it, and looks per lead AE."""

import pytest
from playwright.sync_api import expect

from tests.dashboards.books import write_books

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def books(monkeypatch, ad, ae, other_ae, finance, creative):
    return write_books(monkeypatch, ae=ae, other_ae=other_ae, finance=finance, creative=creative)


def test_finance_chases_the_most_overdue_client_from_the_aging_report(
    page, login, screenshot, books, ae, finance
):
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))

    # Finance opens the report: the totals per currency, then the clients, most overdue first.
    login(finance)
    page.goto("/receivables/aging/")
    totals = page.get_by_test_id("aging-total")
    expect(totals.locator("tbody tr")).to_have_count(2)  # CNY and USD, never added up
    expect(totals).to_contain_text("5,500.00")
    clients = page.get_by_test_id("aging-client")
    expect(clients.locator("tbody tr").first).to_contain_text("Beta 乙")  # 4,500.00 overdue
    expect(page.get_by_role("heading", name="Totals")).to_have_count(1)
    screenshot("aging-by-client")

    # From Beta's 1–30 days to the invoice in it: the list says what it is narrowed to.
    clients.locator("tbody tr").first.locator("td").nth(3).locator("a").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("drill-filters")).to_contain_text("Beta 乙")
    table = page.get_by_test_id("invoice-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text(books.invoices["i2"].number)
    screenshot("bucket-invoices")

    # Back on the report, per lead AE: the AE's row carries both of their clients' CNY.
    page.go_back()
    page.get_by_role("link", name="By lead AE").click()
    by_ae = page.get_by_test_id("aging-ae")
    expect(by_ae.locator("tbody tr").first).to_contain_text(str(ae))
    expect(by_ae.locator("tbody tr").first).to_contain_text("5,500.00")
    screenshot("aging-by-lead-ae")

    assert problems == []
