"""Celery tasks of media: thin, safe to run twice (the service skips what is done)."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="media.sweep_flights", soft_time_limit=240, time_limit=300)
def sweep_flights(today: str | None = None) -> int:
    """The periodic flight sweep (scheduled with the other periodic jobs); returns how many
    transitions it took."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return len(services.sweep_flights(today=day))
