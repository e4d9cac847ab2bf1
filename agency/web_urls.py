"""The browser's pages: each app contributes its own in <app>/urls.py."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("django.contrib.auth.urls")),
    path("language/", views.switch_language, name="switch-language"),
    path("", include("accounts.urls")),
    path("", include("campaigns.urls")),
    path("", include("media.urls")),
    path("", include("billing.urls")),
]
