"""The embedded mode: without REDIS_URL there is no Celery worker or beat.

Tasks then run eagerly in the web process (CELERY_TASK_ALWAYS_EAGER, see settings), and
`manage.py serve` starts `start_periodic_thread()`: a daemon thread that runs the periodic
management commands below every minute, standing in for Celery beat. With REDIS_URL set, the
worker and beat processes do this instead (docker-compose.yml).
"""

import logging
import threading

from django.core.management import call_command, get_commands
from django.db import close_old_connections

from agency.celery import SWEEP_EVERY_SECONDS

logger = logging.getLogger(__name__)

#: Commands run every INTERVAL_SECONDS, each only once the app that brings it is installed.
PERIODIC_COMMANDS = ["sweep_reminders"]
INTERVAL_SECONDS = SWEEP_EVERY_SECONDS  # as often as beat would


def run_periodic_commands() -> list[str]:
    """Run each periodic command that exists; an error is logged and the others still run.
    Returns the names that ran."""
    ran = []
    available = get_commands()
    for name in PERIODIC_COMMANDS:
        if name not in available:
            continue
        try:
            call_command(name)
            ran.append(name)
        except Exception:  # noqa: BLE001 - a failing sweep must not stop the next one
            logger.exception("embedded mode: %s failed", name)
        finally:
            close_old_connections()
    return ran


def start_periodic_thread(
    interval: float = INTERVAL_SECONDS, stop: threading.Event | None = None
) -> threading.Thread:
    """Start the daemon thread; it runs until `stop` is set or the process ends."""
    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            run_periodic_commands()

    thread = threading.Thread(target=loop, name="embedded-periodic", daemon=True)
    thread.start()
    return thread
