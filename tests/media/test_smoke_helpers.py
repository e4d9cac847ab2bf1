import pytest

from tests.media.helpers import book_buy, plan_buy


@pytest.mark.django_db
def test_a_buy_can_be_planned_and_booked(producing, outlet, media_planner):
    buy = book_buy(plan_buy(producing, outlet, media_planner), media_planner)
    assert buy.status == "booked"
