from django.contrib import admin

from .models import Brief, Communication, ContactReport, Meeting, Task, TeamMember


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ["account", "product", "budget", "sales_period_start", "sales_period_end"]
    search_fields = ["account__name", "product"]
    list_select_related = ["account"]
    raw_id_fields = ["account"]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["account", "user", "role_on_account", "added_at"]
    list_filter = ["role_on_account"]
    list_select_related = ["account", "user"]
    readonly_fields = ["account", "user", "added_by"]

    def has_add_permission(self, request):
        return False  # joining a team goes through campaigns.services.add_team_member


# --- Work plan, meetings, contact reports, client communication: read-only here --------------
# Every write goes through campaigns.services (owners on the team, statuses by transition,
# a report and its tasks together); the admin only looks.
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "account", "department", "owner", "due_date", "status"]
    list_filter = ["status", "department"]
    search_fields = ["title", "account__name"]
    list_select_related = ["account", "owner"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "account", "kind", "held_at"]
    list_filter = ["kind"]
    list_select_related = ["account"]


@admin.register(ContactReport)
class ContactReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "account", "meeting", "filed_by", "created_at"]
    list_select_related = ["account", "meeting", "filed_by"]


@admin.register(Communication)
class CommunicationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "account", "kind", "contact", "ae", "occurred_at"]
    list_filter = ["kind"]
    list_select_related = ["account", "contact", "ae"]
