"""Fixtures of the media tests: an outlet and an account in production with a media planner
on its team."""

from decimal import Decimal

import pytest

from tests.factories import MediaOutletFactory

from .helpers import advance_to, join_team


@pytest.fixture
def outlet(db):
    return MediaOutletFactory(
        name="中央电视台 综合频道 CCTV-1",
        kind="tv",
        vendor_name="中央电视台广告中心",
        commission_rate=Decimal("0.15"),
    )


@pytest.fixture
def producing(account, ae, media_planner):
    """`ae`'s account in production (budget 500,000.00 CNY), the media planner on the team."""
    join_team(account, media_planner)
    return advance_to(account, "in_production", by=ae)
