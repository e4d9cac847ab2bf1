"""Filters of the invoice list, shared by the pages and the API so both filter alike."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Currency
from agency.filters import IdFilter

from .models import Invoice, InvoiceKind, InvoiceStatus
from .selectors import overdue_q


class InvoiceFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=InvoiceStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=InvoiceKind.choices, label=_("Kind"))
    client = IdFilter(field_name="client_id", label=_("Client"))
    account = IdFilter(field_name="account_id", label=_("Account"))
    ae = IdFilter(field_name="account__lead_ae_id", label=_("Lead AE"))
    currency = django_filters.ChoiceFilter(choices=Currency.choices, label=_("Currency"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = Invoice
        fields = ["status", "kind", "client", "account", "ae", "currency", "overdue", "search"]

    def filter_overdue(self, invoices, name, value):
        return invoices.filter(overdue_q()) if value else invoices.exclude(overdue_q())

    def filter_search(self, invoices, name, value):
        return invoices.filter(number__icontains=value) | invoices.filter(
            client__name__icontains=value
        )
