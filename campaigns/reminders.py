"""Reminders about campaign work: tasks due and overdue, contact reports owed, accounts with
no client contact, presentations coming up. Found by the sweep (agency.reminders).

Each rule is one query over an indexed column, read in batches, returning one row per
(object, recipient); recipients are read from the account's team as it is now, so someone
who left the team is told nothing. Only open accounts (not on hold, lost or closed) remind.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import OPEN_STAGES, Account
from agency.reminders import Due, rule
from agency.reminders.finding import (
    catch_up_days,
    dues_from_rows,
    msgid,
    rows,
    step_reached,
    today,
)
from agency.time_zones import CALENDAR_SPREAD_DAYS, agency_today, local_today
from campaigns.models import Communication, Meeting, MeetingKind, Task, TeamMember
from campaigns.models.meetings import CLIENT_MEETING_KINDS, CONTACT_REPORT_DUE
from campaigns.models.workplan import OPEN_TASK_STATUSES
from campaigns.selectors.meetings import owing_contact_report
from campaigns.selectors.recipients import active_member, member_id, team_ae

#: Reminders of an overdue task: the day after its due date, and a week after it.
TASK_OVERDUE_STEPS = ((1, "overdue"), (7, "overdue-7"))

# Whose calendar a rule counts days in. A task is one person's, and its due date a day of
# that person's calendar: "due tomorrow" reaches the owner on the eve of the day where they
# sit (an AE in London hears in the London evening, not at 16:00 when Shanghai's day turns),
# and "overdue" once their due day has ended. So the task rules read the owner's time zone
# and keep the tasks due on the owner's day (`owners_day`). The rules to a whole team
# (presentations, flights, booking deadlines, invoices) count the agency's days (`today`):
# one occasion per object for everyone, on the calendar those dates are agreed in.


# --- Tasks ---------------------------------------------------------------------------------
def open_tasks_of_team_members():
    """Unfinished tasks of open accounts whose owner is active and still on the team."""
    on_team = TeamMember.objects.filter(account=OuterRef("account_id"), user=OuterRef("owner_id"))
    return Task.objects.filter(
        Exists(on_team),
        status__in=OPEN_TASK_STATUSES,
        account__stage__in=OPEN_STAGES,
        owner__is_active=True,
    )


TASK_COLUMNS = ("title", "due_date", "account_id", "account__name", "owner_id", "owner__time_zone")


def owners_day(row: dict, now: datetime) -> date:
    """The task owner's calendar day at `now`, in their time zone."""
    return local_today(row["owner__time_zone"], now)


def due_dates_around(day: date, *, before: int = 0) -> dict:
    """A filter on due dates wide enough for every owner's calendar: a person's day is at
    most CALENDAR_SPREAD_DAYS from the agency's `day`. `before` widens it into the past."""
    spread = timedelta(days=CALENDAR_SPREAD_DAYS)
    return {"due_date__gte": day - spread - timedelta(days=before), "due_date__lte": day + spread}


def task_due(row: dict, occurrence: str) -> Due:
    return Due(
        subject_type="task",
        subject_id=row["id"],
        occurrence=occurrence,
        recipient_ids=[row["owner_id"]],
        context={
            "task": row["title"],
            "account": row["account__name"],
            "due": row["due_date"].isoformat(),
        },
        link=reverse("account-workplan", kwargs={"account_id": row["account_id"]}),
        account_id=row["account_id"],
    )


@rule(
    "task_due_tomorrow",
    title=_("Task due tomorrow: %(task)s"),
    body=_("Your task “%(task)s” on %(account)s is due tomorrow, %(due)s."),
    label=_("A task of mine is due tomorrow"),
)
def tasks_due_tomorrow(now: datetime):
    """To the task's owner, the day before its due date in the owner's calendar (again if
    the date moves)."""
    window = due_dates_around(today(now) + timedelta(days=1))
    for row in rows(open_tasks_of_team_members().filter(**window), *TASK_COLUMNS):
        if row["due_date"] == owners_day(row, now) + timedelta(days=1):
            yield task_due(row, row["due_date"].isoformat())


@rule(
    "task_overdue",
    title=_("Task overdue: %(task)s"),
    body=_("Your task “%(task)s” on %(account)s was due on %(due)s and is not done yet."),
    label=_("A task of mine is overdue"),
)
def tasks_overdue(now: datetime):
    """To the owner of an unfinished task the day after its due date, and once more a week
    after it, counted in the owner's calendar; keyed by the due date, so moving the date
    starts over."""
    window = due_dates_around(today(now), before=TASK_OVERDUE_STEPS[-1][0] + catch_up_days())
    for row in rows(open_tasks_of_team_members().filter(**window), *TASK_COLUMNS):
        step = step_reached((owners_day(row, now) - row["due_date"]).days, TASK_OVERDUE_STEPS)
        if step:
            yield task_due(row, f"{step}:{row['due_date'].isoformat()}")


# --- Meetings and client contact -------------------------------------------------------------
@rule(
    "contact_report_owed",
    title=_("Contact report owed: %(account)s"),
    body=_(
        "The %(kind)s with %(client)s on %(held)s was more than 24 hours ago and has no "
        "contact report yet. File it with what was decided and the action items."
    ),
    label=_("A contact report is owed for a client meeting"),
    translated=("kind",),
    moments=("held",),
)
def contact_reports_owed(now: datetime):
    """To the team's AEs, once, 24 hours after a client meeting without a contact report
    (the same condition as campaigns.selectors.contact_reports_owed)."""
    oldest = now - CONTACT_REPORT_DUE - timedelta(days=catch_up_days())
    meetings = Meeting.objects.filter(held_at__gt=oldest, account__stage__in=OPEN_STAGES)
    meetings = owing_contact_report(meetings, now=now).filter(team_ae())
    columns = ("kind", "held_at", "account_id", "account__name", "account__client__name")
    found = rows(meetings, *columns, member_id())
    yield from dues_from_rows(found, _meeting_due, recipients=[member_id()])


def _meeting_due(row: dict, recipients: list[int]) -> Due:
    account_id = row["account_id"]
    return Due(
        subject_type="meeting",
        subject_id=row["id"],
        occurrence="contact-report",
        recipient_ids=recipients,
        context={
            "kind": msgid(MeetingKind(row["kind"]).label),
            "account": row["account__name"],
            "client": row["account__client__name"],
            "held": row["held_at"].isoformat(),  # each reader sees it on their own clock
        },
        link=reverse("contact-report-new", kwargs={"account_id": account_id})
        + f"?meeting={row['id']}",
        account_id=account_id,
    )


def client_contact_alert_days() -> int:
    return getattr(settings, "CLIENT_CONTACT_ALERT_DAYS", 14)


def last_client_contact():
    """The latest of: the account's opening, its last logged communication, its last client
    meeting (each subquery reads one row through the account's newest-first index)."""
    communication = Communication.objects.filter(account=OuterRef("pk")).order_by("-occurred_at")
    meeting = Meeting.objects.filter(account=OuterRef("pk"), kind__in=CLIENT_MEETING_KINDS)
    return Greatest(
        "created_at",
        Coalesce(Subquery(communication.values("occurred_at")[:1]), "created_at"),
        Coalesce(Subquery(meeting.order_by("-held_at").values("held_at")[:1]), "created_at"),
    )


@rule(
    "client_contact_silence",
    title=_("No client contact for %(days)s days: %(account)s"),
    body=_(
        "Nothing with %(client)s has been logged on %(account)s since %(since)s. Call or "
        "write to the client, and log the contact."
    ),
    label=_("An account I lead has had no client contact for a while"),
)
def accounts_without_client_contact(now: datetime):
    """To the lead AE (while on the team) of an open account with no client contact for
    CLIENT_CONTACT_ALERT_DAYS; keyed by the date of the last contact, so once per silence."""
    days = client_contact_alert_days()
    lead_on_team = TeamMember.objects.filter(account=OuterRef("pk"), user=OuterRef("lead_ae_id"))
    accounts = (
        Account.objects.filter(Exists(lead_on_team), stage__in=OPEN_STAGES, lead_ae__is_active=True)
        .annotate(last_contact=last_client_contact())
        .filter(last_contact__lte=now - timedelta(days=days))
    )
    for row in rows(accounts, "name", "client__name", "lead_ae_id", "last_contact"):
        since = agency_today(row["last_contact"]).isoformat()
        yield Due(
            subject_type="account",
            subject_id=row["id"],
            occurrence=f"silent-since:{since}",
            recipient_ids=[row["lead_ae_id"]],
            context={
                "account": row["name"],
                "client": row["client__name"],
                "since": since,
                "days": days,
            },
            link=reverse("account-communications", kwargs={"account_id": row["id"]}),
            account_id=row["id"],
        )


# --- Milestones ------------------------------------------------------------------------------
@rule(
    "presentation_soon",
    title=_("Presentation in 2 days: %(account)s"),
    body=_("The proposal for %(account)s is presented to %(client)s on %(date)s."),
    label=_("A presentation of my team is in 2 days"),
)
def presentations_in_two_days(now: datetime):
    """To the whole team, two days before the milestone's presentation date (keyed by the
    date, so a moved presentation is announced again)."""
    day = today(now) + timedelta(days=2)
    accounts = Account.objects.filter(
        milestones__presentation_date=day, stage__in=OPEN_STAGES
    ).filter(active_member("team_members__"))
    columns = ("name", "client__name", member_id("team_members__"))
    found = rows(accounts, *columns)
    yield from dues_from_rows(
        found,
        lambda row, people: Due(
            subject_type="account",
            subject_id=row["id"],
            occurrence=f"presentation:{day.isoformat()}",
            recipient_ids=people,
            context={
                "account": row["name"],
                "client": row["client__name"],
                "date": day.isoformat(),
            },
            link=reverse("account-workplan", kwargs={"account_id": row["id"]}),
            account_id=row["id"],
        ),
        recipients=[member_id("team_members__")],
    )
