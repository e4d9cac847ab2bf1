"""Media reminders (booking deadline, flights starting tomorrow) and the automatic launch that
every sweep runs."""

from datetime import timedelta

import pytest
from django.core import mail

from accounts.models import Account
from accounts.services import take_transition
from agency.reminders import JOBS, RULES
from agency.reminders.registry import discover_rules
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

from .helpers import book_buy, join_team, plan_buy

pytestmark = pytest.mark.django_db


def flight(start, days: int = 10) -> dict:
    return {"flight_start": start, "flight_end": start + timedelta(days=days)}


def media_of(account) -> list[str]:
    """Usernames of the media members the lifecycle helper put on the team."""
    return sorted(
        account.team_members.filter(user__department="media").values_list(
            "user__username", flat=True
        )
    )


def test_an_unbooked_buy_reminds_team_aes_and_media_members_on_its_booking_deadline(
    producing, outlet, media_planner, ae, creative
):
    # Given a buy not booked whose flight starts on D, a creative on the team, an AE who left
    join_team(producing, creative)
    left_team(producing, "t_gone", by=ae)
    start = today() + timedelta(days=20)
    plan_buy(producing, outlet, media_planner, **flight(start))
    deadline = start - timedelta(days=7)
    # When sweeps run day by day, then the deadline day records one reminder per person
    found = {
        n: recorded_on(start - timedelta(days=n), "media_booking_deadline")
        for n in range(10, -1, -1)
    }
    people = ["t_ae", *media_of(producing)]
    assert {n: f for n, f in found.items() if f} == {
        7: sorted((name, f"deadline:{deadline}") for name in people)
    }
    assert "t_creative" not in dict(recorded("media_booking_deadline"))


def test_a_booked_buy_has_no_deadline_and_the_setting_moves_it(
    producing, outlet, media_planner, settings
):
    start = today() + timedelta(days=5)
    book_buy(plan_buy(producing, outlet, media_planner, **flight(start)), media_planner)
    plan_buy(producing, outlet, media_planner, **flight(today() + timedelta(days=12)))
    assert recorded_on(today(), "media_booking_deadline") == []

    settings.MEDIA_BOOKING_DEADLINE_DAYS = 14
    assert {occ for _, occ in recorded_on(today(), "media_booking_deadline")} == {
        f"deadline:{today() - timedelta(days=2)}"
    }


def test_booking_deadline_in_the_readers_language(producing, outlet, media_planner, ae):
    zh = team_member(
        producing, "t_media_zh", by=ae, language="zh-hans", department="media", level=""
    )
    plan_buy(producing, outlet, media_planner, **flight(today() + timedelta(days=7)))

    sweep_now(times=2)

    assert subjects_to(zh) == [f"媒体预订截止：{outlet.name}（{producing.name}）"]
    assert subjects_to(media_planner) == [
        f"Media booking deadline: {outlet.name} for {producing.name}"
    ]


def test_the_whole_team_hears_once_that_flights_start_tomorrow(
    producing, outlet, media_planner, ae, creative
):
    join_team(producing, creative)
    left_team(producing, "t_gone", by=ae)
    tomorrow = today() + timedelta(days=1)
    for placement in ("Prime time", "Morning news"):
        buy = plan_buy(producing, outlet, media_planner, placement=placement, **flight(tomorrow))
        book_buy(buy, media_planner)
    plan_buy(producing, outlet, media_planner, placement="Not booked", **flight(tomorrow))

    sweep_now(times=3)

    everyone = sorted(producing.team_members.values_list("user__username", flat=True))
    assert "t_gone" not in everyone and "t_creative" in everyone
    assert recorded("flight_starting") == [(name, f"flights:{tomorrow}") for name in everyone]
    (message,) = [m for m in mail.outbox if creative.email in m.to]
    assert message.subject == f"Flights start tomorrow: {producing.name}"
    assert "Prime time" in message.body and "Morning news" in message.body
    assert "Not booked" not in message.body


def test_every_sweep_launches_the_accounts_whose_first_flight_started(
    producing, outlet, media_planner, ae
):
    book_buy(plan_buy(producing, outlet, media_planner, **flight(today())), media_planner)
    take_transition(account=producing, name="book_media", by=ae)

    sweep_now()

    assert Account.objects.get(pk=producing.pk).stage == "running"
    assert "media.sweep_flights" in JOBS


@pytest.mark.parametrize("name", ["media_booking_deadline", "flight_starting"])
def test_each_media_rule_reads_one_query(
    name, producing, outlet, media_planner, django_assert_num_queries
):
    discover_rules()
    for n in range(4):
        start = today() + timedelta(days=1 + n)
        plan_buy(producing, outlet, media_planner, **flight(start))
        book_buy(plan_buy(producing, outlet, media_planner, **flight(start)), media_planner)

    with django_assert_num_queries(1):
        found = list(RULES[name].find(noon(today())))

    assert found
