"""/api/invoices/: drafts, issue, credit, payments, history, send and the PDF. Thin: every
write goes through one service."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import accounts_visible_to
from billing import billable, selectors, services
from billing.filters import InvoiceFilter

from . import invoice_rows
from .serializers import (
    BillingEventSerializer,
    CreditRequestSerializer,
    InvoiceSerializer,
    PaymentReceiptSerializer,
    PaymentRequestSerializer,
    PaymentSerializer,
    ReversalRequestSerializer,
    SendRequestSerializer,
    SuggestionSerializer,
)


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
        if self.action in ("payments", "reverse_payment"):
            return selectors.invoices_visible_to(self.request.user)  # answers without lines
        return selectors.invoice_detail(user=self.request.user)  # rows show their lines

    def list(self, request, *args, **kwargs):
        """Pages of invoices, written from plain values (billing.api.invoice_rows): the same
        rows InvoiceSerializer writes, at a third of the cost."""
        invoices = self.filter_queryset(selectors.listed_invoices(request.user))
        page = self.paginate_queryset(invoice_rows.listed(invoices))
        return self.get_paginated_response(invoice_rows.written(page))

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

    @extend_schema(
        parameters=[OpenApiParameter("account", OpenApiTypes.INT, required=True)],
        responses=SuggestionSerializer,
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def suggest(self, request):
        """What was sold on the account (booked media buys: net and commission; the accepted
        proposal's other items), what its invoices cover, and the lines of the next draft:
        what is left. POSTing them to /api/invoices/ drafts exactly that."""
        account_id = request.query_params.get("account", "")
        if not account_id.isdigit():
            raise serializers.ValidationError({"account": [_("Give the account's id.")]})
        account = get_object_or_404(accounts_visible_to(request.user), pk=account_id)
        if not selectors.can_draft_invoice(request.user, account):
            raise PermissionDenied(_("You may not invoice this account."))
        rows = billable.statement(account)
        suggestion = {
            "account": account.pk,
            "currency": account.currency,
            "sold": rows,
            "lines": services.suggest_invoice_lines(account, rows=rows),
        }
        return Response(SuggestionSerializer(suggestion).data)

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
        from billing.pdf import (  # WeasyPrint loads only when needed
            pdf_filename,
            render_invoice_pdf,
        )

        invoice = self.get_object()
        response = HttpResponse(render_invoice_pdf(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{pdf_filename(invoice)}"'
        return response
