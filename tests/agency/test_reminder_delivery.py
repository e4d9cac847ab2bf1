"""Delivery details: the claim's lease, retries that back off, a broken job or rule that does
not stop the sweep, the e-mail itself, the broker breaker, the embedded (eager) mode."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from agency.models import Notification, Reminder, SweepRun
from agency.reminders import JOBS, RULES, Due, job, rule
from agency.reminders import events as reminder_events
from agency.reminders.delivery import claim, compose_email
from agency.reminders.events import broker_breaker, enqueue, remind_now
from agency.reminders.sweep import sweep_reminders

pytestmark = pytest.mark.django_db

FOUND = []  # what the test rule finds


@pytest.fixture
def due_rule():
    rule("test_rule", title="Hello %(who)s", body="Body for %(who)s", label="Test")(
        lambda now: list(FOUND)
    )
    yield RULES["test_rule"]
    FOUND.clear()
    RULES.pop("test_rule")


def due(user, subject_id=1):
    return Due(
        subject_type="thing",
        subject_id=subject_id,
        occurrence="once",
        recipient_ids=[user.pk],
        context={"who": "Ann"},
        link="/accounts/7/",
        account_id=7,
    )


def test_the_claim_lease_is_a_setting(due_rule, ae, settings):
    settings.REMINDER_CLAIM_LEASE_SECONDS = 5
    remind_now("test_rule", due(ae))
    reminder = Reminder.objects.get()

    assert claim(reminder.pk) is True
    reminder.refresh_from_db()
    left = (reminder.claimed_until - timezone.now()).total_seconds()
    assert 3 < left <= 5
    assert claim(reminder.pk) is False  # claimed: nobody else takes it


def test_a_claim_left_by_a_dead_process_is_taken_over_once_its_lease_ends(due_rule, ae):
    # Given a reminder claimed by a process that died before sending it
    remind_now("test_rule", due(ae))
    reminder = Reminder.objects.get()
    claim(reminder.pk)
    # When sweeps run while the lease holds, nothing is sent
    assert sweep_reminders().delivered == 0 and mail.outbox == []
    # and once it has run out, the next sweep sends it, once
    Reminder.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    sweep_reminders()
    sweep_reminders()
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_retries_back_off_after_the_second_failure(due_rule, ae, settings):
    settings.EMAIL_BACKEND = "tests.agency.failing_mail.Backend"
    FOUND.append(due(ae))
    sweep_reminders()  # attempt 1 fails: retried at the next sweep
    assert Reminder.objects.get().claimed_until is None
    sweep_reminders()  # attempt 2 fails: retried in a minute
    reminder = Reminder.objects.get()
    wait = (reminder.claimed_until - timezone.now()).total_seconds()
    assert reminder.attempts == 2 and 50 < wait <= 60
    run = sweep_reminders()  # within that minute nothing is tried
    assert (run.delivered, run.failed, Reminder.objects.get().attempts) == (0, 0, 2)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Reminder.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    sweep_reminders()
    assert Reminder.objects.get().status == "sent" and len(mail.outbox) == 1


def test_a_failing_job_or_rule_does_not_stop_the_sweep(due_rule, ae):
    def broken(now):
        raise RuntimeError("job broke")

    job("test_broken_job")(broken)
    rule("test_broken_rule", title="x", body="")(broken)
    FOUND.append(due(ae))
    try:
        run = sweep_reminders()
    finally:
        JOBS.pop("test_broken_job")
        RULES.pop("test_broken_rule")

    assert run.delivered == 1 and len(mail.outbox) == 1
    assert "job test_broken_job: RuntimeError: job broke" in run.error
    assert "rule test_broken_rule: RuntimeError" in run.error


def test_old_sweep_records_are_dropped(due_rule):
    SweepRun.objects.create(started_at=timezone.now() - timedelta(days=8))
    SweepRun.objects.create(started_at=timezone.now() - timedelta(days=6))

    sweep_reminders()

    assert SweepRun.objects.count() == 2


def test_the_email_has_text_html_an_absolute_link_and_a_stable_message_id(due_rule, ae, settings):
    settings.SITE_URL = "https://agency.example.com/"
    remind_now("test_rule", due(ae))
    reminder = Reminder.objects.get()

    first = compose_email(reminder, due_rule, ae, "Hello Ann", "Body for Ann")
    again = compose_email(reminder, due_rule, ae, "Hello Ann", "Body for Ann")

    assert first.subject == "Hello Ann" and first.to == [ae.email]
    assert "https://agency.example.com/accounts/7/" in first.body
    assert "https://agency.example.com/notifications/settings/" in first.body
    html, mimetype = first.alternatives[0]
    assert mimetype == "text/html" and 'href="https://agency.example.com/accounts/7/"' in html
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"].endswith("@agency.example.com>")


def test_a_title_never_breaks_the_subject_header(ae):
    rule("test_multiline", title="Task %(task)s", body="")(None)
    try:
        remind_now("test_multiline", Due("task", 1, "x", [ae.pk], {"task": "a\nb"}))
        sweep_reminders()
    finally:
        RULES.pop("test_multiline")
    assert [m.subject for m in mail.outbox] == ["Task a b"]


class DeadBroker:
    name = "dead"

    def __init__(self):
        self.calls = 0

    def delay(self, *args, **kwargs):
        self.calls += 1
        raise ConnectionError("Redis is down")


def test_after_one_failure_the_broker_is_not_tried_again_for_a_while(monkeypatch):
    broker_breaker.reset()
    task = DeadBroker()
    try:
        assert enqueue(task, 1) is False
        assert enqueue(task, 2) is False
        assert task.calls == 1  # the second request did not wait on the dead broker
        monkeypatch.setattr(reminder_events, "BROKER_RETRY_AFTER_SECONDS", 0)
        broker_breaker.trip()  # the pause is over at once
        assert enqueue(task, 3) is False and task.calls == 2
    finally:
        broker_breaker.reset()


def test_the_embedded_mode_sweeps_in_process(due_rule, ae, settings, monkeypatch):
    """What `manage.py serve` runs every minute without REDIS_URL (tasks eager)."""
    from agency import embedded

    monkeypatch.setattr(embedded, "close_old_connections", lambda: None)  # the test's own
    settings.CELERY_TASK_ALWAYS_EAGER = True
    FOUND.append(due(ae))

    assert embedded.run_periodic_commands() == ["sweep_reminders"]
    call_command("sweep_reminders")

    assert Reminder.objects.get().status == "sent"
    assert [m.subject for m in mail.outbox] == ["Hello Ann"]
