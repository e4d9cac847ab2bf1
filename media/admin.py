"""Admin for media reference data. Statuses and money are read-only here: buys change
through media.services, which price them, lock them and record each change."""

from django.contrib import admin

from .models import (
    BudgetOverride,
    BuyStatusChange,
    Delivery,
    EffectReport,
    MediaBuy,
    MediaOutlet,
    RateCardEntry,
)


class RateCardEntryInline(admin.TabularInline):
    model = RateCardEntry
    extra = 0


@admin.register(MediaOutlet)
class MediaOutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "vendor_name", "commission_rate", "currency", "is_active"]
    list_filter = ["kind", "currency", "is_active"]
    search_fields = ["name", "vendor_name"]
    inlines = [RateCardEntryInline]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BuyStatusChangeInline(ReadOnlyInline):
    model = BuyStatusChange
    fields = ["transition", "source", "target", "by", "at", "note"]


@admin.register(MediaBuy)
class MediaBuyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "account", "flight_start", "flight_end", "gross", "status"]
    list_filter = ["status", "unit_type", "outlet__kind"]
    search_fields = ["placement", "outlet__name", "account__name", "vendor_reference"]
    list_select_related = ["account", "outlet"]
    inlines = [BuyStatusChangeInline]

    def has_add_permission(self, request):
        return False  # buys are planned through the media plan, which prices them

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BudgetOverride)
class BudgetOverrideAdmin(admin.ModelAdmin):
    list_display = ["account", "media_buy", "budget", "booked_total", "by", "at"]
    list_select_related = ["account", "media_buy__outlet", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["media_buy", "date", "units_delivered", "impressions", "clicks", "spend"]
    list_select_related = ["media_buy__outlet"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EffectReport)
class EffectReportAdmin(admin.ModelAdmin):
    list_display = ["account", "created_by", "created_at", "published_at"]
    list_select_related = ["account", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
