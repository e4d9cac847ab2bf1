"""The billing pages: parse the request, call one service, render. Invisible invoices are 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import accounts_visible_to
from agency.errors import DomainError, NotAllowed
from agency.web import paginate

from . import billable, selectors, services
from .filters import InvoiceFilter
from .forms import (
    CreditForm,
    InvoiceFilterForm,
    InvoiceForm,
    LineFormSet,
    PaymentForm,
    ReversalForm,
    SendForm,
)
from .models import OPEN_STATUSES
from .money import ZERO

PAGE_SIZE = 50


def _visible_invoice(request, pk):
    return get_object_or_404(selectors.invoice_detail(user=request.user), pk=pk)


def domain_errors_to_messages(view):
    """A refused operation shows its reason on the invoice page; NotAllowed is a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("invoice", pk=kwargs["pk"])

    return wrapper


# --- Lists ----------------------------------------------------------------------------------
@login_required
def invoice_list(request):
    invoices = InvoiceFilter(
        request.GET, queryset=selectors.invoice_list(user=request.user)
    ).qs.order_by("-created_at", "-id")
    page = paginate(request, invoices, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "drill": _drill_filters(request),
        "filters": InvoiceFilterForm(request.GET or None),
        "query": query.urlencode(),
        "open_statuses": OPEN_STATUSES,
        "is_finance": selectors.is_finance(request.user),
        "may_draft": selectors.accounts_invoiceable_by(request.user).exists(),
        "payments_today": selectors.payments_today(user=request.user)[:20]
        if selectors.is_finance(request.user)
        else [],
    }
    return render(request, "billing/invoice_list.html", context)


#: Filters the list's form does not show (the dashboards' drill-downs set them): each is kept
#: as a hidden field and named above the table, so the reader knows what the list is.
DRILL_FILTERS = (
    "bucket",
    "client",
    "ae",
    "kind",
    "issued_after",
    "issued_before",
    "due_after",
    "due_before",
)


def _drill_filters(request) -> list[tuple[str, str, str]]:
    """(name, value, what it means) for each drill-down filter in the request."""
    from accounts.selectors import clients_visible_to
    from agency.models import User

    labels = InvoiceFilter.base_filters
    drill = []
    for name in DRILL_FILTERS:
        value = request.GET.get(name, "")
        if not value:
            continue
        shown = value
        if name == "bucket":
            shown = str(selectors.BUCKET_LABELS.get(value, value))
        elif name == "client" and value.isdigit():
            client = clients_visible_to(request.user).filter(pk=value).first()
            shown = client.name if client else value
        elif name == "ae" and value.isdigit():
            shown = str(User.objects.filter(pk=value).first() or value)
        drill.append((name, value, f"{labels[name].label}: {shown}"))
    return drill


# --- Drafts ---------------------------------------------------------------------------------
@login_required
def invoice_create(request):
    accounts = selectors.accounts_invoiceable_by(request.user)
    if request.method != "POST":
        account = accounts.filter(pk=request.GET.get("account") or None).first()
        form = InvoiceForm(accounts=accounts, initial={"account": account})
        rows = billable.statement(account) if account else []
        initial = services.suggest_invoice_lines(account, rows=rows) if account else []
        lines = LineFormSet(prefix="lines", initial=initial)
        return _draft_form(request, form, lines, account=account, rows=rows)
    form = InvoiceForm(request.POST, accounts=accounts)
    lines = LineFormSet(request.POST, prefix="lines")
    if form.is_valid() and lines.is_valid():
        try:
            invoice = services.create_invoice(
                account=form.cleaned_data["account"],
                by=request.user,
                lines=lines.lines(),
                notes=form.cleaned_data["notes"],
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("invoice", pk=invoice.pk)
    return _draft_form(request, form, lines, account=form.cleaned_data.get("account"))


def _draft_form(request, form, lines, *, account=None, invoice=None, rows=None):
    """The draft's form beside what was sold on its account and what is left to invoice."""
    if rows is None and account is not None:
        rows = billable.statement(account, excluding=invoice)
    context = {"form": form, "lines": lines, "invoice": invoice, "account": account}
    return render(request, "billing/invoice_form.html", context | _sold_context(rows or []))


def _sold_context(rows) -> dict:
    return {
        "sold_rows": rows,
        "sold_total": sum((row.item.amount for row in rows), ZERO),
        "covered_total": sum((row.covered for row in rows), ZERO),
        "left_total": sum((max(row.left, ZERO) for row in rows), ZERO),
    }


@login_required
def invoice_edit(request, pk):
    invoice = _visible_invoice(request, pk)
    if not selectors.can_edit_invoice(request.user, invoice):
        raise PermissionDenied
    if not invoice.is_draft:
        messages.error(request, _("Issued invoices cannot be changed; issue a credit note."))
        return redirect("invoice", pk=pk)
    if request.method == "POST":
        form = InvoiceForm(request.POST, editing=True)
        lines = LineFormSet(request.POST, prefix="lines")
        if form.is_valid() and lines.is_valid():
            try:
                services.update_invoice(
                    invoice=invoice,
                    by=request.user,
                    lines=lines.lines(),
                    notes=form.cleaned_data["notes"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("invoice", pk=pk)
    else:
        form = InvoiceForm(editing=True, initial={"notes": invoice.notes})
        initial = [_line_values(line) for line in invoice.lines.all()]
        lines = LineFormSet(prefix="lines", initial=initial)
    return _draft_form(request, form, lines, account=invoice.account, invoice=invoice)


LINE_COLUMNS = ("kind", "description", "quantity", "unit_price", "vat_rate")


def _line_values(line) -> dict:
    """A saved line as the form's initial row, with what it bills."""
    sources = {"media_buy": line.media_buy_id, "budget_line": line.budget_line_id}
    return {f: getattr(line, f) for f in LINE_COLUMNS} | sources


# --- One invoice ------------------------------------------------------------------------------
@login_required
def invoice_detail(request, pk):
    invoice = _visible_invoice(request, pk)
    return render(request, "billing/invoice_detail.html", _detail_context(request, invoice))


def _detail_context(request, invoice, **forms):
    finance = selectors.is_finance(request.user)
    actions = selectors.invoice_actions(invoice, request.user)
    return {
        "invoice": invoice,
        "lines": list(invoice.lines.all()),
        "actions": actions,
        "payments": list(selectors.payments_of(invoice)),
        "history": list(selectors.invoice_history(invoice)),
        "credit_notes": list(invoice.credit_notes.all()),
        "account_visible": accounts_visible_to(request.user).filter(pk=invoice.account_id).exists(),
        "is_finance": finance,
        "payment_form": forms.get("payment_form")
        or (PaymentForm(balance=invoice.balance) if actions["pay"].allowed else None),
        "credit_form": forms.get("credit_form")
        or (CreditForm() if actions["credit"].allowed else None),
        "send_form": SendForm(client=invoice.client) if actions["send"].allowed else None,
        "reversal_form": ReversalForm() if finance else None,
    }


@login_required
@require_POST
@domain_errors_to_messages
def invoice_issue(request, pk):
    invoice = services.issue_invoice(invoice=_visible_invoice(request, pk), by=request.user)
    messages.success(request, _("Issued as %(number)s.") % {"number": invoice.number})
    return redirect("invoice", pk=pk)


@login_required
@domain_errors_to_messages
def invoice_payment(request, pk):
    """Finance records a payment (also reached from the list's "record payment")."""
    invoice = _visible_invoice(request, pk)
    if not selectors.can_record_payment(request.user):
        raise PermissionDenied
    form = PaymentForm(request.POST or None, balance=invoice.balance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        outcome = services.record_payment(
            invoice=invoice, by=request.user, idempotency_key=data.pop("token"), **data
        )
        if outcome.replayed:
            messages.info(request, _("This payment was already recorded."))
        else:
            messages.success(
                request,
                _("Payment of %(amount)s recorded.") % {"amount": outcome.receipt["amount"]},
            )
        return redirect("invoice", pk=pk)
    return render(request, "billing/payment_form.html", {"invoice": invoice, "payment_form": form})


@login_required
@require_POST
@domain_errors_to_messages
def invoice_credit(request, pk):
    invoice = _visible_invoice(request, pk)
    form = CreditForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, invoice, credit_form=form)
        return render(request, "billing/invoice_detail.html", context, status=400)
    note = services.issue_credit_note(invoice=invoice, by=request.user, **form.cleaned_data)
    messages.success(request, _("Credit note %(number)s issued.") % {"number": note.number})
    return redirect("invoice", pk=pk)


@login_required
@require_POST
@domain_errors_to_messages
def payment_reverse(request, pk, payment_id):
    invoice = _visible_invoice(request, pk)
    payment = get_object_or_404(invoice.payments, pk=payment_id)
    form = ReversalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("invoice", pk=pk)
    services.reverse_payment(payment=payment, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Payment reversed."))
    return redirect("invoice", pk=pk)


@login_required
@require_POST
@domain_errors_to_messages
def invoice_send(request, pk):
    invoice = _visible_invoice(request, pk)
    form = SendForm(request.POST, client=invoice.client)
    if not form.is_valid():
        messages.error(request, _("Choose a contact with an e-mail address."))
        return redirect("invoice", pk=pk)
    dispatch = services.send_invoice(invoice=invoice, by=request.user, **form.cleaned_data)
    messages.success(request, _("Queued for %(email)s.") % {"email": dispatch.to_email})
    return redirect("invoice", pk=pk)


@login_required
def invoice_pdf(request, pk):
    from .pdf import pdf_filename, render_invoice_pdf  # WeasyPrint loads only when needed

    invoice = _visible_invoice(request, pk)
    response = HttpResponse(render_invoice_pdf(invoice), content_type="application/pdf")
    disposition = "inline" if request.GET.get("inline") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{pdf_filename(invoice)}"'
    return response
