"""Admin for billing: a window on the data, never a way around the services.

Invoices, lines, payments and events are read-only here (statuses and money are changed only
by billing.services, and on PostgreSQL a trigger refuses any change to an issued invoice);
the admin's actions call the services.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from agency.errors import DomainError

from . import selectors, services
from .models import BillingEvent, Invoice, InvoiceLine, NumberCounter, Payment


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ["kind", "description", "quantity", "unit_price", "vat_rate", "amount", "tax"]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["amount", "received_on", "method", "reference", "recorded_by", "reversed_at"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = BillingEvent
    fk_name = "invoice"
    fields = ["kind", "source", "target", "amount", "balance_after", "by", "at", "note"]
    readonly_fields = fields


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "client", "account", "status", "total", "due_date"]
    list_filter = ["status", "kind", "currency"]
    search_fields = ["number", "client__name", "account__name", "fapiao_number"]
    list_select_related = ["client", "account"]
    inlines = [LineInline, PaymentInline, EventInline]
    actions = ["issue_selected"]
    fields = [
        "kind",
        "number",
        "status",
        "account",
        "client",
        "currency",
        "credited_invoice",
        "reason",
        "notes",
        "issue_date",
        "due_date",
        "subtotal",
        "tax",
        "total",
        "amount_paid",
        "amount_credited",
        "fapiao_number",
        "created_by",
        "issued_by",
        "issued_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # invoices are drafted in the app, from an account

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and selectors.can_set_fapiao(request.user):
            return [f for f in self.fields if f != "fapiao_number"]
        return self.fields

    def save_model(self, request, obj, form, change):
        """Only the fapiao number can be edited here, and through the service."""
        if "fapiao_number" in form.changed_data:
            services.update_invoice(
                invoice=obj, by=request.user, fapiao_number=form.cleaned_data["fapiao_number"]
            )

    def save_formset(self, request, form, formset, change):
        # The inlines are read-only: save nothing, report nothing changed.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @admin.action(description=_("Issue the selected drafts"))
    def issue_selected(self, request, queryset):
        for invoice in queryset.order_by("pk"):
            try:
                services.issue_invoice(invoice=invoice, by=request.user)
            except DomainError as exc:
                self.message_user(request, f"{invoice}: {exc.message}", messages.ERROR)


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["invoice", "amount", "received_on", "method", "recorded_by", "reversed_at"]
    list_filter = ["method", "received_on"]
    list_select_related = ["invoice", "recorded_by"]
    search_fields = ["invoice__number", "reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BillingEvent)
class BillingEventAdmin(admin.ModelAdmin):
    list_display = ["invoice", "kind", "source", "target", "amount", "by", "at"]
    list_filter = ["kind"]
    list_select_related = ["invoice", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    list_display = ["series", "year", "last"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
