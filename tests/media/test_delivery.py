"""Delivery rows: entered by media staff, imported from CSV all or nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from media.delivery_import import DeliveryImportRefused
from media.models import Delivery
from media.services import import_deliveries

from .helpers import book_buy, join_team, plan_buy

HEADER = "media_buy,date,units_delivered,impressions,clicks,spend\n"


def csv_file(body: str, name: str = "delivery.csv", content_type: str = "text/csv"):
    return SimpleUploadedFile(name, (HEADER + body).encode(), content_type=content_type)


@pytest.fixture
def booked(producing, outlet, media_planner):
    return book_buy(plan_buy(producing, outlet, media_planner), media_planner)


@pytest.mark.django_db
def test_a_good_file_imports_every_row(booked, media_planner):
    upload = csv_file(
        f"{booked.pk},2030-03-01,2,1500000,300,20000.00\n"
        f"{booked.pk},2030-03-02,3,2000000,410,30000.50\n"
    )
    rows = import_deliveries(by=media_planner, upload=upload)
    assert len(rows) == 2
    saved = Delivery.objects.order_by("date")
    assert [(d.date, d.units_delivered, d.impressions, d.clicks, d.spend) for d in saved] == [
        (dt.date(2030, 3, 1), 2, 1500000, 300, Decimal("20000.00")),
        (dt.date(2030, 3, 2), 3, 2000000, 410, Decimal("30000.50")),
    ]
    assert all(d.entered_by == media_planner for d in saved)


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_names_the_line(booked, media_planner):
    upload = csv_file(
        f"{booked.pk},2030-03-01,2,1500000,300,20000.00\n"
        f"{booked.pk},2030-13-02,3,2000000,410,30000.50\n"
        f"{booked.pk},2030-03-03,4,2000000,410,30000.50\n"
    )
    with pytest.raises(DeliveryImportRefused) as refused:
        import_deliveries(by=media_planner, upload=upload)
    assert [(r.line, len(r.messages)) for r in refused.value.rows] == [(3, 1)]
    assert "2030-13-02" in refused.value.rows[0].messages[0]
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_every_kind_of_bad_row_is_reported(booked, producing, outlet, media_planner, other_ae):
    from tests.factories import AccountFactory

    planned = plan_buy(producing, outlet, media_planner)
    foreign = plan_buy(AccountFactory(lead_ae=other_ae), outlet, other_ae)
    Delivery.objects.create(
        media_buy=booked, date=dt.date(2030, 3, 9), entered_by=media_planner, spend=1
    )
    upload = csv_file(
        f"{booked.pk},2030-03-01,-1,x,3,1.234\n"  # line 2: negative, not a number, 3 decimals
        f"{planned.pk},2030-03-01,1,1,1,1\n"  # line 3: not booked
        f"{foreign.pk},2030-03-01,1,1,1,1\n"  # line 4: not visible = does not exist
        f"9999999,2030-03-01,1,1,1,1\n"  # line 5: does not exist
        f"{booked.pk},2030-03-05,1,1,1,1\n"
        f"{booked.pk},2030-03-05,1,1,1,1\n"  # line 7: twice in the file
        f"{booked.pk},2030-03-09,1,1,1,1\n"  # line 8: already recorded
    )
    with pytest.raises(DeliveryImportRefused) as refused:
        import_deliveries(by=media_planner, upload=upload)
    lines = {r.line: " ".join(r.messages) for r in refused.value.rows}
    assert sorted(lines) == [2, 3, 4, 5, 7, 8]
    assert "units_delivered" in lines[2] and "impressions" in lines[2] and "spend" in lines[2]
    assert "not booked" in lines[3]
    assert lines[4] == f"There is no media buy “{foreign.pk}”."
    assert lines[5] == "There is no media buy “9999999”."
    assert "twice" in lines[7]
    assert "already exists" in lines[8]
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("delivery.xlsx", b"PK\x03\x04", "application/vnd.ms-excel", "CSV"),
        ("delivery.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "text/csv", "text"),
        ("delivery.csv", "media_buy,café\n".encode("latin-1"), "text/csv", "UTF-8"),
        ("delivery.csv", b"a,b\n1,2\n", "text/csv", "column"),
        ("delivery.csv", HEADER.encode(), "text/csv", "no rows"),
        ("delivery.csv", b"x" * (2 * 1024 * 1024 + 1), "text/csv", "too large"),
    ],
)
def test_wrong_files_are_refused(booked, media_planner, name, content, content_type, message):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    with pytest.raises(DeliveryImportRefused, match=message):
        import_deliveries(by=media_planner, upload=upload)
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_a_creative_on_the_team_may_not_import(booked, producing, creative):
    join_team(producing, creative)
    with pytest.raises(DeliveryImportRefused) as refused:
        import_deliveries(by=creative, upload=csv_file(f"{booked.pk},2030-03-01,1,1,1,1\n"))
    assert "may not enter delivery" in refused.value.rows[0].messages[0]
    assert not Delivery.objects.exists()


# --- Through the API -----------------------------------------------------------------------
@pytest.mark.django_db
def test_api_import_good_and_bad(api, booked, media_planner):
    client = api(media_planner)
    good = csv_file(f"{booked.pk},2030-03-01,2,1500000,300,20000.00\n")
    response = client.post("/api/deliveries/import/", {"file": good}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json() == {"imported": 1}
    bad = csv_file(f"{booked.pk},2030-03-02,2,1,1,1\n{booked.pk},someday,2,1,1,1\n")
    response = client.post("/api/deliveries/import/", {"file": bad}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": 3, "messages": ["“someday” is not a date (YYYY-MM-DD)."]}
    ]
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_api_records_and_refuses_deliveries(api, booked, producing, media_planner, creative):
    body = {
        "media_buy": booked.pk,
        "date": "2030-03-01",
        "units_delivered": 2,
        "impressions": 10,
        "clicks": 1,
        "spend": "100.00",
    }
    response = api(media_planner).post("/api/deliveries/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["spend"] == "100.00"
    # the same day again: a message, not a crash
    response = api(media_planner).post("/api/deliveries/", body, format="json")
    assert response.status_code == 400
    assert "already recorded" in response.json()["detail"]
    # a creative on the team sees the buy but may not enter delivery
    join_team(producing, creative)
    response = api(creative).post("/api/deliveries/", {**body, "date": "2030-03-02"}, format="json")
    assert response.status_code == 403
    # negative spend is refused per field
    response = api(media_planner).post(
        "/api/deliveries/", {**body, "date": "2030-03-03", "spend": "-1.00"}, format="json"
    )
    assert response.status_code == 400 and "spend" in response.json()
    assert Delivery.objects.count() == 1


# --- Through the page ----------------------------------------------------------------------
@pytest.mark.django_db
def test_page_upload_reports_rows_and_imports_nothing(client, booked, media_planner):
    client.force_login(media_planner)
    bad = csv_file(f"{booked.pk},2030-03-01,2,1,1,1\n{booked.pk},2030-03-02,two,1,1,1\n")
    response = client.post("/media/deliveries/import/", {"file": bad})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "units_delivered “two” is not a whole number" in page
    assert not Delivery.objects.exists()
    good = csv_file(f"{booked.pk},2030-03-01,2,1,1,1\n")
    response = client.post("/media/deliveries/import/", {"file": good}, follow=True)
    assert "1 delivery rows imported." in response.content.decode()
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_page_entry_of_a_days_delivery(client, booked, media_planner):
    client.force_login(media_planner)
    url = f"/media/buys/{booked.pk}/deliveries/"
    response = client.post(
        url,
        {
            "date": "2030-03-01",
            "units_delivered": "2",
            "impressions": "5000",
            "clicks": "7",
            "spend": "20000.00",
        },
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.media_buy, delivery.impressions, delivery.spend) == (
        booked,
        5000,
        Decimal("20000.00"),
    )
    assert "5,000" in client.get(url).content.decode()
