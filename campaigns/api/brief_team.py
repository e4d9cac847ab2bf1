"""REST endpoints for an account's brief and team, nested under /api/accounts/{id}/."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import visible_account_or_404
from accounts.selectors import can_edit_account
from agency.errors import NotAllowed
from agency.models import Department, User
from campaigns import selectors, services
from campaigns.models import Brief, TeamMember, TeamRole


def editable_account_or_403(request, account_id):
    """The visible account (else 404) that this user may edit (else 403), checked before
    the request's input is read; the service checks again."""
    account = visible_account_or_404(request, account_id)
    if not can_edit_account(request.user, account):
        raise NotAllowed(_("Only the account's AEs or their account director may do this."))
    return account


class BriefSerializer(serializers.ModelSerializer):
    departments_needed = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=_("Department codes.")
    )
    missing = serializers.SerializerMethodField()

    class Meta:
        model = Brief
        fields = [
            "account",
            "product",
            "features",
            "sales_period_start",
            "sales_period_end",
            "sales_targets",
            "budget",
            "target_audience",
            "departments_needed",
            "proposal_requirements",
            "missing",
            "updated_at",
        ]
        read_only_fields = ["account", "updated_at"]

    def get_missing(self, brief) -> list[str]:
        return brief.missing_reasons()

    def validate_departments_needed(self, codes: list[str]) -> list[str]:
        # One message for the field, as api.md's {"field": ["message"]}, not one per item.
        unknown = sorted(set(codes) - set(Department.values))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown department: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return codes

    def validate(self, attrs):
        start = attrs.get("sales_period_start", getattr(self.instance, "sales_period_start", None))
        end = attrs.get("sales_period_end", getattr(self.instance, "sales_period_end", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"sales_period_end": [_("The sales period ends before it starts.")]}
            )
        return attrs


class BriefView(APIView):
    """The account's brief; PUT and PATCH both save the fields given."""

    serializer_class = BriefSerializer

    def get(self, request, account_id):
        account = visible_account_or_404(request, account_id)
        brief = selectors.brief_of(account) or Brief(account=account)
        return Response(BriefSerializer(brief).data)

    @extend_schema(request=BriefSerializer, responses=BriefSerializer)
    def put(self, request, account_id):
        return self._save(request, account_id, partial=False)

    @extend_schema(request=BriefSerializer, responses=BriefSerializer)
    def patch(self, request, account_id):
        return self._save(request, account_id, partial=True)

    def _save(self, request, account_id, *, partial):
        account = editable_account_or_403(request, account_id)
        payload = BriefSerializer(selectors.brief_of(account), data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        brief = services.save_brief(account=account, by=request.user, **payload.validated_data)
        return Response(BriefSerializer(brief).data)


class TeamMemberSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.__str__", read_only=True)
    department = serializers.CharField(source="user.department", read_only=True)
    role_on_account = serializers.ChoiceField(choices=TeamRole.choices, required=False)

    class Meta:
        model = TeamMember
        fields = ["id", "user", "username", "name", "role_on_account", "department", "added_at"]
        read_only_fields = ["added_at"]


class TeamView(generics.ListCreateAPIView):
    serializer_class = TeamMemberSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return selectors.team_of(visible_account_or_404(self.request, self.kwargs["account_id"]))

    def create(self, request, account_id):
        account = editable_account_or_403(request, account_id)
        payload = TeamMemberSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = services.add_team_member(
            account=account, by=request.user, **payload.validated_data
        )
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class TeamMemberView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, account_id, member_id):
        account = editable_account_or_403(request, account_id)
        member = get_object_or_404(account.team_members, pk=member_id)
        services.remove_team_member(member=member, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
