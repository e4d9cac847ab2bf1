from django.urls import path

from .api.brief_team import BriefView, TeamMemberView, TeamView
from .api.proposals import urlpatterns as proposal_urlpatterns

urlpatterns = [
    path("accounts/<int:account_id>/brief/", BriefView.as_view(), name="api-brief"),
    path("accounts/<int:account_id>/team/", TeamView.as_view(), name="api-team"),
    path(
        "accounts/<int:account_id>/team/<int:member_id>/",
        TeamMemberView.as_view(),
        name="api-team-member",
    ),
]
urlpatterns += proposal_urlpatterns
