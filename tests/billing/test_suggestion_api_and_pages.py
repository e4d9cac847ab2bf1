"""The suggestion where drafting happens: GET /api/invoices/suggest/, POST /api/invoices/
without lines, and the draft form, which carries each line's source through the browser."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Stage
from billing import services
from billing.models import Invoice
from campaigns.models import TeamMember
from tests import lifecycle
from tests.factories import AccountFactory, MediaOutletFactory

from .sold import accept_budget, buy, non_media_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold(account, ae):
    account = accept_budget(account, ae)
    outlet = MediaOutletFactory(name="人民日报 People's Daily", kind="print")
    booked = [buy(account, outlet, ae, quantity=n + 1) for n in range(2)]
    return account, booked


def _add_buys(account, ae, n):
    outlet = MediaOutletFactory()
    for i in range(n):
        buy(account, outlet, ae, quantity=i + 1, unit_rate=Decimal("100.00"))


def test_the_api_suggests_what_is_left_and_drafts_it_when_posted_back(api, sold, ae):
    account, booked = sold
    answer = api(ae).get(f"/api/invoices/suggest/?account={account.pk}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["account"] == account.pk and body["currency"] == "CNY"
    assert [row["media_buy"] for row in body["sold"][:4]] == [
        booked[0].pk,
        booked[0].pk,
        booked[1].pk,
        booked[1].pk,
    ]
    assert body["sold"][0]["sold"] == str(booked[0].net) and body["sold"][0]["invoiced"] == "0.00"
    expected = sum(b.gross for b in booked) + non_media_budget()
    assert sum(Decimal(x["unit_price"]) for x in body["lines"]) == expected
    # Posting the lines back drafts exactly that, each line naming its source
    created = api(ae).post(
        "/api/invoices/", {"account": account.pk, "lines": body["lines"]}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert Decimal(created.json()["subtotal"]) == expected
    assert [x["media_buy"] for x in created.json()["lines"][:2]] == [booked[0].pk] * 2
    # Now nothing is left, and posting them again is refused with the reason
    again = api(ae).get(f"/api/invoices/suggest/?account={account.pk}").json()
    assert again["lines"] == [] and again["sold"][0]["left"] == "0.00"
    refused = api(ae).post(
        "/api/invoices/", {"account": account.pk, "lines": body["lines"]}, format="json"
    )
    assert refused.status_code == 400 and "left to invoice" in str(refused.json())


def test_a_post_without_lines_drafts_the_suggestion(api, sold, ae):
    account, booked = sold
    created = api(ae).post("/api/invoices/", {"account": account.pk}, format="json")
    assert created.status_code == 201
    invoice = Invoice.objects.get(pk=created.json()["id"])
    assert invoice.subtotal == sum(b.gross for b in booked) + non_media_budget()


def test_who_may_ask_for_a_suggestion(api, sold, other_ae, creative, finance):
    account, _booked = sold
    url = f"/api/invoices/suggest/?account={account.pk}"
    assert api(other_ae).get(url).status_code == 404  # another group's account
    TeamMember.objects.create(account=account, user=creative, role_on_account="member")
    assert api(creative).get(url).status_code == 403  # on the team, but not billing
    assert api(finance).get(url).status_code == 200
    assert api(finance).get("/api/invoices/suggest/").status_code == 400
    assert api(finance).get("/api/invoices/suggest/?account=x").status_code == 400
    assert api().get(url).status_code == 401


def test_another_accounts_work_cannot_be_named_through_the_api(api, sold, ae, other_ae):
    account, booked = sold
    theirs = lifecycle.advance(
        AccountFactory(lead_ae=other_ae), to=Stage.IN_PRODUCTION, by=other_ae
    )
    line = {
        "kind": "media_net",
        "description": "x",
        "quantity": "1",
        "unit_price": "1.00",
        "vat_rate": "0.06",
        "media_buy": booked[0].pk,
    }
    refused = api(other_ae).post(
        "/api/invoices/", {"account": theirs.pk, "lines": [line]}, format="json"
    )
    assert refused.status_code == 400
    assert "not work sold on this account" in str(refused.json())


def test_the_suggestion_costs_the_same_queries_for_more_buys(api, sold, ae):
    account, _booked = sold
    url = f"/api/invoices/suggest/?account={account.pk}"
    with CaptureQueriesContext(connection) as few:
        assert api(ae).get(url).status_code == 200
    _add_buys(account, ae, 8)
    with CaptureQueriesContext(connection) as many:
        assert len(api(ae).get(url).json()["lines"]) == 2 * 10 + 3
    assert len(many) == len(few) <= 15, [q["sql"] for q in many.captured_queries]


def test_the_draft_form_shows_what_was_sold_and_keeps_each_lines_source(client, sold, ae):
    account, booked = sold
    client.force_login(ae)
    form = client.get(f"/invoices/new/?account={account.pk}")
    assert form.status_code == 200
    assert 'data-testid="sold-table"' in form.text and "人民日报" in form.text
    assert f'name="lines-0-media_buy" value="{booked[0].pk}"' in form.text
    assert form.text.count('data-testid="line-source"') == 2 * 2 + 3
    # Posting the form as shown keeps what each line bills
    initial = form.context["lines"].initial
    body = {"account": account.pk, "notes": "", "lines-TOTAL_FORMS": str(len(initial))}
    body["lines-INITIAL_FORMS"] = "0"
    for i, values in enumerate(initial):
        body |= {f"lines-{i}-{k}": "" if v is None else v for k, v in values.items()}
    assert client.post("/invoices/new/", body).status_code == 302
    invoice = Invoice.objects.get()
    assert list(invoice.lines.values_list("media_buy", flat=True)[:2]) == [booked[0].pk] * 2
    # The draft's edit page counts only the other invoices: all it bills is open to it
    edit = client.get(f"/invoices/{invoice.pk}/edit/")
    assert f'name="lines-0-media_buy" value="{booked[0].pk}"' in edit.text
    assert edit.context["left_total"] == invoice.subtotal and edit.context["covered_total"] == 0
    # and a second draft starts empty, saying nothing is left
    second = client.get(f"/invoices/new/?account={account.pk}")
    assert second.context["left_total"] == 0 and not second.context["lines"].initial


def test_the_draft_form_queries_do_not_grow_with_the_buys(client, sold, ae):
    account, _booked = sold
    client.force_login(ae)
    url = f"/invoices/new/?account={account.pk}"
    services.create_invoice(
        account=account, by=ae, lines=services.suggest_invoice_lines(account)[:1]
    )
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_buys(account, ae, 8)
    services.create_invoice(account=account, by=ae)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 15, [q["sql"] for q in many.captured_queries]
