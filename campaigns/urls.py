"""The campaign pages: brief and team (more with the work plan)."""

from django.urls import path

from . import views
from .views import meetings as meeting_views
from .views import workplan as workplan_views
from .views.proposals import urlpatterns as proposal_urlpatterns

urlpatterns = [
    path("accounts/<int:pk>/brief/", views.brief_edit, name="brief-edit"),
    path("accounts/<int:pk>/team/", views.team_panel, name="team-panel"),
    path("accounts/<int:pk>/team/add/", views.team_add, name="team-add"),
    path("accounts/<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team-remove"),
]
urlpatterns += proposal_urlpatterns

urlpatterns += [
    path("my-tasks/", workplan_views.my_tasks, name="my-tasks"),
    path(
        "accounts/<int:account_id>/work-plan/",
        workplan_views.account_workplan,
        name="account-workplan",
    ),
    path(
        "accounts/<int:account_id>/work-plan/tasks/",
        workplan_views.add_task,
        name="workplan-task-add",
    ),
    path(
        "accounts/<int:account_id>/work-plan/milestones/",
        workplan_views.save_milestones,
        name="workplan-milestones",
    ),
    path("tasks/<int:task_id>/status/", workplan_views.change_task_status, name="task-status"),
    path(
        "accounts/<int:account_id>/meetings/",
        meeting_views.meeting_list_page,
        name="account-meetings",
    ),
    path(
        "accounts/<int:account_id>/meetings/new/",
        meeting_views.meeting_create,
        name="meeting-new",
    ),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_detail, name="meeting-page"),
    path(
        "accounts/<int:account_id>/contact-reports/",
        meeting_views.contact_report_list_page,
        name="account-contact-reports",
    ),
    path(
        "accounts/<int:account_id>/contact-reports/new/",
        meeting_views.contact_report_create,
        name="contact-report-new",
    ),
    path(
        "contact-reports/<int:report_id>/",
        meeting_views.contact_report_detail,
        name="contact-report-page",
    ),
    path(
        "accounts/<int:account_id>/communications/",
        meeting_views.communication_log,
        name="account-communications",
    ),
]
