"""The insertion order per outlet, as a page link and an API endpoint (media.insertion_orders
decides what exists and who sees it; media.documents renders it)."""

from django.contrib.auth.decorators import login_required
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import renderers
from rest_framework.views import APIView

from . import documents
from .api import PdfRenderer, pdf_response
from .insertion_orders import outlet_order


def _outlet_order_response(request, account_id: int, outlet_id: int):
    order = outlet_order(user=request.user, account_id=account_id, outlet_id=outlet_id)
    content = documents.outlet_insertion_order_pdf(order, request.user)
    return pdf_response(content, f"{order.number}.pdf")


@login_required
def outlet_insertion_order(request, account_id, outlet_id):
    """/accounts/<id>/media/outlets/<outlet_id>/insertion-order.pdf, linked from the plan."""
    return _outlet_order_response(request, account_id, outlet_id)


class OutletInsertionOrderPdfView(APIView):
    """GET /api/accounts/{account_id}/media-outlets/{outlet_id}/insertion-order.pdf: every buy
    the account booked on the outlet, with totals; 404 when none is booked (or the account is
    not visible)."""

    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, account_id, outlet_id):
        return _outlet_order_response(request, account_id, outlet_id)
