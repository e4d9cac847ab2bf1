"""The client portal's pages. Thin: every queryset comes from portal.selectors (scoped to the
client of the logged-in contact: another client's object is a 404), every write is one call
to portal.services. agency.boundary lets only a client contact's login in here.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agency.errors import DomainError
from agency.web import error_reasons, login_required, paginate
from campaigns.selectors import proposals as proposal_documents

from . import selectors, services
from .forms import ApproveForm, ChangesForm, MessageForm

#: How many proposals and invoices the start page lists before linking to the full lists.
HOME_ROWS = 10


def refusal_text(error: DomainError | ValidationError) -> str:
    """What a refused write says to the person: the rule's reasons, or the fields' messages."""
    if isinstance(error, DomainError):
        return " ".join(error_reasons(error))
    return " ".join(error.messages)


def portal_page(view):
    """Logged in as a client contact: the view gets their contact (with its client)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        contact = selectors.contact_of(request.user)
        if contact is None:  # the boundary already refused anyone else: belt and braces
            raise PermissionDenied
        return view(request, contact, *args, **kwargs)

    return wrapper


@require_GET
@portal_page
def home(request, contact):
    user = request.user
    context = {
        "contact": contact,
        "awaiting": selectors.awaiting_decision(user)[:HOME_ROWS],
        "accounts": selectors.accounts_with_their_ae(user),
        "open_invoices": selectors.open_invoices(user)[:HOME_ROWS],
    }
    return render(request, "portal/home.html", context)


# --- Proposals ---------------------------------------------------------------------------------
@require_GET
@portal_page
def proposal_list(request, contact):
    page = paginate(request, selectors.proposals_for_client(request.user))
    return render(request, "portal/proposal_list.html", {"contact": contact, "page_obj": page})


def _proposal_or_404(request, pk):
    return get_object_or_404(selectors.proposals_for_client(request.user), pk=pk)


@require_GET
@portal_page
def proposal_detail(request, contact, pk):
    proposal = _proposal_or_404(request, pk)
    return render(request, "portal/proposal_detail.html", _decision_context(contact, proposal))


def _decision_context(contact, proposal, approve=None, changes=None) -> dict:
    return {
        "contact": contact,
        "proposal": proposal,
        "approve_form": approve or ApproveForm(prefix="approve"),
        "changes_form": changes or ChangesForm(prefix="changes"),
    }


@require_GET
@portal_page
def proposal_pdf(request, contact, pk):
    proposal = _proposal_or_404(request, pk)
    language = translation.get_language()
    pdf = proposal_documents.proposal_pdf(proposal, language=language, for_client=True)
    return _pdf_response(pdf, proposal_documents.pdf_filename(proposal))


#: A decision's form (its prefix is the decision's name), service, and what it says when done.
DECISIONS = {
    "approve": (
        ApproveForm,
        services.approve_proposal,
        gettext_lazy("Thank you: the proposal is approved. Your AE is told."),
    ),
    "changes": (
        ChangesForm,
        services.ask_for_changes,
        gettext_lazy("Your request for changes is sent to your AE."),
    ),
}


@require_POST
@portal_page
def proposal_approve(request, contact, pk):
    return _decide(request, contact, pk, "approve")


@require_POST
@portal_page
def proposal_request_changes(request, contact, pk):
    return _decide(request, contact, pk, "changes")


def _decide(request, contact, pk, decision: str):
    """Take the client's decision and go back to the proposal, saying what happened (or why
    it was refused: decided already, say); a form with errors is shown again."""
    proposal = _proposal_or_404(request, pk)
    form_class, service, done = DECISIONS[decision]
    form = form_class(request.POST, prefix=decision)
    if not form.is_valid():
        context = _decision_context(contact, proposal, **{decision: form})
        return render(request, "portal/proposal_detail.html", context, status=400)
    try:
        service(proposal=proposal, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, done)
    return redirect("portal:proposal", pk=proposal.pk)


# --- Invoices ----------------------------------------------------------------------------------
@require_GET
@portal_page
def invoice_list(request, contact):
    page = paginate(request, selectors.invoices_for_client(request.user))
    return render(request, "portal/invoice_list.html", {"contact": contact, "page_obj": page})


@require_GET
@portal_page
def invoice_pdf(request, contact, pk):
    from billing.pdf import pdf_filename, render_invoice_pdf  # WeasyPrint loads when needed

    invoice = get_object_or_404(selectors.invoices_for_client(request.user), pk=pk)
    return _pdf_response(render_invoice_pdf(invoice), pdf_filename(invoice))


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Writing to the AE -------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@portal_page
def write_to_ae(request, contact):
    accounts = selectors.accounts_with_their_ae(request.user)
    form = MessageForm(request.POST or None, accounts=accounts)
    if form.is_valid():
        try:
            services.write_to_ae(by=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, _("Your message is sent to your AE."))
            return redirect("portal:messages")
    context = {
        "contact": contact,
        "form": form,
        "sent": paginate(request, selectors.messages_sent(request.user)),
    }
    return render(request, "portal/messages.html", context, status=400 if form.errors else 200)
