"""The agency's side of the portal: giving a client's contact a login, or taking it back."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path(
        "clients/<int:pk>/contacts/<int:contact_pk>/portal/",
        staff_views.contact_portal_access,
        name="contact-portal-access",
    ),
]
