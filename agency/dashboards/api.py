"""/api/reports/pipeline/, /api/reports/workload/, /api/reports/revenue/: the dashboard's
figures as JSON, from the same reports the page renders, with the same parameters
(`ae`, `client`, `from`, `to`, `stuck_days`, `quiet_days`) and the same scoping (what the
user sees). Money: decimal strings next to their currency."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.selectors import BUCKETS

from . import reports
from .scope import ScopeForm

MONEY = {"max_digits": 14, "decimal_places": 2}


class AmountSerializer(serializers.Serializer):
    currency = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)


@extend_schema_field(AmountSerializer(many=True))
class AmountsField(serializers.Field):
    """{currency: amount} as a list of {"currency", "amount"}, currencies in order."""

    def to_representation(self, value):
        return [{"currency": c, "amount": f"{value[c]:.2f}"} for c in sorted(value)]


class ScopeSerializer(serializers.Serializer):
    start = serializers.DateField(source="period.start", help_text="`from`")
    end = serializers.DateField(source="period.end", help_text="`to`")
    as_of = serializers.DateField(source="today")
    ae = serializers.IntegerField(allow_null=True)
    client = serializers.IntegerField(allow_null=True)
    stuck_days = serializers.IntegerField()
    quiet_days = serializers.IntegerField()


class PersonField(serializers.CharField):
    def to_representation(self, value):
        return str(value) if value is not None else None


# --- Pipeline ------------------------------------------------------------------------------
class StageSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    accounts = serializers.IntegerField()
    budget = AmountsField()


class StageTimeSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    changes = serializers.IntegerField(help_text="Accounts that left the stage in the period.")
    average_days = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)


class LostReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    accounts = serializers.IntegerField()


class ProposalsSerializer(serializers.Serializer):
    won = serializers.IntegerField()
    lost = serializers.IntegerField()
    decided = serializers.IntegerField()
    win_rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="Percent of decided."
    )
    revisions = serializers.IntegerField()
    revisions_per_won = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    lost_reasons = LostReasonSerializer(many=True, source="reasons")


class AccountRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    client = serializers.CharField(source="client.name")
    stage = serializers.CharField()
    stage_entered_at = serializers.DateTimeField()
    lead_ae = PersonField(allow_null=True)


class StuckSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    accounts = AccountRowSerializer(many=True, source="rows")


class PipelineSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    stages = StageSerializer(many=True)
    stage_times = StageTimeSerializer(many=True)
    proposals = ProposalsSerializer()
    stuck = StuckSerializer()


# --- Workload ------------------------------------------------------------------------------
class PersonLoadSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="key")
    name = serializers.CharField()
    department = serializers.CharField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class DepartmentLoadSerializer(serializers.Serializer):
    department = serializers.CharField(source="key")
    label = serializers.CharField(source="name")
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class AELoadSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="ae", allow_null=True)
    name = serializers.CharField()
    open = serializers.IntegerField()
    on_hold = serializers.IntegerField()
    closed = serializers.IntegerField()
    total = serializers.IntegerField()


class QuietAccountSerializer(AccountRowSerializer):
    last_contact = serializers.DateTimeField()


class QuietSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    accounts = QuietAccountSerializer(many=True, source="rows")


class OwedMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    account = serializers.IntegerField(source="account_id")
    account_name = serializers.CharField(source="account.name")
    kind = serializers.CharField()
    held_at = serializers.DateTimeField()


class OwedSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    meetings = OwedMeetingSerializer(many=True, source="rows")


class WorkloadSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    people = PersonLoadSerializer(many=True)
    departments = DepartmentLoadSerializer(many=True)
    accounts_per_ae = AELoadSerializer(many=True, source="aes")
    quiet = QuietSerializer()
    contact_reports_owed = OwedSerializer(source="owed")


# --- Revenue -------------------------------------------------------------------------------
class MonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The month's first day.")
    invoiced = AmountsField()
    collected = AmountsField()


class ReceivablesSerializer(serializers.Serializer):
    """One currency: open balances per bucket (`current`, `1_30`, `31_60`, `61_90`,
    `over_90`), their total, the overdue part, and what falls due soon."""

    currency = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        for bucket in BUCKETS:  # "1_30" is no Python name: fields added here
            fields[bucket] = serializers.DecimalField(**MONEY, source=f"buckets.{bucket}")
        fields["total"] = serializers.DecimalField(**MONEY)
        fields["overdue"] = serializers.DecimalField(**MONEY)
        fields["expected_30_days"] = serializers.DecimalField(**MONEY, source="expected")
        fields["due_this_week"] = serializers.DecimalField(**MONEY)
        return fields


class OverdueInvoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.CharField()
    client = serializers.CharField(source="client.name")
    account = serializers.CharField(source="account.name")
    due_date = serializers.DateField()
    balance = serializers.DecimalField(**MONEY, source="balance_due")
    currency = serializers.CharField()


class OverdueSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    invoices = OverdueInvoiceSerializer(many=True, source="rows")


class MediaMonthSerializer(serializers.Serializer):
    month = serializers.DateField(source="key")
    booked = AmountsField()
    delivered = AmountsField()


class MediaKindSerializer(serializers.Serializer):
    kind = serializers.CharField(source="key")
    label = serializers.CharField()
    booked = AmountsField()
    delivered = AmountsField()


class RevenueSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    months = MonthSerializer(many=True)
    receivables = ReceivablesSerializer(many=True)
    overdue_invoices = OverdueSerializer(source="overdue")
    media_months = MediaMonthSerializer(many=True)
    media_by_outlet_type = MediaKindSerializer(many=True, source="media_kinds")


# --- Views ---------------------------------------------------------------------------------
SCOPE_PARAMETERS = [
    OpenApiParameter("ae", OpenApiTypes.INT, description="Accounts led by this AE."),
    OpenApiParameter("client", OpenApiTypes.INT, description="One client's accounts."),
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="First day (default: 11 months before this month's first day).",
    ),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default: today)."),
    OpenApiParameter("stuck_days", OpenApiTypes.INT, description="Stuck after (default 30)."),
    OpenApiParameter("quiet_days", OpenApiTypes.INT, description="No contact for (default 14)."),
]


class ReportView(APIView):
    report = None
    serializer_class = None

    def scope(self, request):
        form = ScopeForm(request.query_params)
        if not form.is_valid():
            names = {"start": "from", "end": "to", "__all__": "non_field_errors"}
            raise ValidationError({names.get(k, k): v for k, v in form.errors.items()})
        return form.scope(request.user)

    def get(self, request):
        report = type(self).report(self.scope(request))
        return Response(self.serializer_class(report).data)


class PipelineReportView(ReportView):
    """Accounts and budget per stage, average days per stage, stuck accounts, proposals won
    and lost in the period, over the accounts the user sees."""

    report = staticmethod(reports.pipeline_report)
    serializer_class = PipelineSerializer

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=PipelineSerializer)
    def get(self, request):
        return super().get(request)


class WorkloadReportView(ReportView):
    """Open and overdue tasks per person and department, accounts per lead AE, accounts
    without client contact, contact reports owed."""

    report = staticmethod(reports.workload_report)
    serializer_class = WorkloadSerializer

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=WorkloadSerializer)
    def get(self, request):
        return super().get(request)


class RevenueReportView(ReportView):
    """Invoiced and collected per month, receivables by aging bucket, the largest overdue
    invoices, media booked and delivered per month and outlet type."""

    report = staticmethod(reports.revenue_report)
    serializer_class = RevenueSerializer

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=RevenueSerializer)
    def get(self, request):
        return super().get(request)
