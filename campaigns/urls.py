"""The campaign pages: brief and team (more with the work plan)."""

from django.urls import path

from . import views
from .views.proposals import urlpatterns as proposal_urlpatterns

urlpatterns = [
    path("accounts/<int:pk>/brief/", views.brief_edit, name="brief-edit"),
    path("accounts/<int:pk>/team/", views.team_panel, name="team-panel"),
    path("accounts/<int:pk>/team/add/", views.team_add, name="team-add"),
    path("accounts/<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team-remove"),
]
urlpatterns += proposal_urlpatterns
