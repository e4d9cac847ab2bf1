"""The dashboards write money and numbers as Babel's format_currency / format_decimal would,
in each language of the site (agency.templatetags.dashboards applies their patterns
directly, for speed)."""

from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from agency.templatetags.dashboards import money_in, number

AMOUNTS = st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@given(amount=AMOUNTS, currency=st.sampled_from(["CNY", "USD", "HKD", "EUR", "JPY"]))
def test_money_reads_as_babel_writes_it(language, amount, currency):
    with translation.override(language):
        locale = translation.to_locale(language)
        expected = format_currency(amount, currency, locale=locale, currency_digits=False)
        assert money_in(amount, currency) == expected


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@given(value=st.integers(min_value=-(10**9), max_value=10**9) | AMOUNTS)
def test_numbers_read_as_babel_writes_them(language, value):
    with translation.override(language):
        assert number(value) == format_decimal(
            Decimal(value), locale=translation.to_locale(language)
        )


def test_nothing_reads_as_a_dash_or_blank():
    assert number(None) == "—" and money_in(None, "CNY") == ""
