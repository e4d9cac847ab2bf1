from django.urls import path
from rest_framework.routers import DefaultRouter

from .api.brief_team import BriefView, TeamMemberView, TeamView
from .api.meetings import CommunicationViewSet, ContactReportViewSet, MeetingViewSet
from .api.proposals import urlpatterns as proposal_urlpatterns
from .api.workplan import MilestonesView, TaskViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("tasks", TaskViewSet, basename="task")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("contact-reports", ContactReportViewSet, basename="contact-report")
router.register("communications", CommunicationViewSet, basename="communication")

urlpatterns = [
    path("accounts/<int:account_id>/brief/", BriefView.as_view(), name="api-brief"),
    path("accounts/<int:account_id>/team/", TeamView.as_view(), name="api-team"),
    path(
        "accounts/<int:account_id>/team/<int:member_id>/",
        TeamMemberView.as_view(),
        name="api-team-member",
    ),
    path("accounts/<int:account_id>/milestones/", MilestonesView.as_view(), name="api-milestones"),
]
urlpatterns += proposal_urlpatterns
urlpatterns += router.urls
