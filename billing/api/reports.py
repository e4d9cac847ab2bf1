"""/api/reports/ar-aging/: receivables by days past due, totals per currency and a page of
rows per client or lead AE."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from agency.api.pagination import CountedInPagePagination
from billing import aging, selectors

from .serializers import MONEY


class AgingRowSerializer(serializers.Serializer):
    """One client, lead AE or total, in one currency: the buckets `current`, `1_30`,
    `31_60`, `61_90`, `over_90`, then `overdue` (all but `current`) and `total`."""

    id = serializers.IntegerField(source="key", allow_null=True)
    name = serializers.CharField()
    currency = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        for bucket in selectors.BUCKETS:  # "1_30" is no Python name: fields added here
            fields[bucket] = serializers.DecimalField(**MONEY, source=f"buckets.{bucket}")
        fields["overdue"] = serializers.DecimalField(**MONEY)
        fields["total"] = serializers.DecimalField(**MONEY)
        return fields


class GroupRowSerializer(AgingRowSerializer):
    invoices = serializers.SerializerMethodField(
        help_text="The open invoices behind the row: /api/invoices/ filtered."
    )

    def get_invoices(self, row) -> str:
        key = self.context["group"]
        if row.key is None:  # accounts without a lead AE: no filter names them
            return ""
        query = {key: row.key, "currency": row.currency, "kind": "invoice"}
        query = urlencode({**query, "status": selectors.OPEN_STATUSES}, doseq=True)
        return self.context["request"].build_absolute_uri(f"{reverse('api:invoice-list')}?{query}")


class AgingReportSerializer(serializers.Serializer):
    """The report: as of a date, the totals per currency, then a page of rows (api.md's
    pagination) of the group asked for."""

    as_of = serializers.DateField()
    group = serializers.ChoiceField(choices=list(aging.GROUPINGS))
    totals = AgingRowSerializer(many=True)
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = GroupRowSerializer(many=True)


GROUP = OpenApiParameter(
    "group",
    OpenApiTypes.STR,
    enum=list(aging.GROUPINGS),
    description="Rows per `client` (the default) or per lead AE (`ae`).",
)
PAGE = OpenApiParameter("page", OpenApiTypes.INT, description="A page number of the rows.")
PAGE_SIZE = OpenApiParameter("page_size", OpenApiTypes.INT, description="Rows a page (≤ 200).")


def group_asked(request) -> str:
    group = request.query_params.get("group") or "client"
    if group not in aging.GROUPINGS:
        raise ValidationError({"group": [_("Either client or ae.")]})
    return group


class ARAgingView(APIView):
    """Receivables by days past due (current, 1_30, 31_60, 61_90, over_90) over the invoices
    the user sees: the totals per currency, and the rows per client (or lead AE) and
    currency, the largest overdue balance first, a page at a time."""

    pagination_class = CountedInPagePagination

    @extend_schema(parameters=[GROUP, PAGE, PAGE_SIZE], responses=AgingReportSerializer)
    def get(self, request):
        group, today = group_asked(request), timezone.localdate()
        pages = self.pagination_class()
        rows = aging.aging_rows(user=request.user, group=group, today=today)
        page = [aging.as_row(values, group) for values in pages.paginate_queryset(rows, request)]
        context = {"request": request, "group": group}
        report = {
            "as_of": today,
            "group": group,
            "totals": aging.aging_totals(user=request.user, today=today),
            "count": pages.page.paginator.count,
            "next": pages.get_next_link(),
            "previous": pages.get_previous_link(),
            "results": page,
        }
        return Response(AgingReportSerializer(report, context=context).data)
