"""The browser's pages. Each app's views live in its own views.py."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("django.contrib.auth.urls")),
    path("language/", views.switch_language, name="switch-language"),
]
