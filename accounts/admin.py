"""Admin for reference data. Stages are read-only here: transitions go through services."""

from django.contrib import admin

from .models import Account, Client, Contact, StageChange


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "industry", "currency", "payment_terms_days"]
    search_fields = ["name", "industry", "tax_id"]
    inlines = [ContactInline]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["transition", "source", "target", "by", "at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["name", "client", "stage", "lead_ae", "budget", "currency", "created_at"]
    list_filter = ["stage", "currency"]
    search_fields = ["name", "client__name"]
    list_select_related = ["client", "lead_ae"]
    readonly_fields = ["stage", "stage_entered_at", "held_from", "lead_ae", "created_by"]
    autocomplete_fields = ["client"]
    inlines = [StageChangeInline]

    def has_add_permission(self, request):
        return False  # accounts are opened through the app, which puts the lead AE on the team


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["account", "transition", "source", "target", "by", "at"]
    list_filter = ["transition"]
    list_select_related = ["account", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
