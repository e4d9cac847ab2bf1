"""The brief form and the team panel of the account page.

The account comes from accounts.selectors (invisible: 404); campaigns.services decide who may
change what (NotAllowed: 403) and the rules (DomainError: shown, input kept).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors as account_selectors
from agency.errors import DomainError
from agency.models import Department
from agency.web import error_reasons, is_htmx, login_required, run_service, status_for
from campaigns import selectors, services
from campaigns.forms import BriefForm, TeamMemberForm, team_candidates
from campaigns.models import Brief, TeamRole

#: Sent with every team change: the account page reloads its stage panel, whose buttons
#: depend on the team (form_team's guard).
ACCOUNT_CHANGED = "account-changed"


def _visible_account(request, pk):
    accounts = account_selectors.visible_accounts_with_parties(user=request.user)
    accounts = accounts.select_related("brief")
    return get_object_or_404(accounts, pk=pk)


# --- Brief ------------------------------------------------------------------------------------
def brief_context(account) -> dict:
    brief = getattr(account, "brief", None)
    needed = set(brief.departments_needed) if brief else set()
    return {
        "brief": brief,
        "brief_missing": brief.missing_reasons() if brief else [],
        "departments_needed": [label for code, label in Department.choices if code in needed],
    }


@login_required
@require_http_methods(["GET", "POST"])
def brief_edit(request, pk):
    account = _visible_account(request, pk)
    if not account_selectors.can_edit_account(request.user, account):
        raise PermissionDenied(_("Only the account's AEs or their account director may do this."))
    brief = getattr(account, "brief", None) or Brief(account=account)
    form = BriefForm(request.POST or None, instance=brief)
    if form.is_valid():
        saved = run_service(
            form, services.save_brief, account=account, by=request.user, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("Brief saved."))
            missing = saved.missing_reasons()
            if missing:
                messages.info(request, _("Still missing: %s") % " ".join(missing))
            return redirect("account-detail", pk=account.pk)
    return render(request, "campaigns/brief_form.html", {"form": form, "account": account})


# --- Team ------------------------------------------------------------------------------------
def team_context(request, account, form=None, error=None, *, adding: bool = False) -> dict:
    """The team panel. Its form to add someone lists every person of the agency who could
    join (thousands in an agency group): it is built when the AE opens it (`adding`), not
    with every view of the account."""
    can_edit = account_selectors.can_edit_account(request.user, account)
    members = list(selectors.team_of(account))
    brief = getattr(account, "brief", None)
    present = {member.user.department for member in members}
    coverage = [
        (label, code in present)
        for code, label in Department.choices
        if brief and code in brief.departments_needed and code != Department.ACCOUNT
    ]
    if can_edit and form is None and adding:
        form = TeamMemberForm(candidates=team_candidates(account))
    return {
        "account": account,
        "members": members,
        "coverage": coverage,
        "can_edit": can_edit,
        "team_form": form,
        "team_error": error,
        "lead_role": TeamRole.LEAD_AE,
    }


def _team_response(request, account, *, form=None, error=None, changed=False, adding=False):
    if not is_htmx(request):
        if error is not None:
            messages.error(request, " ".join(error_reasons(error)))
        return redirect("account-detail", pk=account.pk)
    context = {
        **team_context(request, account, form, error, adding=adding),
        "oob_messages": True,
    }
    status = status_for(error) if error else (422 if form is not None else 200)
    response = render(request, "campaigns/_team.html", context, status=status)
    if changed:
        response["HX-Trigger"] = ACCOUNT_CHANGED
    return response


@login_required
@require_GET
def team_panel(request, pk):
    account = _visible_account(request, pk)
    adding = request.GET.get("add") == "1"
    return render(request, "campaigns/_team.html", team_context(request, account, adding=adding))


@login_required
@require_POST
def team_add(request, pk):
    account = _visible_account(request, pk)
    form = TeamMemberForm(request.POST, candidates=team_candidates(account))
    if not form.is_valid():
        return _team_response(request, account, form=form)
    person = form.cleaned_data["user"]
    try:
        services.add_team_member(
            account=account,
            user=person,
            by=request.user,
            role_on_account=form.cleaned_data["role_on_account"],
        )
    except DomainError as error:
        return _team_response(request, account, form=form, error=error)
    messages.success(request, _("%(person)s joined the team.") % {"person": person})
    return _team_response(request, account, changed=True, adding=True)  # maybe someone else


@login_required
@require_POST
def team_remove(request, pk, member_pk):
    account = _visible_account(request, pk)
    member = get_object_or_404(account.team_members.select_related("user"), pk=member_pk)
    try:
        services.remove_team_member(member=member, by=request.user)
    except DomainError as error:
        return _team_response(request, account, error=error)
    messages.success(request, _("%(person)s left the team.") % {"person": member.user})
    return _team_response(request, account, changed=True)
