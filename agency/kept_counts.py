"""Row counts of large tables kept by the database, for the lists that show them whole.

Finance sees every invoice: counting a million rows for the pager's "page 1 of 20,187" cost
25–40 ms of every page of the list and the API, index-only and all (scale 10000). PostgreSQL
triggers keep the count of each table in KEPT instead (agency.KeptCount): statement-level
after INSERT (COPY included) and DELETE, and after TRUNCATE, in the same transaction as the
change, so a reader sees the count of exactly the rows its snapshot sees. Any list that is
filtered, distinct, grouped or sliced counts its rows as usual, and so does every list when
the row is missing (SQLite, or a test database flushed with TRUNCATE ... of this table too).
"""

from django.db import connection, transaction
from django.db.models import QuerySet

#: The tables whose rows are counted by triggers (see migration agency 0006).
KEPT = ("billing_invoice",)

TRIGGERS_SQL = """
CREATE OR REPLACE FUNCTION agency_keep_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE agency_keptcount SET rows = rows + (SELECT count(*) FROM changed)
            WHERE table_name = TG_TABLE_NAME;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE agency_keptcount SET rows = rows - (SELECT count(*) FROM changed)
            WHERE table_name = TG_TABLE_NAME;
    ELSE
        UPDATE agency_keptcount SET rows = 0 WHERE table_name = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
UPSERT = "ON CONFLICT (table_name) DO UPDATE SET rows = EXCLUDED.rows"
TABLE_TRIGGERS_SQL = """
CREATE TRIGGER {table}_count_inserted AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION agency_keep_count();
CREATE TRIGGER {table}_count_deleted AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION agency_keep_count();
CREATE TRIGGER {table}_count_truncated AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION agency_keep_count();
"""


def install() -> None:
    """Create the triggers and count each table once (PostgreSQL; nothing elsewhere)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(TRIGGERS_SQL)
        for table in KEPT:
            cursor.execute(TABLE_TRIGGERS_SQL.format(table=table))
    recount()


def recount() -> None:
    """Count each kept table from its rows (after install, or to repair a lost row). The
    table is locked against writers meanwhile, so no insert slips between count and row."""
    if connection.vendor != "postgresql":
        return
    # Table names cannot be parameters; these come from KEPT, a constant of this module.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in KEPT:
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")
            count = f"SELECT %s, count(*) FROM {table}"  # noqa: S608  # nosec B608
            cursor.execute(
                f"INSERT INTO agency_keptcount (table_name, rows) {count} {UPSERT}", [table]
            )


def is_whole_table(queryset: QuerySet) -> bool:
    """Whether the queryset lists every row of its table, once (whatever its order and
    select_related): no filter, no distinct, no grouping, no union, no slice."""
    query = queryset.query
    return not (
        query.where or query.distinct or query.group_by or query.combinator or query.is_sliced
    )


def count(queryset: QuerySet) -> int:
    """queryset.count(), from the kept count when the queryset is a whole kept table."""
    table = queryset.model._meta.db_table
    if table in KEPT and is_whole_table(queryset):
        from .models import KeptCount

        kept = KeptCount.objects.filter(table_name=table).values_list("rows", flat=True).first()
        if kept is not None:
            return kept
    return queryset.count()
