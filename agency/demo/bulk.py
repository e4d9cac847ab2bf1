"""Bulk rows for `seed_demo --scale`: ids given out in Python, rows written a table at a time.

A `Rows` collects plain tuples for one model (every concrete column, defaults filled in) and
`flush()` writes them: with PostgreSQL's COPY (text format), elsewhere with one executemany.
Ids are reserved from the table's sequence in blocks, so that children can point at parents
before either is written; foreign keys are DEFERRABLE INITIALLY DEFERRED (Django's default on
PostgreSQL), so the order of the tables within a batch does not matter to them.

This writes rows directly, without models' save() or services: only the scale seeder uses it,
and it is responsible for writing rows that are consistent (see agency.demo.scale).
"""

import io
import json
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Max

ID_BLOCK = 50_000


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return _copy_text(json.dumps(value, ensure_ascii=False))
    return _copy_text(str(value))


class Rows:
    """The rows of one model waiting to be written, and the next ids to give out."""

    def __init__(self, model, *, now: datetime):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.names = [f.attname for f in self.fields]
        self.position = {name: i for i, name in enumerate(self.names)}
        # Also accept "account" for "account_id".
        for f in self.fields:
            self.position.setdefault(f.name, self.position[f.attname])
        self.template = [self._default(f, now) for f in self.fields]
        self.rows: list[list] = []
        self._next_id = 0
        self._last_id = -1
        self.written = 0

    @staticmethod
    def _default(field, now):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        # The model's default, or "" for a string column that is not nullable.
        return field.get_default()

    def _reserve(self) -> None:
        table = self.model._meta.db_table
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # nextval() is atomic; setval() then skips the block this seeder takes.
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                    [table, table, ID_BLOCK],
                )
                last = cursor.fetchone()[0]
            self._next_id, self._last_id = last - ID_BLOCK + 1, last
        else:
            start = max(
                (self.model.objects.aggregate(m=Max("id"))["m"] or 0) + 1,
                self._last_id + 1,
            )
            self._next_id, self._last_id = start, start + ID_BLOCK - 1

    def add(self, **values) -> int:
        """Queue one row; returns its id."""
        if self._next_id > self._last_id:
            self._reserve()
        row = self.template.copy()
        row[0] = pk = self._next_id
        self._next_id += 1
        position = self.position
        for name, value in values.items():
            row[position[name]] = value
        self.rows.append(row)
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        table = self.model._meta.db_table
        columns = [f.column for f in self.fields]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                for row in self.rows:
                    buffer.write("\t".join(map(_copy_text, row)))
                    buffer.write("\n")
                buffer.seek(0)
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                cursor.copy_expert(f"COPY {table} ({quoted}) FROM STDIN", buffer)
            else:
                prepared = [
                    [
                        f.get_db_prep_save(v, connection)
                        for f, v in zip(self.fields, row, strict=True)
                    ]
                    for row in self.rows
                ]
                marks = ", ".join(["%s"] * len(columns))
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", prepared)
        self.written += len(self.rows)
        self.rows = []


def check_deferred_constraints() -> None:
    """Check the foreign keys of what was written so far, now rather than at commit: the
    queue of deferred checks otherwise grows with the whole seed (millions of rows)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
