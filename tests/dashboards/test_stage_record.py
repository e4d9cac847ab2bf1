"""The stage record keeps when each stage was entered, which the time-per-stage figure reads."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import StageChange
from accounts.services import take_transition
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def test_a_transition_records_when_the_stage_it_leaves_was_entered(account, ae):
    take_transition(account=account, name="hold", by=ae, note="Client on holiday")
    take_transition(account=account, name="resume", by=ae, note="Back")

    held, resumed = StageChange.objects.filter(account=account).order_by("at", "id")
    account.refresh_from_db()
    # The first stage was entered when the account was opened.
    assert abs(held.source_entered_at - account.created_at) < dt.timedelta(seconds=1)
    assert resumed.source_entered_at == held.at
    assert account.stage_entered_at == resumed.at


def test_the_backfill_takes_the_previous_change_or_the_opening(ae):
    account = AccountFactory(lead_ae=ae)
    opened = timezone.now() - dt.timedelta(days=30)
    type(account).objects.filter(pk=account.pk).update(created_at=opened)
    at = [opened + dt.timedelta(days=d) for d in (3, 10, 10)]
    changes = [
        StageChange.objects.create(
            account=account, transition=t, source="x", target="y", by=ae, at=moment
        )
        for t, moment in zip(("record_brief", "hold", "resume"), at, strict=True)
    ]

    import_module("accounts.migrations.0003_backfill_source_entered_at").backfill(apps, None)

    for change in changes:
        change.refresh_from_db()
    assert [c.source_entered_at for c in changes] == [opened, at[0], at[1]]
