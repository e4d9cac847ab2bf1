"""The work plan pages: an account's plan (tasks by department, progress, milestones, an
inline add-task form and status buttons with htmx) and each person's own tasks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.lifecycle import may_act_as_team_ae
from accounts.models import Account
from agency.errors import InvalidTransition, NotAllowed
from campaigns import services
from campaigns.selectors.meetings import contact_reports_owed
from campaigns.selectors.workplan import (
    annotate_due,
    my_open_tasks,
    status_moves,
    tasks_visible_to,
    work_account_or_404,
    work_plan,
)
from campaigns.workplan_rules import may_plan

from .workplan_forms import MilestonesForm, TaskForm, show_errors

MY_TASKS_PAGE_SIZE = 50


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _plan_context(request, account: Account, *, task_form=None, milestones_form=None) -> dict:
    user = request.user
    plan = work_plan(account)
    # workplan_rules.may_change_task_status (owner or team AE), with the team-AE question
    # asked once for the page instead of once per task.
    acts_as_ae = may_act_as_team_ae(account, user)
    for group in plan.departments:
        for task in group.tasks:
            may_change = acts_as_ae or task.owner_id == user.pk
            task.moves = status_moves(task, may_change=may_change)
    return {
        "account": account,
        "plan": plan,
        "can_plan": may_plan(account, user),
        "can_edit_milestones": acts_as_ae,  # the same rule as accounts' can_edit_account
        "task_form": task_form or TaskForm(account=account),
        "milestones_form": milestones_form or MilestonesForm(milestones=plan.milestones),
        "tab": "workplan",
    }


def _render_plan(request, account: Account, *, status: int = 200, error: str = "", **forms):
    """The whole page, or for htmx only the plan's body (what its forms swap). A refusal
    (403, 409) comes back as the same body with the reason on top, so that htmx set to swap
    such answers shows why, and htmx that does not swap them leaves the plan as it was."""
    context = _plan_context(request, account, **forms) | {"plan_error": error}
    template = "campaigns/_workplan_body.html" if is_htmx(request) else "campaigns/workplan.html"
    return render(request, template, context, status=status)


def _refusal(request, account: Account, exc: NotAllowed | InvalidTransition) -> HttpResponse:
    if isinstance(exc, NotAllowed) and not is_htmx(request):
        raise PermissionDenied(exc.message) from exc
    status = 403 if isinstance(exc, NotAllowed) else 409
    return _render_plan(request, account, status=status, error=exc.message)


@login_required
def account_workplan(request, account_id: int):
    account = work_account_or_404(request.user, account_id)
    return render(request, "campaigns/workplan.html", _plan_context(request, account))


@login_required
@require_POST
def add_task(request, account_id: int):
    account = work_account_or_404(request.user, account_id)
    form = TaskForm(request.POST, account=account)
    if form.is_valid():
        try:
            services.create_task(account=account, by=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            return _refusal(request, account, exc)
        except ValidationError as exc:
            show_errors(form, exc)
    if form.errors:
        return _render_plan(request, account, task_form=form)
    if is_htmx(request):
        return _render_plan(request, account)
    messages.success(request, _("Task added."))
    return redirect("account-workplan", account_id=account.pk)


@login_required
@require_POST
def change_task_status(request, task_id: int):
    task = get_object_or_404(tasks_visible_to(request.user).select_related("account"), pk=task_id)
    status = request.POST.get("status", "")
    try:
        services.change_task_status(task=task, status=status, by=request.user)
    except (NotAllowed, InvalidTransition) as exc:
        return _refusal(request, task.account, exc)
    if is_htmx(request):
        return _render_plan(request, task.account)
    return redirect("account-workplan", account_id=task.account_id)


@login_required
@require_POST
def save_milestones(request, account_id: int):
    account = work_account_or_404(request.user, account_id)
    form = MilestonesForm(request.POST)
    if form.is_valid():
        try:
            services.save_milestones(account=account, by=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationError as exc:
            show_errors(form, exc)
    if form.errors:
        return render(
            request,
            "campaigns/workplan.html",
            _plan_context(request, account, milestones_form=form),
        )
    messages.success(request, _("Milestones saved."))
    return redirect("account-workplan", account_id=account.pk)


@login_required
def my_tasks(request):
    """The user's open tasks on the accounts they see: overdue, today, this week, later;
    and, for an AE, the contact reports they owe."""
    today = timezone.localdate()
    page = Paginator(my_open_tasks(request.user), MY_TASKS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "tasks": annotate_due(page.object_list, today),
        "today": today,
        "owed": list(contact_reports_owed(request.user)),
    }
    return render(request, "campaigns/my_tasks.html", context)
