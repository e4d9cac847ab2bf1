"""Receivables aging, computed by hand on a small fixed data set."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Client
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
    return {key: value for key, value in row.items() if key not in ("id", "invoices")}


def test_aging_totals_per_currency_and_a_page_of_clients_most_overdue_first(api, books, finance):
    report = api(finance).get("/api/reports/ar-aging/").json()
    assert report["as_of"] == str(books)
    assert report["group"] == "client"
    zero = "0.00"
    assert [r["name"] for r in report["results"]] == ["Beta 乙", "Alpha 甲", "Gamma"]
    assert (report["count"], report["next"], report["previous"]) == (3, None, None)
    assert _row(report["results"], "Alpha 甲") == {
        "name": "Alpha 甲",
        "currency": "CNY",
        "current": "1050.00",
        "1_30": "1500.00",
        "31_60": "3000.00",
        "61_90": zero,
        "over_90": zero,
        "overdue": "4500.00",
        "total": "5550.00",
    }
    assert _row(report["results"], "Beta 乙") == {
        "name": "Beta 乙",
        "currency": "CNY",
        "current": zero,
        "1_30": zero,
        "31_60": zero,
        "61_90": "4000.00",
        "over_90": "4000.00",
        "overdue": "8000.00",
        "total": "8000.00",
    }
    assert _row(report["results"], "Gamma")["1_30"] == "770.00"
    assert [(t["currency"], t["total"], t["overdue"]) for t in report["totals"]] == [
        ("CNY", "13550.00", "12500.00"),
        ("USD", "770.00", "770.00"),
    ]


def test_aging_per_lead_ae(api, books, ae, other_ae, finance):
    report = api(finance).get("/api/reports/ar-aging/", {"group": "ae"}).json()
    assert report["group"] == "ae"
    by_ae = [(r["id"], r["currency"], r["total"]) for r in report["results"]]
    assert by_ae == [(ae.pk, "CNY", "13550.00"), (other_ae.pk, "USD", "770.00")]
    assert report["results"][0]["name"] == str(ae)


def test_the_rows_come_a_page_at_a_time(api, books, finance):
    first = api(finance).get("/api/reports/ar-aging/", {"page_size": 2}).json()
    assert first["count"] == 3 and [r["name"] for r in first["results"]] == ["Beta 乙", "Alpha 甲"]
    second = api(finance).get(first["next"]).json()
    assert [r["name"] for r in second["results"]] == ["Gamma"]
    assert second["next"] is None and second["previous"]
    assert second["totals"] == first["totals"]  # the totals are the whole report's


def test_an_unknown_group_is_refused(api, books, finance):
    response = api(finance).get("/api/reports/ar-aging/", {"group": "account"})
    assert response.status_code == 400 and "group" in response.json()


def test_a_row_links_to_the_open_invoices_behind_it(api, books, finance):
    report = api(finance).get("/api/reports/ar-aging/").json()
    alpha = next(r for r in report["results"] if r["name"] == "Alpha 甲")
    invoices = api(finance).get(alpha["invoices"]).json()["results"]
    assert sum(Decimal(i["balance"]) for i in invoices) == Decimal(alpha["total"])
    assert {i["status"] for i in invoices} <= {"issued", "partially_paid"}
    assert len(invoices) == 4  # Alpha's open invoices; the credit note and paid ones are not


def test_aging_is_scoped_to_what_the_user_sees(api, books, other_ae, creative):
    report = api(other_ae).get("/api/reports/ar-aging/").json()
    assert [r["name"] for r in report["results"]] == ["Gamma"]
    assert [(t["currency"], t["total"]) for t in report["totals"]] == [("USD", "770.00")]
    empty = api(creative).get("/api/reports/ar-aging/").json()
    assert empty["results"] == [] and empty["totals"] == [] and empty["count"] == 0


def test_buckets_boundaries():
    today = timezone.localdate()
    cases = {0: "current", -3: "current", 1: "1_30", 30: "1_30", 31: "31_60", 60: "31_60"}
    cases |= {61: "61_90", 90: "61_90", 91: "over_90", 400: "over_90"}
    for days_late, bucket in cases.items():
        assert selectors.bucket_of(today - timedelta(days=days_late), today) == bucket


def test_aging_page_shows_totals_and_a_page_of_clients(client, books, finance):
    client.force_login(finance)
    page = client.get("/receivables/aging/")
    assert page.status_code == 200
    assert "Alpha 甲" in page.text and "5,550.00" in page.text and "13,550.00" in page.text
    assert page.text.index("Beta 乙") < page.text.index("Alpha 甲")  # most overdue first
    by_ae = client.get("/receivables/aging/", {"group": "ae"})
    assert "Alpha 甲" not in by_ae.text and "13,550.00" in by_ae.text


def test_a_bucket_opens_the_invoices_in_it(client, books, finance):
    client.force_login(finance)
    page = client.get("/receivables/aging/")
    href = f"?client={Client.objects.get(name='Alpha 甲').pk}&amp;currency=CNY&amp;bucket=1_30"
    assert href in page.text
    listed = client.get("/invoices/" + href.replace("&amp;", "&")).context["page"].object_list
    assert [invoice.balance for invoice in listed] == [Decimal("1500.00")]


def test_the_csv_holds_every_row_streamed(client, books, finance):
    client.force_login(finance)
    csv = client.get("/receivables/aging.csv")
    assert csv["Content-Type"].startswith("text/csv") and csv.streaming
    lines = csv.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0] == "group,name,currency,current,1_30,31_60,61_90,over_90,total"
    assert "client,Alpha 甲,CNY,1050.00,1500.00,3000.00,0.00,0.00,5550.00" in lines
    assert "total,Total,CNY,1050.00,1500.00,3000.00,4000.00,4000.00,13550.00" in lines
    assert len([line for line in lines if line.startswith("client,")]) == 3
    assert len([line for line in lines if line.startswith("ae,")]) == 2


def test_csv_does_not_let_a_client_name_run_as_a_formula(client, ae, finance):
    account = AccountFactory(lead_ae=ae, client=ClientFactory(name="=HYPERLINK(1)"))
    issued(account, ae, "1.00")
    client.force_login(finance)
    text = client.get("/receivables/aging.csv").getvalue().decode("utf-8-sig")
    assert "client,'=HYPERLINK(1),CNY" in text


def _more_clients_owing(monkeypatch, ae, n: int) -> None:
    today = timezone.localdate()
    for k in range(n):
        account = AccountFactory(lead_ae=ae, client=ClientFactory(name=f"Owing {k}"))
        with monkeypatch.context() as patch:
            issue_day = today - timedelta(days=k * 9)
            patch.setattr(timezone, "localdate", lambda *a, day=issue_day, **kw: day)
            issued(account, ae, "100.00", vat="0")


#: The aging page, API and CSV: the session and the user, the session's save (three), then
#: the totals and a page of rows with their count (the CSV: every client row, every AE row).
MAX_QUERIES = 8


def test_the_aging_queries_do_not_grow_with_the_invoices(
    client, books, monkeypatch, ae, finance, django_assert_max_num_queries
):
    client.force_login(finance)
    urls = ["/receivables/aging/", "/receivables/aging/?group=ae", "/receivables/aging.csv"]
    urls += ["/api/reports/ar-aging/", "/api/reports/ar-aging/?group=ae"]

    def measure():
        for url in urls:
            with django_assert_max_num_queries(MAX_QUERIES):
                response = client.get(url)
                if response.streaming:
                    response.getvalue()
            assert response.status_code == 200, url

    measure()
    _more_clients_owing(monkeypatch, ae, 60)  # more rows than a page
    measure()
