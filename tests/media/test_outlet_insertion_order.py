"""The insertion order per outlet: every buy an account booked on one outlet in one PDF, with
totals; linked from the media plan and served by the API; 404 to whoever does not see the
account, and when nothing is booked there."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MediaOutletFactory

from .helpers import book_buy, plan_buy
from .test_pdf import pdf_text

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not Path("/usr/bin/pdftotext").exists(), reason="pdftotext (poppler-utils) is missing"
    ),
]


@pytest.fixture
def booked_on_cctv(producing, outlet, media_planner):
    """Two buys booked on CCTV-1 (one of them CPM), one only planned, one on another outlet."""
    outlet.vendor_contact = "王经理"
    outlet.save()
    spots = book_buy(
        plan_buy(producing, outlet, media_planner, quantity=3, unit_rate=Decimal("45678.90")),
        media_planner,
        reference="CCTV-2030-0042",
    )
    online = book_buy(
        plan_buy(
            producing,
            outlet,
            media_planner,
            placement="CCTV.com 首页横幅",
            unit_type="cpm",
            quantity=2_500_000,
            unit_rate=Decimal("12.34"),
        ),
        media_planner,
        reference="CCTV-2030-0043",
    )
    plan_buy(producing, outlet, media_planner, placement="Not booked 未预订")
    other = MediaOutletFactory(name="湖南卫视 Hunan TV")
    book_buy(plan_buy(producing, other, media_planner, placement="Elsewhere"), media_planner)
    return spots, online


def _url(account, outlet, api=False):
    if api:
        return f"/api/accounts/{account.pk}/media-outlets/{outlet.pk}/insertion-order.pdf"
    return f"/accounts/{account.pk}/media/outlets/{outlet.pk}/insertion-order.pdf"


def test_the_order_lists_every_booked_buy_on_the_outlet_with_totals(
    api, producing, outlet, booked_on_cctv, media_planner
):
    spots, online = booked_on_cctv
    response = api(media_planner).get(_url(producing, outlet, api=True))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    number = f"IO-{producing.pk:06d}-{outlet.pk:04d}"
    assert f'filename="{number}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in (
        number,
        "中央电视台 综合频道 CCTV-1",  # the outlet's Chinese name, extracted as text
        "中央电视台广告中心",  # the vendor
        "王经理",
        producing.client.name,
        "Prime time 19:00",  # (a narrow column may wrap the rest)
        "CCTV.com 首页横幅",
        "CCTV-2030-0042",
        "CCTV-2030-0043",
        "137,036.70",  # 3 × 45,678.90
        "30,850.00",  # 2,500 thousand impressions × 12.34
        "167,886.70",  # gross total
        f"{spots.commission + online.commission:,.2f}",
        f"{spots.net + online.net:,.2f}",
    ):
        assert expected in text, expected
    assert "Not booked" not in text and "Elsewhere" not in text
    assert spots.net + online.net + spots.commission + online.commission == Decimal("167886.70")


def test_the_media_plan_links_one_order_per_outlet(client, producing, outlet, booked_on_cctv, ae):
    client.force_login(ae)
    page = client.get(f"/accounts/{producing.pk}/media/")
    assert page.text.count('data-testid="outlet-io-') == 2  # CCTV-1 and Hunan TV
    assert _url(producing, outlet) in page.text
    pdf = client.get(_url(producing, outlet))
    assert pdf.status_code == 200 and "CCTV.com 首页横幅" in pdf_text(pdf.content)


def test_an_outsider_and_an_outlet_with_nothing_booked_get_404(
    api, client, producing, outlet, booked_on_cctv, other_ae, finance, creative
):
    assert api(other_ae).get(_url(producing, outlet, api=True)).status_code == 404
    client.force_login(other_ae)
    assert client.get(_url(producing, outlet)).status_code == 404
    assert api(creative).get(_url(producing, outlet, api=True)).status_code == 404  # off team
    assert api(finance).get(_url(producing, outlet, api=True)).status_code == 200
    nothing_booked = MediaOutletFactory()
    assert api(finance).get(_url(producing, nothing_booked, api=True)).status_code == 404
    assert api().get(_url(producing, outlet, api=True)).status_code == 401


def test_the_order_takes_the_same_queries_for_few_or_many_buys(
    api, producing, outlet, booked_on_cctv, media_planner, monkeypatch
):
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")
    url = _url(producing, outlet, api=True)
    with CaptureQueriesContext(connection) as few:
        assert api(media_planner).get(url).status_code == 200
    for n in range(6):
        book_buy(plan_buy(producing, outlet, media_planner, quantity=n + 1), media_planner)
    with CaptureQueriesContext(connection) as many:
        assert api(media_planner).get(url).status_code == 200
    assert len(many) == len(few) <= 15, [q["sql"] for q in many.captured_queries]


def test_the_order_is_written_in_the_readers_language(
    producing, outlet, booked_on_cctv, media_planner, monkeypatch
):
    from media import documents
    from media.insertion_orders import outlet_order

    seen = []
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kw: seen.append(html) or b"%PDF")
    order = outlet_order(user=media_planner, account_id=producing.pk, outlet_id=outlet.pk)
    media_planner.language = "zh-hans"
    documents.outlet_insertion_order_pdf(order, media_planner)
    assert '<html lang="zh-hans">' in seen[0] and "排期单" in seen[0]
