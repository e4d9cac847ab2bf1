"""reliability.md 12: PATCH and PUT with read-only fields never change them — the stage, a
status, a number, amounts paid and totals, dates of issue, who created a row, is_staff —
whoever sends them (the lead AE, finance, the administrator)."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

OTHER_USER = "w_other_ae"
AN_HOUR_AGO = (timezone.now() - timedelta(hours=1)).isoformat()

#: (object in the world, API route, forbidden values, fields to compare). `@user` is a user id.
CASES = [
    (
        "account",
        "api:account-detail",
        {
            "stage": "collected",
            "created_by": "@user",
            "stage_entered_at": AN_HOUR_AGO,
            "created_at": AN_HOUR_AGO,
        },
        ["stage", "created_by_id", "stage_entered_at", "created_at"],
    ),
    (
        "client",
        "api:client-detail",
        {"created_by": "@user", "created_at": AN_HOUR_AGO},
        ["created_by_id", "created_at"],
    ),
    (
        "task",
        "api:task-detail",
        {
            "created_by": "@user",
            "contact_report": None,
            "created_at": AN_HOUR_AGO,
            "account": "@their_account",
        },
        ["created_by_id", "contact_report_id", "created_at", "account_id"],
    ),
    (
        "meeting",
        "api:meeting-detail",
        {"created_by": "@user", "account": "@their_account"},
        ["created_by_id", "account_id"],
    ),
    (
        "contact_report",
        "api:contact-report-detail",
        {"filed_by": "@user", "account": "@their_account", "meeting": None},
        ["filed_by_id", "account_id", "meeting_id"],
    ),
    (
        "communication",
        "api:communication-detail",
        {"recorded_by": "@user", "account": "@their_account"},
        ["recorded_by_id", "account_id"],
    ),
    (
        "planned_buy",
        "api:media-buy-detail",
        {
            "status": "booked",
            "gross": "1.00",
            "commission": "0.00",
            "net": "1.00",
            "commission_rate": "0.9",
            "currency": "USD",
            "vendor_reference": "FORGED",
            "booked_at": AN_HOUR_AGO,
            "account": "@their_account",
        },
        [
            "status",
            "gross",
            "commission",
            "net",
            "commission_rate",
            "currency",
            "vendor_reference",
            "booked_at",
            "account_id",
        ],
    ),
    (
        "delivery",
        "api:delivery-detail",
        {"entered_by": "@user", "media_buy": "@their_media_buy"},
        ["entered_by_id", "media_buy_id"],
    ),
    (
        "draft_invoice",
        "api:invoice-detail",
        {
            "number": "INV-1999-000001",
            "status": "paid",
            "total": "1.00",
            "subtotal": "1.00",
            "tax": "0.00",
            "paid": "1.00",
            "credited": "1.00",
            "amount_paid": "1.00",
            "issued_at": AN_HOUR_AGO,
            "issue_date": "2000-01-01",
            "due_date": "2000-01-31",
            "client": "@their_client",
            "kind": "credit_note",
            "account": "@their_account",
            "created_by": "@user",
        },
        [
            "number",
            "status",
            "total",
            "subtotal",
            "tax",
            "amount_paid",
            "amount_credited",
            "issued_at",
            "issue_date",
            "due_date",
            "client_id",
            "kind",
            "account_id",
            "created_by_id",
        ],
    ),
]


def _value(world, value):
    if value == "@user":
        return world.users["other_ae"].pk
    if isinstance(value, str) and value.startswith("@"):
        return getattr(world, value[1:]).pk
    return value


def _snapshot(obj, fields):
    obj.refresh_from_db()
    return {field: getattr(obj, field) for field in fields}


@pytest.mark.parametrize("method", ["patch", "put"])
@pytest.mark.parametrize("role", ["ae", "admin"])
@pytest.mark.parametrize("name, route, forged, fields", CASES, ids=[c[0] for c in CASES])
def test_read_only_fields_never_change(name, route, forged, fields, role, method, world):
    # Given an object and what it holds now
    obj = getattr(world, name)
    before = _snapshot(obj, fields)
    # When its editor sends read-only fields (with PUT, on top of the object's own fields)
    client = world.clients[role]
    url = reverse(route, kwargs={"pk": obj.pk})
    body = client.get(url).json() if method == "put" else {}
    body.update({key: _value(world, value) for key, value in forged.items()})
    response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
    # Then the answer is a normal one (saved or refused), and none of them changed
    assert response.status_code in (200, 400, 409), response.content
    assert _snapshot(obj, fields) == before


def test_finance_setting_the_fapiao_number_changes_nothing_else(world):
    invoice = world.invoice
    fields = ["number", "status", "total", "amount_paid", "issued_at", "due_date"]
    before = _snapshot(invoice, fields)
    body = {
        "fapiao_number": "FP-1",
        "number": "X",
        "status": "draft",
        "total": "1.00",
        "paid": "0.00",
        "amount_paid": "0.00",
        "issued_at": AN_HOUR_AGO,
    }
    response = world.clients["finance"].patch(
        reverse("api:invoice-detail", kwargs={"pk": invoice.pk}),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert _snapshot(invoice, fields) == before
    assert invoice.fapiao_number == "FP-1"


def test_nobody_makes_themselves_staff_through_the_api(world):
    user = world.users["ae"]
    for method in ("patch", "put", "post"):
        response = getattr(world.clients["ae"], method)(
            "/api/me/",
            json.dumps({"is_staff": True, "is_superuser": True, "level": "account_director"}),
            content_type="application/json",
        )
        assert response.status_code == 405
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser, user.level) == (False, False, "senior_ae")


def test_a_page_form_ignores_a_posted_stage(world):
    account = world.account
    before = _snapshot(account, ["stage", "created_by_id", "client_id"])
    world.clients["ae"].post(
        reverse("account-edit", kwargs={"pk": account.pk}),
        {
            "name": "Renamed",
            "budget": "100000.00",
            "currency": "CNY",
            "lead_ae": world.users["ae"].pk,
            "stage": "collected",
            "client": world.their_client.pk,
            "created_by": world.users["other_ae"].pk,
        },
    )
    after = _snapshot(account, ["stage", "created_by_id", "client_id"])
    assert after == before and account.name == "Renamed"
