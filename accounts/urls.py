"""Client and account pages."""

urlpatterns: list = []
