"""Writes of meetings, contact reports and the client communication log.

A contact report and its action items are written together: the report and one task per
action item in one transaction, so a report never exists without its tasks (or the reverse).
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Account, Contact
from agency.errors import NotAllowed
from agency.models import Department, User
from campaigns.models import Communication, CommunicationKind, ContactReport, Meeting, MeetingKind
from campaigns.models.meetings import CLIENT_MEETING_KINDS
from campaigns.workplan_rules import is_on_team, may_speak_for_client

from .workplan import locked, new_task, require_planner

MEETING_FIELDS = ("kind", "title", "held_at", "minutes")
REPORT_FIELDS = ("summary", "decisions")
COMMUNICATION_FIELDS = ("kind", "occurred_at", "contact", "subject", "body", "meeting")


def require_client_side(account: Account, by: User) -> None:
    if not may_speak_for_client(account, by):
        raise NotAllowed(
            _("Only an AE on the account's team or their account director may do this.")
        )


# --- Meetings -----------------------------------------------------------------------------
@transaction.atomic
def create_meeting(
    *,
    account: Account,
    by: User,
    kind: str,
    held_at: datetime,
    attendees: Iterable[User] = (),
    minutes: str = "",
    title: str = "",
) -> Meeting:
    """Record a meeting of the team (any member) with its attendees, who must be on the team."""
    require_planner(account, by)
    meeting = Meeting(
        account=account, kind=kind, held_at=held_at, minutes=minutes, title=title, created_by=by
    )
    attendees = list(attendees)
    _validate_meeting(meeting, attendees)
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, by: User, **values) -> Meeting:
    meeting = locked(Meeting, meeting.pk)
    require_planner(meeting.account, by)
    for name in MEETING_FIELDS:
        if name in values:
            setattr(meeting, name, values[name])
    attendees = list(values["attendees"]) if "attendees" in values else None
    _validate_meeting(meeting, attendees or [])
    meeting.save()
    if attendees is not None:
        meeting.attendees.set(attendees)
    return meeting


def _validate_meeting(meeting: Meeting, attendees: list[User]) -> None:
    errors = {}
    if meeting.kind not in MeetingKind.values:
        errors["kind"] = [_("Unknown kind of meeting “%(k)s”.") % {"k": meeting.kind}]
    if hasattr(meeting, "contact_report") and meeting.kind not in CLIENT_MEETING_KINDS:
        errors["kind"] = [_("A meeting with a contact report stays a client meeting.")]
    outsiders = [str(user) for user in attendees if not is_on_team(meeting.account, user)]
    if outsiders:
        errors["attendees"] = [
            _("Not on the account's team: %(names)s.") % {"names": ", ".join(outsiders)}
        ]
    _full_clean(meeting, errors, exclude=["account", "created_by"])


def _full_clean(obj, errors: dict, *, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# --- Contact reports ----------------------------------------------------------------------
@transaction.atomic
def file_contact_report(
    *,
    account: Account,
    by: User,
    summary: str,
    decisions: str = "",
    meeting: Meeting | None = None,
    action_items: Iterable[dict] = (),
) -> ContactReport:
    """File what was discussed and decided with the client; each action item
    (`{"title", "owner", "due_date"}`, optionally `"department"`) becomes a task on the plan,
    owned by its owner, in the same transaction.

    Preconditions: `by` is a team AE or their AD (else NotAllowed); the meeting, if given, is
    a client meeting of this account that took place and has no report yet; every owner is
    on the team and no due date is in the past (else ValidationError, nothing written).
    """
    require_client_side(account, by)
    if meeting is not None:  # two AEs filing for one meeting: the second waits, then sees it
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    report = ContactReport(
        account=account, meeting=meeting, summary=summary, decisions=decisions, filed_by=by
    )
    items = list(action_items)
    _validate_report(report, items)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # the one-to-one on meeting: filed twice at the same moment
        message = _("This meeting already has a contact report.")
        raise ValidationError({"meeting": [message]}) from exc
    for item in items:
        _action_item_task(report, item, by)
    return report


def _action_item_task(report: ContactReport, item: dict, by: User):
    owner = item["owner"]
    task = new_task(
        account=report.account,
        by=by,
        title=item["title"],
        department=item.get("department") or owner.department or Department.ACCOUNT,
        owner=owner,
        due_date=item["due_date"],
    )
    task.contact_report = report
    task.save(update_fields=["contact_report"])
    return task


def _validate_report(report: ContactReport, items: list[dict]) -> None:
    errors: dict[str, list[str]] = {}
    meeting = report.meeting
    if meeting is not None:
        problem = _meeting_problem(report.account, meeting)
        if problem:
            errors["meeting"] = [problem]
    item_errors = [
        _("Action item %(n)s: %(problem)s") % {"n": n, "problem": problem}
        for n, item in enumerate(items, start=1)
        for problem in _action_item_problems(report.account, item)
    ]
    if item_errors:
        errors["action_items"] = item_errors
    _full_clean(report, errors, exclude=["account", "meeting", "filed_by"])


def _meeting_problem(account: Account, meeting: Meeting) -> str:
    if meeting.account_id != account.pk:
        return _("The meeting is on another account.")
    if meeting.kind not in CLIENT_MEETING_KINDS:
        return _("Contact reports are filed for client presentations and client calls.")
    if meeting.held_at > timezone.now():
        return _("The meeting has not taken place yet.")
    if ContactReport.objects.filter(meeting=meeting).exists():
        return _("This meeting already has a contact report.")
    return ""


def _action_item_problems(account: Account, item: dict) -> list[str]:
    problems = []
    if not str(item.get("title", "")).strip():
        problems.append(_("give it a title."))
    owner, due = item.get("owner"), item.get("due_date")
    if owner is None:
        problems.append(_("give it an owner."))
    elif not is_on_team(account, owner):
        problems.append(_("%(user)s is not on the account's team.") % {"user": owner})
    if not isinstance(due, date):
        problems.append(_("give it a due date."))
    elif due < timezone.localdate():
        problems.append(_("the due date is in the past."))
    return problems


@transaction.atomic
def update_contact_report(*, report: ContactReport, by: User, **values) -> ContactReport:
    """Correct the summary or decisions; the action items are tasks now, edited as tasks."""
    report = locked(ContactReport, report.pk)
    require_client_side(report.account, by)
    for name in REPORT_FIELDS:
        if name in values:
            setattr(report, name, values[name])
    _full_clean(report, {}, exclude=["account", "meeting", "filed_by"])
    report.save()
    return report


# --- The client communication log -----------------------------------------------------------
@transaction.atomic
def record_communication(
    *,
    account: Account,
    by: User,
    kind: str,
    subject: str,
    body: str = "",
    occurred_at: datetime | None = None,
    contact: Contact | None = None,
    meeting: Meeting | None = None,
    ae: User | None = None,
) -> Communication:
    """Log one exchange with the client. Recorded by a team AE (or their AD); the agency's
    side of it, `ae`, is the recording AE unless another team AE is named, and for an AD the
    lead AE. It is always an AE on the team: the client has no other counterpart."""
    require_client_side(account, by)
    if ae is None:
        ae = by if by.is_ae else account.lead_ae
    communication = Communication(
        account=account,
        kind=kind,
        subject=subject,
        body=body,
        occurred_at=occurred_at or timezone.now(),
        contact=contact,
        meeting=meeting,
        ae=ae,
        recorded_by=by,
    )
    _validate_communication(communication)
    communication.save()
    return communication


@transaction.atomic
def record_client_message(
    *, account: Account, by: User, subject: str, body: str = ""
) -> Communication:
    """A message a client's contact wrote in the portal (`by` is their login): logged as a
    request from that contact, with the lead AE as its counterpart, the client's only one.
    Raises NotAllowed (`by` is no portal login of the account's client), ValidationError."""
    contact = Contact.objects.filter(client=account.client_id, portal_user=by).first()
    if contact is None or not (by.is_active and by.is_client_contact):
        raise NotAllowed(_("Only the client's contacts write to the AE here."))
    communication = Communication(
        account=account,
        kind=CommunicationKind.REQUEST,
        subject=subject,
        body=body,
        contact=contact,
        ae=account.lead_ae,
        recorded_by=by,
    )
    _validate_communication(communication)
    communication.save()
    return communication


@transaction.atomic
def update_communication(*, communication: Communication, by: User, **values) -> Communication:
    communication = locked(Communication, communication.pk)
    require_client_side(communication.account, by)
    for name in (*COMMUNICATION_FIELDS, "ae"):
        if name in values:
            setattr(communication, name, values[name])
    _validate_communication(communication)
    communication.save()
    return communication


def _validate_communication(communication: Communication) -> None:
    errors = {}
    account, ae = communication.account, communication.ae
    if ae is None or not ae.is_ae or not is_on_team(account, ae):
        errors["ae"] = [_("The client's counterpart must be an AE on the account's team.")]
    contact = communication.contact
    if contact is not None and contact.client_id != account.client_id:
        errors["contact"] = [_("This contact works for another client.")]
    meeting = communication.meeting
    if meeting is not None and meeting.account_id != account.pk:
        errors["meeting"] = [_("The meeting is on another account.")]
    related = ["account", "contact", "meeting", "ae", "recorded_by"]
    _full_clean(communication, errors, exclude=related)
