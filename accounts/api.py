"""REST endpoints for clients, contacts and accounts: thin, every write through a service."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agency.api.fields import VisibleRelatedField
from agency.boundary import AgencyPeopleOnly
from agency.models import User

from . import selectors, services
from .filters import AccountFilter
from .models import Account, Client, Contact, StageChange


class ClientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = [
            "id",
            "name",
            "industry",
            "currency",
            "payment_terms_days",
            "tax_id",
            "address",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ContactSerializer(serializers.ModelSerializer):
    client = VisibleRelatedField(visible_to=selectors.clients_visible_to, model=Client)

    class Meta:
        model = Contact
        fields = ["id", "client", "name", "title", "email", "phone"]


class AccountSerializer(serializers.ModelSerializer):
    client = VisibleRelatedField(visible_to=selectors.clients_visible_to, model=Client)
    client_name = serializers.CharField(source="client.name", read_only=True)
    lead_ae = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    lead_ae_name = serializers.CharField(source="lead_ae.__str__", read_only=True, default="")

    class Meta:
        model = Account
        fields = [
            "id",
            "client",
            "client_name",
            "name",
            "stage",
            "lead_ae",
            "lead_ae_name",
            "budget",
            "currency",
            "stage_entered_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["stage", "stage_entered_at", "created_at", "updated_at"]
        extra_kwargs = {"currency": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # an account stays with its client
            fields["client"].read_only = True
        return fields


class StageChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username")

    class Meta:
        model = StageChange
        fields = ["id", "transition", "source", "target", "by", "at", "note"]


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()
    allowed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    needs_reason = serializers.BooleanField()


class TransitionRequestSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class MayEdit(AgencyPeopleOnly):
    """PUT and PATCH: who sees the object but may not edit it gets 403 before their input is
    read (the service checks again); the view names the rule in `may_edit(user, obj)`."""

    message = _("You may not edit this.")

    def has_object_permission(self, request, view, obj):
        may_edit = getattr(view, "may_edit", None)  # without one, the service alone decides
        return (
            request.method not in ("PUT", "PATCH")
            or may_edit is None
            or may_edit(request.user, obj)
        )


class WriteThroughServices:
    """Mixin: create and update call the app's services instead of saving serializers."""

    permission_classes = [MayEdit]
    create_service = None
    update_service = None
    instance_kwarg = None

    def perform_create(self, serializer):
        serializer.instance = self.create_service(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        kwargs = {self.instance_kwarg: serializer.instance}
        serializer.instance = self.update_service(
            by=self.request.user, **kwargs, **serializer.validated_data
        )


class UpdatableViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """GET, POST, PUT and PATCH; nothing is deleted through the API."""


class ClientViewSet(WriteThroughServices, UpdatableViewSet):
    serializer_class = ClientSerializer
    search_fields = ["name", "industry", "tax_id"]
    filterset_fields = ["industry", "currency"]
    ordering_fields = ["name", "created_at"]
    create_service = staticmethod(services.create_client)
    update_service = staticmethod(services.update_client)
    instance_kwarg = "client"
    may_edit = staticmethod(selectors.can_edit_client)

    def get_queryset(self):
        return selectors.clients_visible_to(self.request.user)


class ContactViewSet(WriteThroughServices, UpdatableViewSet):
    serializer_class = ContactSerializer
    search_fields = ["name", "email", "client__name"]
    filterset_fields = ["client"]
    create_service = staticmethod(services.create_contact)
    update_service = staticmethod(services.update_contact)
    instance_kwarg = "contact"

    @staticmethod
    def may_edit(user, contact) -> bool:
        return selectors.can_edit_client(user, contact.client)

    def get_queryset(self):
        return selectors.contacts_visible_to(self.request.user)

    def perform_update(self, serializer):
        serializer.validated_data.pop("client", None)  # a contact stays with its client
        super().perform_update(serializer)


class AccountViewSet(WriteThroughServices, UpdatableViewSet):
    serializer_class = AccountSerializer
    filterset_class = AccountFilter
    search_fields = []  # AccountFilter's `search` covers name and client
    ordering_fields = ["created_at", "name", "budget", "stage_entered_at"]
    create_service = staticmethod(services.create_account)
    update_service = staticmethod(services.update_account)
    instance_kwarg = "account"
    may_edit = staticmethod(selectors.can_edit_account)

    def get_queryset(self):
        if self.action == "list":
            return selectors.account_list(user=self.request.user)
        return selectors.visible_accounts_with_parties(user=self.request.user)

    @extend_schema(responses=TransitionOptionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def transitions(self, request, pk=None):
        """The transitions from the current stage, whether this user may take each now,
        and why not."""
        options = selectors.transition_options(self.get_object(), request.user)
        return Response(TransitionOptionSerializer(options, many=True).data)

    @extend_schema(request=TransitionRequestSerializer, responses=AccountSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"transitions/(?P<name>[a-z_]+)",
        filterset_class=None,
    )
    def take_transition(self, request, pk=None, name=None):
        account = self.get_object()
        payload = TransitionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        account = services.take_transition(
            account=account, name=name, by=request.user, **payload.validated_data
        )
        return Response(self.get_serializer(account).data)

    @extend_schema(responses=StageChangeSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None)
    def history(self, request, pk=None):
        changes = selectors.account_history(self.get_object())
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(StageChangeSerializer(page, many=True).data)


def visible_account_or_404(request, account_id) -> Account:
    """The account with this id if the user may see it; 404 otherwise (never 403)."""
    return get_object_or_404(selectors.accounts_visible_to(request.user), pk=account_id)
