"""Each home page answers in a bounded number of queries whatever the data size."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from agency.models import Notification
from campaigns.models import Communication
from tests.factories import AccountFactory, ClientFactory, MeetingFactory, TaskFactory

from .books import issue, pay, record

pytestmark = pytest.mark.django_db
#: Every dashboard page, whatever the data (the session's read and save included).
MAX_QUERIES = 15


def grow(monkeypatch, books, ae, creative, finance, n: int) -> None:
    """n more clients, accounts with history, tasks, meetings, contact, invoices, payments."""
    for k in range(n):
        client = ClientFactory(name=f"Grown {k}")
        account = record(
            AccountFactory(lead_ae=ae, client=client, budget=Decimal("1000")),
            90,
            [("record_brief", "first_contact", "briefed", 80 - k % 30)],
            books.now,
        )
        TaskFactory(
            account=account,
            owner=creative,
            department="creative",
            due_date=books.today - dt.timedelta(days=k % 5),
        )
        MeetingFactory(account=account, held_at=books.now - dt.timedelta(days=2))
        Communication.objects.create(
            account=account,
            kind="call",
            ae=ae,
            subject="x",
            recorded_by=ae,
            occurred_at=books.now - dt.timedelta(days=40),
        )
        invoice = issue(monkeypatch, account, ae, "100.00", 10 + k * 7, books.today)
        pay(invoice, finance, "40.00", books.today, f"grow-{k}")
        Notification.objects.create(recipient=ae, title=f"Reminder {k}")


@pytest.fixture
def pages(ad, ae, finance):
    return [
        (ad, reverse("ad-dashboard")),
        (ae, reverse("my-day")),
        (finance, reverse("finance-desk")),
    ]


def test_every_home_page_stays_within_its_query_budget_at_two_sizes(
    books, monkeypatch, as_user, pages, ae, creative, finance, django_assert_max_num_queries
):
    def measure():
        for user, url in pages:
            client = as_user(user)
            with django_assert_max_num_queries(MAX_QUERIES):
                response = client.get(url)
            assert response.status_code == 200

    measure()
    grow(monkeypatch, books, ae, creative, finance, 25)
    measure()


def test_the_drill_down_lists_do_not_grow_with_their_rows(
    books, monkeypatch, as_user, ad, ae, creative, finance, django_assert_max_num_queries
):
    grow(monkeypatch, books, ae, creative, finance, 12)
    client = as_user(ad)
    for figure in ("stuck", "open", "quiet", "tasks", "owed", "payments", "overdue", "buys"):
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(reverse("dashboard-list", args=[figure])).status_code == 200


def test_the_whole_tables_do_not_grow_with_their_rows(
    books, monkeypatch, as_user, ad, ae, creative, finance, django_assert_max_num_queries
):
    client = as_user(ad)

    def measure():
        for table in ("people", "aes", "lost_reasons"):
            with django_assert_max_num_queries(MAX_QUERIES):
                response = client.get(reverse("dashboard-table", args=[table]))
            assert response.status_code == 200

    measure()
    grow(monkeypatch, books, ae, creative, finance, 25)
    measure()
