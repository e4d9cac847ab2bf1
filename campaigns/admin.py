from django.contrib import admin

from .models import Brief, Communication, ContactReport, Meeting, Task, TeamMember
from .models.proposals import BudgetLine, Proposal, ProposalChange, ProposalSection
from .services.proposals import update_proposal


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


# --- Proposals: read-only except a draft's title, saved through the service -----------------
class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ProposalSectionInline(_ReadOnlyInline):
    model = ProposalSection
    fields = ["department", "title", "body"]


class BudgetLineInline(_ReadOnlyInline):
    model = BudgetLine
    fields = ["description", "amount"]


class ProposalChangeInline(_ReadOnlyInline):
    model = ProposalChange
    fields = ["transition", "source", "target", "by", "at", "note"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Proposals change through the app's services. A draft's title can be corrected here
    (through update_proposal); every other version, the accepted (frozen) ones above all,
    is view-only: the change form cannot be posted."""

    list_display = ["account", "version", "title", "status", "currency", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "account__name"]
    list_select_related = ["account"]
    fields = [
        "account",
        "version",
        "title",
        "status",
        "currency",
        "revision_of",
        "approved_internally_by",
        "approved_internally_at",
        "presented_at",
        "client_approved_by",
        "client_reference",
        "decided_at",
        "decision_reason",
    ]
    readonly_fields = [f for f in fields if f != "title"]
    inlines = [ProposalSectionInline, BudgetLineInline, ProposalChangeInline]

    def has_add_permission(self, request):
        return False  # versions are opened through campaigns.services.proposals

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        update_proposal(proposal=obj, by=request.user, title=form.cleaned_data["title"])


@admin.register(ProposalChange)
class ProposalChangeAdmin(admin.ModelAdmin):
    list_display = ["proposal", "transition", "source", "target", "by", "at"]
    list_filter = ["transition"]
    list_select_related = ["proposal", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
