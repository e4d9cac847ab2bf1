"""The billing pages."""

urlpatterns: list = []
