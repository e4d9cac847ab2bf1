"""Settings of the processes the reliability tests start (a Celery worker, the web server,
`manage.py sweep_reminders`): the test settings with Celery as production runs it (tasks go
through Redis, not eager), and what a test sets through the environment."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import REDIS_URL

CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
if os.environ.get("TEST_EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["TEST_EMAIL_BACKEND"]
REMINDER_CLAIM_LEASE_SECONDS = int(os.environ.get("REMINDER_CLAIM_LEASE_SECONDS", "120"))
