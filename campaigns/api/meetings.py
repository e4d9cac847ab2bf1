"""REST endpoints of meetings, contact reports and the client communication log:
/api/meetings/, /api/contact-reports/ (and .../owed/), /api/communications/."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from accounts.api import UpdatableViewSet, WriteThroughServices
from accounts.models import Account, Contact
from accounts.selectors import contacts_visible_to
from agency.api.fields import VisibleRelatedField
from agency.filters import IdFilter
from agency.models import Department, User
from campaigns import services
from campaigns.models import (
    Communication,
    CommunicationKind,
    ContactReport,
    Meeting,
    MeetingKind,
    Task,
)
from campaigns.selectors.meetings import (
    communication_list,
    contact_report_list,
    contact_reports_owed,
    meeting_list,
    meetings_visible_to,
)
from campaigns.selectors.workplan import work_accounts_visible_to


def _account_field():
    return VisibleRelatedField(visible_to=work_accounts_visible_to, model=Account)


def _meeting_field():
    return VisibleRelatedField(
        visible_to=meetings_visible_to, model=Meeting, required=False, allow_null=True
    )


class StaysOnItsAccount:
    """Serializer mixin: once created, the object's account (and `fixed` fields) are fixed."""

    fixed = ("account",)

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in self.fixed:
                fields[name].read_only = True
        return fields


# --- Meetings -----------------------------------------------------------------------------
class MeetingSerializer(StaysOnItsAccount, serializers.ModelSerializer):
    account = _account_field()
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    attendees = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False
    )
    contact_report = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "account",
            "kind",
            "title",
            "held_at",
            "attendees",
            "minutes",
            "contact_report",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_by", "created_at", "updated_at"]

    def get_contact_report(self, meeting) -> int | None:
        report = getattr(meeting, "contact_report", None)
        return report.pk if report else None


class MeetingFilter(django_filters.FilterSet):
    account = IdFilter(field_name="account_id")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices)

    class Meta:
        model = Meeting
        fields = ["account", "kind"]


class MeetingViewSet(WriteThroughServices, UpdatableViewSet):
    """Meetings of the accounts the user sees; recorded by any team member."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    search_fields = ["title", "minutes"]
    ordering_fields = ["held_at", "created_at"]
    create_service = staticmethod(services.create_meeting)
    update_service = staticmethod(services.update_meeting)
    instance_kwarg = "meeting"

    def get_queryset(self):
        return meeting_list(user=self.request.user)


# --- Contact reports ----------------------------------------------------------------------
class ActionItemSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    due_date = serializers.DateField()
    department = serializers.ChoiceField(
        choices=Department.choices, required=False, help_text=_("Default: the owner's department.")
    )


class ActionItemTaskSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)

    class Meta:
        model = Task
        fields = ["id", "title", "department", "owner", "owner_name", "due_date", "status"]
        read_only_fields = fields


class ContactReportSerializer(StaysOnItsAccount, serializers.ModelSerializer):
    fixed = ("account", "meeting", "action_items")

    account = _account_field()
    meeting = _meeting_field()
    action_items = ActionItemSerializer(
        many=True,
        required=False,
        write_only=True,
        help_text=_("Each becomes a task on the work plan."),
    )
    tasks = ActionItemTaskSerializer(many=True, read_only=True)
    filed_by_name = serializers.CharField(source="filed_by.__str__", read_only=True)

    class Meta:
        model = ContactReport
        fields = [
            "id",
            "account",
            "meeting",
            "summary",
            "decisions",
            "action_items",
            "tasks",
            "filed_by",
            "filed_by_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["filed_by", "created_at", "updated_at"]


class ContactReportFilter(django_filters.FilterSet):
    account = IdFilter(field_name="account_id")
    meeting = IdFilter(field_name="meeting_id")

    class Meta:
        model = ContactReport
        fields = ["account", "meeting"]


class ContactReportViewSet(WriteThroughServices, UpdatableViewSet):
    """Contact reports: filed by a team AE (or their AD) after a client meeting; each action
    item becomes a task. `owed/` lists the user's client meetings still without one."""

    serializer_class = ContactReportSerializer
    filterset_class = ContactReportFilter
    search_fields = ["summary", "decisions"]
    ordering_fields = ["created_at"]
    create_service = staticmethod(services.file_contact_report)
    update_service = staticmethod(services.update_contact_report)
    instance_kwarg = "report"

    def get_queryset(self):
        return contact_report_list(user=self.request.user)

    @extend_schema(responses=MeetingSerializer(many=True))
    @action(detail=False, methods=["get"], filterset_class=None, search_fields=[])
    def owed(self, request):
        """Client meetings held 24 h ago or more with no contact report, where this user
        files them."""
        meetings = contact_reports_owed(request.user).prefetch_related("attendees")
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)


# --- The client communication log -----------------------------------------------------------
class CommunicationSerializer(StaysOnItsAccount, serializers.ModelSerializer):
    account = _account_field()
    kind = serializers.ChoiceField(choices=CommunicationKind.choices)
    contact = VisibleRelatedField(
        visible_to=contacts_visible_to, model=Contact, required=False, allow_null=True
    )
    contact_name = serializers.CharField(source="contact.name", read_only=True, default="")
    ae = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text=_("The agency's side: an AE on the team (default: the AE recording it)."),
    )
    ae_name = serializers.CharField(source="ae.__str__", read_only=True)
    meeting = _meeting_field()
    occurred_at = serializers.DateTimeField(required=False)

    class Meta:
        model = Communication
        fields = [
            "id",
            "account",
            "kind",
            "occurred_at",
            "contact",
            "contact_name",
            "ae",
            "ae_name",
            "subject",
            "body",
            "meeting",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["recorded_by", "created_at"]


class CommunicationFilter(django_filters.FilterSet):
    account = IdFilter(field_name="account_id")
    contact = IdFilter(field_name="contact_id")
    kind = django_filters.ChoiceFilter(choices=CommunicationKind.choices)

    class Meta:
        model = Communication
        fields = ["account", "contact", "kind"]


class CommunicationViewSet(WriteThroughServices, UpdatableViewSet):
    """The client communication log: every team member reads it, team AEs write it."""

    serializer_class = CommunicationSerializer
    filterset_class = CommunicationFilter
    search_fields = ["subject", "body"]
    ordering_fields = ["occurred_at"]
    create_service = staticmethod(services.record_communication)
    update_service = staticmethod(services.update_communication)
    instance_kwarg = "communication"

    def get_queryset(self):
        return communication_list(user=self.request.user)
