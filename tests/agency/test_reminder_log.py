"""The "reminders sent" log of an account (whoever sees the account) and the queue's health
in the admin (read-only)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agency.models import Reminder, SweepRun
from campaigns.models import TeamMember
from tests.factories import TaskFactory, UserFactory
from tests.reminders import sweep_now

pytestmark = pytest.mark.django_db


def tasks_due_tomorrow(account, owner, n: int):
    for i in range(n):
        TaskFactory(
            account=account,
            owner=owner,
            title=f"Storyboard {i}",
            due_date=timezone.localdate() + timedelta(days=1),
        )


def test_the_ad_and_the_team_read_the_log_an_outsider_gets_404(
    client, account, ae, ad, other_ae, creative
):
    TeamMember.objects.create(account=account, user=creative)
    tasks_due_tomorrow(account, ae, 2)
    sweep_now()
    url = f"/accounts/{account.pk}/reminders/"

    for reader in (ad, ae, creative):
        client.force_login(reader)
        page = client.get(url)
        assert page.status_code == 200
        assert page.content.decode().count('data-testid="reminder-row"') == 2
        assert "Task due tomorrow: Storyboard 1" in page.content.decode()
    client.force_login(other_ae)
    assert client.get(url).status_code == 404


def test_the_log_is_in_the_readers_language(client, account, ae, ad):
    tasks_due_tomorrow(account, ae, 1)
    sweep_now()
    ad.language = "zh-hans"
    ad.save(update_fields=["language"])
    client.force_login(ad)

    page = client.get(f"/accounts/{account.pk}/reminders/").content.decode()

    assert "任务明天到期：Storyboard 0" in page and "已发送" in page


def test_the_log_reads_a_fixed_number_of_queries(
    client, account, ae, django_assert_max_num_queries
):
    tasks_due_tomorrow(account, ae, 3)
    for n in range(3):
        owner = UserFactory(username=f"owner{n}")
        TeamMember.objects.create(account=account, user=owner)
        tasks_due_tomorrow(account, owner, 4)
    sweep_now()
    client.force_login(ae)
    url = f"/accounts/{account.pk}/reminders/"
    client.get(url)  # warm up the session and the language

    with django_assert_max_num_queries(8) as queries:
        assert client.get(url).status_code == 200
    small = len(queries)
    Reminder.objects.exclude(recipient=ae).delete()
    with django_assert_max_num_queries(small):
        client.get(url)


def test_the_account_page_links_to_its_log(client, account, ae):
    client.force_login(ae)
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert f'href="/accounts/{account.pk}/reminders/"' in page


def test_the_admin_shows_the_queues_health_read_only(client, admin_user, account, ae, settings):
    settings.EMAIL_BACKEND = "tests.agency.failing_mail.Backend"
    tasks_due_tomorrow(account, ae, 2)
    sweep_now()
    client.force_login(admin_user)

    page = client.get("/admin/agency/reminder/").content.decode()
    assert "2 pending (2 due now), 2 after failed attempts." in page
    assert "Last sweep" in page and "0 delivered, 2 not delivered" in page
    failing = client.get("/admin/agency/reminder/?failing=yes").content.decode()
    assert failing.count("OSError: SMTP server unreachable") == 2
    reminder = Reminder.objects.first()
    assert client.get("/admin/agency/reminder/add/").status_code == 403
    detail = client.post(f"/admin/agency/reminder/{reminder.pk}/change/", {"status": "sent"})
    assert detail.status_code == 403
    reminder.refresh_from_db()
    assert reminder.status == "pending"
    assert client.get("/admin/agency/sweeprun/").status_code == 200
    assert SweepRun.objects.count() == 1
