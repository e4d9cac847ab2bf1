"""The media pages: they render for the team, answer 404 to outsiders, take the same
queries for few or many rows, and the htmx buttons move buys."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from media.models import MediaBuy, MediaOutlet
from tests.factories import AccountFactory, MediaOutletFactory

from .helpers import book_buy, join_team, plan_buy


@pytest.fixture
def booked(producing, outlet, media_planner):
    return book_buy(plan_buy(producing, outlet, media_planner), media_planner)


def account_pages(account, buy):
    return [
        f"/accounts/{account.pk}/media/",
        f"/accounts/{account.pk}/media/buys/new/",
        f"/media/buys/{buy.pk}/edit/",
        f"/media/buys/{buy.pk}/insertion-order.pdf",
        f"/media/buys/{buy.pk}/deliveries/",
        f"/accounts/{account.pk}/media/effect/",
        f"/accounts/{account.pk}/media/effect/report.pdf",
    ]


@pytest.mark.django_db
def test_every_page_renders_for_the_media_planner(client, producing, booked, media_planner):
    client.force_login(media_planner)
    planned = plan_buy(producing, booked.outlet, media_planner)
    for url in [
        *account_pages(producing, booked),
        f"/media/buys/{planned.pk}/edit/",
        "/media/outlets/",
        "/media/outlets/new/",
        f"/media/outlets/{booked.outlet_id}/edit/",
        "/media/calendar/",
        "/media/deliveries/import/",
    ]:
        if url.endswith(f"/media/buys/{booked.pk}/edit/"):
            continue  # a booked buy is edited nowhere: its form shows, saving is refused
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_ae", "other_ad", "creative", "outside_media"])
def test_the_outsider_gets_404_on_every_page(request, client, producing, booked, who):
    from tests.factories import UserFactory

    user = (
        UserFactory(username="media_else", department="media", level="")
        if who == "outside_media"
        else request.getfixturevalue(who)
    )
    client.force_login(user)
    for url in account_pages(producing, booked):
        assert client.get(url).status_code == 404, url
    for url in [
        *[f"/media/buys/{booked.pk}/transitions/{n}/" for n in ("start", "cancel", "book")],
        f"/accounts/{producing.pk}/media/effect/publish/",
        f"/accounts/{producing.pk}/media/effect/",
        f"/media/buys/{booked.pk}/deliveries/",
        f"/accounts/{producing.pk}/media/buys/new/",
    ]:
        assert client.post(url, {"note": "x", "vendor_reference": "x"}).status_code == 404, url
    booked.refresh_from_db()
    assert booked.status == "booked"
    calendar = client.get("/media/calendar/?month=2030-03").content.decode()
    assert booked.placement not in calendar


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, producing, booked):
    response = client.get(f"/accounts/{producing.pk}/media/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_outlet_form_is_for_the_media_department(client, outlet, creative, media_planner):
    client.force_login(creative)
    assert client.get("/media/outlets/new/").status_code == 403
    assert client.post(f"/media/outlets/{outlet.pk}/edit/", {"name": "Y"}).status_code == 403
    client.force_login(media_planner)
    response = client.post(
        "/media/outlets/new/",
        {
            "name": "Guangzhou Daily 广州日报",
            "kind": "print",
            "commission_rate": "0.15",
            "currency": "CNY",
            "is_active": "on",
            "rate-TOTAL_FORMS": "2",
            "rate-INITIAL_FORMS": "0",
            "rate-0-placement": "Full page colour",
            "rate-0-unit_type": "insertion",
            "rate-0-unit_rate": "120000.00",
            "rate-1-placement": "",
            "rate-1-unit_type": "",
            "rate-1-unit_rate": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = MediaOutlet.objects.get(name="Guangzhou Daily 广州日报")
    assert [e.placement for e in created.rate_card.all()] == ["Full page colour"]


@pytest.mark.django_db
def test_a_buy_is_planned_from_the_page(client, producing, outlet, media_planner):
    client.force_login(media_planner)
    url = f"/accounts/{producing.pk}/media/buys/new/"
    values = {
        "outlet": outlet.pk,
        "placement": "Evening news",
        "flight_start": "2030-03-01",
        "flight_end": "2030-02-01",
        "unit_type": "spot",
        "quantity": "4",
        "unit_rate": "2500.50",
    }
    response = client.post(url, values)
    assert (
        response.status_code == 200
        and "The flight ends before it starts." in response.content.decode()
    )
    response = client.post(url, {**values, "flight_end": "2030-03-31"})
    assert response.status_code == 302
    buy = MediaBuy.objects.get()
    assert (str(buy.gross), str(buy.commission), str(buy.net)) == ("10002.00", "1500.30", "8501.70")


@pytest.mark.django_db
def test_htmx_buttons_move_the_buy_and_answer_the_plan(client, producing, outlet, media_planner):
    client.force_login(media_planner)
    buy = plan_buy(producing, outlet, media_planner)
    htmx = {"HTTP_HX_REQUEST": "true"}
    for name in ("request_quote", "negotiate"):
        response = client.post(f"/media/buys/{buy.pk}/transitions/{name}/", {}, **htmx)
        assert response.status_code == 200
    response = client.post(
        f"/media/buys/{buy.pk}/transitions/book/", {"vendor_reference": "V-9"}, **htmx
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="media-plan"')
    assert "Booked" in fragment and "V-9" in fragment and "100,000.00" in fragment
    buy.refresh_from_db()
    assert buy.status == "booked"
    # a refusal is shown in the fragment; nothing changes
    response = client.post(f"/media/buys/{buy.pk}/transitions/reconcile/", {}, **htmx)
    assert "is not possible" in response.content.decode()
    # without htmx: redirect back to the plan
    response = client.post(f"/media/buys/{buy.pk}/transitions/start/", {})
    assert (
        response.status_code == 302 and response["Location"] == f"/accounts/{producing.pk}/media/"
    )
    buy.refresh_from_db()
    assert buy.status == "running"


@pytest.mark.django_db
def test_a_team_member_who_may_not_act_sees_no_buttons_and_is_refused(
    client, producing, outlet, media_planner, creative
):
    join_team(producing, creative)
    buy = plan_buy(producing, outlet, media_planner)
    client.force_login(creative)
    page = client.get(f"/accounts/{producing.pk}/media/").content.decode()
    assert buy.placement in page and "transitions/request_quote" not in page
    assert client.post(f"/media/buys/{buy.pk}/transitions/request_quote/").status_code == 403
    buy.refresh_from_db()
    assert buy.status == "planned"


@pytest.mark.django_db
def test_the_calendar_filters_by_month_and_outlet(client, producing, booked, media_planner):
    other_outlet = MediaOutletFactory(name="Weibo 微博")
    april = plan_buy(
        producing,
        other_outlet,
        media_planner,
        placement="Splash screen",
        flight_start=dt.date(2030, 4, 1),
        flight_end=dt.date(2030, 4, 30),
    )
    client.force_login(media_planner)
    march = client.get("/media/calendar/?month=2030-03").content.decode()
    assert booked.placement in march and april.placement not in march
    both = client.get("/media/calendar/?month=2030-04").content.decode()
    assert april.placement in both and booked.placement not in both
    only_tv = client.get(
        f"/media/calendar/?month=2030-03&outlet={booked.outlet_id}"
    ).content.decode()
    assert booked.placement in only_tv
    only_weibo = client.get(
        f"/media/calendar/?month=2030-03&outlet={other_outlet.pk}"
    ).content.decode()
    assert booked.placement not in only_weibo
    assert 'id="flight-data"' in march and '"start": "2030-03-01"' in march


# --- Query counts --------------------------------------------------------------------------
def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_pages_take_the_same_queries_for_few_or_many_buys(client, producing, media_planner, ae):
    client.force_login(media_planner)
    urls = [
        f"/accounts/{producing.pk}/media/",
        "/media/calendar/?month=2030-03",
        "/media/outlets/",
        f"/accounts/{producing.pk}/media/effect/",
    ]

    def add(n):
        for _ in range(n):
            outlet = MediaOutletFactory()
            outlet.rate_card.create(placement="p", unit_type="spot", unit_rate="1.00")
            book_buy(plan_buy(producing, outlet, media_planner, quantity=1), media_planner)
            plan_buy(producing, outlet, media_planner, quantity=1)

    add(2)
    few = [queries_for(client, url) for url in urls]
    add(5)
    assert [queries_for(client, url) for url in urls] == few


@pytest.mark.django_db
def test_other_accounts_buys_do_not_show_on_the_plan(client, producing, booked, other_ae, outlet):
    foreign = plan_buy(AccountFactory(lead_ae=other_ae), outlet, other_ae, placement="Secret 秘密")
    client.force_login(producing.lead_ae)
    page = client.get(f"/accounts/{producing.pk}/media/").content.decode()
    assert booked.placement in page and foreign.placement not in page


@pytest.mark.django_db
def test_the_delivery_page_takes_the_same_queries_for_few_or_many_days(
    client, booked, media_planner
):
    from media.services import record_delivery

    client.force_login(media_planner)
    url = f"/media/buys/{booked.pk}/deliveries/"
    for day in (1, 2):
        record_delivery(media_buy=booked, by=media_planner, date=dt.date(2030, 3, day))
    few = queries_for(client, url)
    for day in range(3, 12):
        record_delivery(media_buy=booked, by=media_planner, date=dt.date(2030, 3, day))
    assert queries_for(client, url) == few
