"""reliability.md 18: every form and endpoint refuses bad input with a message per field —
negative or non-numeric money, an end before its start, an unknown department, a file of the
wrong type or too large — and writes nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import snapshots

pytestmark = pytest.mark.django_db

TODAY = str(timezone.localdate())
LATER = "2031-01-10"


def _buy(w, **bad):
    return {
        "account": w.account.pk, "outlet": w.outlet.pk, "placement": "Slot",
        "flight_start": "2030-07-01", "flight_end": "2030-07-31", "unit_type": "spot",
        "quantity": 1, "unit_rate": "10.00", **bad,
    }  # fmt: skip


def _line(**bad):
    return {"kind": "fee", "description": "Fee", "quantity": "1", "unit_price": "5.00", **bad}


def _task(w, **bad):
    return {"account": w.account.pk, "title": "T", "department": "account",
            "owner": w.users["ae"].pk, "due_date": LATER, **bad}  # fmt: skip


# (who, method, url, body, the field that must carry a message)
API_CASES = {
    "negative budget": ("ae", "post", "/api/accounts/",
                        lambda w: {"client": w.client.pk, "name": "N", "budget": "-1"}, "budget"),
    "text budget": ("ae", "patch", "/api/accounts/{account}/", {"budget": "lots"}, "budget"),
    "negative brief budget": ("ae", "patch", "/api/accounts/{account}/brief/",
                              {"budget": "-100.00"}, "budget"),
    "sales period backwards": ("ae", "patch", "/api/accounts/{account}/brief/",
                               {"sales_period_start": "2031-05-01",
                                "sales_period_end": "2031-04-01"}, "sales_period_end"),
    "unknown department needed": ("ae", "patch", "/api/accounts/{account}/brief/",
                                  {"departments_needed": ["marketing"]}, "departments_needed"),
    "negative unit rate": ("ae", "post", "/api/media-buys/",
                           lambda w: _buy(w, unit_rate="-1.00"), "unit_rate"),
    "text unit rate": ("ae", "post", "/api/media-buys/",
                       lambda w: _buy(w, unit_rate="cheap"), "unit_rate"),
    "no quantity": ("ae", "post", "/api/media-buys/", lambda w: _buy(w, quantity=0), "quantity"),
    "flight backwards": ("ae", "post", "/api/media-buys/",
                         lambda w: _buy(w, flight_end="2030-06-01"), "flight_end"),
    "negative spend": ("ae", "post", "/api/deliveries/",
                       lambda w: {"media_buy": w.media_buy.pk, "date": "2030-03-25",
                                  "spend": "-3.00"}, "spend"),
    "commission over 100%": ("admin", "post", "/api/media-outlets/",
                             {"name": "X", "kind": "tv", "commission_rate": "1.5",
                              "currency": "CNY"}, "commission_rate"),
    "text unit price": ("ae", "post", "/api/invoices/",
                        lambda w: {"account": w.account.pk,
                                   "lines": [_line(unit_price="five")]}, "lines"),
    "negative quantity": ("ae", "post", "/api/invoices/",
                          lambda w: {"account": w.account.pk, "lines": [_line(quantity="-1")]},
                          "lines"),
    "negative payment": ("finance", "post", "/api/invoices/{invoice}/payments/",
                         {"amount": "-10.00", "received_on": TODAY, "method": "cheque"},
                         "amount"),
    "text payment": ("finance", "post", "/api/invoices/{invoice}/payments/",
                     {"amount": "ten", "received_on": TODAY, "method": "cheque"}, "amount"),
    "negative credit": ("finance", "post", "/api/invoices/{invoice}/credit/",
                        {"amount": "-1.00", "reason": "x"}, "amount"),
    "unknown task department": ("ae", "post", "/api/tasks/",
                                lambda w: _task(w, department="marketing"), "department"),
    "task due in the past": ("ae", "post", "/api/tasks/",
                             lambda w: _task(w, due_date="2001-01-01"), "due_date"),
    "milestones backwards": ("ae", "patch", "/api/accounts/{account}/milestones/",
                             {"presentation_date": "2031-05-01",
                              "production_deadline": "2031-04-01"}, "production_deadline"),
}  # fmt: skip


def _url(template: str, world) -> str:
    return template.format(account=world.account.pk, invoice=world.invoice.pk)


@pytest.mark.parametrize("case", API_CASES)
def test_the_api_refuses_bad_input_with_a_message_per_field(case, world):
    who, method, url, body, field = API_CASES[case]
    body = body(world) if callable(body) else body
    before = snapshots.ours(world)
    response = getattr(world.clients[who], method)(
        _url(url, world), json.dumps(body), content_type="application/json",
        headers={"Idempotency-Key": f"bad-{case}"},
    )  # fmt: skip
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert _has_message(errors[field]), errors
    assert snapshots.diff(before, snapshots.ours(world)) == []


def _has_message(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(_has_message(v) for v in value.values())
    return any(_has_message(v) for v in value)


# --- Files ---------------------------------------------------------------------------------
def _csv(world, name="delivery.csv", content_type="text/csv", size=None):
    header = "media_buy,date,units_delivered,impressions,clicks,spend\n"
    text = header + f"{world.media_buy.pk},2030-03-26,1,1,1,1.00\n"
    data = text.encode() if size is None else text.encode() + b"0" * size
    return SimpleUploadedFile(name, data, content_type=content_type)


FILES = {
    "an executable": dict(name="report.exe", content_type="application/octet-stream"),
    "an image": dict(name="report.png", content_type="image/png"),
    "a CSV named as such but binary": dict(name="report.csv", content_type="image/png"),
    "too large": dict(size=3 * 1024 * 1024),
}


@pytest.mark.parametrize("kind", FILES)
def test_a_wrong_or_too_large_file_is_refused_by_the_api_and_the_page(kind, world):
    from media.models import Delivery

    before = Delivery.objects.count()
    api = world.clients["ae"].post("/api/deliveries/import/", {"file": _csv(world, **FILES[kind])})
    assert api.status_code == 400 and api.json()["detail"], api.content
    page = world.clients["ae"].post(
        "/media/deliveries/import/", {"file": _csv(world, **FILES[kind])}
    )
    assert page.status_code == 200  # the form again
    form = page.context["form"]
    assert form.errors and any(form.errors.values())
    assert Delivery.objects.count() == before


# --- Page forms: the message sits on the field ------------------------------------------------
PAGE_CASES = {
    "negative budget": ("ae", "account-create", {}, "form",
                        lambda w: {"client": w.client.pk, "name": "N", "budget": "-1",
                                   "lead_ae": w.users["ae"].pk}, "budget"),
    "text budget": ("ae", "account-edit", {"pk": "account"}, "form",
                    lambda w: {"name": "N", "budget": "lots", "currency": "CNY",
                               "lead_ae": w.users["ae"].pk}, "budget"),
    "sales period backwards": ("ae", "brief-edit", {"pk": "account"}, "form",
                               {"sales_period_start": "2031-05-01",
                                "sales_period_end": "2031-04-01"}, "sales_period_end"),
    "unknown department needed": ("ae", "brief-edit", {"pk": "account"}, "form",
                                  {"departments_needed": ["marketing"]}, "departments_needed"),
    "text unit rate": ("ae", "buy-create", {"account_id": "account"}, "form",
                       lambda w: _buy(w, unit_rate="cheap"), "unit_rate"),
    "flight backwards": ("ae", "buy-create", {"account_id": "account"}, "form",
                         lambda w: _buy(w, flight_end="2030-06-01"), "flight_end"),
    "negative spend": ("ae", "buy-deliveries", {"pk": "media_buy"}, "form",
                       {"date": "2030-03-27", "spend": "-1", "units_delivered": "1",
                        "impressions": "1", "clicks": "1"}, "spend"),
    "negative payment": ("finance", "invoice-payment", {"pk": "invoice"}, "payment_form",
                         {"amount": "-5", "received_on": TODAY, "method": "cheque",
                          "token": "bad-page-1"}, "amount"),
    "unknown task department": ("ae", "workplan-task-add", {"account_id": "account"},
                                "task_form", lambda w: _task(w, department="marketing"),
                                "department"),
    "milestones backwards": ("ae", "workplan-milestones", {"account_id": "account"},
                             "milestones_form", {"presentation_date": "2031-05-01",
                                                 "production_deadline": "2031-04-01"},
                             "production_deadline"),
}  # fmt: skip


@pytest.mark.parametrize("case", PAGE_CASES)
def test_every_form_refuses_bad_input_with_a_message_on_the_field(case, world):
    from django.urls import reverse

    who, route, kwargs, form_name, body, field = PAGE_CASES[case]
    body = body(world) if callable(body) else body
    url = reverse(route, kwargs={k: getattr(world, v).pk for k, v in kwargs.items()})
    before = snapshots.ours(world)
    response = world.clients[who].post(url, body)
    assert response.status_code in (200, 400), response.status_code
    form = response.context[form_name]
    assert form.errors.get(field), (field, form.errors)
    assert snapshots.diff(before, snapshots.ours(world)) == []
