"""`{% load dashboards %}`: figures as the reader's language writes them — money with its
currency (¥12,345.60, US$1,200.00), months and moments in the current time zone."""

import functools
from decimal import Decimal

from babel import Locale
from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

register = template.Library()


@functools.lru_cache(maxsize=8)
def _babel(language: str) -> Locale:
    return Locale.parse(translation.to_locale(language))


def _locale() -> Locale:
    """The current language's Babel locale, parsed once. Its number patterns are applied
    directly: what babel.numbers.format_currency / format_decimal do after looking them up
    again on every call (half their time, in a dashboard of a thousand figures)."""
    return _babel(translation.get_language() or "en")


@register.filter
def money_in(amount, currency: str) -> str:
    """An amount in its currency, written the way the current language writes money (two
    places always: what is stored)."""
    if amount in (None, ""):
        return ""
    locale = _locale()
    return locale.currency_formats["standard"].apply(
        Decimal(amount), locale, currency=currency or "CNY", currency_digits=False
    )


@register.filter
def number(value) -> str:
    if value in (None, ""):
        return "—"
    locale = _locale()
    return locale.decimal_formats[None].apply(Decimal(value), locale)


@register.filter
def cell(cell) -> str:
    """A dashboard table's cell as text (agency.dashboards.tables.Cell)."""
    value = cell.value
    if value is None:
        return "—"
    if cell.kind == "money":
        return money_in(value, cell.currency)
    if cell.kind in ("int", "days"):
        return number(value)
    if cell.kind == "percent":
        return f"{number(value)}%"
    if cell.kind == "month":
        return date_format(value, "YEAR_MONTH_FORMAT")
    if cell.kind == "date":
        return date_format(value, "Y-m-d")
    if cell.kind == "datetime":
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    return str(value)


@register.filter
def is_number(cell) -> bool:
    return cell.kind in ("money", "int", "days", "percent")


@register.simple_tag
def table_rows(table) -> str:
    """A dashboard table's rows (agency.dashboards.tables.Table) in one pass: numbers aligned
    right, each figure linked to the list behind it. Written here, not with template loops,
    because the AD dashboard's thousand-odd cells took ~10 ms of tags and lookups."""
    return format_html_join(
        "\n", "<tr>{}</tr>", ((_cells(table.name, i, row),) for i, row in enumerate(table.rows))
    )


def _cells(name: str, row_number: int, row) -> str:
    return format_html_join(
        "",
        '<td class="{}" data-cell="{}-{}-{}">{}</td>',
        (
            (
                "text-end text-nowrap" if is_number(c) else "",
                name,
                row_number,
                column,
                format_html('<a href="{}">{}</a>', c.href, cell(c)) if c.href else cell(c),
            )
            for column, c in enumerate(row)
        ),
    )
