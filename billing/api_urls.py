from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import ARAgingView, InvoiceViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("invoices", InvoiceViewSet, basename="invoice")

urlpatterns = [
    *router.urls,
    path("reports/ar-aging/", ARAgingView.as_view(), name="api-ar-aging"),
]
