"""Pages of an account's meetings, contact reports and client communication log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.errors import NotAllowed
from campaigns import services
from campaigns.selectors.meetings import (
    communication_list,
    contact_report_list,
    meeting_list,
)
from campaigns.selectors.workplan import work_account_or_404
from campaigns.workplan_rules import may_plan, may_speak_for_client

from .workplan_forms import (
    ActionItemFormSet,
    CommunicationForm,
    ContactReportForm,
    MeetingForm,
    show_errors,
)

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _refused(exc: NotAllowed) -> PermissionDenied:
    return PermissionDenied(exc.message)


# --- Meetings -----------------------------------------------------------------------------
@login_required
def meeting_list_page(request, account_id: int):
    account = work_account_or_404(request.user, account_id)
    meetings = meeting_list(user=request.user).filter(account=account)
    context = {
        "account": account,
        "page": _page(request, meetings),
        "can_plan": may_plan(account, request.user),
        "can_report": may_speak_for_client(account, request.user),
        "tab": "meetings",
    }
    return render(request, "campaigns/meeting_list.html", context)


@login_required
def meeting_create(request, account_id: int):
    account = work_account_or_404(request.user, account_id)
    if not may_plan(account, request.user):
        raise PermissionDenied(_("Only members of the account's team may record meetings."))
    form = MeetingForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(account=account, by=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            raise _refused(exc) from exc
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("meeting-page", meeting_id=meeting.pk)
    context = {"account": account, "form": form, "tab": "meetings"}
    return render(request, "campaigns/meeting_form.html", context)


@login_required
def meeting_detail(request, meeting_id: int):
    meeting = get_object_or_404(meeting_list(user=request.user), pk=meeting_id)
    account = meeting.account
    context = {
        "account": account,
        "meeting": meeting,
        "report": getattr(meeting, "contact_report", None),
        "can_report": may_speak_for_client(account, request.user),
        "tab": "meetings",
    }
    return render(request, "campaigns/meeting_detail.html", context)


# --- Contact reports ----------------------------------------------------------------------
@login_required
def contact_report_list_page(request, account_id: int):
    account = work_account_or_404(request.user, account_id)
    reports = contact_report_list(user=request.user).filter(account=account)
    context = {
        "account": account,
        "page": _page(request, reports),
        "can_report": may_speak_for_client(account, request.user),
        "tab": "contact_reports",
    }
    return render(request, "campaigns/contact_report_list.html", context)


@login_required
def contact_report_create(request, account_id: int):
    """The report and its action items as repeated rows (static/js/action-items.js adds
    rows); filing creates the report and one task per filled row, all or nothing."""
    account = work_account_or_404(request.user, account_id)
    if not may_speak_for_client(account, request.user):
        raise PermissionDenied(_("Only the account's AEs or their account director file reports."))
    data = request.POST or None
    form = ContactReportForm(data, account=account, initial={"meeting": request.GET.get("meeting")})
    items = ActionItemFormSet(data, form_kwargs={"account": account}, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        action_items = [item for item in (f.item() for f in items.forms) if item]
        try:
            report = services.file_contact_report(
                account=account, by=request.user, action_items=action_items, **form.cleaned_data
            )
        except NotAllowed as exc:
            raise _refused(exc) from exc
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                _("Contact report filed; %(n)s action items added to the work plan.")
                % {"n": len(action_items)},
            )
            return redirect("contact-report-page", report_id=report.pk)
    context = {"account": account, "form": form, "items": items, "tab": "contact_reports"}
    return render(request, "campaigns/contact_report_form.html", context)


@login_required
def contact_report_detail(request, report_id: int):
    report = get_object_or_404(contact_report_list(user=request.user), pk=report_id)
    context = {"account": report.account, "report": report, "tab": "contact_reports"}
    return render(request, "campaigns/contact_report_detail.html", context)


# --- The client communication log -----------------------------------------------------------
@login_required
def communication_log(request, account_id: int):
    """Every team member reads the log; team AEs (and their AD) add to it."""
    account = work_account_or_404(request.user, account_id)
    can_record = may_speak_for_client(account, request.user)
    if request.method == "POST" and not can_record:
        raise PermissionDenied(_("Only the account's AEs record client communication."))
    form = None
    if can_record:
        initial = {
            "occurred_at": timezone.localtime(),
            "ae": request.user if request.user.is_ae else account.lead_ae,
        }
        form = CommunicationForm(request.POST or None, account=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_communication(account=account, by=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            raise _refused(exc) from exc
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Communication recorded."))
            return redirect("account-communications", account_id=account.pk)
    communications = communication_list(user=request.user).filter(account=account)
    context = {
        "account": account,
        "page": _page(request, communications),
        "form": form,
        "tab": "communications",
    }
    return render(request, "campaigns/communication_log.html", context)
