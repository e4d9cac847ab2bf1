"""REST endpoints of the work plan: /api/tasks/ and /api/accounts/{id}/milestones/.

Thin: the querysets come from campaigns.selectors (visibility: invisible is 404), every write
goes through one service (403 when the role may not, 400 per field when the input is wrong).
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import UpdatableViewSet, WriteThroughServices
from accounts.models import Account
from agency.api.fields import VisibleRelatedField
from agency.filters import IdFilter
from agency.models import Department, User
from campaigns import services
from campaigns.models import Milestones, Task, TaskStatus
from campaigns.selectors.workplan import (
    task_list,
    tasks_visible_to,
    work_account_or_404,
    work_accounts_visible_to,
)
from campaigns.workplan_rules import is_on_team


class TaskSerializer(serializers.ModelSerializer):
    account = VisibleRelatedField(visible_to=work_accounts_visible_to, model=Account)
    account_name = serializers.CharField(source="account.name", read_only=True)
    department = serializers.ChoiceField(choices=Department.choices)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices, required=False)
    predecessor = VisibleRelatedField(
        visible_to=tasks_visible_to, model=Task, required=False, allow_null=True
    )
    owner_on_team = serializers.SerializerMethodField(
        help_text=_("False when the owner has left the account's team: the task needs a new one.")
    )
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "account",
            "account_name",
            "title",
            "department",
            "owner",
            "owner_name",
            "owner_on_team",
            "due_date",
            "status",
            "is_overdue",
            "predecessor",
            "contact_report",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["contact_report", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # a task stays on its account
            fields["account"].read_only = True
        return fields

    def get_owner_on_team(self, task) -> bool:
        annotated = getattr(task, "owner_on_team", None)
        return annotated if annotated is not None else is_on_team(task.account, task.owner)

    def get_is_overdue(self, task) -> bool:
        return task.is_overdue_on(timezone.localdate())


class TaskFilter(django_filters.FilterSet):
    # Plain numbers, not model choices: an id the user cannot see filters to nothing
    # instead of answering differently from an id that does not exist.
    account = IdFilter(field_name="account_id")
    owner = IdFilter(field_name="owner_id")
    contact_report = IdFilter(field_name="contact_report_id")
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)
    department = django_filters.ChoiceFilter(choices=Department.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = Task
        fields = ["account", "owner", "contact_report", "status", "department", "overdue"]

    def filter_overdue(self, tasks, name, value):
        late = tasks.filter(due_date__lt=timezone.localdate()).exclude(status=TaskStatus.DONE)
        return late if value else tasks.exclude(pk__in=late.values("pk"))


class TaskViewSet(WriteThroughServices, UpdatableViewSet):
    """Tasks on the work plans the user sees. Team members add and edit them; the status
    changes (PATCH `status`) by the task's owner or a team AE."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    search_fields = ["title"]
    ordering_fields = ["due_date", "created_at", "status"]
    create_service = staticmethod(services.create_task)
    update_service = staticmethod(services.update_task)
    instance_kwarg = "task"

    def get_queryset(self):
        return task_list(user=self.request.user).order_by("due_date", "id")


class MilestonesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestones
        fields = [
            "account",
            "presentation_date",
            "production_deadline",
            "first_flight_date",
            "updated_at",
        ]
        read_only_fields = ["account", "updated_at"]


class MilestonesView(APIView):
    """The account's milestones; PUT and PATCH both save the dates given."""

    serializer_class = MilestonesSerializer

    def get(self, request, account_id):
        account = visible_work_account_or_404(request, account_id)
        milestones = Milestones.objects.filter(account=account).first()
        return Response(MilestonesSerializer(milestones or Milestones(account=account)).data)

    @extend_schema(request=MilestonesSerializer, responses=MilestonesSerializer)
    def put(self, request, account_id):
        return self._save(request, account_id)

    @extend_schema(request=MilestonesSerializer, responses=MilestonesSerializer)
    def patch(self, request, account_id):
        return self._save(request, account_id)

    def _save(self, request, account_id):
        account = visible_work_account_or_404(request, account_id)
        payload = MilestonesSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        milestones = services.save_milestones(
            account=account, by=request.user, **payload.validated_data
        )
        return Response(MilestonesSerializer(milestones).data)


def visible_work_account_or_404(request, account_id) -> Account:
    return work_account_or_404(request.user, account_id)
