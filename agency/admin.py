from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import TimeZoneField
from .models import AccountGroup, Reminder, ReminderStatus, SweepRun, User
from .reminders.selectors import queue_health


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "department", "level", "is_active"]
    list_filter = ["department", "level", "is_active", "is_superuser"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Agency"), {"fields": ["department", "level", "language", "time_zone"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (
            _("Agency"),
            {"fields": ["first_name", "last_name", "email", "department", "level", "time_zone"]},
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The time zone from the same list as the person's settings page."""
        if db_field.name == "time_zone":
            return TimeZoneField(label=db_field.verbose_name, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(AccountGroup)
class AccountGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "director"]
    filter_horizontal = ["members"]
    autocomplete_fields = ["director"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the system keeps: looked at, never edited here (delivery owns them)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FailedAttemptsFilter(admin.SimpleListFilter):
    title = _("failed attempts")
    parameter_name = "failing"

    def lookups(self, request, model_admin):
        return [("yes", _("Pending after a failed attempt")), ("no", _("No failure"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=ReminderStatus.PENDING).exclude(last_error="")
        if self.value() == "no":
            return queryset.filter(last_error="")
        return queryset


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """The queue: every reminder, its state and its failures; the health summary on top."""

    list_display = [
        "rule",
        "recipient",
        "subject_type",
        "subject_id",
        "occurrence",
        "status",
        "due_at",
        "attempts",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", FailedAttemptsFilter, "rule", "subject_type", "due_at"]
    list_select_related = ["recipient"]
    search_fields = ["rule", "occurrence", "recipient__username", "last_error"]
    date_hierarchy = "due_at"
    readonly_fields = [f.name for f in Reminder._meta.fields]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:80]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "health": queue_health()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "recorded", "delivered", "failed", "has_error"]
    list_filter = ["started_at"]
    readonly_fields = [f.name for f in SweepRun._meta.fields]

    @admin.display(boolean=True, description=_("error"))
    def has_error(self, obj):
        return bool(obj.error)
