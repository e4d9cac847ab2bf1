"""REST endpoints for invoices, credit notes, payments and receivables: thin, every write
through a service (api.md: /api/invoices/, .../issue/, .../credit/, .../payments/, .../pdf/,
/api/reports/ar-aging/)."""

from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Contact
from accounts.selectors import accounts_visible_to, contacts_visible_to
from agency.api.fields import VisibleRelatedField

from . import selectors, services
from .filters import InvoiceFilter
from .models import Account, BillingEvent, Invoice, InvoiceLine, LineKind, Payment, PaymentMethod

MONEY = {"max_digits": 14, "decimal_places": 2}


class InvoiceLineSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=LineKind.choices)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    unit_price = serializers.DecimalField(**MONEY)
    vat_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        min_value=Decimal("0"),
        max_value=Decimal("1"),
        required=False,
    )

    class Meta:
        model = InvoiceLine
        fields = [
            "kind",
            "description",
            "quantity",
            "unit_price",
            "vat_rate",
            "price_includes_vat",
            "amount",
            "tax",
        ]
        read_only_fields = ["amount", "tax"]


class InvoiceSerializer(serializers.ModelSerializer):
    account = VisibleRelatedField(visible_to=accounts_visible_to, model=Account)
    account_name = serializers.CharField(source="account.name", read_only=True)
    client_name = serializers.CharField(source="client.name", read_only=True)
    lines = InvoiceLineSerializer(many=True, required=False, max_length=200)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    paid = serializers.DecimalField(source="amount_paid", read_only=True, **MONEY)
    credited = serializers.DecimalField(source="amount_credited", read_only=True, **MONEY)
    balance = serializers.DecimalField(read_only=True, **MONEY)
    credited_invoice_number = serializers.CharField(
        source="credited_invoice.number", read_only=True, default=None
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = [
            "id",
            "kind",
            "number",
            "status",
            "account",
            "account_name",
            "client",
            "client_name",
            "currency",
            "lines",
            "notes",
            "subtotal",
            "tax",
            "total",
            "paid",
            "credited",
            "balance",
            "issue_date",
            "due_date",
            "overdue",
            "fapiao_number",
            "credited_invoice",
            "credited_invoice_number",
            "reason",
            "issued_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "kind",
            "number",
            "status",
            "client",
            "currency",
            "subtotal",
            "tax",
            "total",
            "issue_date",
            "due_date",
            "credited_invoice",
            "reason",
            "issued_at",
            "created_at",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if self.instance is not None:  # an invoice stays with its account
            fields["account"].read_only = True
        if request is None or not selectors.can_set_fapiao(request.user):
            fields["fapiao_number"].read_only = True
        return fields

    def get_overdue(self, invoice) -> bool:
        return invoice.is_overdue()


class CreditRequestSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY, min_value=Decimal("0.01"))
    reason = serializers.CharField(max_length=2000)


class PaymentRequestSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY, min_value=Decimal("0.01"))
    received_on = serializers.DateField()
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PaymentReceiptSerializer(serializers.Serializer):
    """The answer to a recorded payment, returned unchanged to every replay of its key."""

    id = serializers.IntegerField()
    invoice = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)
    currency = serializers.CharField()
    received_on = serializers.DateField()
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    reference = serializers.CharField()
    note = serializers.CharField()
    recorded_by = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    invoice_status = serializers.CharField()
    invoice_paid = serializers.DecimalField(**MONEY)
    invoice_balance = serializers.DecimalField(**MONEY)


class PaymentSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    reversed_by = serializers.CharField(source="reversed_by.username", read_only=True, default=None)

    class Meta:
        model = Payment
        fields = [
            "id",
            "invoice",
            "amount",
            "received_on",
            "method",
            "reference",
            "note",
            "recorded_by",
            "recorded_at",
            "reversed_at",
            "reversed_by",
            "reversal_reason",
        ]
        read_only_fields = fields


class ReversalRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class SendRequestSerializer(serializers.Serializer):
    contact = serializers.IntegerField(help_text="A contact of the invoice's client.")

    def validate_contact(self, contact_id: int) -> Contact:
        contact = contacts_visible_to(self.context["request"].user).filter(pk=contact_id).first()
        if contact is None:
            raise serializers.ValidationError(_("No such contact."))
        return contact


class BillingEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username")
    invoice_number = serializers.CharField(source="invoice.number", default=None)
    credit_note_number = serializers.CharField(source="credit_note.number", default=None)
    source = serializers.CharField(help_text="The invoice's status before the event.")
    target = serializers.CharField(help_text="The invoice's status after the event.")

    class Meta:
        model = BillingEvent
        fields = [
            "id",
            "kind",
            "invoice",
            "invoice_number",
            "source",
            "target",
            "amount",
            "balance_after",
            "payment",
            "credit_note",
            "credit_note_number",
            "by",
            "at",
            "note",
        ]


class PDFRenderer(renderers.BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="A key unique to this payment: a replay with it returns the first answer "
    "and records nothing; reusing it for another payment answers 409.",
)


class InvoiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Invoices and credit notes. Drafts are edited with PATCH (lines are replaced as a
    whole); issued ones answer 409 to any change but finance's fapiao number."""

    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter
    search_fields = []  # InvoiceFilter's `search` covers number and client
    ordering_fields = ["created_at", "issue_date", "due_date", "total", "number"]

    def get_queryset(self):
        return selectors.invoice_detail(user=self.request.user)  # rows show their lines

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.create_invoice(
            account=data["account"],
            by=self.request.user,
            lines=data.get("lines"),
            notes=data.get("notes", ""),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        edits = {key: data[key] for key in ("lines", "notes", "fapiao_number") if key in data}
        serializer.instance = services.update_invoice(
            invoice=serializer.instance, by=self.request.user, **edits
        )

    def _fresh(self, invoice):
        return self.get_serializer(self.get_queryset().get(pk=invoice.pk)).data

    @extend_schema(request=None, responses=InvoiceSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def issue(self, request, pk=None):
        """Number, date and freeze a draft."""
        invoice = services.issue_invoice(invoice=self.get_object(), by=request.user)
        return Response(self._fresh(invoice))

    @extend_schema(request=CreditRequestSerializer, responses={201: InvoiceSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def credit(self, request, pk=None):
        """Issue a credit note for `amount` (tax included) with a `reason`."""
        invoice = self.get_object()
        payload = CreditRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        credit_note = services.issue_credit_note(
            invoice=invoice, by=request.user, **payload.validated_data
        )
        return Response(self._fresh(credit_note), status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["post"],
        request=PaymentRequestSerializer,
        responses={201: PaymentReceiptSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    @extend_schema(methods=["get"], responses=PaymentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def payments(self, request, pk=None):
        """GET: the invoice's payments. POST (finance): record one, once per Idempotency-Key."""
        invoice = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(selectors.payments_of(invoice))
            return self.get_paginated_response(PaymentSerializer(page, many=True).data)
        payload = PaymentRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        outcome = services.record_payment(
            invoice=invoice,
            by=request.user,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            **payload.validated_data,
        )
        response = Response(outcome.receipt, status=status.HTTP_201_CREATED)
        if outcome.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(request=ReversalRequestSerializer, responses=PaymentSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"payments/(?P<payment_id>[0-9]+)/reverse",
        filterset_class=None,
    )
    def reverse_payment(self, request, pk=None, payment_id=None):
        """Finance: reverse a payment recorded by mistake, with a reason."""
        payment = get_object_or_404(self.get_object().payments, pk=payment_id)
        payload = ReversalRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        payment = services.reverse_payment(
            payment=payment, by=request.user, **payload.validated_data
        )
        return Response(PaymentSerializer(payment).data)

    @extend_schema(
        request=SendRequestSerializer,
        responses={202: inline_serializer("InvoiceSent", {"to": serializers.EmailField()})},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def send(self, request, pk=None):
        """The AE e-mails the PDF to a client contact (queued after commit)."""
        invoice = self.get_object()
        payload = SendRequestSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        dispatch = services.send_invoice(invoice=invoice, by=request.user, **payload.validated_data)
        return Response({"to": dispatch.to_email}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=BillingEventSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None)
    def history(self, request, pk=None):
        """The invoice's audit trail: every issue, payment, reversal and credit note."""
        page = self.paginate_queryset(selectors.invoice_history(self.get_object()))
        return self.get_paginated_response(BillingEventSerializer(page, many=True).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, PDFRenderer],
        filterset_class=None,
        pagination_class=None,
    )
    def pdf(self, request, pk=None):
        """The payment notice as a PDF (in Chinese: it goes to the client)."""
        from .pdf import pdf_filename, render_invoice_pdf  # WeasyPrint loads only when needed

        invoice = self.get_object()
        response = HttpResponse(render_invoice_pdf(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{pdf_filename(invoice)}"'
        return response


# --- Reports ------------------------------------------------------------------------------
BUCKET_FIELDS = {name: serializers.DecimalField(**MONEY) for name in selectors.BUCKETS}


class AgingRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="key", allow_null=True)
    name = serializers.CharField()
    currency = serializers.CharField()
    current = serializers.DecimalField(**MONEY, source="buckets.current")
    total = serializers.DecimalField(**MONEY)

    def to_representation(self, row):
        data = super().to_representation(row)
        for bucket in selectors.BUCKETS:
            data[bucket] = f"{row.buckets[bucket]:.2f}"
        data["total"] = data.pop("total")
        return data


class AgingReportSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    by_client = AgingRowSerializer(many=True)
    by_ae = AgingRowSerializer(many=True)
    totals = AgingRowSerializer(many=True)


class ARAgingView(APIView):
    """Receivables by days past due (current, 1_30, 31_60, 61_90, over_90) per client and per
    lead AE, with totals per currency, over the invoices the user sees."""

    @extend_schema(responses=AgingReportSerializer)
    def get(self, request):
        report = selectors.ar_aging(user=request.user)
        return Response(AgingReportSerializer(report).data)
