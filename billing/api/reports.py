"""/api/reports/ar-aging/: receivables by days past due."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import selectors

from .serializers import MONEY


class AgingRowSerializer(serializers.Serializer):
    """One client, lead AE or total, in one currency: the buckets `current`, `1_30`,
    `31_60`, `61_90`, `over_90`, then `total`."""

    id = serializers.IntegerField(source="key", allow_null=True)
    name = serializers.CharField()
    currency = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        for bucket in selectors.BUCKETS:  # "1_30" is no Python name: fields added here
            fields[bucket] = serializers.DecimalField(**MONEY, source=f"buckets.{bucket}")
        fields["total"] = serializers.DecimalField(**MONEY)
        return fields


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
