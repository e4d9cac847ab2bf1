"""Agency-wide money per day — invoiced, collected, media booked and delivered — kept by the
services that move it, in their own transaction.

The finance desk and an administrator's dashboard sum these over every account for a year:
from the rows behind them that is a million invoices and payments (1–2 s at scale 10000);
from here, a few thousand rows. Any narrower scope (an AD's groups, one AE or client) sums
its own rows, which indexes keep small (agency.dashboards.revenue).

`rebuild()` recomputes the table from the rows behind it (after a bulk load, or to repair),
and `differences()` compares the two (tests, and the load test's invariants).
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import CharField, F, QuerySet, Sum, Value

from .models import DailyTotal

INVOICED, COLLECTED, BOOKED, DELIVERED = "invoiced", "collected", "booked", "delivered"
#: PostgreSQL and SQLite both take this upsert (DailyTotal's table, its unique columns).
UPSERT = (
    "INSERT INTO agency_dailytotal (series, day, currency, key, amount) "
    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (series, day, currency, key) "
    "DO UPDATE SET amount = agency_dailytotal.amount + EXCLUDED.amount"
)


def add(series: str, day: date, currency: str, amount: Decimal, key: str = "") -> None:
    """Add `amount` (negative to take back) to a day's total, in the caller's transaction.

    One upsert: concurrent callers on the same day queue on its row (call this late in the
    transaction, so the row stays locked briefly) and none of their amounts is lost."""
    if not amount:
        return
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [series, day, currency, key, amount])


@dataclass(frozen=True)
class Series:
    """What one series sums: the rows that count (`counted` narrows any queryset of
    `model`), on which day, in which currency, how much, and under which key. The kept
    totals, their rebuild and the reports of a narrower scope all read it from here."""

    name: str
    model: type
    counted: Callable[[QuerySet], QuerySet]
    day: str
    currency: str
    amount: str
    key: str | None = None

    def in_period(self, rows: QuerySet, start: date, end: date) -> QuerySet:
        return self.counted(rows).filter(**{f"{self.day}__gte": start, f"{self.day}__lte": end})


@functools.cache
def series() -> dict[str, Series]:
    from billing.models import Invoice, InvoiceStatus, Payment
    from media.models import BOOKED_STATUSES, Delivery, MediaBuy

    return {
        s.name: s
        for s in (
            # Invoices and credit notes (negative) once issued: what was invoiced, net.
            Series(INVOICED, Invoice, lambda rows: rows.exclude(status=InvoiceStatus.DRAFT),
                   "issue_date", "currency", "total"),
            # Payments received and not reversed.
            Series(COLLECTED, Payment, lambda rows: rows.filter(reversed_at__isnull=True),
                   "received_on", "invoice__currency", "amount"),
            # Booked buys (booked, running, completed, reconciled), at gross, on the day
            # their flight starts.
            Series(BOOKED, MediaBuy, lambda rows: rows.filter(status__in=BOOKED_STATUSES),
                   "flight_start", "currency", "gross", "outlet__kind"),
            # The vendors' daily spend.
            Series(DELIVERED, Delivery, lambda rows: rows, "date", "media_buy__currency",
                   "spend", "media_buy__outlet__kind"),
        )
    }  # fmt: skip


def sources() -> dict[str, QuerySet]:
    """Each series summed per (day, currency, key) from all the rows behind it."""

    def per_day(s: Series) -> QuerySet:
        return (
            s.counted(s.model.objects.all())
            .order_by()
            .annotate(
                d=F(s.day),
                cur=F(s.currency),
                k=F(s.key) if s.key else Value("", output_field=CharField()),
            )
            .values("d", "cur", "k")
            .annotate(amount=Sum(s.amount))
        )

    return {name: per_day(s) for name, s in series().items()}


def _computed() -> Iterable[DailyTotal]:
    for series, rows in sources().items():
        for row in rows.iterator(chunk_size=5000):
            if row["amount"]:
                yield DailyTotal(
                    series=series, day=row["d"], currency=row["cur"], key=row["k"],
                    amount=row["amount"],
                )  # fmt: skip


@transaction.atomic
def rebuild() -> int:
    """Recompute every day's totals from the rows behind them; returns the rows written."""
    DailyTotal.objects.all().delete()
    return len(DailyTotal.objects.bulk_create(_computed(), batch_size=5000))


def differences() -> list[str]:
    """Where the kept totals and the rows behind them disagree (nothing, if all is well)."""
    kept = {
        (t.series, t.day, t.currency, t.key): t.amount for t in DailyTotal.objects.exclude(amount=0)
    }
    computed = {(t.series, t.day, t.currency, t.key): t.amount for t in _computed()}
    return [
        f"{key}: kept {kept.get(key)}, computed {computed.get(key)}"
        for key in sorted(kept.keys() | computed.keys(), key=str)
        if kept.get(key) != computed.get(key)
    ]
