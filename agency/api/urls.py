"""/api/: each app contributes its routes in <app>/api_urls.py."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views

urlpatterns = [
    path("auth/token/", views.obtain_token, name="api-token"),
    path("me/", views.me, name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("accounts.api_urls")),
    path("", include("campaigns.api_urls")),
    path("", include("media.api_urls")),
    path("", include("billing.api_urls")),
    # Last: whatever no app answers is a JSON 404.
    re_path(r"^(?P<path>.*)$", views.not_found, name=views.NOT_FOUND_URL_NAME),
]
