"""CSV downloads, streamed: each line goes out as it is written, so an export of every row
(a receivables report, a drill-down list at agency-group scale) never sits whole in memory
and the first bytes leave before the last rows are read."""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse
from django.utils import timezone, translation


def csv_safe(text: str) -> str:
    """Keep a spreadsheet from running a name as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Line:
    """What csv.writer writes to: each line is handed back instead of stored."""

    def write(self, line: str) -> str:
        return line


def _lines(rows: Iterable[Iterable], zone, language: str | None) -> Iterable[str]:
    # The rows are made while the response is sent, after the view has returned and the
    # middleware has put back the agency's time zone: the user's zone and language are
    # those of the request again while they are.
    with timezone.override(zone), translation.override(language):
        yield "\ufeff"  # so that spreadsheet programs read UTF-8 (Chinese names)
        writer = csv.writer(_Line())
        for row in rows:
            yield writer.writerow(row)


def streamed_csv(filename: str, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A download of `rows` (the header first) as `<filename>.csv`."""
    lines = _lines(rows, timezone.get_current_timezone(), translation.get_language())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
