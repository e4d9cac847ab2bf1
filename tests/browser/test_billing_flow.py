"""In the browser: the AE drafts and issues an invoice, finance records a partial and then a
final payment by double-clicking the button, and the account shows collected."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Stage, StageChange
from accounts.services import take_transition
from billing.models import Invoice, InvoiceStatus, Payment
from tests.billing.helpers import advance
from tests.lifecycle import publish_effect_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOUBLE_POST = """async (selector) => {
  const form = document.querySelector(selector);
  const post = () => fetch(form.action, {
    method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual",
  }).then((response) => response.status);
  const first = await post();  // one after the other: SQLite's in-memory test database
  return [first, await post()];  // refuses parallel writers (PostgreSQL tests do that part)
}"""


@pytest.fixture
def login_as(page, live_server):
    """Log a user in by session cookie (the login page belongs to another part of the app)."""

    def do(user):
        session = Client()
        session.force_login(user)
        page.context.clear_cookies()
        cookie = session.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    return do


def test_invoice_to_collected_account(page, login_as, screenshot, account, ae, finance):
    page.on("dialog", lambda dialog: dialog.accept())  # the "Issue this invoice?" confirmation
    payment_posts = []
    page.on(
        "request",
        lambda r: r.method == "POST" and "/payment/" in r.url and payment_posts.append(r.url),
    )
    account = advance(account, to=Stage.EVALUATING, by=ae)
    publish_effect_report(account, ae)

    # The AE opens a draft for the account: its lines come from what was approved
    login_as(ae)
    page.goto(f"/invoices/new/?account={account.pk}")
    assert page.input_value("input[name='lines-0-unit_price']") == "500000.00"
    screenshot("ae-draft-form")
    page.click("button[type=submit]:has-text('Save draft')")
    page.wait_for_selector("[data-testid=invoice-status]:has-text('Draft')")
    screenshot("ae-draft-saved")

    # and issues it
    page.click("[data-testid=action-issue]")
    page.wait_for_selector("[data-testid=invoice-status]:has-text('Issued')")
    invoice = Invoice.objects.get()
    assert invoice.number and page.inner_text("[data-testid=invoice-number]") == invoice.number
    assert page.inner_text("[data-testid=invoice-total]") == "530,000.00"
    screenshot("ae-issued")
    take_transition(account=account, name="invoice", by=ae)  # the account page's button

    # Finance records a partial payment from the list, double-clicking the button
    login_as(finance)
    page.goto("/invoices/")
    screenshot("finance-list")
    page.click(f"a[href='/invoices/{invoice.pk}/payment/']")
    page.fill("input[name=amount]", "200000.00")
    page.fill("input[name=reference]", "CMB 2026-0001")
    screenshot("finance-partial-payment-form")
    # Chromium itself sends a double-clicked form once, so first the same form is also
    # posted twice from the page (what a flaky network or another browser does)
    statuses = page.evaluate(DOUBLE_POST, "[data-testid=payment-form]")
    assert statuses == [0, 0]  # two redirects (opaque to fetch), no error
    page.dblclick("[data-testid=record-payment]")
    page.wait_for_selector("[data-testid=invoice-status]:has-text('Partially paid')")
    page.wait_for_load_state("networkidle")
    assert len(payment_posts) >= 3  # three submissions of one form reached the server...
    assert Payment.objects.count() == 1  # ...and one payment was recorded
    assert "already recorded" in page.inner_text("#messages")
    assert page.inner_text("[data-testid=invoice-balance]") == "330,000.00"
    screenshot("finance-partially-paid")

    # then the final payment from the invoice's page (the amount is filled with the balance)
    assert page.input_value("input[name=amount]") == "330000.00"
    page.dblclick("[data-testid=action-pay]")
    page.wait_for_selector("[data-testid=invoice-status]:has-text('Paid')")
    page.wait_for_load_state("networkidle")
    screenshot("finance-paid-account-collected")

    # Then two payments were recorded, the invoice is paid, the account collected once
    assert Payment.objects.count() == 2
    invoice.refresh_from_db()
    account.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.balance == Decimal("0.00")
    assert account.stage == Stage.COLLECTED
    assert page.inner_text("[data-testid=account-stage]") == "Collected"
    assert StageChange.objects.filter(account=account, transition="collect").count() == 1
