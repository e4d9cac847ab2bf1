"""Campaign reminders: each fires on its day, once, for the right people (the team as it is
now), in each person's language."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from agency.models import Notification, Reminder
from agency.reminders import RULES
from agency.reminders.registry import discover_rules
from campaigns.models import Communication, Milestones, Task
from campaigns.services import file_contact_report
from tests.factories import AccountFactory, MeetingFactory, TaskFactory
from tests.reminders import (
    left_team,
    noon,
    recorded,
    recorded_on,
    subjects_to,
    sweep_now,
    team_member,
    today,
)

pytestmark = pytest.mark.django_db


# --- Tasks ------------------------------------------------------------------------------------
def test_a_task_reminds_its_owner_the_day_before_then_one_and_seven_days_late(account, ae):
    # Given a task of the lead AE due on day D
    due = today() + timedelta(days=30)
    TaskFactory(account=account, owner=ae, due_date=due, title="Storyboard")
    # When the sweep runs on each day around it, then only these days record a reminder
    days = {n: recorded_on(due + timedelta(days=n), "task_due_tomorrow") for n in range(-3, 1)}
    assert {n: found for n, found in days.items() if found} == {-1: [("t_ae", due.isoformat())]}
    late = {n: recorded_on(due + timedelta(days=n), "task_overdue") for n in range(0, 20)}
    assert {n: found for n, found in late.items() if found} == {
        1: [("t_ae", f"overdue:{due}")],
        7: [("t_ae", f"overdue-7:{due}")],
    }


def test_a_done_task_or_an_owner_off_the_team_is_never_reminded(account, ae):
    tomorrow = today() + timedelta(days=1)
    TaskFactory(account=account, owner=ae, due_date=tomorrow, status="done")
    gone = left_team(account, "t_gone", by=ae)
    TaskFactory(account=account, owner=gone, due_date=tomorrow)
    TaskFactory(account=account, owner=gone, due_date=today() - timedelta(days=1))

    sweep_now()

    assert Reminder.objects.count() == 0 and mail.outbox == []


def test_task_due_tomorrow_is_sent_once_in_the_owners_language(account, ae):
    # Given two tasks due tomorrow: one of an English-speaking AE, one of a Chinese-speaking AE
    zh = team_member(account, "t_ae_zh", by=ae, language="zh-hans")
    tomorrow = today() + timedelta(days=1)
    TaskFactory(account=account, owner=ae, due_date=tomorrow, title="Storyboard")
    TaskFactory(account=account, owner=zh, due_date=tomorrow, title="分镜头脚本")
    # When the sweep runs three times
    sweep_now(times=3)
    # Then each owner has one e-mail and one notification, in their language
    assert subjects_to(ae) == ["Task due tomorrow: Storyboard"]
    assert subjects_to(zh) == ["任务明天到期：分镜头脚本"]
    assert Notification.objects.filter(recipient=zh).get().title == "任务明天到期：分镜头脚本"
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if zh.email in m.to)
    assert f"http://127.0.0.1:8000/accounts/{account.pk}/work-plan/" in message.body
    html = message.alternatives[0][0]
    assert 'lang="zh-hans"' in html and f"/accounts/{account.pk}/work-plan/" in html


# --- Contact reports --------------------------------------------------------------------------
def test_a_contact_report_is_owed_to_the_team_aes_24_hours_after_a_client_meeting(
    team_account, ae, creative
):
    # Given a client call 25 hours ago, a second AE on the team, an AE who left it, a creative
    zh = team_member(team_account, "t_ae_zh", by=ae, language="zh-hans")
    left_team(team_account, "t_gone", by=ae)
    meeting = MeetingFactory(account=team_account, held_at=timezone.now() - timedelta(hours=25))
    # and meetings that owe nothing: too recent, internal, already reported
    MeetingFactory(account=team_account, held_at=timezone.now() - timedelta(hours=23))
    MeetingFactory(account=team_account, kind="planning")
    reported = MeetingFactory(account=team_account)
    file_contact_report(
        account=team_account, by=ae, meeting=reported, summary="Agreed the key visual"
    )
    # When the sweep runs twice
    sweep_now(times=2)
    # Then the team's AEs, and only they, are reminded once about that meeting
    assert recorded("contact_report_owed") == [
        ("t_ae", "contact-report"),
        ("t_ae_zh", "contact-report"),
    ]
    assert set(Reminder.objects.values_list("subject_id", flat=True)) == {meeting.pk}
    assert subjects_to(ae) == [f"Contact report owed: {team_account.name}"]
    assert subjects_to(zh) == [f"联络报告待提交：{team_account.name}"]
    chinese = next(m for m in mail.outbox if zh.email in m.to).body
    assert "客户电话" in chinese  # the meeting's kind, in the reader's language
    assert f"/contact-reports/new/?meeting={meeting.pk}" in chinese
    assert subjects_to(creative) == []


def test_the_owed_report_is_not_reminded_again_once_filed_nor_for_old_meetings(account, ae):
    MeetingFactory(account=account, held_at=timezone.now() - timedelta(days=30))

    assert recorded_on(today(), "contact_report_owed") == []


# --- Client contact ---------------------------------------------------------------------------
def opened_days_ago(account, days: int):
    type(account).objects.filter(pk=account.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def log_contact(account, ae, days_ago: int):
    Communication.objects.create(
        account=account,
        kind="call",
        ae=ae,
        recorded_by=ae,
        subject="Call",
        occurred_at=timezone.now() - timedelta(days=days_ago),
    )


def test_an_account_silent_for_n_days_reminds_its_lead_ae_once_per_silence(account, ae):
    # Given an account opened 40 days ago whose last client contact was 20 days ago
    opened_days_ago(account, 40)
    log_contact(account, ae, days_ago=20)
    last = (timezone.localtime() - timedelta(days=20)).date()
    # When sweeps run on several days, then the lead AE is reminded once
    assert recorded_on(today(), "client_contact_silence") == [("t_ae", f"silent-since:{last}")]
    assert recorded_on(today() + timedelta(days=3), "client_contact_silence") == []
    # and once more only after a new contact is followed by another silence of 14 days
    log_contact(account, ae, days_ago=0)
    assert recorded_on(today() + timedelta(days=13), "client_contact_silence") == []
    assert recorded_on(today() + timedelta(days=15), "client_contact_silence") == [
        ("t_ae", f"silent-since:{today()}")
    ]


def test_silence_counts_from_the_opening_and_follows_the_setting(account, ae, settings):
    opened_days_ago(account, 10)
    assert recorded_on(today(), "client_contact_silence") == []
    settings.CLIENT_CONTACT_ALERT_DAYS = 7
    assert recorded_on(today(), "client_contact_silence") == [
        ("t_ae", f"silent-since:{today() - timedelta(days=10)}")
    ]


def test_a_client_meeting_counts_as_contact(account, ae):
    opened_days_ago(account, 40)
    MeetingFactory(account=account, held_at=timezone.now() - timedelta(days=2))

    assert recorded_on(today(), "client_contact_silence") == []


def test_no_silence_reminder_to_a_lead_ae_off_the_team(account, ae):
    opened_days_ago(account, 40)
    account.team_members.filter(user=ae).delete()

    assert recorded_on(today(), "client_contact_silence") == []


# --- Presentation -----------------------------------------------------------------------------
def test_the_whole_team_hears_of_the_presentation_two_days_before(team_account, ae):
    zh = team_member(team_account, "t_ae_zh", by=ae, language="zh-hans")
    left_team(team_account, "t_gone", by=ae)
    day = today() + timedelta(days=2)
    Milestones.objects.create(account=team_account, presentation_date=day)

    sweep_now(times=2)

    assert recorded("presentation_soon") == [
        (name, f"presentation:{day}") for name in ("t_ae", "t_ae_zh", "t_creative", "t_media")
    ]
    assert subjects_to(zh) == [f"两天后提案：{team_account.name}"]
    assert recorded_on(day - timedelta(days=1), "presentation_soon") == []


# --- Each rule is one query -------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "task_due_tomorrow",
        "task_overdue",
        "contact_report_owed",
        "client_contact_silence",
        "presentation_soon",
    ],
)
def test_each_rule_reads_one_query_whatever_it_finds(
    name, team_account, ae, django_assert_num_queries
):
    discover_rules()
    for n in range(5):
        TaskFactory(account=team_account, owner=ae, due_date=today() + timedelta(days=1 - n))
        MeetingFactory(account=team_account, held_at=timezone.now() - timedelta(hours=30 + n))
    Milestones.objects.create(account=team_account, presentation_date=today() + timedelta(days=2))
    for _ in range(3):
        opened_days_ago(AccountFactory(lead_ae=ae), 40)

    with django_assert_num_queries(1):
        found = list(RULES[name].find(noon(today())))

    assert found, f"{name} found nothing to remind"


def test_a_rule_reads_and_writes_in_batches(account, ae, monkeypatch, django_assert_num_queries):
    # Given 250 tasks due tomorrow, reads of 100 rows and inserts of 50
    from agency.reminders import finding, sweep

    monkeypatch.setattr(finding, "READ_BATCH", 100)
    monkeypatch.setattr(sweep, "INSERT_BATCH", 50)
    tomorrow = today() + timedelta(days=1)
    Task.objects.bulk_create(
        Task(account=account, owner=ae, title=f"T{n}", department="account", due_date=tomorrow)
        for n in range(250)
    )
    rule = discover_rules()["task_due_tomorrow"]
    # When the rule's reminders are recorded: one query read in batches, five inserts
    with django_assert_num_queries(6):
        sweep.record(rule, rule.find(noon(today())), noon(today()))
    # Then every task has its reminder, and recording again adds none
    assert Reminder.objects.filter(rule="task_due_tomorrow").count() == 250
    sweep.record(rule, rule.find(noon(today())), noon(today()))
    assert Reminder.objects.count() == 250
