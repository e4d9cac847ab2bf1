"""Reads of meetings, contact reports and the client communication log, and which contact
reports an AE still owes. Every queryset starts from `work_accounts_visible_to`."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.selectors import SeenAccounts
from agency.models import User
from campaigns.models import Communication, ContactReport, Meeting, Task
from campaigns.models.meetings import CLIENT_MEETING_KINDS, CONTACT_REPORT_DUE

from .workplan import on_work_accounts, work_accounts_visible_to


def meetings_visible_to(user: User, seen: SeenAccounts | None = None) -> QuerySet[Meeting]:
    return Meeting.objects.filter(on_work_accounts(user, seen))


def meeting_list(*, user: User) -> QuerySet[Meeting]:
    return (
        meetings_visible_to(user)
        .select_related("account", "created_by", "contact_report")
        .prefetch_related("attendees")
    )


def contact_reports_visible_to(user: User) -> QuerySet[ContactReport]:
    return ContactReport.objects.filter(account__in=work_accounts_visible_to(user))


def contact_report_list(*, user: User) -> QuerySet[ContactReport]:
    """Reports with their meeting, author and action items (tasks with owners): no N+1."""
    tasks = Task.objects.select_related("owner").order_by("due_date", "id")
    return (
        contact_reports_visible_to(user)
        .select_related("account", "meeting", "filed_by")
        .prefetch_related(Prefetch("tasks", queryset=tasks))
    )


def communications_visible_to(user: User) -> QuerySet[Communication]:
    """Every team member reads the log; only team AEs write it (campaigns.workplan_rules)."""
    return Communication.objects.filter(account__in=work_accounts_visible_to(user))


def communication_list(*, user: User) -> QuerySet[Communication]:
    return communications_visible_to(user).select_related(
        "account", "contact", "ae", "recorded_by", "meeting"
    )


def contact_reports_owed(user: User, *, now: datetime | None = None) -> QuerySet[Meeting]:
    """Client meetings held CONTACT_REPORT_DUE (24 h) or more before `now` that have no
    contact report yet, on the accounts where `user` is the one to file it: an AE on the
    team, or an AD for the AEs they direct. Oldest first. Empty for everyone else."""
    now = now or timezone.now()
    meetings = meetings_visible_to(user)  # an AE: the team's accounts; an AD: directed ones
    if not (user.is_ae or user.is_ad):
        return meetings.none()
    return (
        owing_contact_report(meetings, now=now).select_related("account").order_by("held_at", "id")
    )


def owing_contact_report(meetings: QuerySet[Meeting], *, now: datetime) -> QuerySet[Meeting]:
    """Those of `meetings` that are client meetings held CONTACT_REPORT_DUE (24 h) or more
    before `now` and have no contact report yet (also what the contact_report_owed reminder
    reads, in campaigns.reminders)."""
    return meetings.filter(
        kind__in=CLIENT_MEETING_KINDS,
        held_at__lte=now - CONTACT_REPORT_DUE,
        contact_report__isnull=True,
    )
