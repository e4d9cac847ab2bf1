"""The effect report: planned vs delivered per outlet, the AE's results against the brief's
targets, published before the account may be invoiced."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.services import take_transition
from agency.errors import DomainError, GuardUnmet, NotAllowed
from media import selectors, services
from media.models import Delivery
from tests.factories import MediaOutletFactory
from tests.lifecycle import invoice_the_budget

from .helpers import book_buy, join_team, plan_buy


def deliver(buy, day, units, impressions=0, clicks=0, spend="0.00"):
    return Delivery.objects.create(
        media_buy=buy,
        date=dt.date(2030, 3, day),
        units_delivered=units,
        impressions=impressions,
        clicks=clicks,
        spend=Decimal(spend),
        entered_by=buy.created_by,
    )


@pytest.fixture
def delivered(producing, outlet, media_planner):
    """TV: 10 spots planned, 6 delivered; online: 2,000,000 impressions planned (CPM),
    1,500,000 delivered; a cancelled buy on TV that must not count."""
    online = MediaOutletFactory(name="Weibo 微博", kind="social")
    tv = book_buy(plan_buy(producing, outlet, media_planner), media_planner)
    web = book_buy(
        plan_buy(
            producing,
            online,
            media_planner,
            unit_type="cpm",
            quantity=2_000_000,
            unit_rate=Decimal("30.00"),
        ),
        media_planner,
    )
    dropped = plan_buy(producing, outlet, media_planner, quantity=99)
    services.take_buy_transition(buy=dropped, name="cancel", by=media_planner, note="no")
    deliver(tv, 1, 4, impressions=0, spend="40000.00")
    deliver(tv, 2, 2, spend="20000.00")
    deliver(web, 1, 1_500_000, impressions=1_500_000, clicks=4200, spend="45000.00")
    return producing


@pytest.mark.django_db
def test_planned_vs_delivered_per_outlet(delivered):
    effects = {e.outlet: e for e in selectors.effect_by_outlet(delivered)}
    tv, web = effects["中央电视台 综合频道 CCTV-1"], effects["Weibo 微博"]
    assert (tv.planned_units, tv.delivered_units, tv.delivery_rate) == (10, 6, Decimal("60.0"))
    assert (tv.planned_gross, tv.spend) == (Decimal("100000.00"), Decimal("60000.00"))
    assert (web.planned_units, web.delivered_units, web.clicks) == (2_000_000, 1_500_000, 4200)
    assert web.delivery_rate == Decimal("75.0")
    total = selectors.effect_totals(list(effects.values()))
    assert total.spend == Decimal("105000.00")
    assert total.planned_gross == Decimal("160000.00")


@pytest.mark.django_db
def test_the_api_report(api, delivered, ae):
    services.save_effect_report(account=delivered, by=ae, summary="Good", results="2.1m bottles")
    body = api(ae).get(f"/api/reports/effect/{delivered.pk}/").json()
    assert body["sales_targets"] == "2 million bottles in East China"
    assert body["report"]["results"] == "2.1m bottles"
    tv = next(o for o in body["outlets"] if o["outlet"].startswith("中央"))
    assert (tv["planned_units"], tv["delivered_units"], tv["delivery_rate"]) == (10, 6, "60.0")
    assert body["total"]["spend"] == "105000.00"


@pytest.mark.django_db
def test_the_ae_writes_and_publishes_then_it_no_longer_changes(api, delivered, ae):
    client = api(ae)
    response = client.patch(
        f"/api/reports/effect/{delivered.pk}/",
        {"summary": "Reach above plan", "results": "Sold 2.1 million bottles"},
        format="json",
    )
    assert response.status_code == 200, response.content
    response = client.post(f"/api/reports/effect/{delivered.pk}/publish/")
    assert response.status_code == 200
    assert response.json()["report"]["published_at"] is not None
    report = selectors.effect_report_of(delivered)
    assert report.published_by == ae and report.created_by == ae
    response = client.patch(
        f"/api/reports/effect/{delivered.pk}/", {"summary": "changed"}, format="json"
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.summary == "Reach above plan"


@pytest.mark.django_db
def test_publishing_needs_a_summary(delivered, ae):
    with pytest.raises(GuardUnmet):
        services.publish_effect_report(account=delivered, by=ae)
    services.save_effect_report(account=delivered, by=ae, summary=" ", results="")
    with pytest.raises(GuardUnmet):
        services.publish_effect_report(account=delivered, by=ae)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["media_planner", "creative"])
def test_department_staff_do_not_write_the_report(request, delivered, creative, who):
    join_team(delivered, creative)
    with pytest.raises(NotAllowed):
        services.save_effect_report(
            account=delivered, by=request.getfixturevalue(who), summary="x", results="y"
        )


@pytest.mark.django_db
def test_invoice_waits_for_a_published_effect_report(delivered, ae):
    take_transition(account=delivered, name="book_media", by=ae)
    take_transition(account=delivered, name="launch", by=ae)
    account = take_transition(account=delivered, name="start_evaluation", by=ae)
    with pytest.raises(GuardUnmet, match="no effect report"):
        take_transition(account=account, name="invoice", by=ae)
    services.save_effect_report(account=account, by=ae, summary="Done", results="")
    with pytest.raises(GuardUnmet, match="not been published"):
        take_transition(account=account, name="invoice", by=ae)
    services.publish_effect_report(account=account, by=ae)
    with pytest.raises(DomainError, match="already published"):
        services.publish_effect_report(account=account, by=ae)
    invoice_the_budget(account, ae)  # billing's part of the same guard
    assert take_transition(account=account, name="invoice", by=ae).stage == "invoiced"


@pytest.mark.django_db
def test_the_page_shows_the_chart_data_and_the_form(client, delivered, ae):
    client.force_login(ae)
    response = client.post(
        f"/accounts/{delivered.pk}/media/effect/",
        {"summary": "Reach above plan", "results": "Sold 2.1 million bottles"},
    )
    assert response.status_code == 302
    page = client.get(f"/accounts/{delivered.pk}/media/effect/").content.decode()
    assert 'id="effect-data"' in page and '"planned": ["2000000", "10"]' in page
    assert "Sold 2.1 million bottles" in page and "2 million bottles in East China" in page
    assert "<script>" not in page  # data only; the chart is drawn by static JS
    response = client.post(f"/accounts/{delivered.pk}/media/effect/publish/", follow=True)
    assert "Effect report published." in response.content.decode()
