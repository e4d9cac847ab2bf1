"""CSV exports of the dashboard's tables and lists: plain values (amounts with two places,
ISO dates), text that a spreadsheet could run as a formula neutralised (agency.csv_export)."""

from collections.abc import Iterable
from itertools import chain

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.csv_export import csv_safe, streamed_csv

from .tables import Cell


def csv_value(cell: Cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if cell.kind == "money":
        return f"{value:.2f}"
    if cell.kind == "datetime":
        return timezone.localtime(value).isoformat(timespec="minutes")
    if cell.kind == "month":
        return value.isoformat()[:7]
    if cell.kind in ("date", "int", "days", "percent"):
        return str(value.isoformat() if hasattr(value, "isoformat") else value)
    return csv_safe(str(value))


def csv_response(
    filename: str, headers: list, rows: Iterable[list[Cell]], *, currency_column: bool = False
) -> StreamingHttpResponse:
    """A CSV download, streamed. Tables give each currency its own columns (named in the
    header); lists that mix currencies get a last column with each row's currency
    (`currency_column`), so that every amount stays a plain number."""
    extra = [_("Currency")] if currency_column else []
    header = [csv_safe(str(header)) for header in [*headers, *extra]]
    return streamed_csv(filename, chain([header], _values(rows, currency_column)))


def _values(rows: Iterable[list[Cell]], currency_column: bool) -> Iterable[list[str]]:
    for row in rows:
        values = [csv_value(cell) for cell in row]
        if currency_column:
            values.append(next((c.currency for c in row if c.kind == "money"), ""))
        yield values
