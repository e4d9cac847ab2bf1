"""The reminder machinery: recorded once, delivered once, retried until sent, never lost."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from agency.models import Notification, Reminder, ReminderMute
from agency.reminders import RULES, Due, rule
from agency.reminders.events import enqueue, remind_now
from agency.reminders.sweep import sweep_reminders
from agency.tasks import deliver_reminder

DUE_TODAY = []  # what the test rule finds: filled by each test


@pytest.fixture
def test_rule():
    rule("test_due", title="Task %(title)s is due", body="Due %(when)s", label="Test")(
        lambda now: list(DUE_TODAY)
    )
    rule("test_escalation", title="Escalated %(title)s", body="", escalation=True)(lambda now: [])
    yield RULES["test_due"]
    DUE_TODAY.clear()
    RULES.pop("test_due")
    RULES.pop("test_escalation")


def due_for(*users, subject_id=1, occurrence="2026-11-27"):
    return Due(
        subject_type="task",
        subject_id=subject_id,
        occurrence=occurrence,
        recipient_ids=[u.pk for u in users],
        context={"title": "Storyboard", "when": "today"},
        link="/accounts/1/",
    )


def test_a_due_reminder_is_sent_once_however_often_the_sweep_runs(test_rule, ae):
    DUE_TODAY.append(due_for(ae))
    for _ in range(3):
        sweep_reminders()
    assert Reminder.objects.filter(rule="test_due").count() == 1
    assert Reminder.objects.get(rule="test_due").status == "sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Task Storyboard is due"
    assert mail.outbox[0].to == [ae.email]
    assert Notification.objects.filter(recipient=ae).count() == 1


def test_each_recipient_and_each_occasion_gets_its_own_reminder(test_rule, ae, ad):
    DUE_TODAY.extend([due_for(ae, ad), due_for(ae, occurrence="2026-11-28")])
    sweep_reminders()
    assert Reminder.objects.filter(recipient=ae).count() == 2
    assert Reminder.objects.filter(recipient=ad).count() == 1
    assert len(mail.outbox) == 3


def test_a_failed_send_stays_pending_and_is_retried_until_sent(test_rule, ae, settings):
    DUE_TODAY.append(due_for(ae))
    settings.EMAIL_BACKEND = "tests.agency.failing_mail.Backend"
    run = sweep_reminders()
    reminder = Reminder.objects.get(rule="test_due")
    assert (run.delivered, run.failed) == (0, 1)
    assert reminder.status == "pending" and "SMTP" in reminder.last_error
    assert not Notification.objects.exists()  # rolled back with the failed send

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sweep_reminders()
    reminder.refresh_from_db()
    assert reminder.status == "sent" and reminder.attempts == 2
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_a_redelivered_message_sends_nothing_twice(test_rule, ae):
    DUE_TODAY.append(due_for(ae))
    sweep_reminders()
    reminder = Reminder.objects.get(rule="test_due")
    assert deliver_reminder.apply(args=[reminder.pk]).get() is False
    assert len(mail.outbox) == 1


def test_a_muted_rule_is_not_sent_but_an_escalation_always_is(test_rule, ae):
    ReminderMute.objects.create(user=ae, rule="test_due")
    ReminderMute.objects.create(user=ae, rule="test_escalation")
    DUE_TODAY.append(due_for(ae))
    sweep_reminders()
    remind_now("test_escalation", due_for(ae, subject_id=9))
    sweep_reminders()
    assert Reminder.objects.get(rule="test_due").status == "muted"
    assert Reminder.objects.get(rule="test_escalation").status == "sent"
    assert [m.subject for m in mail.outbox] == ["Escalated Storyboard"]


def test_an_event_reminder_goes_out_after_commit(test_rule, ae, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        remind_now("test_due", due_for(ae))
        assert len(mail.outbox) == 0  # nothing before the transaction commits
    assert len(mail.outbox) == 1


def test_enqueue_survives_a_broken_broker():
    class Broken:
        name = "broken"

        def delay(self, *args):
            raise ConnectionError("Redis is down")

    assert enqueue(Broken(), 1) is False


def test_bell_and_list_show_only_my_notifications(client, ae, other_ae):
    Notification.objects.create(recipient=ae, title="Mine")
    Notification.objects.create(recipient=other_ae, title="Theirs")
    client.force_login(ae)
    assert b'data-testid="unread-count">1' in client.get("/notifications/bell/").content
    page = client.get("/notifications/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    theirs = Notification.objects.get(title="Theirs")
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    client.post("/notifications/read-all/")
    assert Notification.objects.get(title="Mine").read_at is not None
    assert Notification.objects.get(title="Theirs").read_at is None


def test_notifications_api_lists_mine_and_marks_read(api, ae, other_ae):
    mine = Notification.objects.create(recipient=ae, title="Mine")
    theirs = Notification.objects.create(recipient=other_ae, title="Theirs")
    client = api(ae)
    body = client.get("/api/notifications/").json()
    assert [n["id"] for n in body["results"]] == [mine.pk]
    assert client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/api/notifications/{mine.pk}/read/").json()["read_at"]


def test_reminder_settings_mute_but_never_escalations(client, test_rule, ae):
    client.force_login(ae)
    page = client.get("/notifications/settings/").content.decode()
    assert "test_due" in page and "test_escalation" not in page
    client.post("/notifications/settings/", {"receive": []})
    assert set(ReminderMute.objects.filter(user=ae).values_list("rule", flat=True)) >= {"test_due"}
    assert not ReminderMute.objects.filter(rule="test_escalation").exists()


def test_two_concurrent_sweeps_send_each_reminder_once(postgres_only, test_rule, ae, ad):
    for n in range(20):
        DUE_TODAY.append(due_for(ae, ad, subject_id=n))
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            sweep_reminders(timezone.now())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Reminder.objects.filter(rule="test_due", status="sent").count() == 40
    assert len(mail.outbox) == 40
    assert Notification.objects.count() == 40
