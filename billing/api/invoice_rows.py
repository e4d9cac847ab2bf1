"""The invoice list of the API, read as values and written as InvoiceSerializer writes it.

Finance's integrations page through a million invoices. Through the serializer a page of 50
(with their 100 lines) built ~330 model instances and walked DRF's field machinery for each
value: ~16 of a request's 18 ms at scale 10000. Here the same page is two queries of plain
values, formatted by the same DRF fields and the model's own rules (billing.models
balance_of, is_overdue): ~6 ms. tests/billing/test_invoice_rows.py holds the two outputs
equal, invoice by invoice. Every other read and every write still goes through
InvoiceSerializer, which also describes this list in the schema.
"""

from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers

from billing.models import Invoice, InvoiceLine, balance_of, is_overdue

from .serializers import MONEY, InvoiceLineSerializer

# The serializers' own fields write the values (the line's quantity and VAT rate as
# InvoiceLineSerializer declares them; money as every money field of both).
money = serializers.DecimalField(**MONEY).to_representation
quantity = InvoiceLineSerializer._declared_fields["quantity"].to_representation
rate = InvoiceLineSerializer._declared_fields["vat_rate"].to_representation
moment = serializers.DateTimeField().to_representation
day = serializers.DateField().to_representation

#: The invoice's own columns: no join, so that the list's count stays a count of invoices.
INVOICE_COLUMNS = (
    "id", "kind", "number", "status", "account_id", "client_id", "currency", "notes",
    "subtotal", "tax", "total", "amount_paid", "amount_credited", "issue_date", "due_date",
    "fapiao_number", "credited_invoice_id", "reason", "issued_at", "created_at", "updated_at",
)  # fmt: skip
#: What a row names of its account, client and credited invoice: read for the page's rows.
NAMES = ("id", "account__name", "client__name", "credited_invoice__number")
LINE_COLUMNS = (
    "invoice_id", "kind", "description", "quantity", "unit_price", "vat_rate",
    "price_includes_vat", "amount", "tax", "media_buy_id", "budget_line_id",
)  # fmt: skip


def listed(invoices: QuerySet[Invoice]) -> QuerySet:
    """The visible, filtered and ordered invoices as the values a row shows (to paginate)."""
    return invoices.values(*INVOICE_COLUMNS)


def written(page: list[dict]) -> list[dict]:
    """A page of `listed` rows with their names and lines, as InvoiceSerializer writes
    invoices (two queries, whatever the page's length)."""
    ids = [row["id"] for row in page]
    names = {row["id"]: row for row in Invoice.objects.filter(pk__in=ids).values(*NAMES)}
    lines = defaultdict(list)
    for line in InvoiceLine.objects.filter(invoice_id__in=ids).values(*LINE_COLUMNS):
        lines[line["invoice_id"]].append(_line(line))
    today = timezone.localdate()
    return [_invoice(row | names[row["id"]], lines[row["id"]], today) for row in page]


def _invoice(row: dict, lines: list[dict], today) -> dict:
    total, paid, credited = row["total"], row["amount_paid"], row["amount_credited"]
    return {
        "id": row["id"],
        "kind": row["kind"],
        "number": row["number"],
        "status": row["status"],
        "account": row["account_id"],
        "account_name": row["account__name"],
        "client": row["client_id"],
        "client_name": row["client__name"],
        "currency": row["currency"],
        "lines": lines,
        "notes": row["notes"],
        "subtotal": money(row["subtotal"]),
        "tax": money(row["tax"]),
        "total": money(total),
        "paid": money(paid),
        "credited": money(credited),
        "balance": money(balance_of(row["kind"], row["status"], total, paid, credited)),
        "issue_date": _or_none(day, row["issue_date"]),
        "due_date": _or_none(day, row["due_date"]),
        "overdue": is_overdue(row["status"], row["due_date"], today),
        "fapiao_number": row["fapiao_number"],
        "credited_invoice": row["credited_invoice_id"],
        "credited_invoice_number": row["credited_invoice__number"],
        "reason": row["reason"],
        "issued_at": _or_none(moment, row["issued_at"]),
        "created_at": _or_none(moment, row["created_at"]),
        "updated_at": _or_none(moment, row["updated_at"]),
    }


def _line(line: dict) -> dict:
    return {
        "kind": line["kind"],
        "description": line["description"],
        "quantity": quantity(line["quantity"]),
        "unit_price": money(line["unit_price"]),
        "vat_rate": rate(line["vat_rate"]),
        "price_includes_vat": line["price_includes_vat"],
        "amount": money(line["amount"]),
        "tax": money(line["tax"]),
        "media_buy": line["media_buy_id"],
        "budget_line": line["budget_line_id"],
    }


def _or_none(write, value):
    """As a serializer field writes a value: None stays None."""
    return None if value is None else write(value)
