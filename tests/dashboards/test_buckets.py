"""The aging buckets in SQL (billing.selectors.bucket_q: the invoice list's filter and the
dashboards' sums) put every due date where billing's bucket_of does, boundaries included."""

import pytest
from django.utils import timezone

from billing.filters import InvoiceFilter
from billing.models import Invoice
from billing.selectors import BUCKETS, bucket_of
from tests.factories import AccountFactory

from .books import issue

pytestmark = pytest.mark.django_db
DAYS_LATE = [-5, 0, 1, 30, 31, 60, 61, 90, 91, 200]


def test_every_due_date_falls_in_the_bucket_billing_gives_it(monkeypatch, ae):
    today = timezone.localdate()
    account = AccountFactory(lead_ae=ae)
    for late in DAYS_LATE:
        issue(monkeypatch, account, ae, "10.00", 30 + late, today)

    for bucket in BUCKETS:
        listed = InvoiceFilter({"bucket": bucket}, queryset=Invoice.objects.all()).qs
        expected = {i.pk for i in Invoice.objects.all() if bucket_of(i.due_date, today) == bucket}
        assert {i.pk for i in listed} == expected, bucket
        assert expected  # every bucket has a boundary case here
