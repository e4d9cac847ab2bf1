"""Client and account pages.

Every view starts from accounts.selectors: what a user may not see is a 404, what they may
see but not change is a 403. Writes go through accounts.services; a refusal (DomainError) is
shown to the user with what they typed kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agency.errors import DomainError
from agency.web import (
    error_reasons,
    is_htmx,
    login_required,
    paginate,
    run_service,
    status_for,
)

from . import selectors, services
from .filters import AccountFilter
from .forms import AccountFiltersForm, AccountForm, ClientForm, ContactForm
from .models import Account

#: Transitions that leave the main line (shown after the way forward).
SIDE_STEPS = frozenset({"hold", "lose", "cancel", "request_revision"})

#: How many of a client's accounts its page lists before linking to the filtered list.
CLIENT_PAGE_ACCOUNTS = 20


def _visible_client(request, pk):
    return get_object_or_404(selectors.clients_visible_to(request.user), pk=pk)


def _visible_account(request, pk, queryset=None):
    if queryset is None:
        queryset = selectors.visible_accounts_with_parties(user=request.user)
    return get_object_or_404(queryset, pk=pk)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may see this but not change it."))


# --- Clients ----------------------------------------------------------------------------
@login_required
@require_GET
def client_list(request):
    search = request.GET.get("q", "").strip()
    clients = selectors.client_list(user=request.user, search=search)
    context = {
        "page_obj": paginate(request, clients),
        "search": search,
        "can_create": selectors.can_create_clients(request.user),
    }
    return render(request, "accounts/client_list.html", context)


@login_required
@require_GET
def client_detail(request, pk):
    client = _visible_client(request, pk)
    accounts = selectors.visible_accounts_with_parties(user=request.user).filter(client=client)
    context = {
        "client": client,
        "accounts": accounts[:CLIENT_PAGE_ACCOUNTS],
        "account_count": accounts.count(),
        **_contacts_context(request, client),
    }
    return render(request, "accounts/client_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def client_create(request):
    _require(selectors.can_create_clients(request.user))
    form = ClientForm(request.POST or None)
    if form.is_valid():
        client = run_service(form, services.create_client, by=request.user, **form.cleaned_data)
        if client is not None:
            messages.success(request, _("Client “%(name)s” added.") % {"name": client.name})
            return redirect("client-detail", pk=client.pk)
    return render(request, "accounts/client_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request, pk):
    client = _visible_client(request, pk)
    _require(selectors.can_edit_client(request.user, client))
    form = ClientForm(request.POST or None, instance=client)
    if form.is_valid():
        values = form.cleaned_data
        if run_service(form, services.update_client, client=client, by=request.user, **values):
            messages.success(request, _("Client “%(name)s” saved.") % {"name": client.name})
            return redirect("client-detail", pk=client.pk)
    return render(request, "accounts/client_form.html", {"form": form, "client": client})


# --- Contacts, edited inline on the client's page (htmx) -----------------------------------
def _contacts_context(request, client, form=None) -> dict:
    can_edit = selectors.can_edit_client(request.user, client)
    return {
        "client": client,
        "contacts": client.contacts.select_related("portal_user"),
        "can_edit_client": can_edit,
        "can_manage_portal": selectors.can_manage_portal_access(request.user, client),
        "contact_form": form or (ContactForm(prefix="new") if can_edit else None),
    }


@login_required
@require_POST
def contact_add(request, pk):
    client = _visible_client(request, pk)
    form = ContactForm(request.POST, prefix="new")
    contact = None
    if form.is_valid():
        contact = run_service(
            form, services.create_contact, client=client, by=request.user, **form.cleaned_data
        )
    if contact is not None:
        messages.success(request, _("Contact “%(name)s” added.") % {"name": contact.name})
        form = None
    if not is_htmx(request):
        return redirect("client-detail", pk=client.pk)
    context = {**_contacts_context(request, client, form), "oob_messages": True}
    return render(
        request, "accounts/_contacts.html", context, status=422 if form is not None else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk, contact_pk):
    client = _visible_client(request, pk)
    contact = get_object_or_404(client.contacts, pk=contact_pk)
    _require(selectors.can_edit_client(request.user, client))
    form = ContactForm(request.POST or None, instance=contact, prefix=f"c{contact.pk}")
    if form.is_valid():
        values = form.cleaned_data
        if run_service(form, services.update_contact, contact=contact, by=request.user, **values):
            if not is_htmx(request):
                return redirect("client-detail", pk=client.pk)
            context = _row_context(request, client, contact)
            return render(request, "accounts/_contact_row.html", context)
    context = {"contact": contact, "client": client, "form": form}
    inline = is_htmx(request)
    template = "accounts/_contact_form_row.html" if inline else "accounts/contact_form.html"
    return render(request, template, context, status=422 if form.errors else 200)


@login_required
@require_GET
def contact_row(request, pk, contact_pk):
    """One contact, read-only: what 'cancel' puts back in place of the inline form."""
    client = _visible_client(request, pk)
    contact = get_object_or_404(client.contacts, pk=contact_pk)
    return render(request, "accounts/_contact_row.html", _row_context(request, client, contact))


def _row_context(request, client, contact) -> dict:
    return {
        "contact": contact,
        "client": client,
        "can_edit_client": selectors.can_edit_client(request.user, client),
        "can_manage_portal": selectors.can_manage_portal_access(request.user, client),
    }


# --- Accounts: list, pipeline, forms --------------------------------------------------------
@login_required
@require_GET
def account_list(request):
    accounts = AccountFilter(request.GET, queryset=selectors.account_list(user=request.user)).qs
    context = {
        "page_obj": paginate(request, accounts),
        "filters": AccountFiltersForm(request.GET, user=request.user),
        "can_create": selectors.can_create_accounts(request.user),
    }
    return render(request, "accounts/account_list.html", context)


@login_required
@require_GET
def pipeline(request):
    """A column per stage of the main line; filters by AE and client only (the stage is the
    column)."""
    data = {key: request.GET[key] for key in ("ae", "client") if request.GET.get(key)}
    accounts = AccountFilter(data, queryset=selectors.account_list(user=request.user)).qs
    per_stage = selectors.PIPELINE_CARDS_PER_STAGE
    columns, side = selectors.pipeline_board(accounts, per_stage=per_stage)
    context = {
        "columns": columns,
        "side": side,
        "per_stage": per_stage,
        "filters": AccountFiltersForm(data, user=request.user, with_stage=False),
        "filter_query": QueryDict(urlencode(data)),  # for the links to the list
        "total": sum(column.count for column in columns) + sum(side.values()),
        "can_create": selectors.can_create_accounts(request.user),
    }
    return render(request, "accounts/pipeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    _require(selectors.can_create_accounts(request.user))
    initial = {"client": request.GET.get("client")} if request.GET.get("client") else None
    form = AccountForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        account = run_service(
            form, services.create_account, by=request.user, **form.service_values()
        )
        if account is not None:
            messages.success(request, _("Account “%(name)s” opened.") % {"name": account.name})
            return redirect("account-detail", pk=account.pk)
    return render(request, "accounts/account_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request, pk):
    account = _visible_account(request, pk)
    _require(selectors.can_edit_account(request.user, account))
    form = AccountForm(request.POST or None, user=request.user, account=account)
    if form.is_valid():
        values = form.service_values()
        if run_service(form, services.update_account, account=account, by=request.user, **values):
            messages.success(request, _("Account “%(name)s” saved.") % {"name": account.name})
            return redirect("account-detail", pk=account.pk)
    return render(request, "accounts/account_form.html", {"form": form, "account": account})


# --- The account page and its lifecycle -----------------------------------------------------
def _detail_queryset(request):
    return selectors.visible_accounts_with_parties(user=request.user).select_related(
        "brief", "created_by"
    )


def _lifecycle_context(request, account: Account, **extra) -> dict:
    history = list(selectors.account_history(account))
    history.reverse()  # newest first
    options = selectors.transition_options(account, request.user)
    return {
        "account": account,
        # The way forward first, then the side steps; what this user may do before what not.
        "options": sorted(options, key=lambda o: (o.name in SIDE_STEPS, not o.allowed)),
        "history": history,
        **extra,
    }


@login_required
@require_GET
def account_detail(request, pk):
    from campaigns.views import brief_context, team_context

    account = _visible_account(request, pk, _detail_queryset(request))
    context = {
        "can_edit": selectors.can_edit_account(request.user, account),
        **brief_context(account),
        **team_context(request, account, adding=request.GET.get("add_member") == "1"),
        **_lifecycle_context(request, account),
    }
    return render(request, "accounts/account_detail.html", context)


@login_required
@require_GET
def account_lifecycle(request, pk):
    """The stage panel alone: htmx reloads it when the team or the brief changed."""
    account = _visible_account(request, pk, _detail_queryset(request))
    # No messages here: this reload follows a team change whose own answer showed them.
    return render(request, "accounts/_lifecycle.html", _lifecycle_context(request, account))


@login_required
@require_POST
def account_transition(request, pk, name):
    """Take one transition. On htmx the stage panel (and the header's badge) are swapped in;
    a refusal re-renders the panel with the reasons and the note the user typed."""
    account = _visible_account(request, pk)
    note = request.POST.get("note", "").strip()[:4000]
    source = account.get_stage_display()
    try:
        services.take_transition(account=account, name=name, by=request.user, note=note)
    except DomainError as error:
        if not is_htmx(request):
            messages.error(request, " ".join(error_reasons(error)))
            return redirect("account-detail", pk=pk)
        account = _visible_account(request, pk, _detail_queryset(request))
        context = _lifecycle_context(
            request, account, error=error, failed=name, note=note, oob_messages=True
        )
        if not any(o.name == name and o.allowed for o in context["options"]):
            context["orphan_note"] = note  # its form is gone: show the note back, not lose it
        return render(request, "accounts/_lifecycle.html", context, status=status_for(error))
    account = _visible_account(request, pk, _detail_queryset(request))
    messages.success(
        request,
        _("“%(account)s” moved from %(source)s to %(target)s.")
        % {"account": account.name, "source": source, "target": account.get_stage_display()},
    )
    if not is_htmx(request):
        return redirect("account-detail", pk=pk)
    context = _lifecycle_context(request, account, oob_messages=True, oob_header=True)
    return render(request, "accounts/_lifecycle.html", context)
