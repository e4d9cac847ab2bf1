"""The media API: shapes, who may write, the outsider's 404 everywhere, constant queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from media.models import BuyStatusChange, Delivery, MediaBuy, MediaOutlet
from tests.factories import MediaOutletFactory

from .helpers import book_buy, plan_buy

BUY = {
    "placement": "Prime time 黄金时段",
    "flight_start": "2030-03-01",
    "flight_end": "2030-03-31",
    "unit_type": "cpm",
    "quantity": 1_500_000,
    "unit_rate": "35.50",
}


# --- Outlets -------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("who", ["creative", "ae", "finance", "media_planner"])
def test_every_staff_member_reads_outlets(request, api, outlet, who):
    response = api(request.getfixturevalue(who)).get("/api/media-outlets/")
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["results"]] == [outlet.name]


@pytest.mark.django_db
def test_anonymous_reads_nothing(api, outlet):
    assert api().get("/api/media-outlets/").status_code in (401, 403)


@pytest.mark.django_db
def test_the_media_department_adds_an_outlet_with_its_rate_card(api, media_planner):
    body = {
        "name": "Shanghai Metro 上海地铁",
        "kind": "outdoor",
        "commission_rate": "0.12",
        "currency": "CNY",
        "rate_card": [
            {"placement": "Line 2 light boxes", "unit_type": "day", "unit_rate": "800.00"}
        ],
    }
    response = api(media_planner).post("/api/media-outlets/", body, format="json")
    assert response.status_code == 201, response.content
    outlet = MediaOutlet.objects.get(name="Shanghai Metro 上海地铁")
    assert outlet.commission_rate == Decimal("0.12")
    assert [(e.placement, e.unit_rate) for e in outlet.rate_card.all()] == [
        ("Line 2 light boxes", Decimal("800.00"))
    ]


@pytest.mark.django_db
def test_commission_rate_defaults_to_15_percent(api, admin_user):
    response = api(admin_user).post(
        "/api/media-outlets/", {"name": "X", "kind": "tv", "currency": "CNY"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["commission_rate"] == "0.1500"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["creative", "ae", "ad", "finance"])
def test_others_may_not_write_outlets(request, api, outlet, who):
    client = api(request.getfixturevalue(who))
    assert client.post("/api/media-outlets/", {"name": "X", "kind": "tv"}).status_code == 403
    assert client.patch(f"/api/media-outlets/{outlet.pk}/", {"name": "Y"}).status_code == 403
    outlet.refresh_from_db()
    assert outlet.name != "Y"


@pytest.mark.django_db
def test_bad_commission_rate_is_refused_per_field(api, media_planner):
    response = api(media_planner).post(
        "/api/media-outlets/", {"name": "X", "kind": "tv", "commission_rate": "1.5"}, format="json"
    )
    assert response.status_code == 400 and "commission_rate" in response.json()


# --- Buys ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_buy_is_created_priced_and_read_only_fields_are_ignored(
    api, producing, outlet, media_planner
):
    body = {
        **BUY,
        "account": producing.pk,
        "outlet": outlet.pk,
        "gross": "1.00",
        "status": "booked",
        "net": "0.00",
        "commission_rate": "0",
    }
    response = api(media_planner).post("/api/media-buys/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["gross"], data["commission"], data["net"]) == ("53250.00", "7987.50", "45262.50")
    assert (data["status"], data["commission_rate"], data["currency"]) == (
        "planned",
        "0.1500",
        "CNY",
    )
    buy = MediaBuy.objects.get()
    response = api(media_planner).patch(
        f"/api/media-buys/{buy.pk}/",
        {"status": "booked", "gross": "1.00", "quantity": 1000},
        format="json",
    )
    assert response.status_code == 200
    buy.refresh_from_db()
    assert (buy.status, buy.gross) == ("planned", Decimal("35.50"))


@pytest.mark.django_db
def test_flight_ending_before_it_starts_is_refused(api, producing, outlet, media_planner):
    body = {**BUY, "account": producing.pk, "outlet": outlet.pk, "flight_end": "2030-02-01"}
    response = api(media_planner).post("/api/media-buys/", body, format="json")
    assert response.status_code == 400 and "flight_end" in response.json()
    for field, value in (("quantity", 0), ("unit_rate", "-1.00"), ("unit_type", "hour")):
        response = api(media_planner).post(
            "/api/media-buys/", {**body, "flight_end": "2030-03-31", field: value}, format="json"
        )
        assert response.status_code == 400 and field in response.json(), field
    assert not MediaBuy.objects.exists()


@pytest.mark.django_db
def test_an_outlet_in_another_currency_is_refused(api, producing, media_planner):
    usd = MediaOutletFactory(currency="USD")
    body = {**BUY, "account": producing.pk, "outlet": usd.pk}
    response = api(media_planner).post("/api/media-buys/", body, format="json")
    assert response.status_code == 400 and "USD" in response.json()["detail"]


@pytest.mark.django_db
def test_actions_through_the_api(api, producing, outlet, media_planner, creative):
    from .helpers import join_team

    buy = plan_buy(producing, outlet, media_planner)
    client = api(media_planner)
    assert (
        client.post(f"/api/media-buys/{buy.pk}/book/", {"vendor_reference": "V"}).status_code == 409
    )
    for name in ("request_quote", "negotiate"):
        response = client.post(f"/api/media-buys/{buy.pk}/{name}/", {"note": name})
        assert response.status_code == 200, response.content
    assert client.post(f"/api/media-buys/{buy.pk}/book/", {}).status_code == 400
    join_team(producing, creative)
    response = api(creative).post(f"/api/media-buys/{buy.pk}/book/", {"vendor_reference": "V"})
    assert response.status_code == 403
    response = client.post(f"/api/media-buys/{buy.pk}/book/", {"vendor_reference": "V-1"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["vendor_reference"]) == ("booked", "V-1")
    for name, status in (
        ("start", "running"),
        ("complete", "completed"),
        ("reconcile", "reconciled"),
    ):
        assert client.post(f"/api/media-buys/{buy.pk}/{name}/").json()["status"] == status
    assert BuyStatusChange.objects.filter(media_buy=buy).count() == 6


@pytest.mark.django_db
def test_over_budget_booking_through_the_api(api, producing, outlet, media_planner, ad):
    buy = plan_buy(producing, outlet, media_planner, quantity=51)
    for name in ("request_quote", "negotiate"):
        api(media_planner).post(f"/api/media-buys/{buy.pk}/{name}/")
    response = api(media_planner).post(f"/api/media-buys/{buy.pk}/book/", {"vendor_reference": "V"})
    assert response.status_code == 400
    assert "over the approved budget" in response.json()["detail"]
    response = api(media_planner).post(
        f"/api/media-buys/{buy.pk}/book/", {"vendor_reference": "V", "override_reason": "mine"}
    )
    assert response.status_code == 403
    response = api(ad).post(
        f"/api/media-buys/{buy.pk}/book/", {"vendor_reference": "V", "override_reason": "ok"}
    )
    assert response.status_code == 200 and response.json()["status"] == "booked"


# --- The outsider --------------------------------------------------------------------------
@pytest.fixture
def foreign(producing, outlet, media_planner):
    """A booked buy with a delivery and an effect report on `ae`'s account."""
    from media.services import record_delivery, save_effect_report

    buy = book_buy(plan_buy(producing, outlet, media_planner), media_planner)
    delivery = record_delivery(
        media_buy=buy, by=media_planner, date="2030-03-01", units_delivered=1
    )
    save_effect_report(account=producing, by=producing.lead_ae, summary="s", results="r")
    return buy, delivery


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_ae", "other_ad", "creative", "outside_media"])
def test_the_outsider_gets_404_on_every_endpoint(request, api, foreign, producing, who):
    from tests.factories import UserFactory

    user = (
        UserFactory(username="media_else", department="media", level="")
        if who == "outside_media"
        else request.getfixturevalue(who)
    )
    buy, delivery = foreign
    client = api(user)
    calls = [
        ("get", f"/api/media-buys/{buy.pk}/", None),
        ("patch", f"/api/media-buys/{buy.pk}/", {"placement": "x"}),
        ("put", f"/api/media-buys/{buy.pk}/", {**BUY, "outlet": buy.outlet_id}),
        *[
            ("post", f"/api/media-buys/{buy.pk}/{name}/", {"vendor_reference": "x", "note": "x"})
            for name in (
                "request_quote",
                "negotiate",
                "book",
                "start",
                "complete",
                "reconcile",
                "cancel",
            )
        ],
        ("get", f"/api/media-buys/{buy.pk}/insertion-order.pdf", None),
        ("get", f"/api/deliveries/{delivery.pk}/", None),
        ("patch", f"/api/deliveries/{delivery.pk}/", {"units_delivered": 9}),
        ("get", f"/api/reports/effect/{producing.pk}/", None),
        ("patch", f"/api/reports/effect/{producing.pk}/", {"summary": "x"}),
        ("post", f"/api/reports/effect/{producing.pk}/publish/", None),
        ("get", f"/api/reports/effect/{producing.pk}/pdf/", None),
    ]
    for method, url, body in calls:
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
    # lists leak nothing, and writes pointing at the foreign ids are refused as unknown
    for url in ("/api/media-buys/", "/api/deliveries/"):
        assert client.get(url).json()["count"] == 0
    response = client.post(
        "/api/media-buys/", {**BUY, "account": producing.pk, "outlet": buy.outlet_id}, format="json"
    )
    assert response.status_code == 400 and "account" in response.json()
    response = client.post(
        "/api/deliveries/", {"media_buy": buy.pk, "date": "2030-03-09"}, format="json"
    )
    assert response.status_code == 400 and "media_buy" in response.json()
    buy.refresh_from_db()
    delivery.refresh_from_db()
    assert (buy.status, buy.placement, delivery.units_delivered) == (
        "booked",
        "Prime time 19:00 新闻联播后",
        1,
    )
    assert MediaBuy.objects.count() == 1 and Delivery.objects.count() == 1


# --- Query counts --------------------------------------------------------------------------
def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/media-buys/", "/api/deliveries/", "/api/media-outlets/"])
def test_lists_take_the_same_queries_for_2_or_8_rows(api, producing, media_planner, url):
    from media.services import record_delivery

    client = api(media_planner)

    def add_rows(n):
        for _ in range(n):
            outlet = MediaOutletFactory()
            outlet.rate_card.create(placement="p", unit_type="spot", unit_rate="1.00")
            buy = book_buy(plan_buy(producing, outlet, media_planner, quantity=1), media_planner)
            record_delivery(media_buy=buy, by=media_planner, date="2030-03-01")

    add_rows(2)
    few = count_queries(client, url)
    add_rows(6)
    assert count_queries(client, url) == few
    assert client.get(url).json()["count"] == 8
