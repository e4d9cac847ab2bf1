"""The media pages: thin views that parse input, call one service and render the result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.api import visible_account_or_404
from agency.errors import DomainError, NotAllowed

from . import documents, selectors, services
from . import permissions as perm
from .api import pdf_response
from .delivery_import import COLUMNS, DeliveryImportRefused
from .forms import (
    BookForm,
    BuyActionForm,
    CalendarFilterForm,
    DeliveryForm,
    DeliveryImportForm,
    EffectReportForm,
    MediaBuyForm,
    OutletForm,
    RateCardFormSet,
    rate_card_entries,
)
from .insertion_orders import outlet_orders_of
from .models import MediaBuy

PAGE_SIZE = 50


def _visible_buy_or_404(request, pk) -> MediaBuy:
    return get_object_or_404(selectors.media_buy_list(user=request.user), pk=pk)


# --- Outlets -------------------------------------------------------------------------------
@login_required
def outlet_list(request):
    outlets = Paginator(selectors.outlet_list(user=request.user), PAGE_SIZE)
    return render(
        request,
        "media/outlet_list.html",
        {
            "page": outlets.get_page(request.GET.get("page")),
            "can_manage": perm.may_manage_outlets(request.user),
        },
    )


@login_required
def outlet_form(request, pk=None):
    outlet = get_object_or_404(selectors.outlets_visible_to(request.user), pk=pk) if pk else None
    if not perm.may_manage_outlets(request.user):
        raise PermissionDenied(_("Only the media department may edit outlets."))
    form = OutletForm(request.POST or None, instance=outlet)
    formset = RateCardFormSet(request.POST or None, instance=outlet, prefix="rate")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        values = {**form.cleaned_data, "rate_card": rate_card_entries(formset)}
        try:
            if outlet is None:
                outlet = services.create_outlet(by=request.user, **values)
            else:
                outlet = services.update_outlet(outlet=outlet, by=request.user, **values)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Outlet “%(name)s” saved.") % {"name": outlet.name})
            return redirect("outlet-list")
    return render(
        request, "media/outlet_form.html", {"form": form, "formset": formset, "outlet": outlet}
    )


# --- The account's media plan --------------------------------------------------------------
def _plan_context(request, account, **extra) -> dict:
    buys = list(selectors.buys_of(account))
    can_work = perm.may_work_on_buys(account, request.user)
    for buy in buys:
        buy.actions = selectors.buy_actions(buy) if can_work else []
    return {
        "account": account,
        "buys": buys,
        "totals": selectors.totals(account.media_buys.all()),
        "booked_total": selectors.booked_total(account),
        "overrides": list(selectors.overrides_of(account)),
        "can_work": can_work,
        "may_override": perm.may_override_budget(account, request.user),
        "calendar_data": selectors.calendar_data(b for b in buys if b.status != "cancelled"),
        "outlet_orders": outlet_orders_of(buys),
        **extra,
    }


@login_required
def account_media(request, account_id):
    account = visible_account_or_404(request, account_id)
    return render(request, "media/account_media.html", _plan_context(request, account))


@login_required
def buy_form(request, account_id=None, pk=None):
    buy = _visible_buy_or_404(request, pk) if pk else None
    account = buy.account if buy else visible_account_or_404(request, account_id)
    outlets = selectors.outlets_visible_to(request.user).filter(is_active=True)
    form = MediaBuyForm(request.POST or None, instance=buy, outlets=outlets)
    if request.method == "POST" and form.is_valid():
        try:
            if buy is None:
                services.create_media_buy(by=request.user, account=account, **form.cleaned_data)
            else:
                services.update_media_buy(buy=buy, by=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Media buy saved."))
            return redirect("account-media", account_id=account.pk)
    return render(request, "media/buy_form.html", {"form": form, "account": account, "buy": buy})


@login_required
@require_POST
def buy_transition(request, pk, name):
    """A button on the media plan; with htmx it answers the plan fragment."""
    buy = _visible_buy_or_404(request, pk)
    form = (BookForm if name == "book" else BuyActionForm)(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(e for errors in form.errors.values() for e in errors)
    else:
        try:
            services.take_buy_transition(buy=buy, name=name, by=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            error = exc.message
    if request.headers.get("HX-Request"):
        context = _plan_context(request, buy.account, error=error, error_buy=buy.pk)
        return render(request, "media/partials/plan.html", context)
    if error:
        messages.error(request, error)
    return redirect("account-media", account_id=buy.account_id)


@login_required
def insertion_order(request, pk):
    buy = _visible_buy_or_404(request, pk)
    try:
        content = documents.insertion_order_pdf(buy, request.user)
    except DomainError as exc:
        return HttpResponse(exc.message, status=400)
    return pdf_response(content, f"IO-{buy.pk:06d}.pdf")


# --- Calendar ------------------------------------------------------------------------------
@login_required
def media_calendar(request):
    """Agency-wide flights of the accounts this user sees, by month and outlet."""
    outlets = selectors.outlets_visible_to(request.user)
    form = CalendarFilterForm(request.GET or None, outlets=outlets)
    month, outlet = timezone.localdate().replace(day=1), None
    if form.is_valid():
        month = form.cleaned_data["month"] or month
        outlet = form.cleaned_data["outlet"]
    elif request.GET:
        form = CalendarFilterForm(outlets=outlets)
    buys = list(
        selectors.calendar_buys(
            user=request.user, month=month, outlet_id=outlet.pk if outlet else None
        )[: selectors.CALENDAR_LIMIT]
    )
    first, last = selectors.month_bounds(month)
    return render(
        request,
        "media/calendar.html",
        {
            "form": form,
            "month": month,
            "buys": buys,
            "calendar_data": {
                **selectors.calendar_data(buys),
                "from": first.isoformat(),
                "to": last.isoformat(),
            },
            "previous_month": selectors.shift_month(month, -1),
            "next_month": selectors.shift_month(month, 1),
            "outlet": outlet,
        },
    )


# --- Delivery ------------------------------------------------------------------------------
@login_required
def buy_deliveries(request, pk):
    buy = _visible_buy_or_404(request, pk)
    can_enter = perm.may_work_on_buys(buy.account, request.user) and buy.is_booked
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_delivery(media_buy=buy, by=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Delivery recorded."))
            return redirect("buy-deliveries", pk=buy.pk)
    rows = Paginator(buy.deliveries.select_related("entered_by"), PAGE_SIZE)
    return render(
        request,
        "media/deliveries.html",
        {
            "buy": buy,
            "account": buy.account,
            "form": form,
            "can_enter": can_enter,
            "page": rows.get_page(request.GET.get("page")),
        },
    )


@login_required
def delivery_import(request):
    form = DeliveryImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.import_deliveries(by=request.user, upload=form.cleaned_data["file"])
        except DeliveryImportRefused as refused:
            form.add_error(None, refused.message)
            row_errors = refused.rows
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(n)s delivery rows imported.") % {"n": len(rows)})
            return redirect("delivery-import")
    return render(
        request,
        "media/delivery_import.html",
        {"form": form, "row_errors": row_errors, "columns": COLUMNS},
    )


# --- The effect report ---------------------------------------------------------------------
@login_required
def effect_report(request, account_id):
    account = visible_account_or_404(request, account_id)
    context = documents.effect_report_context(account)
    report = context["report"]
    can_write = perm.may_write_effect_report(account, request.user)
    form = EffectReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_effect_report(account=account, by=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Effect report saved."))
            return redirect("effect-report", account_id=account.pk)
    return render(
        request,
        "media/effect_report.html",
        {
            **context,
            "form": form,
            "can_write": can_write and not getattr(report, "is_published", False),
        },
    )


@login_required
@require_POST
def effect_report_publish(request, account_id):
    account = visible_account_or_404(request, account_id)
    try:
        services.publish_effect_report(account=account, by=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Effect report published."))
    return redirect("effect-report", account_id=account.pk)


@login_required
def effect_report_pdf(request, account_id):
    account = visible_account_or_404(request, account_id)
    return pdf_response(
        documents.effect_report_pdf(account, request.user), f"effect-{account.pk}.pdf"
    )
