"""Template filters for money: figures with two places and thousands separators."""

from decimal import Decimal, InvalidOperation

from django import template

from billing.money import capital_numerals, format_amount

register = template.Library()


@register.filter
def money(value) -> str:
    if value in (None, ""):
        return ""
    try:
        return format_amount(Decimal(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""


@register.filter
def percent(rate) -> str:
    """0.0600 → "6%", 0.125 → "12.5%"."""
    if rate in (None, ""):
        return ""
    value = (Decimal(rate) * 100).normalize()
    return f"{value:f}%"


@register.filter
def normalize(value) -> str:
    """2.00 → "2", 2.50 → "2.5"."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value).normalize():f}"


@register.filter
def in_words(value) -> str:
    return capital_numerals(Decimal(value))
