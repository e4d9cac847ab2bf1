"""Serializers of the billing API: invoices and their lines, payments, audit rows."""

from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.models import Account, Contact
from accounts.selectors import accounts_visible_to, contacts_visible_to
from agency.api.fields import VisibleRelatedField
from billing import selectors
from billing.models import BillingEvent, Invoice, InvoiceLine, LineKind, Payment, PaymentMethod

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
    media_buy = serializers.IntegerField(
        source="media_buy_id",
        required=False,
        allow_null=True,
        help_text="The booked media buy this line bills (its net cost, or its commission).",
    )
    budget_line = serializers.IntegerField(
        source="budget_line_id",
        required=False,
        allow_null=True,
        help_text="The budget line of the accepted proposal this line bills.",
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
            "media_buy",
            "budget_line",
        ]
        read_only_fields = ["amount", "tax"]

    def validate(self, attrs):
        # The services name a line's sources "media_buy" and "budget_line" (ids).
        for name in ("media_buy", "budget_line"):
            if f"{name}_id" in attrs:
                attrs[name] = attrs.pop(f"{name}_id")
        return attrs


class SoldRowSerializer(serializers.Serializer):
    """One item sold on the account (billing.billable.Row)."""

    kind = serializers.CharField(source="item.kind")
    description = serializers.CharField(source="item.description")
    media_buy = serializers.IntegerField(source="item.source.media_buy_id", allow_null=True)
    budget_line = serializers.IntegerField(source="item.source.budget_line_id", allow_null=True)
    sold = serializers.DecimalField(source="item.amount", **MONEY)
    invoiced = serializers.DecimalField(source="covered", **MONEY)
    left = serializers.DecimalField(**MONEY)


class SuggestedLineSerializer(serializers.Serializer):
    """A line of the next draft, as POST /api/invoices/ takes it."""

    kind = serializers.ChoiceField(choices=LineKind.choices)
    description = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit_price = serializers.DecimalField(**MONEY)
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=4)
    media_buy = serializers.IntegerField(allow_null=True)
    budget_line = serializers.IntegerField(allow_null=True)


class SuggestionSerializer(serializers.Serializer):
    """GET /api/invoices/suggest/?account=: what to draft next for the account."""

    account = serializers.IntegerField()
    currency = serializers.CharField()
    sold = SoldRowSerializer(many=True, help_text="Everything sold, what invoices cover of it.")
    lines = SuggestedLineSerializer(
        many=True, help_text="The suggested lines: POST them to /api/invoices/ as they are."
    )


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
        source="credited_invoice.number", read_only=True, default=None, allow_null=True
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
    reversed_by = serializers.CharField(
        source="reversed_by.username", read_only=True, default=None, allow_null=True
    )

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
    invoice_number = serializers.CharField(source="invoice.number", default=None, allow_null=True)
    credit_note_number = serializers.CharField(
        source="credit_note.number", default=None, allow_null=True
    )
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
