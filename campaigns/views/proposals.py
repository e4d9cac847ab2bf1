"""Proposal pages: the versions of an account, a draft's form, a version's page with its
action buttons, the PDF, and two versions side by side. Thin: parse, call one service, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.api import visible_account_or_404
from agency.errors import DomainError
from campaigns.models import ProposalStatus
from campaigns.selectors import proposals as selectors
from campaigns.services import proposals as services
from campaigns.views.proposal_forms import (
    SECTION_DEPARTMENTS,
    ActionForm,
    BudgetLineFormSet,
    ProposalForm,
    SectionFormSet,
    rows,
)

PAGE_SIZE = 25


def _visible_proposal_or_404(request, pk):
    return get_object_or_404(selectors.proposal_list(user=request.user), pk=pk)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    return " ".join(str(m) for m in getattr(exc, "messages", [exc]))


@login_required
@require_GET
def proposal_list(request):
    """Every proposal the user sees; `?status=submitted` is an AD's approval queue."""
    proposals = selectors.proposal_list(user=request.user)
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": ProposalStatus.choices,
        "awaiting": selectors.accounts_awaiting_a_proposal(request.user)[:PAGE_SIZE],
    }
    return render(request, "campaigns/proposal_list.html", context)


@login_required
@require_GET
def account_proposals(request, account_id):
    account = visible_account_or_404(request, account_id)
    context = {
        "account": account,
        "proposals": selectors.proposals_of_account(account=account, user=request.user),
        "new_refusal": selectors.new_version_refusal(account, request.user),
    }
    return render(request, "campaigns/proposal_account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, account_id):
    account = visible_account_or_404(request, account_id)
    refusal = selectors.new_version_refusal(account, request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect("account-proposals", account_id=account.pk)
    form, sections, budget = _forms(request.POST or None)
    if request.method == "POST" and _all_valid(form, sections, budget):
        try:
            proposal = services.create_proposal(
                account=account,
                by=request.user,
                title=form.cleaned_data["title"],
                sections=rows(sections),
                budget_lines=rows(budget),
            )
        except (DomainError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request, _("Version %(v)s saved as a draft.") % {"v": proposal.version}
            )
            return redirect("proposal-detail", pk=proposal.pk)
    context = {
        "account": account,
        "form": form,
        "sections": sections,
        "budget": budget,
        "whole": True,
    }
    return render(request, "campaigns/proposal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = _visible_proposal_or_404(request, pk)
    refusal = selectors.edit_refusal(proposal, request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect("proposal-detail", pk=proposal.pk)
    whole = selectors.can_write_whole(proposal, request.user)
    department = None if whole else request.user.department
    form, sections, budget = _forms(request.POST or None, proposal=proposal, department=department)
    if request.method == "POST" and _all_valid(form, sections, budget, whole=whole):
        values = {"sections": rows(sections)}
        if whole:
            values |= {"title": form.cleaned_data["title"], "budget_lines": rows(budget)}
        try:
            services.update_proposal(proposal=proposal, by=request.user, **values)
        except (DomainError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("proposal-detail", pk=proposal.pk)
    context = {
        "account": proposal.account,
        "proposal": proposal,
        "form": form,
        "sections": sections,
        "budget": budget,
        "whole": whole,
    }
    return render(request, "campaigns/proposal_form.html", context)


def _forms(data, *, proposal=None, department=None):
    """The title form and the two formsets, filled from `proposal` (only the sections of
    `department` when the user writes only their own)."""
    section_rows, line_rows, title = [], [], {}
    if proposal is not None:
        title = {"title": proposal.title}
        section_rows = [
            {"department": s.department, "title": s.title, "body": s.body}
            for s in proposal.sections.all()
            if department is None or s.department == department
        ]
        line_rows = [
            {"description": x.description, "department": x.department, "amount": x.amount}
            for x in proposal.budget_lines.all()
        ]
    choices = SECTION_DEPARTMENTS
    if department is not None:
        choices = [(c, label) for c, label in SECTION_DEPARTMENTS if c == department]
    form = ProposalForm(data, initial=title)
    sections = SectionFormSet(
        data, initial=section_rows, prefix="sections", form_kwargs={"departments": choices}
    )
    budget = BudgetLineFormSet(data, initial=line_rows, prefix="budget")
    return form, sections, budget


def _all_valid(form, sections, budget, *, whole=True) -> bool:
    if not whole:  # only their sections were offered
        return sections.is_valid()
    return all([form.is_valid(), sections.is_valid(), budget.is_valid()])


@login_required
@require_GET
def proposal_detail(request, pk):
    proposal = _visible_proposal_or_404(request, pk)
    context = {
        "proposal": proposal,
        "account": proposal.account,
        "options": selectors.proposal_options(proposal, request.user),
        "edit_refusal": selectors.edit_refusal(proposal, request.user),
        "history": selectors.proposal_history(proposal),
        "versions": selectors.proposals_of_account(account=proposal.account, user=request.user),
    }
    return render(request, "campaigns/proposal_detail.html", context)


@login_required
@require_POST
def proposal_action(request, pk, name):
    proposal = _visible_proposal_or_404(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _error_text(ValidationError(list(form.errors.values()))))
        return redirect("proposal-detail", pk=proposal.pk)
    try:
        proposal = services.take_proposal_transition(
            proposal=proposal, name=name, by=request.user, **form.service_kwargs()
        )
    except DomainError as exc:
        messages.error(request, " ".join(exc.reasons) or exc.message)
        return redirect("proposal-detail", pk=proposal.pk)
    messages.success(request, _("Version %(v)s is now “%(status)s”.") % _status_of(proposal))
    following = getattr(proposal, "next_version", None)
    return redirect("proposal-detail", pk=(following or proposal).pk)


def _status_of(proposal) -> dict:
    return {"v": proposal.version, "status": proposal.get_status_display()}


@login_required
@require_GET
def proposal_pdf(request, pk):
    proposal = _visible_proposal_or_404(request, pk)
    content = selectors.proposal_pdf(proposal, language=translation.get_language())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{selectors.pdf_filename(proposal)}"'
    return response


@login_required
@require_GET
def proposal_compare(request, pk):
    """This version beside another of the same account (`?with=<id>`, default: the one it
    revises)."""
    right = _visible_proposal_or_404(request, pk)
    versions = selectors.proposals_of_account(account=right.account, user=request.user)
    other = request.GET.get("with") or right.revision_of_id
    left = versions.filter(pk=other).first() if str(other or "").isdigit() else None
    context = {
        "account": right.account,
        "left": left,
        "right": right,
        "versions": versions,
        "rows": selectors.compare_versions(left, right) if left else [],
    }
    return render(request, "campaigns/proposal_compare.html", context)


urlpatterns = [
    path("proposals/", proposal_list, name="proposal-list"),
    path("accounts/<int:account_id>/proposals/", account_proposals, name="account-proposals"),
    path("accounts/<int:account_id>/proposals/new/", proposal_create, name="proposal-create"),
    path("proposals/<int:pk>/", proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/pdf/", proposal_pdf, name="proposal-pdf"),
    path("proposals/<int:pk>/compare/", proposal_compare, name="proposal-compare"),
    path("proposals/<int:pk>/actions/<slug:name>/", proposal_action, name="proposal-action"),
]
