"""Reading a vendor's delivery report from CSV: every row checked before anything is saved.

Columns (a header row first): media_buy, date, units_delivered, impressions, clicks, spend.
Line numbers in the errors are the file's (the header is line 1).
"""

import csv
import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from agency.errors import DomainError
from agency.models import User

from . import permissions as perm
from . import selectors
from .models import BOOKED_STATUSES, Delivery

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
COLUMNS = ("media_buy", "date", "units_delivered", "impressions", "clicks", "spend")
COUNT_COLUMNS = ("units_delivered", "impressions", "clicks")
WHOLE = re.compile(r"[0-9]{1,18}")
CSV_CONTENT_TYPES = {"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"}


@dataclass(frozen=True)
class RowError:
    line: int
    messages: list[str]

    def __str__(self) -> str:
        return _("Line %(line)s: %(messages)s") % {
            "line": self.line,
            "messages": " ".join(self.messages),
        }


class DeliveryImportRefused(DomainError):
    """The file, or some of its rows, cannot be imported; nothing was."""

    def __init__(self, message: str, *, rows: list[RowError] | None = None):
        self.rows = rows or []
        super().__init__(message, reasons=[str(r) for r in self.rows] or [message])


def read_delivery_csv(*, upload, user: User) -> list[dict]:
    """The rows as Delivery field values, or DeliveryImportRefused with every problem."""
    text = _read_text(upload)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DeliveryImportRefused(
            _("The file has no column %(columns)s. Expected: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ", ".join(COLUMNS)}
        )
    raw_rows = list(itertools.islice(reader, MAX_IMPORT_ROWS + 1))
    if len(raw_rows) > MAX_IMPORT_ROWS:
        raise DeliveryImportRefused(
            _("The file has more than %(n)s rows.") % {"n": MAX_IMPORT_ROWS}
        )
    buys = _visible_buys(raw_rows, user)
    rows, errors, seen = [], [], set()
    for line, raw in enumerate(raw_rows, start=2):
        values, messages = _parse_row(raw, buys, user)
        values["line"] = line
        key = (values.get("media_buy"), values.get("date"))
        if not messages and key in seen:
            messages.append(_("The same buy and date appear twice in the file."))
        seen.add(key)
        if messages:
            errors.append(RowError(line=line, messages=messages))
        else:
            rows.append(values)
    errors += _already_recorded(rows)
    if errors:
        errors.sort(key=lambda e: e.line)
        raise DeliveryImportRefused(
            _("Nothing was imported: %(n)s rows have errors.") % {"n": len(errors)}, rows=errors
        )
    if not rows:
        raise DeliveryImportRefused(_("The file has no rows."))
    return [{k: v for k, v in row.items() if k != "line"} for row in rows]


def _visible_buys(raw_rows: list[dict], user: User) -> dict:
    """The buys the file names that this user may see, by id (one query)."""
    ids = {int(t) for r in raw_rows if WHOLE.fullmatch(t := (r.get("media_buy") or "").strip())}
    buys = selectors.media_buys_visible_to(user).filter(pk__in=ids).select_related("account")
    return {buy.pk: buy for buy in buys}


def _read_text(upload) -> str:
    name = getattr(upload, "name", "") or ""
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if not name.lower().endswith(".csv") or (
        content_type and content_type not in CSV_CONTENT_TYPES
    ):
        raise DeliveryImportRefused(_("Upload a CSV file (.csv)."))
    if upload.size > MAX_IMPORT_BYTES:
        raise DeliveryImportRefused(
            _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_IMPORT_BYTES // 2**20}
        )
    data = upload.read(MAX_IMPORT_BYTES + 1)
    if b"\x00" in data:
        raise DeliveryImportRefused(_("This is not a text CSV file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeliveryImportRefused(_("The file is not UTF-8 text.")) from exc


def _parse_row(raw: dict, buys: dict, user: User) -> tuple[dict, list[str]]:
    messages: list[str] = []
    values: dict = {}
    buy = _parse_buy(raw.get("media_buy"), buys, user, messages)
    if buy is not None:
        values["media_buy"] = buy
    date_text = (raw.get("date") or "").strip()
    try:
        values["date"] = dt.date.fromisoformat(date_text)
    except ValueError:
        messages.append(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": date_text})
    for column in COUNT_COLUMNS:
        text = (raw.get(column) or "").strip() or "0"
        if not WHOLE.fullmatch(text) or len(text) > 15:
            messages.append(
                _("%(column)s “%(value)s” is not a whole number of 0 or more.")
                % {"column": column, "value": text}
            )
        else:
            values[column] = int(text)
    values["spend"] = _parse_money(raw.get("spend"), messages)
    return values, messages


def _parse_buy(text, buys: dict, user: User, messages: list[str]):
    text = (text or "").strip()
    buy = buys.get(int(text)) if WHOLE.fullmatch(text) else None
    if buy is None:  # unknown and invisible look the same
        messages.append(_("There is no media buy “%(value)s”.") % {"value": text})
        return None
    if not perm.may_work_on_buys(buy.account, user):
        messages.append(_("You may not enter delivery for media buy %(id)s.") % {"id": buy.pk})
    elif buy.status not in BOOKED_STATUSES:
        messages.append(_("Media buy %(id)s is not booked.") % {"id": buy.pk})
    return buy


def _parse_money(text, messages: list[str]) -> Decimal | None:
    text = (text or "").strip() or "0"
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:
        messages.append(
            _("spend “%(value)s” is not an amount of 0 or more with at most two decimals.")
            % {"value": text}
        )
        return None
    if value >= Decimal("1e12"):
        messages.append(_("spend “%(value)s” is too large.") % {"value": text})
        return None
    return value


def _already_recorded(rows: list[dict]) -> list[RowError]:
    """Rows whose buy and day already have delivery (one query)."""
    if not rows:
        return []
    buy_ids = {row["media_buy"].pk for row in rows}
    existing = set(
        Delivery.objects.filter(media_buy_id__in=buy_ids).values_list("media_buy_id", "date")
    )
    return [
        RowError(line=row["line"], messages=[_("Delivery for this buy and date already exists.")])
        for row in rows
        if (row["media_buy"].pk, row["date"]) in existing
    ]
