"""`manage.py serve` and the embedded mode's periodic thread (no Redis: no Celery beat)."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from agency import embedded
from agency.demo import Demo, people
from agency.management.commands import serve


@pytest.fixture
def runserver_calls(monkeypatch):
    """Record what serve passes to runserver instead of serving."""
    calls = []
    monkeypatch.setattr(serve, "call_command", lambda *a, **kw: calls.append((a, kw)))
    return calls


@pytest.fixture
def threads_started(monkeypatch):
    started = []
    monkeypatch.setattr(embedded, "start_periodic_thread", lambda: started.append(True))
    return started


@pytest.mark.django_db
def test_serve_prints_the_logins_then_runs_the_dev_server_without_autoreload(
    runserver_calls, threads_started, settings
):
    settings.REDIS_URL = ""
    people.seed(Demo(now=timezone.now()))
    out = StringIO()

    call_command("serve", "--host", "127.0.0.1", "--port", "8123", stdout=out)

    assert "ae2" in out.getvalue() and settings.DEMO_PASSWORD in out.getvalue()
    assert runserver_calls == [(("runserver", "127.0.0.1:8123"), {"use_reloader": False})]
    assert threads_started == [True]


@pytest.mark.django_db
def test_serve_leaves_periodic_jobs_to_celery_beat_when_redis_is_configured(
    runserver_calls, threads_started, settings
):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"

    call_command("serve", "--host", "::1", stdout=StringIO())

    assert runserver_calls[0][0] == ("runserver", "[::1]:8000")
    assert threads_started == []


@pytest.fixture
def no_connection_cleanup(monkeypatch):
    """The thread closes its stale connections after each command; the test has none."""
    monkeypatch.setattr(embedded, "close_old_connections", lambda: None)


def test_periodic_commands_run_only_once_they_exist(monkeypatch, no_connection_cleanup):
    ran = []
    monkeypatch.setattr(embedded, "call_command", lambda name: ran.append(name))
    monkeypatch.setattr(embedded, "get_commands", lambda: {"migrate": "django.core"})

    assert embedded.run_periodic_commands() == []

    monkeypatch.setattr(embedded, "get_commands", lambda: {"sweep_reminders": "reminders"})
    assert embedded.run_periodic_commands() == ["sweep_reminders"]
    assert ran == ["sweep_reminders"]


def test_a_failing_periodic_command_is_logged_and_the_next_round_still_runs(
    monkeypatch, caplog, no_connection_cleanup
):
    def fail(name):
        raise RuntimeError("SMTP down")

    monkeypatch.setattr(embedded, "call_command", fail)
    monkeypatch.setattr(embedded, "get_commands", lambda: {"sweep_reminders": "reminders"})

    assert embedded.run_periodic_commands() == []
    assert embedded.run_periodic_commands() == []

    failures = [r for r in caplog.records if "sweep_reminders failed" in r.getMessage()]
    assert len(failures) == 2 and failures[0].exc_info


def test_the_periodic_thread_runs_every_interval_until_stopped(monkeypatch):
    rounds = threading.Semaphore(0)
    monkeypatch.setattr(embedded, "run_periodic_commands", rounds.release)
    stop = threading.Event()

    thread = embedded.start_periodic_thread(interval=0.01, stop=stop)

    assert rounds.acquire(timeout=5) and rounds.acquire(timeout=5)
    assert thread.daemon
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
