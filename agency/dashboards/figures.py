"""Small building blocks of the reports: amounts per currency, a list's first rows with its
total count in one query, ratios as Decimals."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, QuerySet, Window

from billing.money import ZERO, to_cents

#: Money sums: 14 digits with 2 places, like every money column.
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)
#: How many rows a dashboard table shows before linking to the full list.
TOP_ROWS = 10

Amounts = dict[str, Decimal]  # currency code → amount (never added across currencies)


def amounts() -> defaultdict[str, Decimal]:
    return defaultdict(lambda: ZERO)


def sorted_amounts(values: dict[str, Decimal]) -> Amounts:
    """Rounded to cents, currencies in alphabetical order (stable tables and JSON)."""
    return {currency: to_cents(values[currency]) for currency in sorted(values)}


def ratio(part: int | Decimal, whole: int | Decimal, places: str = "0.1") -> Decimal | None:
    """part / whole rounded half up (None when there is nothing to divide by)."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Top:
    """The first rows of a list and how many rows it has."""

    rows: list
    count: int


def top(queryset: QuerySet, n: int = TOP_ROWS) -> Top:
    """The first `n` rows with the list's total count, in one query (a window count is
    computed over every row before the limit)."""
    rows = list(queryset.annotate(rows_in_list=Window(Count("pk")))[:n])
    return Top(rows=rows, count=rows[0].rows_in_list if rows else 0)
