"""REST endpoints for outlets, media buys and their actions, delivery and the effect report.

Thin: every write calls one service; every queryset starts from a `*_visible_to(user)`.
"""

import json

import django_filters
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import UpdatableViewSet, WriteThroughServices, visible_account_or_404
from accounts.models import Account
from accounts.selectors import accounts_visible_to
from agency.api.fields import VisibleRelatedField
from agency.filters import IdFilter

from . import documents, selectors, services
from .delivery_import import DeliveryImportRefused
from .models import BuyStatus, Delivery, EffectReport, MediaBuy, MediaOutlet, RateCardEntry


# --- Outlets -------------------------------------------------------------------------------
class RateCardEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = RateCardEntry
        fields = ["placement", "unit_type", "unit_rate"]


class MediaOutletSerializer(serializers.ModelSerializer):
    rate_card = RateCardEntrySerializer(many=True, required=False)

    class Meta:
        model = MediaOutlet
        fields = [
            "id",
            "name",
            "kind",
            "vendor_name",
            "vendor_contact",
            "vendor_email",
            "vendor_phone",
            "vendor_address",
            "commission_rate",
            "currency",
            "is_active",
            "rate_card",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class MediaOutletViewSet(WriteThroughServices, UpdatableViewSet):
    """Outlets are reference data: every staff member reads them; the media department and
    administrators write them."""

    serializer_class = MediaOutletSerializer
    search_fields = ["name", "vendor_name"]
    filterset_fields = ["kind", "currency", "is_active"]
    ordering_fields = ["name", "kind"]
    create_service = staticmethod(services.create_outlet)
    update_service = staticmethod(services.update_outlet)
    instance_kwarg = "outlet"

    def get_queryset(self):
        return selectors.outlet_list(user=self.request.user)


# --- Media buys ----------------------------------------------------------------------------
class MediaBuySerializer(serializers.ModelSerializer):
    account = VisibleRelatedField(visible_to=accounts_visible_to, model=Account)
    outlet = VisibleRelatedField(visible_to=selectors.outlets_visible_to, model=MediaOutlet)
    outlet_name = serializers.CharField(source="outlet.name", read_only=True)
    account_name = serializers.CharField(source="account.name", read_only=True)

    class Meta:
        model = MediaBuy
        fields = [
            "id",
            "account",
            "account_name",
            "outlet",
            "outlet_name",
            "placement",
            "flight_start",
            "flight_end",
            "unit_type",
            "quantity",
            "unit_rate",
            "commission_rate",
            "currency",
            "gross",
            "commission",
            "net",
            "status",
            "vendor_reference",
            "notes",
            "booked_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "commission_rate",
            "currency",
            "gross",
            "commission",
            "net",
            "status",
            "vendor_reference",
            "booked_at",
            "created_at",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # a buy stays with its account
            fields["account"].read_only = True
        return fields

    def validate(self, attrs):
        start = attrs.get("flight_start", getattr(self.instance, "flight_start", None))
        end = attrs.get("flight_end", getattr(self.instance, "flight_end", None))
        if start and end and end < start:
            raise serializers.ValidationError({"flight_end": ["The flight ends before it starts."]})
        return attrs


class MediaBuyFilter(django_filters.FilterSet):
    account = IdFilter(field_name="account_id")
    outlet = IdFilter(field_name="outlet_id")
    status = django_filters.ChoiceFilter(choices=BuyStatus.choices)
    flight_from = django_filters.DateFilter(field_name="flight_end", lookup_expr="gte")
    flight_to = django_filters.DateFilter(field_name="flight_start", lookup_expr="lte")

    class Meta:
        model = MediaBuy
        fields = ["account", "outlet", "status", "flight_from", "flight_to"]


class BuyActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class BookSerializer(BuyActionSerializer):
    vendor_reference = serializers.CharField(max_length=120)
    override_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4000
    )


class MediaBuyViewSet(WriteThroughServices, UpdatableViewSet):
    serializer_class = MediaBuySerializer
    filterset_class = MediaBuyFilter
    search_fields = ["placement", "outlet__name", "account__name", "vendor_reference"]
    ordering_fields = ["flight_start", "flight_end", "gross", "created_at"]
    create_service = staticmethod(services.create_media_buy)
    update_service = staticmethod(services.update_media_buy)
    instance_kwarg = "buy"

    def get_queryset(self):
        return selectors.media_buy_list(user=self.request.user)

    def _take(self, request, name, payload_class=BuyActionSerializer):
        buy = self.get_object()
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        buy = services.take_buy_transition(
            buy=buy, name=name, by=request.user, **payload.validated_data
        )
        return Response(self.get_serializer(buy).data)

    @extend_schema(request=BuyActionSerializer, responses=MediaBuySerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def request_quote(self, request, pk=None):
        return self._take(request, "request_quote")

    @extend_schema(request=BuyActionSerializer, responses=MediaBuySerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def negotiate(self, request, pk=None):
        return self._take(request, "negotiate")

    @extend_schema(request=BookSerializer, responses=MediaBuySerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def book(self, request, pk=None):
        """Book with the vendor's reference; over the budget only the AD of the lead AE, with
        `override_reason` (recorded)."""
        return self._take(request, "book", BookSerializer)

    @extend_schema(request=BuyActionSerializer, responses=MediaBuySerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def start(self, request, pk=None):
        return self._take(request, "start")

    @extend_schema(request=BuyActionSerializer, responses=MediaBuySerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def complete(self, request, pk=None):
        return self._take(request, "complete")

    @extend_schema(request=BuyActionSerializer, responses=MediaBuySerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reconcile(self, request, pk=None):
        return self._take(request, "reconcile")

    @extend_schema(request=BuyActionSerializer, responses=MediaBuySerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def cancel(self, request, pk=None):
        return self._take(request, "cancel")


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for `Accept: application/pdf`; errors still come as JSON text."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, default=str).encode()


class InsertionOrderPdfView(APIView):
    """GET /api/media-buys/{id}/insertion-order.pdf: the booked buy's insertion order."""

    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 400: OpenApiResponse()}
    )
    def get(self, request, pk):
        buy = get_object_or_404(selectors.media_buy_list(user=request.user), pk=pk)
        return pdf_response(
            documents.insertion_order_pdf(buy, request.user), f"IO-{buy.pk:06d}.pdf"
        )


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Delivery ------------------------------------------------------------------------------
class DeliverySerializer(serializers.ModelSerializer):
    media_buy = VisibleRelatedField(visible_to=selectors.media_buys_visible_to, model=MediaBuy)
    entered_by = serializers.CharField(source="entered_by.username", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "media_buy",
            "date",
            "units_delivered",
            "impressions",
            "clicks",
            "spend",
            "entered_by",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        validators = []  # one row per buy and day: the service says so in words

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["media_buy"].read_only = True
        return fields


class DeliveryImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class DeliveryImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()


class DeliveryViewSet(WriteThroughServices, UpdatableViewSet):
    serializer_class = DeliverySerializer
    filterset_fields = ["media_buy", "date", "media_buy__account"]
    ordering_fields = ["date"]
    create_service = staticmethod(services.record_delivery)
    update_service = staticmethod(services.update_delivery)
    instance_kwarg = "delivery"

    def get_queryset(self):
        return selectors.delivery_list(user=self.request.user)

    @extend_schema(
        request={"multipart/form-data": DeliveryImportSerializer},
        responses={201: DeliveryImportResultSerializer, 400: OpenApiResponse()},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_csv(self, request):
        """A CSV with columns media_buy, date, units_delivered, impressions, clicks, spend:
        all rows imported, or none and `errors` per line."""
        payload = DeliveryImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            rows = services.import_deliveries(
                by=request.user, upload=payload.validated_data["file"]
            )
        except DeliveryImportRefused as refused:
            errors = [{"line": r.line, "messages": r.messages} for r in refused.rows]
            return Response(
                {"detail": refused.message, "errors": errors}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response({"imported": len(rows)}, status=status.HTTP_201_CREATED)


# --- The effect report ---------------------------------------------------------------------
class OutletEffectSerializer(serializers.Serializer):
    outlet = serializers.CharField()
    planned_units = serializers.IntegerField()
    planned_gross = serializers.DecimalField(max_digits=14, decimal_places=2)
    delivered_units = serializers.IntegerField()
    impressions = serializers.IntegerField()
    clicks = serializers.IntegerField()
    spend = serializers.DecimalField(max_digits=14, decimal_places=2)
    delivery_rate = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class EffectReportTextSerializer(serializers.ModelSerializer):
    class Meta:
        model = EffectReport
        fields = ["summary", "results", "published_at"]
        read_only_fields = ["published_at"]


class EffectReportSerializer(serializers.Serializer):
    account = serializers.IntegerField(source="account.pk")
    currency = serializers.CharField(source="account.currency")
    sales_targets = serializers.CharField(source="brief.sales_targets", default="")
    report = EffectReportTextSerializer(allow_null=True)
    outlets = OutletEffectSerializer(source="effects", many=True)
    total = OutletEffectSerializer(source="effect_total")


class EffectReportView(APIView):
    """GET the account's effect report (planned vs delivered per outlet, the brief's sales
    targets, the AE's text); PATCH the AE's text."""

    serializer_class = EffectReportSerializer

    def get(self, request, account_id):
        account = visible_account_or_404(request, account_id)
        context = documents.effect_report_context(account)
        return Response(EffectReportSerializer(context).data)

    @extend_schema(request=EffectReportTextSerializer, responses=EffectReportSerializer)
    def patch(self, request, account_id):
        account = visible_account_or_404(request, account_id)
        current = selectors.effect_report_of(account)
        payload = EffectReportTextSerializer(current, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        values = {
            "summary": getattr(current, "summary", ""),
            "results": getattr(current, "results", ""),
            **payload.validated_data,
        }
        services.save_effect_report(account=account, by=request.user, **values)
        return self.get(request, account_id)


class EffectReportPublishView(APIView):
    @extend_schema(request=None, responses=EffectReportSerializer)
    def post(self, request, account_id):
        account = visible_account_or_404(request, account_id)
        services.publish_effect_report(account=account, by=request.user)
        return Response(EffectReportSerializer(documents.effect_report_context(account)).data)


class EffectReportPdfView(APIView):
    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, account_id):
        account = visible_account_or_404(request, account_id)
        return pdf_response(
            documents.effect_report_pdf(account, request.user), f"effect-{account.pk}.pdf"
        )
