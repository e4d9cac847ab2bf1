"""Money arithmetic (reliability.md 19): exact Decimal, one rounding rule, no float.

Properties over generated lines; together with test_ledger_properties these run well over
1,000 examples."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.money import (
    ZERO,
    LineAmounts,
    capital_numerals,
    format_amount,
    line_amounts,
    to_cents,
    totals,
)

cents = st.decimals(min_value=Decimal("-9999999.99"), max_value=Decimal("9999999.99"), places=2)
quantities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
rates = st.sampled_from(["0", "0.03", "0.06", "0.09", "0.13", "0.1234", "1"]).map(Decimal)
lines = st.tuples(quantities, cents, rates, st.booleans())


def _is_cents(amount: Decimal) -> bool:
    return isinstance(amount, Decimal) and amount == amount.quantize(Decimal("0.01"))


@settings(max_examples=400, deadline=None)
@given(st.lists(lines, min_size=1, max_size=30))
def test_total_is_exactly_the_sum_of_lines_plus_tax(values):
    # Given lines of any quantity, price, rate and pricing mode
    amounts = [line_amounts(q, p, r, price_includes_vat=inc) for q, p, r, inc in values]
    # When the invoice adds them up
    result = totals(amounts)
    # Then every figure is in cents and the total is exactly Σ net + Σ tax
    assert all(_is_cents(a.net) and _is_cents(a.tax) for a in amounts)
    assert result.subtotal == sum((a.net for a in amounts), ZERO)
    assert result.tax == sum((a.tax for a in amounts), ZERO)
    assert result.total == result.subtotal + result.tax
    assert result.total == sum((a.gross for a in amounts), ZERO)


@settings(max_examples=400, deadline=None)
@given(quantities, cents, rates)
def test_tax_is_rounded_per_line_half_up(quantity, price, rate):
    # Given a line priced before VAT
    amounts = line_amounts(quantity, price, rate)
    # Then its net is quantity × price in cents and its tax is net × rate in cents,
    # within half a cent of the exact figures
    exact_net = quantity * price
    assert amounts.net == to_cents(exact_net)
    assert abs(amounts.net - exact_net) <= Decimal("0.005")
    assert amounts.tax == to_cents(amounts.net * rate)
    assert abs(amounts.tax - amounts.net * rate) <= Decimal("0.005")


@settings(max_examples=300, deadline=None)
@given(cents.filter(lambda c: c != 0), rates)
def test_price_including_vat_keeps_the_gross_exact(gross, rate):
    # Given a credit (or any line) whose price includes VAT
    amounts = line_amounts(Decimal("1"), gross, rate, price_includes_vat=True)
    # Then net + tax is exactly the price, and the tax is the VAT part of it
    assert amounts.gross == gross
    assert amounts.tax == to_cents(gross * rate / (1 + rate))


@settings(max_examples=200, deadline=None)
@given(quantities, cents, rates, st.booleans())
def test_negated_lines_mirror_exactly(quantity, price, rate, includes):
    # Given a line and the same line negated (a credit note mirrors an invoice)
    plus = line_amounts(quantity, price, rate, price_includes_vat=includes)
    minus = line_amounts(quantity, -price, rate, price_includes_vat=includes)
    # Then ROUND_HALF_UP rounds both sides alike
    assert (minus.net, minus.tax) == (-plus.net, -plus.tax)


def test_to_cents_rounds_halves_away_from_zero():
    assert to_cents(Decimal("0.005")) == Decimal("0.01")
    assert to_cents(Decimal("0.0049")) == Decimal("0.00")
    assert to_cents(Decimal("-0.005")) == Decimal("-0.01")
    assert to_cents(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67


def test_six_percent_vat_on_a_line_is_rounded_per_line():
    # 3 × 33.33 = 99.99; 6% of it is 5.9994 → 6.00 per line
    assert line_amounts(Decimal("3"), Decimal("33.33"), Decimal("0.06")) == LineAmounts(
        net=Decimal("99.99"), tax=Decimal("6.00")
    )
    # Two lines of 0.25 at 6%: 0.015 each → 0.02 each, 0.04 for the invoice (per line), not
    # the 0.03 that rounding the 0.50 total once would give.
    two = totals([line_amounts(Decimal("1"), Decimal("0.25"), Decimal("0.06"))] * 2)
    assert (two.subtotal, two.tax, two.total) == (
        Decimal("0.50"),
        Decimal("0.04"),
        Decimal("0.54"),
    )


def test_format_amount():
    assert format_amount(Decimal("1234567.5")) == "1,234,567.50"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("12345", "壹万贰仟叁佰肆拾伍元整"),
        ("12345.00", "壹万贰仟叁佰肆拾伍元整"),
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("1.05", "壹元零伍分"),
        ("10.05", "壹拾元零伍分"),
        ("15", "壹拾伍元整"),
        ("1001", "壹仟零壹元整"),
        ("1010", "壹仟零壹拾元整"),
        ("10010", "壹万零壹拾元整"),
        ("100000.50", "壹拾万元伍角整"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("1000001", "壹佰万零壹元整"),
        ("10000100", "壹仟万零壹佰元整"),
        ("10101010", "壹仟零壹拾万壹仟零壹拾元整"),
        ("100000000", "壹亿元整"),
        ("100000001", "壹亿零壹元整"),
        ("100010000", "壹亿零壹万元整"),
        ("530000.00", "伍拾叁万元整"),
        ("-1060", "负壹仟零陆拾元整"),
        (
            "999999999999.99",
            "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
        ),
    ],
)
def test_capital_numerals(amount, words):
    assert capital_numerals(Decimal(amount)) == words


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999999.99"), places=2))
def test_capital_numerals_read_back_to_the_amount(amount):
    # Given any amount, when written in capital numerals and read back digit by digit
    assert _read_back(capital_numerals(amount)) == amount


def _read_back(words: str) -> Decimal:
    """A small independent parser of 大写金额, to check the writer against."""
    digits = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
    places = {"拾": 10, "佰": 100, "仟": 1000}
    yuan_part, _, fraction = words.removesuffix("整").partition("元")
    if not _ and not fraction:
        fraction, yuan_part = yuan_part, ""
    total, section, digit = 0, 0, 0
    for char in yuan_part:
        if char in digits:
            digit = digits[char]
        elif char in places:
            section += digit * places[char]
            digit = 0
        elif char == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif char == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
    total += section + digit
    jiao = fen = 0
    for index, char in enumerate(fraction):
        if char == "角":
            jiao = digits[fraction[index - 1]]
        if char == "分":
            fen = digits[fraction[index - 1]]
    return Decimal(total) + Decimal(jiao) / 10 + Decimal(fen) / 100
