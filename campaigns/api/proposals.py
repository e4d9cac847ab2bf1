"""REST endpoints for proposals: /api/proposals/ and their actions (api.md).

Reads start from proposals_visible_to (invisible → 404); every write calls one service, whose
DomainErrors agency.api.errors turns into 400/403/409.
"""

import django_filters
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from accounts.api import UpdatableViewSet, WriteThroughServices
from accounts.models import Account
from accounts.selectors import accounts_visible_to
from agency.api.fields import VisibleRelatedField
from agency.filters import IdFilter
from agency.models import Department
from campaigns.models import BudgetLine, Proposal, ProposalChange, ProposalSection, ProposalStatus
from campaigns.selectors import proposals as selectors
from campaigns.services import proposals as services


class SectionSerializer(serializers.ModelSerializer):
    department = serializers.ChoiceField(choices=Department.choices)
    body = serializers.CharField(allow_blank=True, max_length=services.MAX_BODY, required=False)

    class Meta:
        model = ProposalSection
        fields = ["department", "title", "body"]


class BudgetLineSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = BudgetLine
        fields = ["description", "department", "amount"]


class ProposalSerializer(serializers.ModelSerializer):
    account = VisibleRelatedField(visible_to=accounts_visible_to, model=Account)
    account_name = serializers.CharField(source="account.name", read_only=True)
    sections = SectionSerializer(many=True, required=False)
    budget_lines = BudgetLineSerializer(many=True, required=False)
    budget_total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    approved_internally_by = serializers.CharField(
        source="approved_internally_by.username", read_only=True, default=None
    )
    approved_by = serializers.CharField(source="client_approved_by", read_only=True)
    reference = serializers.CharField(source="client_reference", read_only=True)
    reason = serializers.CharField(source="decision_reason", read_only=True)
    next_version = serializers.SerializerMethodField()
    frozen = serializers.BooleanField(source="is_frozen", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "account",
            "account_name",
            "version",
            "title",
            "status",
            "currency",
            "sections",
            "budget_lines",
            "budget_total",
            "revision_of",
            "next_version",
            "submitted_at",
            "approved_internally_by",
            "approved_internally_at",
            "presented_at",
            "approved_by",
            "reference",
            "decided_at",
            "reason",
            "frozen",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "version",
            "status",
            "currency",
            "revision_of",
            "submitted_at",
            "approved_internally_at",
            "presented_at",
            "decided_at",
            "created_at",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # a version stays with its account
            fields["account"].read_only = True
        return fields

    def get_next_version(self, proposal) -> int | None:
        following = getattr(proposal, "next_version", None)
        return following.pk if following is not None else None


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class AcceptSerializer(serializers.Serializer):
    approved_by = serializers.CharField(max_length=200, help_text="Who at the client approved.")
    reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ProposalChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username")
    # Plain strings: as choice fields their enums would collide with the stage changes'.
    source = serializers.CharField(help_text="A proposal status; empty when created.")
    target = serializers.CharField(help_text="A proposal status.")

    class Meta:
        model = ProposalChange
        fields = ["id", "transition", "source", "target", "by", "at", "note"]


class ProposalFilter(django_filters.FilterSet):
    # A number, not a choice of accounts: an invisible id gives an empty list, not an error
    # that would confirm it exists.
    account = IdFilter(field_name="account_id")
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)

    class Meta:
        model = Proposal
        fields = ["account", "status"]


class PDFRenderer(renderers.BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else renderers.JSONRenderer().render(data)


class ProposalViewSet(WriteThroughServices, UpdatableViewSet):
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    search_fields = ["title", "account__name", "account__client__name"]
    ordering_fields = ["updated_at", "created_at", "version"]
    create_service = staticmethod(services.create_proposal)
    update_service = staticmethod(services.update_proposal)
    instance_kwarg = "proposal"

    def get_queryset(self):
        return selectors.proposal_list(user=self.request.user)

    def _act(self, request, service, payload_class):
        proposal = self.get_object()
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        service(proposal=proposal, by=request.user, **payload.validated_data)
        fresh = selectors.proposal_list_entry(proposal)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(request=NoteSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def submit(self, request, pk=None):
        """Submit the draft for internal approval by the lead AE's account director."""
        return self._act(request, services.submit_proposal, NoteSerializer)

    @extend_schema(request=ReasonSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def return_to_draft(self, request, pk=None):
        """Take a submitted or internally approved version back to draft (drops the approval)."""
        return self._act(request, services.return_proposal_to_draft, ReasonSerializer)

    @extend_schema(request=NoteSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve_internally(self, request, pk=None):
        """Only an account director of the lead AE."""
        return self._act(request, services.approve_proposal_internally, NoteSerializer)

    @extend_schema(request=NoteSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def present(self, request, pk=None):
        """Record the presentation; the account takes `present_proposal`."""
        return self._act(request, services.present_proposal, NoteSerializer)

    @extend_schema(request=AcceptSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def accept(self, request, pk=None):
        """Record the client's acceptance; the account takes `approve` and its budget becomes
        this version's total. The version is frozen from then on."""
        return self._act(request, services.accept_proposal, AcceptSerializer)

    @extend_schema(request=ReasonSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def request_revision(self, request, pk=None):
        """Record the client's revision request; opens the next version (see `next_version`)
        and the account takes `request_revision`."""
        return self._act(request, services.request_proposal_revision, ReasonSerializer)

    @extend_schema(request=ReasonSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request, pk=None):
        """Record the client's rejection; the account takes `lose`."""
        return self._act(request, services.reject_proposal, ReasonSerializer)

    @extend_schema(responses=ProposalChangeSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None)
    def history(self, request, pk=None):
        changes = selectors.proposal_history(self.get_object())
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(ProposalChangeSerializer(page, many=True).data)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF")
        }
    )
    @action(
        detail=True,
        methods=["get"],
        filterset_class=None,
        renderer_classes=[renderers.JSONRenderer, PDFRenderer],
    )
    def pdf(self, request, pk=None):
        """The proposal as a PDF in the user's language."""
        proposal = self.get_object()
        language = request.user.language or translation.get_language()
        content = selectors.proposal_pdf(proposal, language=language)
        response = HttpResponse(content, content_type="application/pdf")
        filename = selectors.pdf_filename(proposal)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("proposals", ProposalViewSet, basename="api-proposal")
urlpatterns = router.urls
