"""The API's invoice list is written from plain values (billing.api.invoice_rows): it must
say exactly what InvoiceSerializer says of each invoice — drafts, issued, partly paid,
overdue, credit notes and the invoices they credit, lines of several kinds, datetimes in the
reader's time zone — and cost the same few queries however long the page."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from billing import selectors, services
from billing.api.serializers import InvoiceSerializer
from billing.models import Invoice, LineKind

from .helpers import advance, draft, issued, line, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(account, ae, finance, monkeypatch):
    """Invoices in every state the list shows."""
    account = advance(account, to="evaluating", by=ae)
    draft(account, ae, "120.50")
    services.create_invoice(
        account=account,
        by=ae,
        lines=[line("1000.00", kind=LineKind.MEDIA_NET, vat="0"), line("33.33", qty="3")],
        notes="Two lines 两行",
    )
    paid_part = issued(account, ae, "500.00")
    pay(paid_part, finance, "100.00", "part-1")
    with monkeypatch.context() as then:  # issued 90 days ago: past its due date now
        then.setattr(timezone, "localdate", lambda *a, **k: date.today() - timedelta(days=90))
        issued(account, ae, "80.00")
    credited = issued(account, ae, "300.00")
    services.issue_credit_note(
        invoice=credited, by=finance, amount=Decimal("50.00"), reason="Discount 折扣"
    )
    services.update_invoice(invoice=credited, by=finance, fapiao_number="FP-0001")
    return account


def as_json(data) -> bytes:
    return JSONRenderer().render(data)


@pytest.mark.parametrize("zone", ["", "Europe/London", "America/New_York"])
@pytest.mark.parametrize("who", ["finance", "ae", "ad"])
def test_the_list_says_what_the_serializer_says(ledger, client, request, who, zone):
    user = request.getfixturevalue(who)
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    client.force_login(user)  # a session: the reader's time zone is switched on
    listed = client.get("/api/invoices/?page_size=200").json()["results"]

    invoices = selectors.invoice_detail(user=user).order_by("-created_at", "-id")
    http = RequestFactory().get("/api/invoices/")
    http.user = user
    with timezone.override(zone or timezone.get_default_timezone()):
        expected = InvoiceSerializer(invoices, many=True, context={"request": http}).data
    assert len(listed) == Invoice.objects.count() == 6
    assert listed == json.loads(as_json(expected))
    assert {row["status"] for row in listed} >= {"draft", "issued", "partially_paid"}
    assert any(row["overdue"] for row in listed) and any(row["credited_invoice"] for row in listed)


@pytest.mark.parametrize("extra", [0, 12])
def test_the_list_costs_the_same_queries_however_long(
    ledger, ae, finance, api, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        draft(ledger, ae, "10.00", "20.00")
    with django_assert_max_num_queries(5):  # ids of the user's accounts, count, page, names, lines
        response = api(ae).get("/api/invoices/?page_size=200")
    assert response.json()["count"] == 6 + extra


def test_a_status_filter_counts_the_invoices_of_those_statuses_without_distinct(
    ledger, finance, api
):
    with CaptureQueriesContext(connection) as queries:
        page = api(finance).get("/api/invoices/?status=issued&status=partially_paid").json()
    assert page["count"] == Invoice.objects.filter(status__in=["issued", "partially_paid"]).count()
    assert {row["status"] for row in page["results"]} == {"issued", "partially_paid"}
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]
