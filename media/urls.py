"""The media pages."""

urlpatterns: list = []
