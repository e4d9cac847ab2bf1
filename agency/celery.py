"""The Celery app. Without REDIS_URL tasks run eagerly in-process (see settings), and
`manage.py serve` runs the sweep on a timer instead of beat."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")

app = Celery("agency")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The whole beat schedule. A static schedule, not django-celery-beat: there is one periodic
# task, the sweep is idempotent, and the times that matter (due dates, flights) are data in
# the rows the rules read, not cron entries an admin would edit.
SWEEP_EVERY_SECONDS = 60.0
app.conf.beat_schedule = {
    "sweep-reminders": {
        "task": "agency.tasks.sweep_reminders",
        "schedule": SWEEP_EVERY_SECONDS,
        "options": {"expires": SWEEP_EVERY_SECONDS},
    },
}
