"""Money arithmetic for invoices: one rounding rule, in one place.

Every amount is a `Decimal` rounded to cents by `to_cents` (ROUND_HALF_UP, so halves go away
from zero and a negated amount rounds to the negated result: credit notes mirror invoices).

The tax rule: **tax is rounded per line**, the way a fapiao prints it (each line shows its
税额). For a line, ``net = to_cents(quantity × unit_price)`` and
``tax = to_cents(net × vat_rate)``; a line whose price includes VAT (credit notes use this, so
that a credit of exactly 1,000.00 is exactly 1,000.00) has ``gross = to_cents(quantity ×
unit_price)``, ``tax = to_cents(gross × rate / (1 + rate))`` and ``net = gross − tax``.
The invoice adds the lines up without rounding again: ``subtotal = Σ net``,
``tax = Σ tax`` and ``total = subtotal + tax`` — exact, by construction.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: The largest amount a DecimalField(max_digits=14, decimal_places=2) can hold.
MAX_AMOUNT = Decimal("999999999999.99")


def to_cents(amount: Decimal | int | str) -> Decimal:
    """The one rounding helper: to cents, halves away from zero."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    tax: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


def line_amounts(
    quantity: Decimal, unit_price: Decimal, vat_rate: Decimal, *, price_includes_vat: bool = False
) -> LineAmounts:
    """Net and tax of one line (see the module docstring for the rule)."""
    extended = to_cents(Decimal(quantity) * Decimal(unit_price))
    rate = Decimal(vat_rate)
    if price_includes_vat:
        tax = to_cents(extended * rate / (1 + rate))
        return LineAmounts(net=extended - tax, tax=tax)
    return LineAmounts(net=extended, tax=to_cents(extended * rate))


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    tax: Decimal

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax


def totals(lines: Iterable[LineAmounts]) -> Totals:
    """Sum lines that are already rounded; nothing is rounded again here."""
    subtotal, tax = ZERO, ZERO
    for line in lines:
        subtotal += line.net
        tax += line.tax
    return Totals(subtotal=subtotal, tax=tax)


def format_amount(amount: Decimal) -> str:
    """12345.6 → "12,345.60" (figures on the PDF and the pages)."""
    return f"{to_cents(amount):,.2f}"


# --- 大写金额: the total in Chinese capital numerals ------------------------------------------
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ["", "拾", "佰", "仟"]
_SECTIONS = ["", "万", "亿", "万亿"]


def capital_numerals(amount: Decimal) -> str:
    """The amount written in Chinese capital numerals, as on a cheque or a payment notice.

    Follows the People's Bank rules for 大写金额: 元 then 角 and 分; 整 when there are no 分;
    one 零 for any run of zeros inside the figure, and 零 before 分 when 角 is zero
    (壹元零伍分); 壹拾 (not 拾) for ten; 负 before a negative amount (credit notes).
    Examples: 12345 → 壹万贰仟叁佰肆拾伍元整; 100000.50 → 壹拾万元伍角整; 0.05 → 伍分.
    """
    cents = int(to_cents(amount) * 100)
    sign = "负" if cents < 0 else ""
    cents = abs(cents)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    words = _integer_words(yuan) + "元" if yuan else ""
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif fen and yuan:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    else:
        words = (words or "零元") + "整"
    return sign + words


def _integer_words(number: int) -> str:
    """Words for a positive integer, grouped in sections of four digits (万, 亿)."""
    groups = []
    while number:
        number, group = divmod(number, 10_000)
        groups.append(group)
    words, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(words)
            continue
        if words and (zero_pending or group < 1000):
            words += "零"
        words += _group_words(group) + _SECTIONS[index]
        zero_pending = False
    return words


def _group_words(group: int) -> str:
    """Words for 1..9999 without a leading 零."""
    words, zero_pending = "", False
    for place in (3, 2, 1, 0):
        digit = group // 10**place % 10
        if digit == 0:
            zero_pending = bool(words)
            continue
        if zero_pending:
            words += "零"
            zero_pending = False
        words += _DIGITS[digit] + _PLACES[place]
    return words
