"""The page and /api/reports/ give the same numbers: the page's tables (what it renders) and
the API's JSON, figure by figure, for the same scope."""

from decimal import Decimal

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page_tables(client, params):
    response = client.get(reverse("ad-dashboard"), params)
    assert response.status_code == 200
    context = response.context
    return {**context["pipeline"], **context["workload"], **context["revenue"]}


def values(table, column):
    return [row[column].value for row in table.rows]


@pytest.mark.parametrize("params", [{}, {"client": "alpha"}, {"from": "recent"}])
def test_every_number_of_the_page_is_the_apis(books, ad, as_user, api, params):
    if params.get("client"):
        params = {"client": books.clients["alpha"].pk}
    if params.get("from"):
        params = {"from": books.today.replace(day=1).isoformat()}
    tables = page_tables(as_user(ad), params)
    pipeline = api(ad).get("/api/reports/pipeline/", params).json()
    workload = api(ad).get("/api/reports/workload/", params).json()
    revenue = api(ad).get("/api/reports/revenue/", params).json()

    # Pipeline: accounts and budget per stage, days per stage, stuck, proposals.
    assert values(tables["funnel"], 1) == [s["accounts"] for s in pipeline["stages"]]
    budgets = [
        {b["currency"]: Decimal(b["amount"]) for b in s["budget"]} for s in pipeline["stages"]
    ]
    assert values(tables["funnel"], 2) == [b.get("CNY", Decimal("0.00")) for b in budgets]
    times = pipeline["stage_times"]
    assert values(tables["stage_times"], 1) == [t["changes"] for t in times]
    assert values(tables["stage_times"], 2) == [
        Decimal(t["average_days"]) if t["average_days"] else None for t in times
    ]
    assert tables["stuck"].count == pipeline["stuck"]["count"]
    assert values(tables["stuck"], 0) == [a["name"] for a in pipeline["stuck"]["accounts"]]
    p = pipeline["proposals"]
    assert values(tables["proposals"], 1) == [
        p["won"],
        p["lost"],
        Decimal(p["win_rate"]) if p["win_rate"] else None,
        p["revisions"],
        Decimal(p["revisions_per_won"]) if p["revisions_per_won"] else None,
    ]
    assert [(r[0].value, r[1].value) for r in tables["lost_reasons"].rows] == [
        (r["reason"], r["accounts"]) for r in p["lost_reasons"]
    ]

    # Workload and client attention.
    assert [(r[0].value, r[2].value, r[3].value) for r in tables["people"].rows] == [
        (x["name"], x["open"], x["overdue"]) for x in workload["people"]
    ]
    assert [(r[1].value, r[2].value) for r in tables["departments"].rows] == [
        (x["open"], x["overdue"]) for x in workload["departments"]
    ]
    assert [[c.value for c in r] for r in tables["aes"].rows] == [
        [x["name"], x["open"], x["on_hold"], x["closed"], x["total"]]
        for x in workload["accounts_per_ae"]
    ]
    assert tables["quiet"].count == workload["quiet"]["count"]
    assert tables["owed"].count == workload["contact_reports_owed"]["count"]

    # Money and media.
    months = revenue["months"]
    cny = lambda amounts: next(  # noqa: E731
        (Decimal(a["amount"]) for a in amounts if a["currency"] == "CNY"), Decimal("0.00")
    )
    assert values(tables["months"], 1) == [cny(m["invoiced"]) for m in months]
    assert values(tables["months"], 2) == [cny(m["collected"]) for m in months]
    by_currency = {r["currency"]: r for r in revenue["receivables"]}
    aging = tables["aging"]
    for column, currency in enumerate(aging.headers[1:], start=1):
        row = by_currency.get(currency)
        expected = [
            Decimal(row[k]) if row else Decimal("0.00")
            for k in ("current", "1_30", "31_60", "61_90", "over_90", "total", "expected_30_days")
        ]
        assert values(aging, column) == expected
    overdue = revenue["overdue_invoices"]
    assert tables["overdue"].count == overdue["count"]
    assert values(tables["overdue"], 5) == [Decimal(i["balance"]) for i in overdue["invoices"]]
    media = revenue["media_months"]
    assert values(tables["media_months"], 1) == [cny(m["booked"]) for m in media]
    assert values(tables["media_months"], 2) == [cny(m["delivered"]) for m in media]
    kinds = revenue["media_by_outlet_type"]
    assert values(tables["media_kinds"], 1) == [cny(k["booked"]) for k in kinds]


def test_the_rendered_page_shows_the_apis_figures(books, ad, as_user, api):
    html = as_user(ad).get(reverse("ad-dashboard")).content.decode()
    revenue = api(ad).get("/api/reports/revenue/").json()

    (cny,) = revenue["receivables"]
    assert cny["total"] == "5500.00"
    assert 'data-testid="kpi-receivables-CNY">CN¥5,500.00<' in html
    assert "CN¥1,500.00" in html  # the 1–30 days bucket
    assert 'data-testid="count-stuck">1<' in html


def test_the_api_refuses_a_period_that_ends_before_it_starts(api, ad):
    response = api(ad).get("/api/reports/revenue/", {"from": "2026-05-01", "to": "2026-01-01"})

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_the_api_needs_a_login(api):
    assert api().get("/api/reports/pipeline/").status_code in (401, 403)
