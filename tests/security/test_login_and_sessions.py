"""reliability.md 5-7: brute force, session rotation and lifetime."""

import logging
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agency.security import LOGIN_TIME_KEY

LOGIN = "/admin/login/"
RIGHT = "pass-word-123"


def attempt(client, username, password, ip="10.0.0.1", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


@pytest.fixture
def staff_ae(ae):
    ae.is_staff = True  # the admin login page is our login form for these checks
    ae.save()
    return ae


def test_five_failures_lock_the_user_even_with_the_right_password(client, staff_ae, caplog):
    caplog.set_level(logging.INFO, logger="agency.security")
    answers = [attempt(client, staff_ae.username, "wrong-password").status_code for _ in range(5)]
    assert answers[:4] == [200] * 4  # the form again, with an error
    response = attempt(client, staff_ae.username, RIGHT)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    failures = [r for r in caplog.records if "event=login_failed" in r.getMessage()]
    assert len(failures) >= 5
    assert all(
        RIGHT not in r.getMessage() and "wrong-password" not in r.getMessage()
        for r in caplog.records
    )


def test_a_forged_x_forwarded_for_does_not_reset_the_count(client, staff_ae):
    for n in range(5):
        attempt(client, staff_ae.username, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = attempt(client, staff_ae.username, RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_five_failures_from_one_ip_lock_that_ip_for_other_users(client, staff_ae):
    for n in range(5):
        attempt(client, f"nobody{n}", "wrong", ip="10.9.9.9")
    assert attempt(client, staff_ae.username, RIGHT, ip="10.9.9.9").status_code == 429
    assert attempt(Client(), staff_ae.username, RIGHT, ip="10.1.1.1").status_code == 302


def test_the_lockout_expires_by_itself(client, staff_ae, settings):
    for _ in range(5):
        attempt(client, staff_ae.username, "wrong")
    assert attempt(client, staff_ae.username, RIGHT).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert attempt(client, staff_ae.username, RIGHT).status_code == 302


def test_the_token_endpoint_is_locked_too(api, ae):
    for _ in range(5):
        api().post(
            "/api/auth/token/",
            {"username": ae.username, "password": "nope"},
            REMOTE_ADDR="10.2.2.2",
        )
    response = api().post(
        "/api/auth/token/", {"username": ae.username, "password": RIGHT}, REMOTE_ADDR="10.3.3.3"
    )
    assert response.status_code == 429
    assert "token" not in response.json()


def test_session_key_rotates_at_login_and_logout_kills_the_old_cookie(client, staff_ae):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    attempt(client, staff_ae.username, RIGHT)
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.get("/api/me/").status_code == 200
    client.post("/admin/logout/")
    stale = Client()
    stale.cookies["sessionid"] = after
    assert stale.get("/api/me/").status_code in (401, 403)


def test_password_change_and_deactivation_end_other_sessions(staff_ae):
    laptop, phone = Client(), Client()
    laptop.force_login(staff_ae)
    phone.force_login(staff_ae)
    staff_ae.set_password("a-new-long-password-42")
    staff_ae.save()
    assert phone.get("/api/me/").status_code in (401, 403)

    tablet = Client()
    tablet.force_login(staff_ae)
    staff_ae.is_active = False
    staff_ae.save()
    assert tablet.get("/api/me/").status_code in (401, 403)


def test_idle_timeout_is_thirty_minutes_renewed_by_activity(client, ae, settings):
    from django.contrib.sessions.models import Session

    def stored_expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    settings.SESSION_IDLE_RENEWAL = 1
    client.force_login(ae)
    client.get("/api/me/")
    first = stored_expiry()
    with CaptureQueriesContext(connection) as soon:
        client.get("/api/me/")  # within the renewal interval: no session write
    assert stored_expiry() == first
    assert not [q for q in soon.captured_queries if q["sql"].startswith('UPDATE "django_session')]

    time.sleep(1.1)
    client.get("/api/me/")
    assert stored_expiry() > first


def test_a_session_idle_past_the_timeout_opens_nothing(client, ae, settings):
    settings.SESSION_COOKIE_AGE = 1
    client.force_login(ae)
    assert client.get("/api/me/").status_code == 200
    time.sleep(1.5)
    assert client.get("/api/me/").status_code in (401, 403)


def test_absolute_lifetime_ends_an_active_session(client, ae, settings):
    client.force_login(ae)
    session = client.session
    session[LOGIN_TIME_KEY] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME - 1
    session.save()
    assert client.get("/api/me/").status_code in (401, 403)
    assert client.get("/api/me/").status_code in (401, 403)  # and stays logged out
