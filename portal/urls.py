"""The client portal's pages, under /portal/ in the `portal` namespace (agency.boundary: a
client contact's login reaches these and nothing else; the agency's people never do)."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/pdf/", views.proposal_pdf, name="proposal-pdf"),
    path("proposals/<int:pk>/approve/", views.proposal_approve, name="proposal-approve"),
    path("proposals/<int:pk>/changes/", views.proposal_request_changes, name="proposal-changes"),
    path("invoices/", views.invoice_list, name="invoices"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="invoice-pdf"),
    path("messages/", views.write_to_ae, name="messages"),
]
