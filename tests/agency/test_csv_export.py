"""Streamed CSV downloads keep the request's time zone and language for rows made later."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext

from agency.csv_export import csv_safe, streamed_csv

MOMENT = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)


def rows():
    """Made only when the response is sent, as a drill-down list's are."""
    yield [timezone.localtime(MOMENT).isoformat(), gettext("Overdue")]


def test_rows_made_while_streaming_are_in_the_requests_zone_and_language():
    with timezone.override(ZoneInfo("America/New_York")), translation.override("zh-hans"):
        response = streamed_csv("x", rows())
    with timezone.override(ZoneInfo("Asia/Tokyo")), translation.override("en"):
        text = response.getvalue().decode("utf-8-sig")  # sent after the view has returned
    assert text == "2026-01-01T22:04:00-05:00,逾期\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_a_formula_is_kept_as_text():
    assert csv_safe("=1+1") == "'=1+1" and csv_safe("Alpha") == "Alpha"
