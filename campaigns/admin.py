from django.contrib import admin

from .models import Brief, TeamMember


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
