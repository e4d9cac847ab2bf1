"""Cost arithmetic: exact to the cent for every unit type and commission rate."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from agency.errors import DomainError
from media import selectors, services
from media.costs import buy_cost, round_money
from tests.factories import AccountFactory, MediaOutletFactory, UserFactory

D = Decimal


@pytest.mark.parametrize(
    ("unit_type", "quantity", "rate", "commission_rate", "gross", "commission", "net"),
    [
        ("spot", 10, "10000.00", "0.15", "100000.00", "15000.00", "85000.00"),
        ("insertion", 3, "45678.90", "0.15", "137036.70", "20555.51", "116481.19"),
        ("day", 7, "3333.33", "0.125", "23333.31", "2916.66", "20416.65"),
        # CPM: per thousand impressions.
        ("cpm", 1_500_000, "35.50", "0.15", "53250.00", "7987.50", "45262.50"),
        ("cpm", 1234, "12.34", "0.15", "15.23", "2.28", "12.95"),
        ("cpm", 1, "0.01", "0.15", "0.00", "0.00", "0.00"),
        # Half up, not to even: 0.005 of commission is a cent.
        ("spot", 1, "0.05", "0.10", "0.05", "0.01", "0.04"),
        ("spot", 1, "0.25", "0.10", "0.25", "0.03", "0.22"),
        ("spot", 5, "999.99", "0", "4999.95", "0.00", "4999.95"),
        ("spot", 5, "999.99", "1", "4999.95", "4999.95", "0.00"),
    ],
)
def test_cost_of_a_buy(unit_type, quantity, rate, commission_rate, gross, commission, net):
    # given a buy's terms / when it is priced
    cost = buy_cost(
        unit_type=unit_type,
        quantity=quantity,
        unit_rate=D(rate),
        commission_rate=D(commission_rate),
    )
    # then every figure is exact to the cent
    assert (cost.gross, cost.commission, cost.net) == (D(gross), D(commission), D(net))


def test_one_rounding_rule_half_up_to_cents():
    assert round_money(D("2.675")) == D("2.68")
    assert round_money(D("2.665")) == D("2.67")
    assert round_money(D("2.6649")) == D("2.66")
    assert round_money(D("7")) == D("7.00")


unit_types = st.sampled_from(["spot", "insertion", "cpm", "day"])
quantities = st.integers(min_value=1, max_value=50_000_000)
rates = st.decimals(min_value=D("0.00"), max_value=D("999999.99"), places=2)
commission_rates = st.decimals(min_value=D("0"), max_value=D("1"), places=4)


@settings(max_examples=500, deadline=None)
@given(unit_type=unit_types, quantity=quantities, rate=rates, commission_rate=commission_rates)
def test_net_plus_commission_is_gross(unit_type, quantity, rate, commission_rate):
    cost = buy_cost(
        unit_type=unit_type, quantity=quantity, unit_rate=rate, commission_rate=commission_rate
    )
    assert cost.net + cost.commission == cost.gross
    units = D(quantity) / 1000 if unit_type == "cpm" else D(quantity)
    # gross is the exact product, rounded once, half up
    assert abs(cost.gross - units * rate) <= D("0.005")
    assert cost.gross == (units * rate).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert D(0) <= cost.commission <= cost.gross
    for figure in (cost.gross, cost.commission, cost.net):
        assert figure.as_tuple().exponent == -2


buy_terms = st.tuples(
    unit_types, st.integers(1, 2_000_000), rates, st.integers(0, 2), st.booleans()
)


class TestPlanTotals(TestCase):
    """Totals under the media plan equal the sum of the rows, to the cent; cancelled rows
    never count. Each example runs in its own transaction."""

    @classmethod
    def setUpTestData(cls):
        cls.ae = UserFactory(username="totals_ae")
        cls.account = AccountFactory(lead_ae=cls.ae, budget=D("999999999999.00"))
        cls.outlets = [
            MediaOutletFactory(commission_rate=D(rate)) for rate in ("0.15", "0.1275", "0")
        ]

    def plan(self, unit_type, quantity, rate, outlet_index):
        return services.create_media_buy(
            by=self.ae,
            account=self.account,
            outlet=self.outlets[outlet_index],
            placement="p",
            flight_start="2030-01-01",
            flight_end="2030-01-31",
            unit_type=unit_type,
            quantity=quantity,
            unit_rate=rate,
        )

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(terms=st.lists(buy_terms, min_size=1, max_size=6))
    def test_totals_equal_the_sum_of_rows(self, terms):
        # given buys of every unit type on outlets of several commission rates, some cancelled
        kept = []
        for unit_type, quantity, rate, outlet_index, cancelled in terms:
            units = D(quantity) / 1000 if unit_type == "cpm" else D(quantity)
            if round_money(units * rate) >= services.MAX_GROSS:
                with pytest.raises(DomainError, match="larger than one buy may be"):
                    self.plan(unit_type, quantity, rate, outlet_index)
                continue
            buy = self.plan(unit_type, quantity, rate, outlet_index)
            if cancelled:
                services.take_buy_transition(buy=buy, name="cancel", by=self.ae, note="x")
            else:
                kept.append(buy)
        # when the plan is totalled in the database
        totals = selectors.totals(self.account.media_buys.all())
        # then it is the sum of the rows that are not cancelled
        assert totals.gross == sum((b.gross for b in kept), D("0.00"))
        assert totals.commission == sum((b.commission for b in kept), D("0.00"))
        assert totals.net == sum((b.net for b in kept), D("0.00"))
        assert totals.net + totals.commission == totals.gross
        for buy in kept:
            buy.refresh_from_db()
            expected = buy_cost(
                unit_type=buy.unit_type,
                quantity=buy.quantity,
                unit_rate=buy.unit_rate,
                commission_rate=buy.commission_rate,
            )
            assert (buy.gross, buy.commission, buy.net) == (
                expected.gross,
                expected.commission,
                expected.net,
            )
