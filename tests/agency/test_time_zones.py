"""Each person's time zone: chosen on the settings page (or in the admin), active on every
page they open, used for the reminders they receive and for the days of their own tasks."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts.models import StageChange
from accounts.services import take_transition
from agency.errors import DomainError
from agency.middleware import UserTimeZoneMiddleware
from agency.models import Notification, User
from agency.people import set_time_zone
from agency.reminders.registry import local_moment
from tests.factories import BriefFactory, MeetingFactory, TaskFactory
from tests.reminders import recorded_on, sweep_now, team_member, today

pytestmark = pytest.mark.django_db

LONDON, SHANGHAI = "Europe/London", "Asia/Shanghai"


def in_zone(user, name: str):
    user.time_zone = name
    user.save(update_fields=["time_zone"])
    return user


# --- The middleware ---------------------------------------------------------------------------
def zone_seen_by_view(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return UserTimeZoneMiddleware(lambda r: timezone.get_current_timezone_name())(request)


def test_the_middleware_activates_the_users_zone_for_the_request_only(ae):
    in_zone(ae, "Asia/Singapore")

    assert zone_seen_by_view(ae) == "Asia/Singapore"
    # the next request on this thread starts from the agency's zone again
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_without_a_choice_or_logged_in_pages_are_in_the_agencys_zone(ae):
    assert zone_seen_by_view(ae) == SHANGHAI
    assert zone_seen_by_view(AnonymousUser()) == SHANGHAI


def test_the_middleware_runs_after_authentication_on_every_page(client, ae):
    client.force_login(in_zone(ae, LONDON))

    page = client.get(reverse("notification-list")).content.decode()

    assert f'data-time-zone="{LONDON}"' in page  # app.js formats <time data-local> in it


# --- A page ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("zone", "shown"),
    [(SHANGHAI, "2025-01-15 18:30 CST"), (LONDON, "2025-01-15 10:30 GMT")],
)
def test_the_account_timeline_shows_a_stage_change_in_the_readers_zone(
    client, account, ae, zone, shown
):
    # Given a transition taken at 10:30 UTC
    BriefFactory(account=account)
    take_transition(account=account, name="record_brief", by=ae, note="Brief received")
    at = datetime(2025, 1, 15, 10, 30, tzinfo=UTC)
    StageChange.objects.filter(account=account).update(at=at)
    # When the AE reads the account page in their zone
    client.force_login(in_zone(ae, zone))
    page = client.get(reverse("account-detail", args=[account.pk])).content.decode()
    # Then the server writes the moment on their clock, with its offset in the machine form
    assert f">{shown}</time>" in page
    assert at.astimezone(ZoneInfo(zone)).isoformat() in page


# --- Reminders --------------------------------------------------------------------------------
def test_a_reminder_e_mail_and_notification_show_the_meeting_in_the_recipients_zone(
    team_account, ae
):
    # Given a client call 25 hours ago and two AEs on the team, in Shanghai and in London
    londoner = team_member(team_account, "t_ae_london", by=ae)
    in_zone(londoner, LONDON)
    held = (timezone.now() - timedelta(hours=25)).replace(second=0, microsecond=0)
    MeetingFactory(account=team_account, held_at=held)
    # When the sweep sends the "contact report owed" reminders
    sweep_now()
    # Then each reads the meeting's time on their own clock
    for user, zone in ((ae, SHANGHAI), (londoner, LONDON)):
        shown = dateformat.format(held.astimezone(ZoneInfo(zone)), "Y-m-d H:i T")
        message = next(m for m in mail.outbox if user.email in m.to)
        assert shown in message.body and shown in message.alternatives[0][0]
        assert shown in Notification.objects.get(recipient=user).body


def test_a_context_written_before_zones_reads_as_it_was():
    assert local_moment("2025-01-15 18:30") == "2025-01-15 18:30"
    with timezone.override(ZoneInfo(LONDON)):
        assert local_moment("2025-01-15T10:30:00+00:00") == "2025-01-15 10:30 GMT"


def test_due_tomorrow_and_overdue_count_days_in_the_owners_calendar(account, ae):
    # Given two tasks due on day D: the lead AE's (agency zone) and a Los Angeles AE's
    angeleno = in_zone(team_member(account, "t_ae_la", by=ae), "America/Los_Angeles")
    due = today() + timedelta(days=30)
    TaskFactory(account=account, owner=ae, due_date=due)
    TaskFactory(account=account, owner=angeleno, due_date=due)
    # When sweeps run at noon in Shanghai, late on the previous evening in Los Angeles
    tomorrow = {n: recorded_on(due + timedelta(days=n), "task_due_tomorrow") for n in (-2, -1, 0)}
    late = {n: recorded_on(due + timedelta(days=n), "task_overdue") for n in (0, 1, 2)}
    # Then each owner is told on their own eve of D, and that it is late after their own D
    assert tomorrow == {-2: [], -1: [("t_ae", due.isoformat())], 0: [("t_ae_la", due.isoformat())]}
    assert late == {0: [], 1: [("t_ae", f"overdue:{due}")], 2: [("t_ae_la", f"overdue:{due}")]}


# --- Choosing it ------------------------------------------------------------------------------
def test_the_settings_page_saves_the_zone_and_the_footer_shows_it(client, ae):
    client.force_login(ae)

    response = client.post(reverse("switch-time-zone"), {"time_zone": "Asia/Hong_Kong"})

    assert response.status_code == 302 and response["Location"] == reverse("reminder-settings")
    ae.refresh_from_db()
    assert ae.time_zone == "Asia/Hong_Kong"
    page = client.get(response["Location"]).content.decode()
    assert "Times are now shown in Asia/Hong_Kong." in page
    assert 'value="Asia/Hong_Kong" selected' in page
    assert 'data-testid="time-zone-link"' in page and "Asia/Hong_Kong</a>" in page


def test_an_empty_choice_returns_to_the_agencys_zone(client, ae):
    client.force_login(in_zone(ae, LONDON))

    client.post(reverse("switch-time-zone"), {"time_zone": "", "next": reverse("my-day")})

    ae.refresh_from_db()
    assert ae.time_zone == ""


def test_a_name_that_is_no_zone_is_refused_with_the_reason(client, ae):
    client.force_login(in_zone(ae, LONDON))

    response = client.post(reverse("switch-time-zone"), {"time_zone": "Mars/Olympus_Mons"})

    assert response.status_code == 400
    assert "“Mars/Olympus_Mons” is not a time zone." in response.content.decode()
    ae.refresh_from_db()
    assert ae.time_zone == LONDON


def test_every_way_in_refuses_a_name_that_is_no_zone(ae):
    with pytest.raises(DomainError, match="is not a time zone"):
        set_time_zone(user=ae, time_zone="Shanghai")
    ae.time_zone = "Asia/Shanghai "
    with pytest.raises(ValidationError) as error:
        ae.full_clean()
    assert "time_zone" in error.value.message_dict
    field = admin.site._registry[User].formfield_for_dbfield(
        User._meta.get_field("time_zone"), None
    )
    with pytest.raises(ValidationError, match="is not a time zone"):
        field.clean("UTC+8")
    assert field.clean("Asia/Singapore") == "Asia/Singapore"


def test_the_settings_page_reads_a_fixed_number_of_queries(
    client, ae, django_assert_max_num_queries
):
    client.force_login(ae)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reminder-settings")).status_code == 200


def test_me_tells_the_time_zone_read_only(ae, api):
    in_zone(ae, "Asia/Singapore")

    assert api(ae).get("/api/me/").json()["time_zone"] == "Asia/Singapore"
    assert api(ae).patch("/api/me/", {"time_zone": LONDON}, format="json").status_code == 405
