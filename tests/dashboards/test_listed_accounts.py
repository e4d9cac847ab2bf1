"""The reports name the accounts an AD sees by their ids (read once per report): the
figures are those of the visibility functions' querysets either way."""

import pytest
from django.urls import reverse

from agency.dashboards import scope as scope_module

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("report", ["pipeline", "workload", "revenue"])
def test_the_figures_are_the_same_whether_the_accounts_are_listed_or_not(
    books, monkeypatch, api, ad, report
):
    """The ids of the AD's accounts are read once and named in the queries; past
    LISTED_ACCOUNTS_MAX the queries ask for the visible accounts themselves."""
    url = reverse(f"api:report-{report}")
    listed = api(ad).get(url).json()
    monkeypatch.setattr(scope_module, "LISTED_ACCOUNTS_MAX", 0)
    assert api(ad).get(url).json() == listed
