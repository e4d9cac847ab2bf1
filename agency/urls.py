from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Namespaced: the API router's names (account-list, ...) must not shadow the pages'.
    path("api/", include(("agency.api.urls", "api"))),
    path("admin/", admin.site.urls),
    path("", include("agency.web_urls")),
]
