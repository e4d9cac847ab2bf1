"""Celery tasks: thin, idempotent, ids in."""

from celery import shared_task


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def sweep_reminders() -> dict:
    from agency.reminders.sweep import sweep_reminders as sweep

    run = sweep()
    return {"recorded": run.recorded, "delivered": run.delivered, "failed": run.failed}


@shared_task(acks_late=True, time_limit=60, soft_time_limit=45)
def deliver_reminder(reminder_id: int) -> bool:
    from agency.reminders.delivery import deliver

    return deliver(reminder_id)
