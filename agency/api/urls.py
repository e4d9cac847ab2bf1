"""/api/: each app contributes its routes in <app>/api_urls.py."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views
from .notifications import NotificationViewSet

notifications = DefaultRouter()
notifications.include_root_view = False
notifications.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("auth/token/", views.obtain_token, name="api-token"),
    path("me/", views.me, name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:api-schema"), name="api-docs"),
    path("", include(notifications.urls)),
    path("", include("accounts.api_urls")),
    path("", include("campaigns.api_urls")),
    path("", include("media.api_urls")),
    path("", include("billing.api_urls")),
    path("", include("agency.dashboards.api_urls")),
    # Last: whatever no app answers is a JSON 404.
    re_path(r"^(?P<path>.*)$", views.not_found, name=views.NOT_FOUND_URL_NAME),
]
