"""REST endpoints for invoices, credit notes, payments and receivables (api.md:
/api/invoices/, .../issue/, .../credit/, .../payments/, .../pdf/, /api/reports/ar-aging/)."""

from .invoices import InvoiceViewSet
from .reports import ARAgingView

__all__ = ["ARAgingView", "InvoiceViewSet"]
