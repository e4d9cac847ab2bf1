"""Drafting and issuing invoices: totals, due dates, numbers, who may, and what the API shows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from agency.errors import DomainError, NotAllowed
from billing import services
from billing.models import BillingEvent, Invoice, InvoiceStatus, LineKind
from billing.services.common import InvoiceLocked
from tests.factories import AccountFactory

from .helpers import draft, issued, line

pytestmark = pytest.mark.django_db


def test_a_draft_adds_up_its_lines_and_has_no_number(account, ae):
    # Given two lines at 6%
    invoice = services.create_invoice(
        account=account,
        by=ae,
        lines=[line("1000.00", qty="2"), line("333.33", kind=LineKind.PRODUCTION)],
    )
    # Then net, tax (per line) and total are exact, and a draft has no number or dates
    invoice.refresh_from_db()
    assert (invoice.subtotal, invoice.tax, invoice.total) == (
        Decimal("2333.33"),
        Decimal("140.00"),  # 120.00 + 20.00 (19.9998 rounded on its line)
        Decimal("2473.33"),
    )
    assert invoice.status == InvoiceStatus.DRAFT and invoice.number is None
    assert invoice.due_date is None and invoice.client == account.client
    assert invoice.currency == account.currency
    assert list(invoice.lines.values_list("position", flat=True)) == [1, 2]
    assert BillingEvent.objects.get(invoice=invoice).kind == "drafted"


def test_without_lines_a_draft_starts_from_the_suggestion(evaluating, ae):
    # Given an account whose accepted proposal has one item (no department, no media buys),
    # when a draft is opened without lines
    invoice = services.create_invoice(account=evaluating, by=ae)
    # Then it bills that item at the default VAT rate, naming it
    (only,) = invoice.lines.all()
    assert only.kind == LineKind.OTHER and only.unit_price == evaluating.budget
    assert only.vat_rate == Decimal("0.06") and only.budget_line is not None
    assert invoice.total == Decimal("530000.00")


def test_without_anything_sold_the_suggestion_is_empty(account, ae):
    assert services.suggest_invoice_lines(account) == []
    assert not services.create_invoice(account=account, by=ae).lines.exists()


@override_settings(DEFAULT_VAT_RATE="0.09")
def test_the_default_vat_rate_comes_from_settings(evaluating, ae):
    assert services.suggest_invoice_lines(evaluating)[0]["vat_rate"] == Decimal("0.09")


def test_issuing_numbers_dates_and_freezes(account, ae):
    # Given a client paying at 45 days
    account.client.payment_terms_days = 45
    account.client.save()
    invoice = draft(account, ae, "100.00")
    # When the AE issues it
    invoice = services.issue_invoice(invoice=invoice, by=ae)
    # Then it has this year's first number, today's date and a due date 45 days later
    today = timezone.localdate()
    invoice.refresh_from_db()
    assert invoice.number == f"INV-{today.year}-000001"
    assert invoice.status == InvoiceStatus.ISSUED
    assert invoice.issue_date == today and invoice.due_date == today + timedelta(days=45)
    assert invoice.issued_by == ae and invoice.balance == Decimal("106.00")
    event = invoice.events.get(kind="issued")
    assert (event.source, event.target, event.amount, event.by) == (
        "draft",
        "issued",
        Decimal("106.00"),
        ae,
    )


def test_numbers_follow_each_other_per_series(account, ae):
    numbers = [issued(account, ae, "10.00").number for _ in range(3)]
    year = timezone.localdate().year
    assert numbers == [f"INV-{year}-00000{n}" for n in (1, 2, 3)]


def test_an_issued_invoice_cannot_be_edited_or_issued_again(account, ae):
    invoice = issued(account, ae, "100.00")
    with pytest.raises(InvoiceLocked):
        services.update_invoice(invoice=invoice, by=ae, lines=[line("1.00")])
    with pytest.raises(InvoiceLocked):
        services.update_invoice(invoice=invoice, by=ae, notes="changed")
    with pytest.raises(InvoiceLocked):
        services.issue_invoice(invoice=invoice, by=ae)
    invoice.refresh_from_db()
    assert invoice.total == Decimal("106.00") and invoice.lines.count() == 1
    assert invoice.number.endswith("000001")


def test_lines_are_replaced_while_draft(account, ae):
    invoice = draft(account, ae, "100.00", "200.00")
    services.update_invoice(invoice=invoice, by=ae, lines=[line("50.00", vat="0")])
    invoice.refresh_from_db()
    assert invoice.lines.count() == 1 and invoice.total == Decimal("50.00")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"kind": "bribe"}, "unknown kind"),
        ({"description": " "}, "description"),
        ({"quantity": Decimal("0")}, "quantity"),
        ({"vat_rate": Decimal("1.5")}, "VAT rate"),
        ({"unit_price": Decimal("1.001")}, "two decimal places"),
        ({"unit_price": Decimal("NaN")}, "numbers"),
        ({"unit_price": "abc"}, "numbers"),
        ({"unit_price": Decimal("1e13")}, "too large"),
    ],
)
def test_bad_lines_are_refused_with_a_reason(account, ae, bad, message):
    with pytest.raises(DomainError, match=message):
        services.create_invoice(account=account, by=ae, lines=[{**line("1.00"), **bad}])
    assert not Invoice.objects.exists()


def test_nothing_to_issue_is_refused(account, ae):
    empty = services.create_invoice(account=account, by=ae, lines=[])
    with pytest.raises(DomainError, match="no lines"):
        services.issue_invoice(invoice=empty, by=ae)
    negative = draft(account, ae, "-10.00")
    with pytest.raises(DomainError, match="more than zero"):
        services.issue_invoice(invoice=negative, by=ae)
    assert not Invoice.objects.exclude(number=None).exists()


def test_who_may_draft_and_issue(account, ae, ad, other_ae, creative, finance, admin_user):
    # Team AE, their AD, finance and an admin may; another team's AE and staff may not
    for user in (ae, ad, finance, admin_user):
        services.issue_invoice(invoice=draft(account, user, "1.00"), by=user)
    for user in (other_ae, creative):
        with pytest.raises(NotAllowed):
            draft(account, user, "1.00")
    invoice = draft(account, ae, "1.00")
    with pytest.raises(NotAllowed):
        services.issue_invoice(invoice=invoice, by=other_ae)


# --- API --------------------------------------------------------------------------------------
def test_api_creates_a_draft_with_lines(api, account, ae):
    body = {
        "account": account.pk,
        "lines": [
            {"kind": "media_net", "description": "TV", "quantity": "2", "unit_price": "150.50"},
            {"kind": "commission", "description": "15%", "unit_price": "45.15", "quantity": 1},
        ],
        "number": "INV-1999-999999",
        "status": "paid",
        "total": "1.00",
    }
    response = api(ae).post("/api/invoices/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    # Read-only fields are ignored; money is strings with two places
    assert data["number"] is None and data["status"] == "draft"
    assert (data["subtotal"], data["tax"], data["total"]) == ("346.15", "20.77", "366.92")
    assert data["lines"][0]["vat_rate"] == "0.0600" and data["balance"] == "0.00"


def test_api_refuses_bad_input_per_field(api, account, ae):
    response = api(ae).post(
        "/api/invoices/",
        {"account": account.pk, "lines": [{"kind": "x", "quantity": "-1", "unit_price": "a"}]},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["lines"]["0"]  # DRF keys the rows of a bounded list
    assert {"kind", "description", "quantity", "unit_price"} <= set(errors)


def test_api_patch_edits_a_draft_and_issue_numbers_it(api, account, ae):
    invoice = draft(account, ae, "100.00")
    client = api(ae)
    response = client.patch(
        f"/api/invoices/{invoice.pk}/",
        {"lines": [line("200.00") | {"unit_price": "200.00", "quantity": "1"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["total"] == "212.00"
    response = client.post(f"/api/invoices/{invoice.pk}/issue/")
    assert response.status_code == 200
    assert response.json()["number"].startswith("INV-") and response.json()["status"] == "issued"
    assert response.json()["due_date"]


def test_api_patch_on_an_issued_invoice_is_a_clear_409(api, account, ae):
    invoice = issued(account, ae, "100.00")
    response = api(ae).patch(
        f"/api/invoices/{invoice.pk}/",
        {"notes": "x", "lines": [{"kind": "fee", "description": "d", "unit_price": "1"}]},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert "credit note" in response.json()["detail"]
    invoice.refresh_from_db()
    assert invoice.total == Decimal("106.00") and invoice.notes == ""


def test_only_finance_sets_the_fapiao_number(api, account, ae, finance):
    invoice = issued(account, ae, "100.00")
    # The AE's fapiao number is ignored (read-only for them) and the invoice is issued: 409
    assert api(ae).patch(f"/api/invoices/{invoice.pk}/", {"fapiao_number": "F1"}).status_code == 409
    response = api(finance).patch(f"/api/invoices/{invoice.pk}/", {"fapiao_number": "0442 1"})
    assert response.status_code == 200 and response.json()["fapiao_number"] == "0442 1"
    invoice.refresh_from_db()
    assert invoice.fapiao_number == "0442 1" and invoice.total == Decimal("106.00")


def test_visibility_of_invoices(api, account, ae, ad, other_ae, creative, finance):
    # Given an invoice on ae's account, with a creative on its team
    from campaigns.models import TeamMember

    TeamMember.objects.create(account=account, user=creative)
    mine = issued(account, ae, "100.00")
    theirs = issued(AccountFactory(lead_ae=other_ae), other_ae, "5.00")
    # Then the team AE, their AD and finance see it; another AE and the creative do not
    for user, expected in (
        (ae, {mine.pk}),
        (ad, {mine.pk}),
        (finance, {mine.pk, theirs.pk}),
        (other_ae, {theirs.pk}),
        (creative, set()),
    ):
        listed = {row["id"] for row in api(user).get("/api/invoices/").json()["results"]}
        assert listed == expected, user
    for user in (other_ae, creative):
        client = api(user)
        assert client.get(f"/api/invoices/{mine.pk}/").status_code == 404
        assert client.patch(f"/api/invoices/{mine.pk}/", {"notes": "x"}).status_code == 404
        assert client.post(f"/api/invoices/{mine.pk}/issue/").status_code == 404
        assert client.get(f"/api/invoices/{mine.pk}/pdf/").status_code == 404
        assert client.get(f"/api/invoices/{mine.pk}/history/").status_code == 404
    # and nobody can draft on an account they do not see
    response = api(other_ae).post("/api/invoices/", {"account": account.pk}, format="json")
    assert response.status_code == 400 and "account" in response.json()


def test_api_list_filters(api, account, ae, finance, monkeypatch):
    paid_later = issued(account, ae, "10.00")
    draft(account, ae, "20.00")
    client = api(finance)
    statuses = [r["status"] for r in client.get("/api/invoices/?status=draft").json()["results"]]
    assert statuses == ["draft"]
    ids = [
        r["id"] for r in client.get(f"/api/invoices/?search={paid_later.number}").json()["results"]
    ]
    assert ids == [paid_later.pk]
    assert client.get("/api/invoices/?overdue=true").json()["count"] == 0
    # An invoice issued 31 days ago on 30-day terms is overdue
    long_ago = timezone.localdate() - timedelta(days=31)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: long_ago)
        late = issued(account, ae, "30.00")
    overdue = client.get("/api/invoices/?overdue=true").json()["results"]
    assert [r["id"] for r in overdue] == [late.pk] and overdue[0]["overdue"] is True


def test_list_query_count_does_not_grow_with_rows(api, ae, finance, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    account = AccountFactory(lead_ae=ae)
    issued(account, ae, "1.00")
    client = api(finance)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/invoices/").status_code == 200
    for _ in range(10):
        issued(AccountFactory(lead_ae=ae), ae, "1.00")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/invoices/").json()["count"] == 11
    assert len(many) == len(few) <= 4
