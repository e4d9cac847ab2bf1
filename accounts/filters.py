"""Filters of the account list, shared by the pages and the API so both filter alike."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agency.filters import IdFilter

from .models import Account, Stage


class AccountFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    client = IdFilter(field_name="client_id", label=_("Client"))
    ae = IdFilter(method="filter_ae", label=_("AE"))
    # The dashboards' drill-downs: accounts led by one AE (`ae` also counts team members).
    lead_ae = IdFilter(field_name="lead_ae_id", label=_("Lead AE"))
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = Account
        fields = ["stage", "client", "ae", "lead_ae", "search"]

    def filter_ae(self, accounts, name, value):
        from campaigns.models import TeamMember

        on_team = TeamMember.objects.filter(account=OuterRef("pk"), user_id=value)
        return accounts.filter(Q(lead_ae_id=value) | Exists(on_team))

    def filter_search(self, accounts, name, value):
        return accounts.filter(Q(name__icontains=value) | Q(client__name__icontains=value))
