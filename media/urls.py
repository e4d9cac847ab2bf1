"""The media pages."""

from django.urls import path

from . import insertion_order_views, views

urlpatterns = [
    path("media/outlets/", views.outlet_list, name="outlet-list"),
    path("media/outlets/new/", views.outlet_form, name="outlet-create"),
    path("media/outlets/<int:pk>/edit/", views.outlet_form, name="outlet-edit"),
    path("accounts/<int:account_id>/media/", views.account_media, name="account-media"),
    path("accounts/<int:account_id>/media/buys/new/", views.buy_form, name="buy-create"),
    path("media/buys/<int:pk>/edit/", views.buy_form, name="buy-edit"),
    path(
        "media/buys/<int:pk>/transitions/<slug:name>/",
        views.buy_transition,
        name="buy-transition",
    ),
    path(
        "media/buys/<int:pk>/insertion-order.pdf",
        views.insertion_order,
        name="buy-insertion-order",
    ),
    path(
        "accounts/<int:account_id>/media/outlets/<int:outlet_id>/insertion-order.pdf",
        insertion_order_views.outlet_insertion_order,
        name="outlet-insertion-order",
    ),
    path("media/buys/<int:pk>/deliveries/", views.buy_deliveries, name="buy-deliveries"),
    path("media/deliveries/import/", views.delivery_import, name="delivery-import"),
    path("media/calendar/", views.media_calendar, name="media-calendar"),
    path("accounts/<int:account_id>/media/effect/", views.effect_report, name="effect-report"),
    path(
        "accounts/<int:account_id>/media/effect/publish/",
        views.effect_report_publish,
        name="effect-report-publish",
    ),
    path(
        "accounts/<int:account_id>/media/effect/report.pdf",
        views.effect_report_pdf,
        name="effect-report-pdf",
    ),
]
