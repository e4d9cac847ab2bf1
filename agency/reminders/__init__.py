"""Reminders: rules that find what is due, rows that make each reminder happen once.

Each app declares its rules in `<app>/reminders.py` with `@rule(...)`; the sweep
(`sweep_reminders`, run by Celery beat, by the embedded timer of `manage.py serve`, or by
hand) records every due reminder as a row and delivers the pending ones.
"""

from .registry import JOBS, RULES, Due, Rule, job, rule

__all__ = ["JOBS", "RULES", "Due", "Rule", "job", "rule"]
