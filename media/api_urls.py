from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, insertion_order_views

router = SimpleRouter(trailing_slash=True)
router.register("media-outlets", api.MediaOutletViewSet, basename="media-outlet")
router.register("media-buys", api.MediaBuyViewSet, basename="media-buy")
router.register("deliveries", api.DeliveryViewSet, basename="delivery")

urlpatterns = [
    path(
        "media-buys/<int:pk>/insertion-order.pdf",
        api.InsertionOrderPdfView.as_view(),
        name="api-insertion-order",
    ),
    path(
        "accounts/<int:account_id>/media-outlets/<int:outlet_id>/insertion-order.pdf",
        insertion_order_views.OutletInsertionOrderPdfView.as_view(),
        name="api-outlet-insertion-order",
    ),
    path(
        "reports/effect/<int:account_id>/",
        api.EffectReportView.as_view(),
        name="api-effect-report",
    ),
    path(
        "reports/effect/<int:account_id>/publish/",
        api.EffectReportPublishView.as_view(),
        name="api-effect-report-publish",
    ),
    path(
        "reports/effect/<int:account_id>/pdf/",
        api.EffectReportPdfView.as_view(),
        name="api-effect-report-pdf",
    ),
    *router.urls,
]
