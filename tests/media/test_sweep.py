"""The flight sweep: launch on the first flight's start, evaluation after the last flight's
end, taken by the system once, even when run twice or at the same moment."""

import datetime as dt
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import Account, StageChange
from accounts.services import take_transition
from agency.people import system_user
from media import services

from .helpers import advance_to, book_buy, join_team, plan_buy

MARCH_1 = dt.date(2030, 3, 1)
APRIL_20 = dt.date(2030, 4, 20)


def booked_account(account, outlet, planner, ae):
    """Media booked, with flights 1–31 March and 10–20 April 2030 (and a cancelled buy in
    February, which must not count)."""
    book_buy(plan_buy(account, outlet, planner), planner)
    book_buy(
        plan_buy(
            account,
            outlet,
            planner,
            flight_start=dt.date(2030, 4, 10),
            flight_end=APRIL_20,
        ),
        planner,
    )
    dropped = plan_buy(
        account, outlet, planner, flight_start=dt.date(2030, 2, 1), flight_end=dt.date(2030, 5, 1)
    )
    services.take_buy_transition(buy=dropped, name="cancel", by=planner, note="dropped")
    return take_transition(account=account, name="book_media", by=ae)


def stage_changes(account, transition):
    return StageChange.objects.filter(account=account, transition=transition)


@pytest.mark.django_db
def test_nothing_happens_before_the_first_flight(producing, outlet, media_planner, ae):
    account = booked_account(producing, outlet, media_planner, ae)
    assert services.sweep_flights(today=MARCH_1 - dt.timedelta(days=1)) == []
    account.refresh_from_db()
    assert account.stage == "media_booked"


@pytest.mark.django_db
def test_the_account_is_launched_by_the_system_on_the_first_flight_date_once(
    producing, outlet, media_planner, ae
):
    account = booked_account(producing, outlet, media_planner, ae)
    # when the sweep runs on 1 March, then again
    first = services.sweep_flights(today=MARCH_1)
    second = services.sweep_flights(today=MARCH_1)
    # then the account was launched once, by the system
    assert first == [(account.pk, "launch")]
    assert second == []
    account.refresh_from_db()
    assert account.stage == "running"
    change = stage_changes(account, "launch").get()
    assert change.by == system_user()
    assert (change.source, change.target) == ("media_booked", "running")


@pytest.mark.django_db
def test_evaluation_starts_the_day_after_the_last_flight_ends_once(
    producing, outlet, media_planner, ae
):
    account = booked_account(producing, outlet, media_planner, ae)
    services.sweep_flights(today=MARCH_1)
    # the last flight ends on 20 April: still running that day
    assert services.sweep_flights(today=APRIL_20) == []
    account.refresh_from_db()
    assert account.stage == "running"
    # on 21 April, twice
    assert services.sweep_flights(today=APRIL_20 + dt.timedelta(days=1)) == [
        (account.pk, "start_evaluation")
    ]
    assert services.sweep_flights(today=APRIL_20 + dt.timedelta(days=1)) == []
    account.refresh_from_db()
    assert account.stage == "evaluating"
    assert stage_changes(account, "start_evaluation").get().by == system_user()


@pytest.mark.django_db
def test_a_late_sweep_launches_and_evaluates_in_one_run(producing, outlet, media_planner, ae):
    account = booked_account(producing, outlet, media_planner, ae)
    taken = services.sweep_flights(today=dt.date(2030, 6, 1))
    assert taken == [(account.pk, "launch"), (account.pk, "start_evaluation")]
    account.refresh_from_db()
    assert account.stage == "evaluating"


@pytest.mark.django_db
def test_accounts_in_other_stages_are_left_alone(producing, outlet, media_planner, ae):
    # in production, with a booked buy whose flight has started: not media_booked yet
    book_buy(plan_buy(producing, outlet, media_planner), media_planner)
    assert services.sweep_flights(today=dt.date(2030, 6, 1)) == []
    producing.refresh_from_db()
    assert producing.stage == "in_production"


@pytest.mark.django_db
def test_the_management_command_sweeps(producing, outlet, media_planner, ae, capsys):
    account = booked_account(producing, outlet, media_planner, ae)
    call_command("sweep_flights", "--date", "2030-03-01")
    assert f"account {account.pk}: launch" in capsys.readouterr().out
    account.refresh_from_db()
    assert account.stage == "running"


def test_two_sweeps_at_the_same_moment_launch_once(
    postgres_only, ae, media_planner, outlet, monkeypatch
):
    from tests.factories import AccountFactory

    account = AccountFactory(lead_ae=ae)
    join_team(account, media_planner)
    account = booked_account(advance_to(account, "in_production", by=ae), outlet, media_planner, ae)
    system_user()  # created once, before the race
    # Both sweeps read the same candidates before either takes the transition.
    real_candidates = services.selectors.accounts_to_launch

    def slow_candidates(today):
        candidates = list(real_candidates(today))
        time.sleep(0.5)
        return candidates

    monkeypatch.setattr(services.selectors, "accounts_to_launch", slow_candidates)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait()
            results.append(services.sweep_flights(today=MARCH_1))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(len(r) for r in results) == [0, 1]
    assert stage_changes(account, "launch").count() == 1
    assert Account.objects.get(pk=account.pk).stage == "running"


@pytest.mark.django_db
def test_the_celery_task_runs_the_sweep(producing, outlet, media_planner, ae):
    from media.tasks import sweep_flights

    account = booked_account(producing, outlet, media_planner, ae)
    assert sweep_flights.delay("2030-03-01").get() == 1
    assert sweep_flights.delay("2030-03-01").get() == 0
    account.refresh_from_db()
    assert account.stage == "running"
