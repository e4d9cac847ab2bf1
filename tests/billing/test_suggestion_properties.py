"""Properties of invoicing the work sold, to the cent (billing.billable):

- the first suggestion bills exactly what was sold: Σ gross of the booked buys + the
  accepted proposal's items but media; per buy, its net line + its commission line = gross;
- whatever the AE drafts from it (parts of lines, lines dropped), issues, and finance pays
  or credits, in any order: no source is ever covered beyond what was sold, and what is
  covered + what the next draft suggests = what was sold;
- a credit note's release adds up to the credited share of the invoice's net, exactly."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import Stage
from agency.errors import DomainError
from agency.models import Department, Level
from billing import billable, services
from billing.models import InvoiceStatus
from billing.money import ZERO
from tests.factories import AccountFactory, MediaOutletFactory, UserFactory

from .helpers import pay
from .sold import BUDGET, accept_budget, buy, non_media_budget

buys = st.lists(
    st.tuples(
        st.sampled_from(["spot", "insertion", "cpm", "day"]),
        st.integers(min_value=1, max_value=200_000),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2),
        st.sampled_from([Decimal("0"), Decimal("0.15"), Decimal("0.1275"), Decimal("0.1725")]),
    ),
    min_size=1,
    max_size=3,
)
fraction = st.decimals(min_value=Decimal("0"), max_value=Decimal("1.1"), places=2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("draft"), st.lists(fraction, min_size=1, max_size=12)),
        st.tuples(st.just("issue"), st.integers(min_value=0, max_value=5)),
        st.tuples(st.just("pay"), fraction),
        st.tuples(st.just("credit"), fraction),
    ),
    max_size=6,
)


class SuggestionProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ae = UserFactory(username="sold_ae", level=Level.AE)
        cls.finance = UserFactory(username="sold_fin", department=Department.FINANCE, level="")
        account = AccountFactory(lead_ae=cls.ae, budget=Decimal("90000000.00"))
        # A large media share, so that any booking stays within the approved budget
        budget = [dict(line) for line in BUDGET]
        budget[1]["amount"] = "90000000.00"
        cls.budget = budget
        cls.account = accept_budget(account, cls.ae, budget)
        assert cls.account.stage == Stage.IN_PRODUCTION

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(buys, operations)
    def test_nothing_is_invoiced_twice_and_everything_sold_is_accounted_for(self, terms, ops):
        booked = [self._book(*t, n) for n, t in enumerate(terms)]
        sold_total = sum(b.gross for b in booked) + non_media_budget(self.budget)
        first = services.suggest_invoice_lines(self.account)
        assert sum(x["unit_price"] for x in first) == sold_total
        for b in booked:
            assert sum(x["unit_price"] for x in first if x["media_buy"] == b.pk) == b.gross
        for op, value in ops:
            try:
                getattr(self, f"_{op}")(value)
            except DomainError:
                pass  # refused: changed nothing, which the invariants below check
            self._check(sold_total)

    def _book(self, unit_type, quantity, rate, commission, n):
        outlet = MediaOutletFactory(commission_rate=commission)
        return buy(
            self.account, outlet, self.ae, unit_type=unit_type, quantity=quantity, unit_rate=rate
        )

    def _draft(self, fractions):
        """A draft of the suggestion, each line billing a fraction of what is left (some
        dropped at 0, some asking for more than is left, which must be refused)."""
        lines, suggested = [], services.suggest_invoice_lines(self.account)
        for line, part in zip(suggested, fractions, strict=False):
            price = (line["unit_price"] * part).quantize(Decimal("0.01"))
            if price > 0:
                lines.append({**line, "unit_price": price})
        if lines:
            services.create_invoice(account=self.account, by=self.ae, lines=lines)

    def _issue(self, index):
        drafts = list(self.account.invoices.filter(status=InvoiceStatus.DRAFT).order_by("pk"))
        if drafts:
            services.issue_invoice(invoice=drafts[index % len(drafts)], by=self.ae)

    def _open_invoice(self):
        return self.account.invoices.filter(status__in=["issued", "partially_paid"]).first()

    def _pay(self, part):
        invoice = self._open_invoice()
        amount = (invoice.balance * part).quantize(Decimal("0.01")) if invoice else ZERO
        if amount > 0:
            pay(invoice, self.finance, str(amount), f"prop-{invoice.pk}-{invoice.amount_paid}")

    def _credit(self, part):
        invoice = self._open_invoice()
        amount = (invoice.balance * part).quantize(Decimal("0.01")) if invoice else ZERO
        if amount > 0:
            services.issue_credit_note(invoice=invoice, by=self.finance, amount=amount, reason="p")

    def _check(self, sold_total):
        rows = billable.statement(self.account)
        for row in rows:
            assert ZERO <= row.covered <= row.item.amount, row
        left = sum(x["unit_price"] for x in services.suggest_invoice_lines(self.account))
        assert left + sum(row.covered for row in rows) == sold_total


class AllocationProperties(TestCase):
    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.decimals(min_value=Decimal("0"), max_value=Decimal("999999.99"), places=2),
            min_size=1,
            max_size=8,
        ),
        st.decimals(min_value=Decimal("0"), max_value=Decimal("1"), places=4),
    )
    def test_shares_add_up_exactly_and_never_exceed_their_weight(self, weights, part):
        total = sum(weights, ZERO)
        amount = (total * part).quantize(Decimal("0.01")) if total else ZERO
        shares = billable.allocate(amount, weights)
        assert sum(shares, ZERO) == amount
        assert all(ZERO <= share <= weight for share, weight in zip(shares, weights, strict=True))
        assert all(share == share.quantize(Decimal("0.01")) for share in shares)
