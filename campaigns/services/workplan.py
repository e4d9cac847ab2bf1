"""Writes of the work plan: tasks, their status, and the account's milestones.

Field problems raise django.core.exceptions.ValidationError with a message per field (the API
answers 400 `{"field": ["message"]}`, the pages show them on the form); a person who may see
the account but not do this gets NotAllowed (403).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from accounts.models import Account
from accounts.selectors import can_edit_account
from agency.errors import InvalidTransition, NotAllowed
from agency.models import Department, User
from campaigns.models import Milestones, Task, TaskStatus, TaskStatusChange
from campaigns.models.workplan import TRANSITION_TO
from campaigns.workplan_rules import is_on_team, may_plan

TASK_FIELDS = ("title", "department", "owner", "due_date", "predecessor")


def locked(model, pk: int):
    """Re-read a row of an account's work under a row lock (only that row: `of=self`),
    with its account, before deciding anything about it."""
    return model.objects.select_for_update(of=("self",)).select_related("account").get(pk=pk)


def require_planner(account: Account, by: User) -> None:
    if not may_plan(account, by):
        raise NotAllowed(_("Only members of the account's team may change its work plan."))


@transaction.atomic
def create_task(
    *,
    account: Account,
    by: User,
    title: str,
    department: str,
    owner: User,
    due_date: date,
    status: str = TaskStatus.TODO,
    predecessor: Task | None = None,
) -> Task:
    """Add a task to the plan. The owner must be on the account's team; the due date may not
    be in the past. Raises NotAllowed (not a planner of this account), ValidationError."""
    require_planner(account, by)
    return new_task(
        account=account,
        by=by,
        title=title,
        department=department,
        owner=owner,
        due_date=due_date,
        status=status,
        predecessor=predecessor,
    )


def new_task(*, account: Account, by: User, status: str = TaskStatus.TODO, **values) -> Task:
    """Validate and save a task; the caller has checked that `by` may add it."""
    if status not in TaskStatus.values:
        raise ValidationError({"status": [_("Unknown status “%(s)s”.") % {"s": status}]})
    task = Task(account=account, status=status, created_by=by, **values)
    validate_task(task, changed=set(values))
    task.save()
    return task


@transaction.atomic
def update_task(*, task: Task, by: User, **values) -> Task:
    """Edit a task's fields (team members) and/or its `status` (its owner or a team AE).
    Locks the task first; refuses the whole change if any part is refused."""
    task = locked(Task, task.pk)
    status = values.pop("status", None)
    changed = {n for n in TASK_FIELDS if n in values and values[n] != getattr(task, n)}
    if changed:
        require_planner(task.account, by)
        for name in changed:
            setattr(task, name, values[name])
        validate_task(task, changed=changed)
        task.save(update_fields=[*changed, "updated_at"])
    if status is not None and status != task.status:
        task = _move(task, status, by)
    return task


@transaction.atomic
def change_task_status(*, task: Task, status: str, by: User) -> Task:
    """Move a task to `status` through its transition, recording a TaskStatusChange.
    Raises NotAllowed (neither its owner nor a team AE), InvalidTransition (e.g. done →
    blocked: reopen it first). Setting the status it already has changes nothing."""
    task = locked(Task, task.pk)
    if status == task.status:
        return task
    return _move(task, status, by)


def _move(task: Task, status: str, by: User) -> Task:
    name = TRANSITION_TO.get(status)
    method = getattr(task, name) if name else None
    if method is None or not can_proceed(method):
        raise InvalidTransition(
            _("A task cannot go from “%(source)s” to “%(target)s”.")
            % {"source": task.get_status_display(), "target": status}
        )
    if not has_transition_perm(method, by):
        raise NotAllowed(_("Only the task's owner or an AE of the account may change its status."))
    source = task.status
    method()
    task.save(update_fields=["status", "updated_at"])
    TaskStatusChange.objects.create(task=task, source=source, target=task.status, by=by)
    return task


def validate_task(task: Task, *, changed: set[str]) -> None:
    """Per-field messages: unknown department, an owner off the team, a due date in the
    past or before the task it follows, a predecessor from another account or a loop."""
    errors: dict[str, list[str]] = {}
    if task.department not in Department.values:
        errors["department"] = [_("Unknown department “%(d)s”.") % {"d": task.department}]
    if "owner" in changed and not is_on_team(task.account, task.owner):
        errors["owner"] = [
            _("%(user)s is not on the account's team: only team members own tasks.")
            % {"user": task.owner}
        ]
    if "due_date" in changed and task.due_date and task.due_date < timezone.localdate():
        errors["due_date"] = [_("The due date is in the past.")]
    errors.update(_predecessor_errors(task))
    try:
        task.full_clean(
            exclude=["account", "owner", "predecessor", "contact_report", "created_by", "status"]
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _predecessor_errors(task: Task) -> dict[str, list[str]]:
    before = task.predecessor
    if before is None:
        return {}
    if before.account_id != task.account_id:
        return {"predecessor": [_("The task it follows must be on the same account.")]}
    seen = {task.pk}
    while before is not None:
        if before.pk in seen:
            return {"predecessor": [_("Tasks cannot follow each other in a loop.")]}
        seen.add(before.pk)
        before = before.predecessor
    if task.due_date and task.due_date < task.predecessor.due_date:
        return {
            "due_date": [
                _("Due before the task it follows (due %(date)s).")
                % {"date": task.predecessor.due_date.isoformat()}
            ]
        }
    return {}


# --- Milestones ---------------------------------------------------------------------------
MILESTONE_FIELDS = Milestones.ORDER


@transaction.atomic
def save_milestones(*, account: Account, by: User, **values) -> Milestones:
    """Set the presentation date, production deadline and first flight date (a partial
    update). A team AE or their AD; each date not before the one before it."""
    if not can_edit_account(by, account):
        raise NotAllowed(_("Only the account's AEs or their account director may set milestones."))
    milestones, _created = Milestones.objects.select_for_update().get_or_create(account=account)
    for name in MILESTONE_FIELDS:
        if name in values:
            setattr(milestones, name, values[name])
    _validate_milestones(milestones)
    milestones.updated_by = by
    milestones.save()
    return milestones


def _validate_milestones(milestones: Milestones) -> None:
    dates = [(name, getattr(milestones, name)) for name in MILESTONE_FIELDS]
    present = [(name, value) for name, value in dates if value is not None]
    errors = {}
    for (earlier_name, earlier), (name, value) in zip(present, present[1:], strict=False):
        if value < earlier:
            label = Milestones._meta.get_field(earlier_name).verbose_name
            errors[name] = [_("Comes before the %(milestone)s.") % {"milestone": label}]
    if errors:
        raise ValidationError(errors)
