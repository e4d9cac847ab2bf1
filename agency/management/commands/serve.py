"""`python manage.py serve [--host H] [--port P]`: the demo logins, then Django's server.

Used by `make run`. Without REDIS_URL (the embedded mode, agency.embedded) it also runs the
periodic commands in a background thread every minute, standing in for Celery beat.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from agency import demo, embedded


class Command(BaseCommand):
    help = "Print the demo logins and serve the app with Django's server (no autoreload)."
    requires_system_checks = []  # runserver runs them

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host: str, port: int, **options):
        self.stdout.write(demo.format_logins(demo.logins()))
        if not settings.REDIS_URL:
            embedded.start_periodic_thread()
            self.stdout.write(
                "Embedded mode (no REDIS_URL): tasks run in this process; periodic jobs "
                f"every {embedded.INTERVAL_SECONDS:g} s in a background thread."
            )
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        call_command("runserver", address, use_reloader=False)
