"""python manage.py sweep_flights [--date YYYY-MM-DD]: launch and evaluate accounts by their
flight dates (what the periodic job runs). Safe to run twice."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from media.services import sweep_flights


class Command(BaseCommand):
    help = "Launch accounts whose first flight started; evaluate those whose last flight ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="Sweep as of this day (default: today)."
        )

    def handle(self, *args, date=None, **options):
        taken = sweep_flights(today=date or timezone.localdate())
        for account_id, name in taken:
            self.stdout.write(f"account {account_id}: {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(taken)} transitions taken."))
