"""In the browser: the media planner on the team books two buys, the calendar shows them,
delivery is entered, and the effect report renders. A screenshot of each step."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import MediaOutletFactory
from tests.media.helpers import advance_to, join_team

pytestmark = pytest.mark.browser


@pytest.fixture
def producing(account, ae, media_planner):
    join_team(account, media_planner)
    return advance_to(account, "in_production", by=ae)


def add_buy(page, account, outlet, placement, unit_type, quantity, rate):
    page.click("[data-testid=add-buy]")
    page.select_option("select[name=outlet]", str(outlet.pk))
    page.fill("input[name=placement]", placement)
    page.fill("input[name=flight_start]", "2030-03-01")
    page.fill("input[name=flight_end]", "2030-03-20")
    page.select_option("select[name=unit_type]", unit_type)
    page.fill("input[name=quantity]", str(quantity))
    page.fill("input[name=unit_rate]", rate)
    page.click("[data-testid=buy-form] button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/accounts/{account.pk}/media/$"))


def book(page, buy_id, reference):
    row = page.locator(f"[data-testid=buy-{buy_id}]")
    page.click(f"[data-testid=request_quote-{buy_id}]")
    expect(row.locator("[data-testid=buy-status]")).to_have_text("Quote requested")
    page.click(f"[data-testid=negotiate-{buy_id}]")
    expect(row.locator("[data-testid=buy-status]")).to_have_text("Negotiated")
    page.fill(f"[data-testid=vendor-reference-{buy_id}]", reference)
    page.click(f"[data-testid=book-{buy_id}]")
    expect(row.locator("[data-testid=buy-status]")).to_have_text("Booked")


def test_media_planner_books_two_buys_enters_delivery_and_sees_the_effect(
    page, login, screenshot, producing, media_planner
):
    from media.models import MediaBuy

    tv = MediaOutletFactory(name="中央电视台 综合频道 CCTV-1", kind="tv")
    weibo = MediaOutletFactory(name="Weibo 微博", kind="social")
    login(media_planner)
    page.goto(f"/accounts/{producing.pk}/media/")
    expect(page.locator("h1")).to_contain_text("Media plan")
    screenshot("empty-plan")

    # two buys, planned through the form
    add_buy(page, producing, tv, "Evening news 新闻联播后", "spot", 10, "10000.00")
    add_buy(page, producing, weibo, "Splash screen 开屏", "cpm", 2000000, "30.00")
    buys = list(MediaBuy.objects.filter(account=producing).order_by("id"))
    assert len(buys) == 2
    expect(page.locator("[data-testid=planned-gross]")).to_contain_text("160,000.00")
    screenshot("two-buys-planned")

    # each requested, negotiated and booked with htmx buttons
    book(page, buys[0].pk, "CCTV-0042")
    book(page, buys[1].pk, "WB-7781")
    expect(page.locator("[data-testid=booked-total]")).to_contain_text("160,000.00")
    expect(page.locator(f"[data-testid=io-{buys[0].pk}]")).to_be_visible()
    screenshot("two-buys-booked")

    # the agency calendar shows both flights, drawn by Chart.js
    page.goto("/media/calendar/?month=2030-03")
    table = page.locator("[data-testid=calendar-table]")
    expect(table).to_contain_text("Evening news 新闻联播后")
    expect(table).to_contain_text("Splash screen 开屏")
    page.wait_for_function(
        "() => { const c = document.querySelector('canvas[data-chart=flights]');"
        " const chart = c && window.Chart && Chart.getChart(c);"
        " return chart && chart.data.labels.length === 2; }"
    )
    screenshot("calendar")

    # a day's delivery of the TV buy
    page.goto(f"/accounts/{producing.pk}/media/")
    page.click(f"[data-testid=deliveries-{buys[0].pk}]")
    page.fill("input[name=date]", "2030-03-01")
    page.fill("input[name=units_delivered]", "6")
    page.fill("input[name=impressions]", "0")
    page.fill("input[name=clicks]", "0")
    page.fill("input[name=spend]", "60000.00")
    page.click("[data-testid=delivery-form] button[type=submit]")
    expect(page.locator("[data-testid=delivery-table]")).to_contain_text("60,000.00")
    screenshot("delivery-entered")

    # the effect report: planned vs delivered per outlet, with its chart
    page.goto(f"/accounts/{producing.pk}/media/")
    page.click("[data-testid=effect-report-link]")
    effect = page.locator("[data-testid=effect-table]")
    expect(effect).to_contain_text("中央电视台 综合频道 CCTV-1")
    expect(effect).to_contain_text("60.0%")
    expect(page.locator("[data-testid=sales-targets]")).to_contain_text("2 million bottles")
    page.wait_for_function(
        "() => { const c = document.querySelector('canvas[data-chart=effect]');"
        " return c && window.Chart && Chart.getChart(c); }"
    )
    screenshot("effect-report")
