"""The work plan of an account: tasks with owners and due dates, and its milestones."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.models import Account
from agency.models import Department
from campaigns import workplan_rules as rules


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")


OPEN_TASK_STATUSES = [TaskStatus.TODO, TaskStatus.DOING, TaskStatus.BLOCKED]


class Task(FSMModelMixin, models.Model):
    """One piece of work on the plan, owned by a member of the account's team.

    `status` is protected: only the transitions below change it, taken by
    campaigns.services.change_task_status (which locks the row and records a TaskStatusChange).
    An action item of a contact report becomes a task that points back to its report.
    """

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("account")
    )
    title = models.CharField(_("title"), max_length=200)
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    status = FSMField(
        _("status"), default=TaskStatus.TODO, choices=TaskStatus.choices, protected=True
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("after"),
    )
    contact_report = models.ForeignKey(
        "campaigns.ContactReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("from contact report"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            # The work plan page: an account's tasks by department, soonest first.
            models.Index(fields=["account", "department", "due_date"], name="task_plan_idx"),
            # "My tasks": a person's open tasks by due date.
            models.Index(fields=["owner", "status", "due_date"], name="task_owner_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("id")), name="task_not_own_predecessor"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, today) -> bool:
        return self.status != TaskStatus.DONE and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    # --- Transitions: each is named for what the person did --------------------------------
    @transition(
        status,
        source=[TaskStatus.TODO, TaskStatus.BLOCKED, TaskStatus.DONE],
        target=TaskStatus.DOING,
        permission=rules.may_change_task_status,
    )
    def start(self):
        pass

    @transition(
        status,
        source=[TaskStatus.TODO, TaskStatus.DOING],
        target=TaskStatus.BLOCKED,
        permission=rules.may_change_task_status,
    )
    def block(self):
        pass

    @transition(
        status,
        source=OPEN_TASK_STATUSES,
        target=TaskStatus.DONE,
        permission=rules.may_change_task_status,
    )
    def complete(self):
        pass

    @transition(
        status,
        source=[TaskStatus.DOING, TaskStatus.BLOCKED, TaskStatus.DONE],
        target=TaskStatus.TODO,
        permission=rules.may_change_task_status,
    )
    def reopen(self):
        pass


#: The transition that brings a task to each status.
TRANSITION_TO = {
    TaskStatus.DOING: "start",
    TaskStatus.BLOCKED: "block",
    TaskStatus.DONE: "complete",
    TaskStatus.TODO: "reopen",
}


class TaskStatusChange(models.Model):
    """Append-only record of one status change of a task: from, to, who, when."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="status_changes")
    source = models.CharField(_("from"), max_length=20, choices=TaskStatus.choices)
    target = models.CharField(_("to"), max_length=20, choices=TaskStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("task status change")
        verbose_name_plural = _("task status changes")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.source} → {self.target}"


class Milestones(models.Model):
    """The dates the plan works towards: presentation, production deadline, first flight."""

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="milestones")
    presentation_date = models.DateField(_("presentation date"), null=True, blank=True)
    production_deadline = models.DateField(_("production deadline"), null=True, blank=True)
    first_flight_date = models.DateField(_("first flight date"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("milestones")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(production_deadline__gte=models.F("presentation_date"))
                | models.Q(production_deadline__isnull=True)
                | models.Q(presentation_date__isnull=True),
                name="milestones_production_after_presentation",
            ),
            models.CheckConstraint(
                condition=models.Q(first_flight_date__gte=models.F("production_deadline"))
                | models.Q(first_flight_date__isnull=True)
                | models.Q(production_deadline__isnull=True),
                name="milestones_flight_after_production",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Milestones of %(account)s") % {"account": self.account})

    #: In calendar order; each must not come before the one before it.
    ORDER = ("presentation_date", "production_deadline", "first_flight_date")
