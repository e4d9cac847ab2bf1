"""Property: whatever finance does to an invoice — payments, credit notes, reversals, in any
order, valid or not — the books stay exact (reliability.md 19):
total == Σ lines + tax, balance == total − payments − credits, never below zero, and the
status says what the balance says."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from agency.errors import DomainError
from agency.models import Department, Level
from billing import services
from billing.models import BillingEvent, InvoiceKind, InvoiceStatus, LineKind
from billing.money import ZERO, to_cents
from tests.factories import AccountFactory, UserFactory

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
invoice_lines = st.lists(
    st.tuples(
        st.decimals(min_value=Decimal("1"), max_value=Decimal("999.99"), places=2),
        amounts,
        st.sampled_from(["0", "0.06", "0.13"]),
    ),
    min_size=1,
    max_size=5,
)
# A fraction of the balance (sometimes more than all of it), or a reversal of the n-th payment
operations = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.decimals(min_value=0, max_value=Decimal("1.2"), places=3)),
        st.tuples(st.just("credit"), st.decimals(min_value=0, max_value=Decimal("1.2"), places=3)),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=5)),
    ),
    max_size=8,
)


class LedgerProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ae = UserFactory(username="prop_ae", level=Level.AE)
        cls.finance = UserFactory(username="prop_fin", department=Department.FINANCE, level="")
        cls.account = AccountFactory(lead_ae=cls.ae)

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(invoice_lines, operations)
    def test_the_books_stay_exact(self, lines, ops):
        invoice = services.create_invoice(
            account=self.account,
            by=self.ae,
            lines=[
                {
                    "kind": LineKind.MEDIA_NET,
                    "description": "line",
                    "quantity": quantity,
                    "unit_price": price,
                    "vat_rate": Decimal(rate),
                }
                for quantity, price, rate in lines
            ],
        )
        invoice = services.issue_invoice(invoice=invoice, by=self.ae)
        for step, (op, value) in enumerate(ops):
            try:
                self._apply(invoice, step, op, value)
            except DomainError:
                pass  # refused: must have changed nothing, which the invariants check
            self._check(invoice)

    def _apply(self, invoice, step, op, value):
        invoice.refresh_from_db()
        if op == "reverse":
            payments = list(invoice.payments.filter(reversed_at=None).order_by("pk"))
            if payments:
                payment = payments[value % len(payments)]
                services.reverse_payment(payment=payment, by=self.finance, reason="prop")
            return
        amount = max(to_cents(invoice.balance * value), Decimal("0.01"))
        if op == "pay":
            services.record_payment(
                invoice=invoice,
                by=self.finance,
                amount=amount,
                received_on=date.today(),
                method="bank_transfer",
                idempotency_key=f"{invoice.pk}-{step}",
            )
        else:
            services.issue_credit_note(
                invoice=invoice, by=self.finance, amount=amount, reason="prop"
            )

    def _check(self, invoice):
        invoice.refresh_from_db()
        lines = invoice.lines.aggregate(net=Sum("amount"), tax=Sum("tax"))
        assert invoice.subtotal == lines["net"] and invoice.tax == lines["tax"]
        assert invoice.total == lines["net"] + lines["tax"]
        paid = invoice.payments.filter(reversed_at=None).aggregate(s=Sum("amount"))["s"] or ZERO
        credit_notes = invoice.credit_notes.filter(kind=InvoiceKind.CREDIT_NOTE)
        credited = -(credit_notes.aggregate(s=Sum("total"))["s"] or ZERO)
        for note in credit_notes:
            note_lines = note.lines.aggregate(net=Sum("amount"), tax=Sum("tax"))
            assert note.total == note_lines["net"] + note_lines["tax"] < 0
        assert (invoice.amount_paid, invoice.amount_credited) == (paid, credited)
        balance = invoice.total - paid - credited
        assert balance >= 0
        expected_status = (
            InvoiceStatus.VOID
            if balance == 0 and credited > 0 and invoice.status == InvoiceStatus.VOID
            else InvoiceStatus.PAID
            if balance == 0
            else InvoiceStatus.PARTIALLY_PAID
            if paid > 0
            else InvoiceStatus.ISSUED
        )
        assert invoice.status == expected_status
        assert invoice.balance == (ZERO if invoice.status == InvoiceStatus.VOID else balance)
        events = BillingEvent.objects.filter(invoice=invoice)
        assert events.filter(kind="payment_recorded").count() == invoice.payments.count()
        reversed_count = invoice.payments.exclude(reversed_at=None).count()
        assert events.filter(kind="payment_reversed").count() == reversed_count
        assert events.filter(kind="credited").count() == credit_notes.count()
