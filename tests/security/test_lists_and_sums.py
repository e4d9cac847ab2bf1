"""reliability.md 11: every list, search, export, dashboard figure and report, as an outsider,
contains nothing of ours; the sums and counts equal those of the scoped querysets to the cent.

Every GET route without an object in its URL is a list, a dashboard, a report or an export:
they are all taken from the access matrix, so a new one is checked as soon as it has a row.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.selectors import accounts_visible_to, clients_visible_to, contacts_visible_to
from billing.models import OPEN_STATUSES, InvoiceKind
from billing.selectors import invoices_visible_to
from campaigns.selectors.meetings import communications_visible_to, meetings_visible_to
from campaigns.selectors.workplan import tasks_visible_to
from media.selectors import deliveries_visible_to, media_buys_visible_to

from .access_matrix import MATRIX
from .world import OUR_CLIENT

pytestmark = pytest.mark.django_db

#: Literal URL parts (a report's table, a figure's name) do not name an object: those are lists.
LITERAL = {"table", "figure", "path", "uidb64", "token"}
LISTS = [row for row in MATRIX if row.method == "GET" and set(row.kwargs) <= LITERAL]
# Prefixes of our names (the page echoes the query back: it must not carry a whole name)
SEARCHES = ["?search=Our", "?q=Our", "?search=our", "?search=VR-OUR", "?q=wang@client"]


def our_markers(world) -> list[str]:
    """Text that only our objects carry."""
    return [
        OUR_CLIENT,
        "Ours 我们的",
        "ours task",
        "ours action",
        "ours report",
        "ours call",
        "VR-OURS",
        "wang@client.test",
        world.invoice.number,
        "Ours due",
    ]


@pytest.mark.parametrize("role", ["other_ae", "creative_off", "other_ad", "other_client"])
@pytest.mark.parametrize("row", LISTS, ids=lambda row: row.route)
def test_lists_reports_and_exports_show_an_outsider_nothing_of_ours(row, role, world):
    client = world.clients[role]
    for query in ["", *SEARCHES]:
        response = client.get(reverse(row.route, kwargs=row.kwargs) + query)
        text = response.getvalue().decode("utf-8", "replace")  # streamed CSVs too
        leaked = [m for m in our_markers(world) if m in text]
        assert not leaked, f"{row.route}{query} shows {role} {leaked}"


def test_their_own_lists_are_not_empty(world):
    """(So the test above looks at real lists, not at empty pages.)"""
    body = world.clients["other_ae"].get("/api/accounts/").json()
    assert [a["name"] for a in body["results"]] == ["Theirs 他们的"]
    portal = world.clients["other_client"].get(reverse("portal:invoices"))
    assert [i.pk for i in portal.context["page_obj"]] == [world.their_invoice.pk]


# --- Counts and sums equal the scoped querysets -------------------------------------------
API_LISTS = {
    "/api/clients/": clients_visible_to,
    "/api/contacts/": contacts_visible_to,
    "/api/accounts/": accounts_visible_to,
    "/api/tasks/": tasks_visible_to,
    "/api/meetings/": meetings_visible_to,
    "/api/communications/": communications_visible_to,
    "/api/media-buys/": media_buys_visible_to,
    "/api/deliveries/": deliveries_visible_to,
    "/api/invoices/": invoices_visible_to,
}


@pytest.mark.parametrize("role", ["other_ae", "other_ad", "ad", "creative", "finance"])
def test_every_api_list_counts_exactly_what_the_user_sees(role, world):
    user, client = world.user(role), world.clients[role]
    for url, visible_to in API_LISTS.items():
        body = client.get(url, {"page_size": 200}).json()
        expected = set(visible_to(user).values_list("pk", flat=True))
        assert body["count"] == len(expected), url
        assert {item["id"] for item in body["results"]} == expected, url


def _open_balances(user) -> dict[str, Decimal]:
    """Σ open balance per currency over the invoices `user` sees, from the rows."""
    sums: dict[str, Decimal] = {}
    open_invoices = invoices_visible_to(user).filter(
        kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES
    )
    for invoice in open_invoices:
        sums[invoice.currency] = sums.get(invoice.currency, Decimal("0")) + invoice.balance
    return sums


@pytest.mark.parametrize("role", ["other_ae", "other_ad", "ad", "finance", "creative"])
def test_receivables_add_up_to_the_cent_of_what_the_user_sees(role, world):
    user, client = world.user(role), world.clients[role]
    expected = {c: f"{v:.2f}" for c, v in _open_balances(user).items()}
    # The API report: its totals, and its rows per client and per lead AE, every page
    report = client.get("/api/reports/ar-aging/").json()
    assert {row["currency"]: row["total"] for row in report["totals"]} == expected
    for group in ("client", "ae"):
        rows = _every_row(client, f"/api/reports/ar-aging/?group={group}&page_size=2")
        row_sum = sum(Decimal(row["total"]) for row in rows)
        assert f"{row_sum:.2f}" == f"{sum(_open_balances(user).values(), Decimal(0)):.2f}"
    # The CSV export
    content = client.get(reverse("ar-aging-csv")).getvalue().decode("utf-8-sig")
    totals = [r for r in csv.DictReader(io.StringIO(content)) if r["group"] == "total"]
    assert {r["currency"]: r["total"] for r in totals} == expected


def _every_row(client, url: str) -> list[dict]:
    """The results of every page of a paginated list, following `next`."""
    rows = []
    while url:
        page = client.get(url).json()
        rows, url = rows + page["results"], page["next"]
    return rows


@pytest.mark.parametrize("role", ["other_ae", "ad", "creative_off"])
def test_the_pipeline_counts_only_visible_accounts(role, world):
    user, client = world.user(role), world.clients[role]
    board = client.get(reverse("pipeline")).context
    assert board["total"] == accounts_visible_to(user).count()
    for column in board["columns"]:
        visible = accounts_visible_to(user).filter(stage=column.stage)
        assert column.count == visible.count(), column.stage
        assert {a.pk for a in column.accounts} <= set(visible.values_list("pk", flat=True))
