"""Billing reminders: due in 3 days, overdue by 1, 7 and 30 days to the team's AEs, the
30-day escalation to the AD and the issuing finance person (never muted), payment received
to the lead AE at once; and invoice e-mails whose queue message was lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from agency.errors import DomainError
from agency.models import Notification, Reminder, ReminderMute
from agency.reminders import RULES
from agency.reminders.registry import discover_rules
from billing import services
from billing.models import InvoiceDispatch
from tests.reminders import (
    deliver_recorded,
    left_team,
    noon,
    recorded,
    recorded_on,
    subjects_to,
    sweep_now,
    team_member,
    today,
)

from .helpers import draft, issued, pay

pytestmark = pytest.mark.django_db

RULE_NAMES = ["invoice_due_soon", "invoice_overdue", "invoice_overdue_escalation"]


def issued_due_in(account, by, days: int, amount: str = "1000.00"):
    """An issued invoice due `days` from today (the client's payment terms)."""
    account.client.payment_terms_days = days
    account.client.save(update_fields=["payment_terms_days"])
    return services.issue_invoice(invoice=draft(account, by, amount), by=by)


def test_each_invoice_reminder_fires_on_its_day_for_the_right_people(account, ae, ad, finance):
    # Given an invoice issued by finance, due on D, a second AE on the team and one who left
    team_member(account, "t_ae2", by=ae)
    left_team(account, "t_gone", by=ae)
    invoice = issued_due_in(account, finance, 10)
    due = invoice.due_date
    # When the sweep runs every day from D-5 to D+45
    found = {}
    for n in range(-5, 46):
        for rule in RULE_NAMES:
            for person, occurrence in recorded_on(due + timedelta(days=n), rule):
                found.setdefault(n, []).append((rule, person, occurrence))
    # Then each reminder is recorded once, on its day, for its people
    assert found == {
        -3: [("invoice_due_soon", "t_ae", "due-3"), ("invoice_due_soon", "t_ae2", "due-3")],
        1: [("invoice_overdue", "t_ae", "overdue-1"), ("invoice_overdue", "t_ae2", "overdue-1")],
        7: [("invoice_overdue", "t_ae", "overdue-7"), ("invoice_overdue", "t_ae2", "overdue-7")],
        30: [
            ("invoice_overdue", "t_ae", "overdue-30"),
            ("invoice_overdue", "t_ae2", "overdue-30"),
            ("invoice_overdue_escalation", "t_ad", "overdue-30"),
            ("invoice_overdue_escalation", "t_finance", "overdue-30"),
        ],
    }


def test_a_sweep_that_missed_days_catches_up_with_the_last_step_only(account, ae):
    invoice = issued_due_in(account, ae, 0)

    assert recorded_on(invoice.due_date + timedelta(days=9), "invoice_overdue") == [
        ("t_ae", "overdue-7")
    ]
    assert recorded_on(invoice.due_date + timedelta(days=60), "invoice_overdue") == []


def test_paid_invoices_and_drafts_remind_nobody(account, ae, finance):
    paid = issued_due_in(account, ae, 3)
    pay(paid, finance, str(paid.total), "paid-in-full")
    draft(account, ae, "5.00")

    for rule in RULE_NAMES:
        assert recorded_on(today(), rule) == []
        assert recorded_on(paid.due_date + timedelta(days=30), rule) == []


def test_invoice_due_in_3_days_is_mailed_once_in_each_aes_language(account, ae):
    zh = team_member(account, "t_ae_zh", by=ae, language="zh-hans")
    invoice = issued_due_in(account, ae, 3, amount="1234.50")

    sweep_now(times=3)

    assert subjects_to(ae) == [f"Invoice due in 3 days: {invoice.number}"]
    assert subjects_to(zh) == [f"发票3天后到期：{invoice.number}"]
    chinese = next(m for m in mail.outbox if zh.email in m.to).body
    assert "1,308.57 CNY" in chinese  # 1,234.50 + 6% VAT, still open
    assert f"http://127.0.0.1:8000/invoices/{invoice.pk}/" in chinese
    assert Notification.objects.count() == 2


def test_the_escalation_reaches_the_ad_even_when_muted(account, ae, ad):
    invoice = issued_due_in(account, ae, 0)
    ReminderMute.objects.create(user=ad, rule="invoice_overdue_escalation")
    ReminderMute.objects.create(user=ae, rule="invoice_overdue")
    for rule in ("invoice_overdue", "invoice_overdue_escalation"):
        recorded_on(invoice.due_date + timedelta(days=30), rule)

    deliver_recorded()

    assert subjects_to(ad) == [f"Escalation: invoice {invoice.number} overdue by 30 days"]
    assert subjects_to(ae) == []  # the AE muted the ordinary overdue reminders
    assert Reminder.objects.get(recipient=ae).status == "muted"


def test_no_escalation_to_an_inactive_ad_nor_to_an_ae_issuer(account, ae, ad):
    ad.is_active = False
    ad.save(update_fields=["is_active"])
    invoice = issued_due_in(account, ae, 0)

    assert recorded_on(invoice.due_date + timedelta(days=30), "invoice_overdue_escalation") == []


# --- Payment received -------------------------------------------------------------------------
def test_a_payment_tells_the_lead_ae_once_after_it_commits(
    account, ae, finance, django_capture_on_commit_callbacks
):
    invoice = issued(account, ae, "1000.00")
    # When finance records a payment, and the same request again (same key)
    with django_capture_on_commit_callbacks(execute=True):
        payment = pay(invoice, finance, "600.00", "pay-1").payment
        assert mail.outbox == []  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):
        pay(invoice, finance, "600.00", "pay-1")
    # Then the lead AE is told once, with the amount and what is still open
    assert recorded("payment_received") == [("t_ae", "received")]
    assert Reminder.objects.get().subject_id == payment.pk
    (message,) = mail.outbox
    assert message.to == [ae.email] and message.subject == f"Payment received: {invoice.number}"
    assert "600.00 CNY" in message.body and "460.00 CNY" in message.body
    assert finance.email not in message.to


def test_a_refused_payment_or_a_lead_ae_off_the_team_tells_nobody(account, ae, finance):
    invoice = issued(account, ae, "100.00")
    with pytest.raises(DomainError):  # more than the balance
        pay(invoice, finance, "999.00", "too-much")
    account.team_members.filter(user=ae).delete()
    pay(invoice, finance, "10.00", "ok")

    assert not Reminder.objects.exists()


def test_payment_received_in_the_lead_aes_language(account, ae, finance):
    ae.language = "zh-hans"
    ae.save(update_fields=["language"])
    invoice = issued(account, ae, "100.00")
    pay(invoice, finance, "50.00", "k")

    sweep_now()

    assert subjects_to(ae) == [f"已收到付款：{invoice.number}"]


# --- Invoice e-mails whose queue message was lost ---------------------------------------------
def test_an_invoice_email_whose_message_was_lost_is_sent_by_the_sweep(account, ae):
    from tests.factories import ContactFactory

    contact = ContactFactory(client=account.client, email="wang@client.test")
    invoice = issued(account, ae, "10.00")
    dispatch = InvoiceDispatch.objects.create(
        invoice=invoice,
        to_email=contact.email,
        requested_by=ae,
        requested_at=timezone.now() - timedelta(minutes=10),
    )  # as send_invoice left it when the broker was down: committed, never queued

    sweep_now(times=2)

    assert [m.to for m in mail.outbox] == [["wang@client.test"]]
    dispatch.refresh_from_db()
    assert dispatch.sent_at is not None


@pytest.mark.parametrize("name", RULE_NAMES)
def test_each_billing_rule_reads_one_query(
    name, account, ae, ad, finance, django_assert_num_queries
):
    discover_rules()
    team_member(account, "t_ae2", by=ae)
    invoices = [issued_due_in(account, finance, days) for days in (3, 2, 0, 0)]
    day = {"invoice_due_soon": 0, "invoice_overdue": 7, "invoice_overdue_escalation": 30}[name]

    with django_assert_num_queries(1):
        found = list(RULES[name].find(noon(invoices[-1].due_date + timedelta(days=day))))

    assert found
