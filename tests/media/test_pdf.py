"""Insertion orders and the effect report as PDF: the right text, Chinese that extracts, and
a renderer that fetches nothing but static files."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from agency.pdf import PDF_ORIGIN, StaticOnlyFetcher, write_pdf
from media import documents

from .helpers import book_buy, plan_buy

pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/pdftotext").exists(), reason="pdftotext (poppler-utils) is missing"
)


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def booked(producing, outlet, media_planner):
    outlet.vendor_contact = "王经理"
    outlet.save()
    return book_buy(
        plan_buy(producing, outlet, media_planner, quantity=3, unit_rate="45678.90"),
        media_planner,
        reference="CCTV-2030-0042",
    )


@pytest.mark.django_db
def test_the_insertion_order_has_outlet_vendor_agency_and_amounts(api, booked, media_planner):
    response = api(media_planner).get(f"/api/media-buys/{booked.pk}/insertion-order.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "中央电视台 综合频道 CCTV-1",  # the outlet, in Chinese
        "中央电视台广告中心",  # the vendor
        "王经理",
        settings.AGENCY_NAME,
        "CCTV-2030-0042",
        "Prime time 19:00 新闻联播后",
        "137,036.70",  # gross: 3 × 45,678.90
        "20,555.51",  # commission 15%
        "116,481.19",  # net
        f"IO-{booked.pk:06d}",
    ):
        assert expected in text, expected


@pytest.mark.django_db
def test_the_page_link_serves_the_same_document(client, booked, media_planner):
    client.force_login(media_planner)
    response = client.get(f"/media/buys/{booked.pk}/insertion-order.pdf")
    assert response.status_code == 200
    assert "中央电视台 综合频道 CCTV-1" in pdf_text(response.content)


@pytest.mark.django_db
def test_an_unbooked_buy_has_no_insertion_order(api, producing, outlet, media_planner):
    buy = plan_buy(producing, outlet, media_planner)
    response = api(media_planner).get(f"/api/media-buys/{buy.pk}/insertion-order.pdf")
    assert response.status_code == 400
    assert "booked" in response.json()["detail"]


@pytest.mark.django_db
def test_documents_are_written_in_the_readers_language(booked, media_planner, monkeypatch):
    seen = []
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kw: seen.append(html) or b"%PDF")
    media_planner.language = "zh-hans"
    documents.insertion_order_pdf(booked, media_planner)
    media_planner.language = "en"
    documents.insertion_order_pdf(booked, media_planner)
    assert '<html lang="zh-hans">' in seen[0]
    assert '<html lang="en">' in seen[1]
    assert 'font-family: "Noto Sans CJK SC", sans-serif' in seen[0]


@pytest.mark.django_db
def test_user_text_is_rendered_as_text_and_fetches_nothing(booked, media_planner, outlet):
    outlet.name = (
        '<img src="file:///etc/passwd"> <link rel=stylesheet href="http://example.test/x.css">'
    )
    outlet.save()
    booked.refresh_from_db()
    text = pdf_text(documents.insertion_order_pdf(booked, media_planner))
    assert '<img src="file:///etc/passwd">' in text
    assert "root:" not in text


def test_the_fetcher_serves_static_files_only():
    fetcher = StaticOnlyFetcher()
    css = f"{PDF_ORIGIN}/static/css/media.css"
    assert b"flight-chart" in fetcher.fetch(css).read()
    for url in (
        "file:///etc/passwd",
        (Path(settings.BASE_DIR) / "static" / "css" / "media.css").resolve().as_uri(),
        f"{PDF_ORIGIN}/static/../manage.py",
        (Path(settings.BASE_DIR) / "static" / ".." / "manage.py").resolve().as_uri(),
        "http://127.0.0.1:9/x.png",
        "https://example.test/x.css",
        "data:text/plain,hello",
        "file://otherhost/etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_markup_that_reaches_weasyprint_cannot_read_files():
    html = (
        '<p>before</p><img src="file:///etc/passwd"><iframe src="/etc/passwd"></iframe><p>after</p>'
    )
    text = pdf_text(write_pdf(html))
    assert "before" in text and "after" in text
    assert "root:" not in text


@pytest.mark.django_db
def test_the_effect_report_pdf_has_the_outlet_and_figures(
    api, booked, producing, media_planner, ae
):
    from media.models import Delivery

    Delivery.objects.create(
        media_buy=booked,
        date="2030-03-01",
        units_delivered=2,
        impressions=123456,
        clicks=789,
        spend="91357.80",
        entered_by=media_planner,
    )
    from media.services import save_effect_report

    save_effect_report(account=producing, by=ae, summary="销量超出目标", results="售出 210 万瓶")
    response = api(ae).get(f"/api/reports/effect/{producing.pk}/pdf/")
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in (
        "中央电视台 综合频道 CCTV-1",
        "123,456",
        "789",
        "91,357.80",
        "137,036.70",
        "66.7%",
        "销量超出目标",
        "售出 210 万瓶",
        "2 million bottles in East China",
    ):
        assert expected in text, expected
