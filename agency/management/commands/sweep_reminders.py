from django.core.management.base import BaseCommand

from agency.reminders.sweep import sweep_reminders


class Command(BaseCommand):
    help = "Run every reminder rule once, now, and deliver pending reminders (what beat runs)."

    def handle(self, *args, **options):
        run = sweep_reminders()
        self.stdout.write(
            f"recorded {run.recorded}, delivered {run.delivered}, not delivered {run.failed}"
        )
