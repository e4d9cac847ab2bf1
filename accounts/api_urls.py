from rest_framework.routers import DefaultRouter

from .api import AccountViewSet, ClientViewSet, ContactViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("clients", ClientViewSet, basename="client")
router.register("contacts", ContactViewSet, basename="contact")
router.register("accounts", AccountViewSet, basename="account")

urlpatterns = router.urls
