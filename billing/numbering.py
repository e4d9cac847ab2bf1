"""Invoice and credit-note numbers: sequential per series and year, no gap, no duplicate.

`take_number` must run inside the issuing transaction. It locks the (series, year) counter
row with SELECT … FOR UPDATE, so concurrent issuers queue on it instead of reading the same
max()+1; and because the increment belongs to the issuing transaction, an issuance that fails
after taking a number rolls the counter back with it — the number is given to the next one,
never lost. The unique constraint on Invoice.number is the proof against duplicates.
"""

from django.db import transaction

from .models import InvoiceKind, NumberCounter

SERIES = {InvoiceKind.INVOICE: "INV", InvoiceKind.CREDIT_NOTE: "CN"}
DIGITS = 6


def format_number(series: str, year: int, sequence: int) -> str:
    return f"{series}-{year}-{sequence:0{DIGITS}d}"


def take_number(*, kind: str, year: int) -> str:
    """The next number of `kind` for `year`; the caller's transaction holds the counter."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside the issuing transaction")
    series = SERIES[kind]
    # Create the year's counter if missing. ON CONFLICT DO NOTHING: a concurrent creator
    # makes this wait for its commit and then do nothing, never fail.
    NumberCounter.objects.bulk_create(
        [NumberCounter(series=series, year=year)], ignore_conflicts=True
    )
    counter = NumberCounter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_number(series, year, counter.last)
