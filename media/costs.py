"""What a media buy costs: gross, the agency's commission and net, exact to the cent.

One rounding rule for the whole app (`round_money`, ROUND_HALF_UP to cents), applied once
to the gross and once to the commission; net is their difference, so
`net + commission == gross` holds exactly for every buy and every sum of buys.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
THOUSAND = Decimal(1000)


def round_money(value: Decimal) -> Decimal:
    """The one rounding rule for money: half up, to cents."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cost:
    gross: Decimal
    commission: Decimal
    net: Decimal


def gross_cost(*, unit_type: str, quantity: int | Decimal, unit_rate: Decimal) -> Decimal:
    """Spots, insertions and days are priced per unit; CPM per thousand impressions."""
    units = Decimal(quantity)
    if unit_type == "cpm":
        units = units / THOUSAND
    return round_money(units * Decimal(unit_rate))


def buy_cost(
    *, unit_type: str, quantity: int | Decimal, unit_rate: Decimal, commission_rate: Decimal
) -> Cost:
    gross = gross_cost(unit_type=unit_type, quantity=quantity, unit_rate=unit_rate)
    commission = round_money(gross * Decimal(commission_rate))
    return Cost(gross=gross, commission=commission, net=gross - commission)
