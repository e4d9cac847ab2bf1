"""reliability.md 24: every money movement and every state change has exactly one audit row,
with the actor and the time in UTC: accounts' StageChange, media buys' BuyStatusChange, tasks'
TaskStatusChange, proposals' ProposalChange, invoices' BillingEvent (drafted, issued, payment
recorded and reversed, credit note, sent). A refused or replayed operation writes none.

Two ways of looking: each operation below adds exactly one row of its kind naming its actor;
and for every object, its rows chain from the first status to the current one (each row's
`source` is the previous row's `target`), so no status ever changed without a row.
"""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Account, StageChange
from agency.people import system_user
from billing.models import BillingEvent, Invoice, InvoiceKind
from campaigns.models import Proposal, ProposalChange, Task, TaskStatusChange
from media.models import BuyStatusChange, MediaBuy

pytestmark = pytest.mark.django_db

ROWS = {
    "stage": StageChange,
    "buy": BuyStatusChange,
    "task": TaskStatusChange,
    "billing": BillingEvent,
}


def post(world, role, url, body=None, **headers):
    response = world.clients[role].post(
        url, json.dumps(body or {}), content_type="application/json", headers=headers
    )
    assert response.status_code < 300, (url, response.status_code, response.content[:300])
    return response


def patch(world, role, url, body):
    response = world.clients[role].patch(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return response


def operations(w):
    """(name, role, the kind of row it must add, the call). In order: each may need the one
    before."""
    today = str(timezone.localdate())
    pay = {"amount": "100.00", "received_on": today, "method": "bank_transfer"}
    return [
        ("take a transition", "ae", "stage",
         lambda: post(w, "ae", f"/api/accounts/{w.account.pk}/transitions/hold/",
                      {"note": "Client asked to pause"})),
        ("resume", "ad", "stage",
         lambda: post(w, "ad", f"/api/accounts/{w.account.pk}/transitions/resume/",
                      {"note": "Back on"})),
        ("move a task", "ae", "task",
         lambda: patch(w, "ae", f"/api/tasks/{w.task.pk}/", {"status": "doing"})),
        ("move a task by page", "ae", "task",
         lambda: w.clients["ae"].post(f"/tasks/{w.task.pk}/status/", {"status": "done"})),
        ("request a quote", "ae", "buy",
         lambda: post(w, "ae", f"/api/media-buys/{w.planned_buy.pk}/request_quote/")),
        ("start a booked buy", "ae", "buy",
         lambda: post(w, "ae", f"/api/media-buys/{w.media_buy.pk}/start/")),
        ("draft an invoice", "ae", "billing",
         lambda: post(w, "ae", "/api/invoices/", {"account": w.account.pk, "lines": [
             {"kind": "fee", "description": "Extra", "quantity": "1", "unit_price": "50.00",
              "vat_rate": "0.06"}]})),
        ("issue it", "finance", "billing",
         lambda: post(w, "finance", f"/api/invoices/{w.draft_invoice.pk}/issue/")),
        ("record a payment", "finance", "billing",
         lambda: post(w, "finance", f"/api/invoices/{w.invoice.pk}/payments/", pay,
                      **{"Idempotency-Key": "audit-1"})),
        ("reverse it", "finance", "billing",
         lambda: post(w, "finance", _reversal_url(w), {"reason": "Bounced"})),
        ("issue a credit note", "finance", "billing",
         lambda: post(w, "finance", f"/api/invoices/{w.invoice.pk}/credit/",
                      {"amount": "10.00", "reason": "Goodwill"})),
        ("send to the client", "ae", "billing",
         lambda: post(w, "ae", f"/api/invoices/{w.invoice.pk}/send/", {"contact": w.contact.pk})),
    ]  # fmt: skip


def _reversal_url(w) -> str:
    payment = w.invoice.payments.get(idempotency_key="audit-1")
    return f"/api/invoices/{w.invoice.pk}/payments/{payment.pk}/reverse/"


def _counts() -> dict:
    return {kind: model.objects.count() for kind, model in ROWS.items()}


def test_each_operation_adds_exactly_one_row_naming_its_actor_in_utc(world, monkeypatch):
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kwargs: b"%PDF stub")
    for name, role, kind, operation in operations(world):
        # Given the rows so far; When one operation is done
        before, started = _counts(), timezone.now()
        operation()
        # Then exactly one row of its kind was added, none of another kind
        after = _counts()
        added = {k: after[k] - before[k] for k in after if after[k] != before[k]}
        assert added == {kind: 1}, (name, added)
        row = ROWS[kind].objects.order_by("-pk").first()
        assert row.by == world.user(role), (name, row.by)
        assert row.at.utcoffset() == timedelta(0), (name, row.at)  # stored and read in UTC
        assert started - timedelta(seconds=1) <= row.at <= timezone.now(), name


def test_refused_and_replayed_operations_write_no_row(world):
    today = str(timezone.localdate())
    pay = {"amount": "100.00", "received_on": today, "method": "cheque"}
    post(world, "finance", f"/api/invoices/{world.invoice.pk}/payments/", pay,
         **{"Idempotency-Key": "once"})  # fmt: skip
    before = _counts()
    client = world.clients
    attempts = [
        client["creative"].post(f"/api/accounts/{world.account.pk}/transitions/hold/",
                                {"note": "x"}, content_type="application/json"),
        client["ae"].post(f"/api/accounts/{world.account.pk}/transitions/approve/",
                          {}, content_type="application/json"),
        client["ae"].post(f"/api/invoices/{world.invoice.pk}/payments/", pay,
                          content_type="application/json", headers={"Idempotency-Key": "x"}),
        client["finance"].post(f"/api/invoices/{world.invoice.pk}/payments/", pay,
                               content_type="application/json",
                               headers={"Idempotency-Key": "once"}),  # a replay
        client["finance"].post(f"/api/invoices/{world.invoice.pk}/payments/",
                               {**pay, "amount": "99999999.00"}, content_type="application/json",
                               headers={"Idempotency-Key": "too-much"}),
        client["creative"].patch(f"/api/tasks/{world.task.pk}/", {"status": "blocked"},
                                 content_type="application/json"),
        client["ae"].post(f"/api/media-buys/{world.media_buy.pk}/book/",
                          {"vendor_reference": "x"}, content_type="application/json"),
    ]  # fmt: skip
    assert [a.status_code for a in attempts] == [403, 409, 403, 201, 400, 403, 409]
    assert _counts() == before


def _chain(rows, first, current, status="status") -> list[str]:
    """Problems in a row chain: it starts at `first`, each row starts where the previous one
    ended, and it ends at `current`."""
    problems, expected = [], first
    for row in rows:
        if row.source != expected:
            problems.append(f"row {row.pk}: from {row.source}, but it was {expected}")
        if row.by_id is None or row.at is None:
            problems.append(f"row {row.pk} names no actor or time")
        expected = row.target
    if expected != current:
        problems.append(f"ends at {expected}, but the {status} is {current}")
    return problems


def test_every_status_of_every_object_is_explained_by_its_rows(world, monkeypatch):
    """After the world was built and the operations above ran, no account, buy, task or
    invoice is in a status its audit rows do not lead to."""
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kwargs: b"%PDF stub")
    for _name, _role, _kind, operation in operations(world):
        operation()
    problems = {}
    for account in Account.objects.all():
        rows = StageChange.objects.filter(account=account).order_by("at", "pk")
        problems[f"account {account.pk}"] = _chain(rows, "first_contact", account.stage)
    for buy in MediaBuy.objects.all():
        rows = BuyStatusChange.objects.filter(media_buy=buy).order_by("at", "pk")
        problems[f"buy {buy.pk}"] = _chain(rows, "planned", buy.status)
    for task in Task.objects.all():
        rows = TaskStatusChange.objects.filter(task=task).order_by("at", "pk")
        problems[f"task {task.pk}"] = _chain(rows, "todo", task.status)
    for proposal in Proposal.objects.all():
        rows = ProposalChange.objects.filter(proposal=proposal).order_by("at", "pk")
        problems[f"proposal {proposal.pk}"] = _chain(rows, "", proposal.status)
    for invoice in Invoice.objects.filter(kind=InvoiceKind.INVOICE):
        rows = BillingEvent.objects.filter(invoice=invoice).order_by("at", "pk")
        problems[f"invoice {invoice.pk}"] = _chain(rows, "draft", invoice.status)
        assert rows.first().kind == BillingEvent.Kind.DRAFTED
    problems = {key: value for key, value in problems.items() if value}
    assert not problems, problems


def test_money_rows_add_up_to_the_invoice(world):
    """Each payment, reversal and credit is one row whose amount is what moved, and the
    balance after the last row is the invoice's balance."""
    invoice = world.invoice
    events = BillingEvent.objects.filter(invoice=invoice).order_by("at", "pk")
    moved = sum(
        (e.amount for e in events if e.kind in ("payment_recorded", "payment_reversed")),
        Decimal("0"),
    )
    invoice.refresh_from_db()
    assert moved == invoice.amount_paid
    assert events.last().balance_after == invoice.balance
    assert events.filter(kind="payment_recorded").count() == invoice.payments.count()


def test_the_system_is_named_for_what_it_does_by_itself(world):
    """Collecting an account when its last invoice is paid is the system's act."""
    finance = world.clients["finance"]
    invoice = world.invoice
    invoice.refresh_from_db()
    finance.post(
        f"/api/invoices/{invoice.pk}/payments/",
        {"amount": str(invoice.balance), "received_on": str(timezone.localdate()),
         "method": "cheque"},
        content_type="application/json", headers={"Idempotency-Key": "settle"},
    )  # fmt: skip
    world.draft_invoice.refresh_from_db()
    assert world.draft_invoice.status == "draft"  # a draft is not owed: the account collects
    collect = StageChange.objects.get(account=world.account, transition="collect")
    assert collect.by == system_user()
    assert collect.at.utcoffset() == timedelta(0)
