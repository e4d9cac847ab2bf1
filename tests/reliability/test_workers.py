"""Workers, for real (reliability.md 25-27): a Celery worker process against Redis, sweeps in
two processes at once, a worker killed mid-send, Redis gone while people keep working.

Every process here is started by the test and stopped after it, on the test database
(PostgreSQL) and Redis; each e-mail lands as a file the test reads.
"""

import json
import re
import time
import urllib.request
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from agency.celery import SWEEP_EVERY_SECONDS, app
from agency.models import Notification, Reminder, SweepRun
from billing import services
from billing.models import Invoice
from tests.factories import TaskFactory
from tests.reminders import team_member

from .processes import Env, FlakyRedis, kill, publish, purge_queue, wait_for

ROOT = Path(__file__).resolve().parents[2]
SWEEP = "agency.tasks.sweep_reminders"


@pytest.fixture
def procs(postgres_only, redis_url, tmp_path):
    """Processes on the test database and Redis, all stopped after the test."""
    purge_queue(redis_url)
    env = Env(tmp_path, redis_url)
    yield env
    env.stop_all()
    purge_queue(redis_url)


def invoice_due_in_3_days(account, by):
    """An issued invoice that the invoice_due_soon rule finds today (to the lead AE)."""
    account.client.payment_terms_days = 3
    account.client.save(update_fields=["payment_terms_days"])
    line = {"kind": "fee", "description": "Fee", "unit_price": "1000.00", "vat_rate": "0"}
    invoice = services.create_invoice(account=account, by=by, lines=[line])
    return services.issue_invoice(invoice=invoice, by=by)


def sweeps_finished(n: int):
    return lambda: SweepRun.objects.filter(finished_at__isnull=False).count() >= n


# --- A real worker ----------------------------------------------------------------------------
def test_a_real_worker_sends_a_due_invoice_reminder_once(procs, account, ae):
    # Given an invoice due in 3 days and a worker consuming the queue
    invoice = invoice_due_in_3_days(account, ae)
    procs.start_worker()
    # When beat's sweep message arrives three times
    for _ in range(3):
        publish(SWEEP)
    wait_for(sweeps_finished(3), timeout=60, what="three sweeps")
    # Then exactly one e-mail and one notification reached the lead AE
    (message,) = procs.mails()
    assert f"Subject: Invoice due in 3 days: {invoice.number}" in message
    assert f"To: {ae.email}" in message and "Message-ID: <reminder-" in message
    assert Notification.objects.get().recipient == ae
    reminder = Reminder.objects.get()
    assert (reminder.rule, reminder.status, reminder.attempts) == ("invoice_due_soon", "sent", 1)


@pytest.fixture
def published():
    """Tasks this process enqueues go through Redis, as the web app's do (the test settings
    otherwise run them eagerly)."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


def test_a_payment_reaches_the_lead_ae_through_the_worker_without_waiting_for_a_sweep(
    procs, published, account, ae, finance
):
    # Given a worker, and an issued invoice
    line = {"kind": "fee", "description": "Fee", "unit_price": "1000.00", "vat_rate": "0"}
    invoice = services.create_invoice(account=account, by=ae, lines=[line])
    invoice = services.issue_invoice(invoice=invoice, by=ae)
    procs.start_worker()
    # When finance records a payment (committed: the reminder's task is published)
    services.record_payment(
        invoice=invoice,
        by=finance,
        amount=Decimal("100.00"),
        received_on=timezone.localdate(),
        method="cash",
        idempotency_key="pay-1",
    )
    # Then the worker delivers it to the lead AE at once, once, with no sweep involved
    wait_for(lambda: Reminder.objects.filter(status="sent").exists(), timeout=30, what="the worker")
    (message,) = procs.mails()
    assert f"Subject: Payment received: {invoice.number}" in message
    assert Notification.objects.get().recipient == ae
    assert not SweepRun.objects.exists()


def test_a_worker_killed_mid_send_sends_once_after_a_restart(procs, account, ae):
    # Given a due invoice and a worker whose mail server takes 30 s to answer
    invoice_due_in_3_days(account, ae)
    sending = procs.tmp / "sending"
    slow = {
        "TEST_EMAIL_BACKEND": "tests.reliability.slow_mail.Backend",
        "SLOW_MAIL_SECONDS": 30,
        "SLOW_MAIL_MARKER": sending,
        "REMINDER_CLAIM_LEASE_SECONDS": 3,
    }
    worker = procs.start_worker("doomed", **slow)
    publish(SWEEP)
    wait_for(sending.exists, timeout=60, what="the worker to start sending")
    # When it is killed with SIGKILL in the middle of the send
    kill(worker)
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == ("pending", 1)
    assert reminder.claimed_until is not None and procs.mails() == []
    assert not Notification.objects.exists()
    # Then after a restart, once the dead worker's claim has run out, it is sent once
    procs.start_worker("restarted", REMINDER_CLAIM_LEASE_SECONDS=3)
    wait_for(
        lambda: Reminder.objects.get().claimed_until < timezone.now(), timeout=10, what="lease"
    )
    publish(SWEEP)
    publish(SWEEP)
    wait_for(sweeps_finished(2), timeout=60, what="the sweeps after the restart")
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 2)
    assert len(procs.mails()) == 1 and Notification.objects.count() == 1


# --- Two sweeps at once, in two processes -----------------------------------------------------
def test_two_sweep_processes_at_once_then_a_third_send_each_reminder_once(procs, account, ae):
    # Given 30 reminders due (tasks due tomorrow of two AEs) and a mail server that is slow
    # enough (50 ms a message) for two sweeps to be delivering at the same time
    other = team_member(account, "t_ae_zh", by=ae, language="zh-hans")
    for owner in (ae, other):
        for _ in range(15):
            TaskFactory(account=account, owner=owner, due_date=timezone.localdate() + timedelta(1))
    slow = {"TEST_EMAIL_BACKEND": "tests.reliability.slow_mail.Backend", "SLOW_MAIL_SECONDS": 0.05}
    # When two `manage.py sweep_reminders` processes run at once, and then a third
    first = procs.manage("sweep-1", "sweep_reminders", **slow)
    second = procs.manage("sweep-2", "sweep_reminders", **slow)
    assert (first.wait(120), second.wait(120)) == (0, 0), procs.log(first) + procs.log(second)
    assert procs.manage("sweep-3", "sweep_reminders", **slow).wait(120) == 0
    # Then each reminder was sent once: 30 rows, 30 e-mails, 30 notifications
    assert Reminder.objects.filter(rule="task_due_tomorrow", status="sent").count() == 30
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {1}
    assert len(procs.mails()) == 30 and Notification.objects.count() == 30
    assert sum(SweepRun.objects.values_list("delivered", flat=True)) == 30


# --- Redis down -------------------------------------------------------------------------------
def call(method: str, url: str, token: str, body: dict | None = None, **headers) -> tuple:
    """(status, JSON body, seconds) of one API call."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Token {token}")
    request.add_header("Content-Type", "application/json")
    for name, value in headers.items():
        request.add_header(name.replace("_", "-"), value)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    return status, json.loads(raw or b"null"), time.monotonic() - started


@pytest.mark.parametrize("outage", ["closed", "blackhole"])
def test_with_redis_down_people_keep_working_and_reminders_follow_once_it_is_back(
    outage, procs, redis_url, account, ae, finance
):
    # Given the web app whose Redis is down: nothing listens on its port, or something
    # accepts connections and never answers
    real = urlsplit(redis_url)
    redis = FlakyRedis((real.hostname, real.port or 6379))
    redis.set(outage)
    web = procs.start_web(REDIS_URL=redis.url(int(real.path.strip("/") or 0)))
    ae_token, finance_token = (Token.objects.create(user=u).key for u in (ae, finance))
    line = {"kind": "fee", "description": "Fee", "unit_price": "1000.00", "vat_rate": "0"}
    draft = services.create_invoice(account=account, by=ae, lines=[line])
    new_account = {"client": account.client_id, "name": "New"}
    try:
        # When people create an account, issue an invoice and record two payments
        answers = [
            call("POST", f"{web}/api/accounts/", ae_token, new_account),
            call("POST", f"{web}/api/invoices/{draft.pk}/issue/", ae_token, {}),
        ]
        for key, amount in (("pay-1", "100.00"), ("pay-2", "200.00")):
            body = {"amount": amount, "received_on": str(timezone.localdate()), "method": "cash"}
            url = f"{web}/api/invoices/{draft.pk}/payments/"
            answers.append(call("POST", url, finance_token, body, Idempotency_Key=key))
        ready = call("GET", f"{web}/readyz", ae_token)
        # Then every request succeeds, in less than 2 s, and what they did is kept
        assert [status for status, _, _ in answers] == [201, 200, 201, 201], answers
        assert max(seconds for _, _, seconds in answers) < 2, answers
        assert ready[0] == 503 and "redis" in ready[1]["failed"] and ready[2] < 2
        pending = Reminder.objects.filter(rule="payment_received", status="pending")
        assert pending.count() == 2 and procs.mails() == []
        # And when Redis is back, the next sweep (beat: every minute) delivers them once
        redis.set("forward")
        assert call("GET", f"{web}/readyz", ae_token)[0] == 200
        procs.start_worker()
        publish(SWEEP)
        publish(SWEEP)
        wait_for(sweeps_finished(2), timeout=60, what="the sweeps after Redis returned")
    finally:
        redis.close()
    assert Reminder.objects.filter(rule="payment_received", status="sent").count() == 2
    subjects = sorted(m.split("Subject: ")[1].splitlines()[0] for m in procs.mails())
    assert subjects == [f"Payment received: {Invoice.objects.get(pk=draft.pk).number}"] * 2
    assert Notification.objects.filter(recipient=ae).count() == 2
    assert SWEEP_EVERY_SECONDS <= 60


# --- Future work is rows, not delayed messages ------------------------------------------------
APP_PACKAGES = ["agency", "accounts", "campaigns", "media", "billing"]


def test_no_task_is_published_with_an_eta_or_a_countdown():
    """A message with an ETA sits unacknowledged in the worker; past Redis' visibility
    timeout it is delivered twice, and it dies with the worker. Retries and future reminders
    are rows the sweep reads instead."""
    sources = [p for pkg in APP_PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    delayed = re.compile(r"\b(countdown|eta)\s*=|apply_async|\.retry\(")
    offending = [str(p.relative_to(ROOT)) for p in sources if delayed.search(p.read_text())]
    assert offending == []
    for name, task in app.tasks.items():
        assert not getattr(task, "autoretry_for", ()), name
    for entry in app.conf.beat_schedule.values():
        assert not {"eta", "countdown"} & set(entry.get("options", {}))
