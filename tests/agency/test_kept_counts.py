"""Kept row counts (agency.kept_counts): PostgreSQL's triggers keep the number of invoices
through every way rows come and go, and the lists read it only when they show the whole
table; a filtered list, or a database without the count, counts its rows."""

import io

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from agency import kept_counts
from agency.models import KeptCount
from billing.models import Invoice
from billing.services import create_invoice

pytestmark = pytest.mark.django_db
LINE = {"kind": "fee", "description": "Fee 服务费", "quantity": "1", "unit_price": "100.00"}


def kept() -> int | None:
    row = KeptCount.objects.filter(table_name="billing_invoice").first()
    return row and row.rows


def draft(account, ae, n: int = 1) -> list[Invoice]:
    return [create_invoice(account=account, by=ae, lines=[LINE]) for _ in range(n)]


def test_the_triggers_follow_every_insert_delete_copy_and_truncate(postgres_only, account, ae):
    kept_counts.recount()  # a transactional test starts from a flushed database
    assert kept() == Invoice.objects.count() == 0
    draft(account, ae, 3)
    assert kept() == 3
    Invoice.objects.bulk_create(
        Invoice(account=account, client=account.client, currency=account.currency, created_by=ae)
        for _ in range(5)
    )
    assert kept() == 8
    bare = Invoice.objects.filter(lines__isnull=True).order_by("pk").values("pk")[:2]
    Invoice.objects.filter(pk__in=bare).delete()
    assert kept() == Invoice.objects.count() == 6
    with connection.cursor() as cursor:  # COPY, as the scale seeder writes
        cursor.execute("SELECT * FROM billing_invoice LIMIT 0")
        columns = [c.name for c in cursor.description if c.name != "id"]
    with connection.cursor() as cursor:
        row = Invoice.objects.values_list(*columns).first()
        copy = "\t".join("\\N" if v is None else str(v) for v in row) + "\n"
        cursor.copy_expert(
            f"COPY billing_invoice ({', '.join(columns)}) FROM STDIN", io.StringIO(copy * 4)
        )
    assert kept() == Invoice.objects.count() == 10
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE billing_invoice CASCADE")
    assert kept() == Invoice.objects.count() == 0


def test_a_rolled_back_insert_leaves_the_count_as_it_was(postgres_only, account, ae):
    kept_counts.recount()
    draft(account, ae, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        draft(account, ae, 3)
        assert kept() == 5  # the inserting transaction sees its own rows counted
        raise RuntimeError
    assert kept() == Invoice.objects.count() == 2


def counts_in(queries) -> list[str]:
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_finance_s_whole_list_reads_the_kept_count_and_a_filtered_one_counts(
    postgres_only, account, ae, finance, api
):
    kept_counts.recount()
    draft(account, ae, 3)
    client = api(finance)
    with CaptureQueriesContext(connection) as queries:
        whole = client.get("/api/invoices/?page_size=2").json()
    assert whole["count"] == 3 and len(whole["results"]) == 2 and whole["next"]
    assert counts_in(queries) == []
    with CaptureQueriesContext(connection) as queries:
        issued = client.get("/api/invoices/?status=issued").json()
    assert issued["count"] == 0 and len(counts_in(queries)) == 1


def test_without_the_kept_row_lists_count_their_rows(account, ae, finance, api, client):
    KeptCount.objects.all().delete()  # as on SQLite, or after a flush
    draft(account, ae, 2)
    assert api(finance).get("/api/invoices/").json()["count"] == 2
    client.force_login(finance)
    assert client.get("/invoices/").context["page"].paginator.count == 2


def test_only_a_whole_unsliced_ungrouped_table_counts_as_whole(db):
    invoices = Invoice.objects.all()
    assert kept_counts.is_whole_table(invoices.select_related("client").order_by("-pk"))
    assert not kept_counts.is_whole_table(invoices.filter(status="draft"))
    assert not kept_counts.is_whole_table(invoices.none())
    assert not kept_counts.is_whole_table(invoices.distinct())
    assert not kept_counts.is_whole_table(invoices[:10])
    assert not kept_counts.is_whole_table(invoices.union(invoices))
    assert not kept_counts.is_whole_table(invoices.values("status").annotate(n=Count("pk")))
