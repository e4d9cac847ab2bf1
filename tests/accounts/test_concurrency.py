"""Two people press the same button at the same moment (PostgreSQL, real threads): the row
lock in take_transition lets exactly one through; the other gets 409 and nothing is recorded
twice."""

import threading
import time

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Account, StageChange
from agency.errors import Conflict, InvalidTransition

#: How long the first transition holds the lock after deciding: long enough for the other
#: thread to arrive, so that without the lock both would decide on the same stage.
HOLD_LOCK_SECONDS = 0.3


def race(*jobs):
    """Run the jobs in threads released together by a barrier; their results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait(timeout=10)
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 - the result to inspect
            results[i] = exc
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.fixture
def slow_decision(monkeypatch):
    """Widen the window between deciding and writing."""
    check = services._check

    def slow(*args, **kwargs):
        check(*args, **kwargs)
        time.sleep(HOLD_LOCK_SECONDS)

    monkeypatch.setattr(services, "_check", slow)


def take(account_id, name, user, note="Simultaneous"):
    def job():
        account = Account.objects.get(pk=account_id)
        return services.take_transition(account=account, name=name, by=user, note=note)

    return job


def test_the_same_transition_twice_at_once_is_taken_once(
    postgres_only, team_account, ae, slow_decision
):
    # given an account at first contact, and its AE pressing "record brief" in two tabs
    results = race(
        take(team_account.pk, "record_brief", ae), take(team_account.pk, "record_brief", ae)
    )

    # then one succeeds and the other is told the transition is no longer possible
    won = [r for r in results if isinstance(r, Account)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], InvalidTransition | Conflict)
    team_account.refresh_from_db()
    assert team_account.stage == "briefed"
    assert StageChange.objects.filter(account=team_account).count() == 1


def test_two_different_transitions_at_once_only_the_first_happens(
    postgres_only, team_account, ae, ad, slow_decision
):
    # given the AE holds the account while the AD marks it lost, at the same moment
    results = race(
        take(team_account.pk, "hold", ae, "Budget freeze"),
        take(team_account.pk, "lose", ad, "Went with another agency"),
    )

    # then exactly one of them happened, and the stage is the winner's
    winners = [i for i, r in enumerate(results) if isinstance(r, Account)]
    assert len(winners) == 1, results
    assert isinstance(results[1 - winners[0]], InvalidTransition | Conflict)
    change = StageChange.objects.get(account=team_account)
    team_account.refresh_from_db()
    assert team_account.stage == change.target == ("on_hold", "lost")[winners[0]]


def test_many_simultaneous_requests_through_the_api_record_one_change(
    postgres_only, team_account, ae, slow_decision
):
    # given eight API clients of the AE
    def post():
        client = APIClient()
        client.force_authenticate(ae)
        url = f"/api/accounts/{team_account.pk}/transitions/record_brief/"
        response = client.post(url, {"note": "Brief signed"}, format="json")
        return response.status_code, response.json()

    # when they all post record_brief at once
    results = race(*[post] * 8)

    # then one gets 200 and seven get 409 with a code api.md names
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * 7, results
    codes = {body["code"] for status, body in results if status == 409}
    assert codes <= {"invalid_transition", "conflict"}
    assert StageChange.objects.filter(account=team_account).count() == 1
    team_account.refresh_from_db()
    assert team_account.stage == "briefed"
