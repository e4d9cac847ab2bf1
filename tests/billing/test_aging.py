"""Receivables aging, computed by hand on a small fixed data set."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing import selectors, services
from billing.models import Currency
from tests.factories import AccountFactory, ClientFactory

from .helpers import draft, issued, pay

pytestmark = pytest.mark.django_db
TERMS = 30


@pytest.fixture
def books(monkeypatch, ae, other_ae, finance):
    """Open invoices whose due dates fall in every bucket (payment terms: 30 days)."""
    today = timezone.localdate()

    def issued_days_ago(account, days, amount):
        with monkeypatch.context() as patch:
            patch.setattr(timezone, "localdate", lambda *a, **k: today - timedelta(days=days))
            return issued(account, account.lead_ae, amount, vat="0")

    a = AccountFactory(lead_ae=ae, client=ClientFactory(name="Alpha 甲", payment_terms_days=TERMS))
    b = AccountFactory(lead_ae=ae, client=ClientFactory(name="Beta 乙", payment_terms_days=TERMS))
    c_client = ClientFactory(name="Gamma", payment_terms_days=TERMS, currency=Currency.USD)
    c = AccountFactory(lead_ae=other_ae, client=c_client, currency=Currency.USD)
    issued_days_ago(a, 20, "1000.00")  # due in 10 days: current
    issued_days_ago(a, 30, "50.00")  # due today: current
    partly = issued_days_ago(a, 35, "2000.00")  # 5 days late: 1_30, 1,500.00 open
    pay(partly, finance, "500.00", "p1")
    issued_days_ago(a, 75, "3000.00")  # 45 days late: 31_60
    issued_days_ago(b, 105, "4000.00")  # 75 days late: 61_90
    credited = issued_days_ago(b, 150, "5000.00")  # 120 days late: over_90, 4,000.00 open
    services.issue_credit_note(invoice=credited, by=finance, amount=Decimal("1000"), reason="x")
    settled = issued_days_ago(b, 200, "9000.00")  # paid: not owed
    pay(settled, finance, "9000.00", "p2")
    draft(b, ae, "777.00")  # a draft is not owed
    issued_days_ago(c, 60, "700.00")  # exactly 30 days late: 1_30, in USD
    issued_days_ago(c, 31, "70.00")  # 1 day late: 1_30
    return today


def _row(rows, name):
    (row,) = [r for r in rows if r["name"] == name]
    return {key: value for key, value in row.items() if key != "id"}


def test_aging_per_client_per_ae_with_totals(api, books, ae, other_ae, finance):
    report = api(finance).get("/api/reports/ar-aging/").json()
    assert report["as_of"] == str(books)
    zero = "0.00"
    assert _row(report["by_client"], "Alpha 甲") == {
        "name": "Alpha 甲",
        "currency": "CNY",
        "current": "1050.00",
        "1_30": "1500.00",
        "31_60": "3000.00",
        "61_90": zero,
        "over_90": zero,
        "total": "5550.00",
    }
    assert _row(report["by_client"], "Beta 乙") == {
        "name": "Beta 乙",
        "currency": "CNY",
        "current": zero,
        "1_30": zero,
        "31_60": zero,
        "61_90": "4000.00",
        "over_90": "4000.00",
        "total": "8000.00",
    }
    assert _row(report["by_client"], "Gamma")["1_30"] == "770.00"
    assert [(t["currency"], t["total"]) for t in report["totals"]] == [
        ("CNY", "13550.00"),
        ("USD", "770.00"),
    ]
    by_ae = {(r["id"], r["currency"]): r["total"] for r in report["by_ae"]}
    assert by_ae == {(ae.pk, "CNY"): "13550.00", (other_ae.pk, "USD"): "770.00"}


def test_aging_is_scoped_to_what_the_user_sees(api, books, other_ae, creative):
    report = api(other_ae).get("/api/reports/ar-aging/").json()
    assert [r["name"] for r in report["by_client"]] == ["Gamma"]
    assert [(t["currency"], t["total"]) for t in report["totals"]] == [("USD", "770.00")]
    empty = api(creative).get("/api/reports/ar-aging/").json()
    assert empty["by_client"] == [] and empty["totals"] == []


def test_buckets_boundaries():
    today = timezone.localdate()
    cases = {0: "current", -3: "current", 1: "1_30", 30: "1_30", 31: "31_60", 60: "31_60"}
    cases |= {61: "61_90", 90: "61_90", 91: "over_90", 400: "over_90"}
    for days_late, bucket in cases.items():
        assert selectors.bucket_of(today - timedelta(days=days_late), today) == bucket


def test_aging_page_and_csv(client, books, finance):
    client.force_login(finance)
    page = client.get("/receivables/aging/")
    assert page.status_code == 200
    assert "Alpha 甲" in page.text and "5,550.00" in page.text and "13,550.00" in page.text
    csv = client.get("/receivables/aging.csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "group,name,currency,current,1_30,31_60,61_90,over_90,total"
    assert "client,Alpha 甲,CNY,1050.00,1500.00,3000.00,0.00,0.00,5550.00" in lines
    assert "total,Total,CNY,1050.00,1500.00,3000.00,4000.00,4000.00,13550.00" in lines


def test_csv_does_not_let_a_client_name_run_as_a_formula(client, ae, finance):
    account = AccountFactory(lead_ae=ae, client=ClientFactory(name="=HYPERLINK(1)"))
    issued(account, ae, "1.00")
    client.force_login(finance)
    text = client.get("/receivables/aging.csv").content.decode("utf-8-sig")
    assert "client,'=HYPERLINK(1),CNY" in text


def test_aging_query_count_is_constant(books, finance, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.ar_aging(user=finance)
