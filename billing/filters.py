"""Filters of the invoice list, shared by the pages and the API so both filter alike."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Currency
from agency.filters import IdFilter

from .models import Invoice, InvoiceKind, InvoiceStatus
from .selectors import BUCKETS, bucket_q, overdue_q, receivable_q


class InvoiceFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=InvoiceStatus.choices, label=_("Status"), method="filter_status"
    )
    kind = django_filters.ChoiceFilter(choices=InvoiceKind.choices, label=_("Kind"))
    client = IdFilter(field_name="client_id", label=_("Client"))
    account = IdFilter(field_name="account_id", label=_("Account"))
    ae = IdFilter(field_name="account__lead_ae_id", label=_("Lead AE"))
    currency = django_filters.ChoiceFilter(choices=Currency.choices, label=_("Currency"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))
    # The dashboards' drill-downs: an aging bucket, a month of issue dates, a window of due dates.
    bucket = django_filters.ChoiceFilter(
        choices=[(b, b) for b in BUCKETS], method="filter_bucket", label=_("Aging bucket")
    )
    issued_after = django_filters.DateFilter(
        field_name="issue_date", lookup_expr="gte", label=_("Issued on or after")
    )
    issued_before = django_filters.DateFilter(
        field_name="issue_date", lookup_expr="lte", label=_("Issued on or before")
    )
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label=_("Due on or after")
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Due on or before")
    )

    class Meta:
        model = Invoice
        fields = ["status", "kind", "client", "account", "ae", "currency", "overdue", "search"]
        fields += ["bucket", "issued_after", "issued_before", "due_after", "due_before"]

    def filter_status(self, invoices, name, value):
        """`status IN (...)`: the filter's default (each status OR-ed, then DISTINCT over whole
        rows) made finance's count of open invoices a 28 ms scan instead of a 4 ms read of
        invoice_status_due_idx. The status is the invoice's own column: no row repeats."""
        return invoices.filter(status__in=value)

    def filter_overdue(self, invoices, name, value):
        return invoices.filter(overdue_q()) if value else invoices.exclude(overdue_q())

    def filter_bucket(self, invoices, name, value):
        """Open invoices (not credit notes) whose due date falls in the bucket today."""
        return invoices.filter(receivable_q(), bucket_q(value, timezone.localdate()))

    def filter_search(self, invoices, name, value):
        return invoices.filter(number__icontains=value) | invoices.filter(
            client__name__icontains=value
        )
