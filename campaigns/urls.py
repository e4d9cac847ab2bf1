"""The campaign pages: brief and team (more with the work plan)."""

from .views.proposals import urlpatterns as proposal_urlpatterns

urlpatterns: list = []
urlpatterns += proposal_urlpatterns
