"""The billing pages. (Names differ from the API router's "invoice-list"/"invoice-detail".)"""

from django.urls import path

from . import aging_views, views

urlpatterns = [
    path("invoices/", views.invoice_list, name="invoices"),
    path("invoices/new/", views.invoice_create, name="invoice-create"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice"),
    path("invoices/<int:pk>/edit/", views.invoice_edit, name="invoice-edit"),
    path("invoices/<int:pk>/issue/", views.invoice_issue, name="invoice-issue"),
    path("invoices/<int:pk>/payment/", views.invoice_payment, name="invoice-payment"),
    path("invoices/<int:pk>/credit/", views.invoice_credit, name="invoice-credit"),
    path("invoices/<int:pk>/send/", views.invoice_send, name="invoice-send"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="invoice-pdf"),
    path(
        "invoices/<int:pk>/payments/<int:payment_id>/reverse/",
        views.payment_reverse,
        name="payment-reverse",
    ),
    path("receivables/aging/", aging_views.ar_aging, name="ar-aging"),
    path("receivables/aging.csv", aging_views.ar_aging_csv, name="ar-aging-csv"),
]
