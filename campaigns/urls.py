"""The campaign pages: brief and team (more with the work plan)."""

urlpatterns: list = []
