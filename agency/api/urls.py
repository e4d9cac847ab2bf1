from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from accounts.api import AccountViewSet, ClientViewSet, ContactViewSet
from campaigns.api import BriefView, TeamMemberView, TeamView

from . import views

router = DefaultRouter()
router.register("clients", ClientViewSet, basename="client")
router.register("contacts", ContactViewSet, basename="contact")
router.register("accounts", AccountViewSet, basename="account")

urlpatterns = [
    path("auth/token/", views.obtain_token, name="api-token"),
    path("me/", views.me, name="api-me"),
    path("accounts/<int:account_id>/brief/", BriefView.as_view(), name="api-brief"),
    path("accounts/<int:account_id>/team/", TeamView.as_view(), name="api-team"),
    path(
        "accounts/<int:account_id>/team/<int:member_id>/",
        TeamMemberView.as_view(),
        name="api-team-member",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
