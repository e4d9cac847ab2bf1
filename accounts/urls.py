"""Client and account pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("clients/", views.client_list, name="client-list"),
    path("clients/new/", views.client_create, name="client-create"),
    path("clients/<int:pk>/", views.client_detail, name="client-detail"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client-edit"),
    path("clients/<int:pk>/contacts/", views.contact_add, name="contact-add"),
    path("clients/<int:pk>/contacts/<int:contact_pk>/", views.contact_row, name="contact-row"),
    path(
        "clients/<int:pk>/contacts/<int:contact_pk>/edit/",
        views.contact_edit,
        name="contact-edit",
    ),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("accounts/", views.account_list, name="account-list"),
    path("accounts/new/", views.account_create, name="account-create"),
    path("accounts/<int:pk>/", views.account_detail, name="account-detail"),
    path("accounts/<int:pk>/edit/", views.account_edit, name="account-edit"),
    path("accounts/<int:pk>/stage/", views.account_lifecycle, name="account-lifecycle"),
    path(
        "accounts/<int:pk>/transitions/<slug:name>/",
        views.account_transition,
        name="account-transition",
    ),
]
