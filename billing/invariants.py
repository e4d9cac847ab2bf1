"""The money invariants (reliability.md 19-23), checked over the whole database: what the
load test and an operator run after the fact (`manage.py check_money`).

Each function returns the problems it found as sentences; an empty list means the books hold.
"""

import re
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum

from .models import Invoice, InvoiceKind, InvoiceLine, NumberCounter, Payment
from .money import ZERO
from .numbering import SERIES

NUMBER = re.compile(r"^(?P<series>[A-Z]+)-(?P<year>\d{4})-(?P<sequence>\d+)$")


def totals_problems() -> list[str]:
    """total == Σ lines + tax, subtotal == Σ line amounts, tax == Σ line taxes."""
    sums = {
        row["invoice"]: row
        for row in InvoiceLine.objects.values("invoice").annotate(net=Sum("amount"), tax=Sum("tax"))
    }
    problems = []
    for invoice in Invoice.objects.only("pk", "number", "subtotal", "tax", "total"):
        lines = sums.get(invoice.pk, {"net": ZERO, "tax": ZERO})
        net, tax = lines["net"] or ZERO, lines["tax"] or ZERO
        if (invoice.subtotal, invoice.tax, invoice.total) != (net, tax, net + tax):
            problems.append(
                f"{invoice}: subtotal {invoice.subtotal}, tax {invoice.tax}, total "
                f"{invoice.total}; its lines add up to {net} + {tax} = {net + tax}"
            )
    return problems


def balance_problems() -> list[str]:
    """amount paid == Σ payments not reversed; amount credited == Σ its credit notes;
    balance == total − payments − credits, never below zero."""
    paid = dict(
        Payment.objects.filter(reversed_at=None)
        .values_list("invoice")
        .annotate(s=Sum("amount"))
        .values_list("invoice", "s")
    )
    credited = dict(
        Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE)
        .exclude(status="draft")
        .values_list("credited_invoice")
        .annotate(s=Sum("total"))
        .values_list("credited_invoice", "s")
    )
    problems = []
    for invoice in Invoice.objects.filter(kind=InvoiceKind.INVOICE).exclude(status="draft"):
        payments, credits = paid.get(invoice.pk) or ZERO, -(credited.get(invoice.pk) or ZERO)
        if invoice.amount_paid != payments or invoice.amount_credited != credits:
            problems.append(
                f"{invoice}: paid {invoice.amount_paid} / credited {invoice.amount_credited}, "
                f"but its payments add up to {payments} and its credit notes to {credits}"
            )
        balance = invoice.total - payments - credits
        if balance < 0:
            problems.append(f"{invoice}: balance {balance} is below zero")
        elif invoice.status != "void" and invoice.balance != balance:
            problems.append(f"{invoice}: balance {invoice.balance}, expected {balance}")
    return problems


def numbering_problems() -> list[str]:
    """Per series and year: numbers 1..n without gap or duplicate, the counter at n, and no
    draft with a number."""
    taken: dict[tuple[str, int], list[int]] = defaultdict(list)
    problems = []
    for number in Invoice.objects.exclude(number=None).values_list("number", flat=True):
        match = NUMBER.match(number)
        if match is None or match["series"] not in SERIES.values():
            problems.append(f"{number}: not a number of a known series")
            continue
        taken[(match["series"], int(match["year"]))].append(int(match["sequence"]))
    counters = {(c.series, c.year): c.last for c in NumberCounter.objects.all()}
    for key in sorted(set(taken) | set(counters)):
        sequences = sorted(taken.get(key, []))
        if sequences != list(range(1, len(sequences) + 1)):
            missing = sorted(set(range(1, max(sequences, default=0) + 1)) - set(sequences))
            problems.append(f"{key[0]}-{key[1]}: gaps {missing[:10]} or duplicates")
        if counters.get(key, 0) != len(sequences):
            problems.append(
                f"{key[0]}-{key[1]}: counter {counters.get(key)}, {len(sequences)} used"
            )
    if Invoice.objects.filter(Q(status="draft") & ~Q(number=None)).exists():
        problems.append("a draft holds a number")
    return problems


def daily_total_problems() -> list[str]:
    """The agency's daily totals (kept by the services) against the rows behind them."""
    from agency.daily_totals import differences

    return [f"daily total {difference}" for difference in differences()]


def money_problems() -> list[str]:
    return totals_problems() + balance_problems() + numbering_problems() + daily_total_problems()


def summary() -> dict[str, Decimal | int]:
    return {
        "invoices": Invoice.objects.filter(kind=InvoiceKind.INVOICE).count(),
        "credit notes": Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).count(),
        "payments": Payment.objects.count(),
        "paid": Payment.objects.filter(reversed_at=None).aggregate(s=Sum("amount"))["s"] or ZERO,
    }
