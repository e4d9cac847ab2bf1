"""The browser's pages: each app contributes its own in <app>/urls.py."""

from django.urls import include, path

from . import notification_views as bell
from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("django.contrib.auth.urls")),
    path("language/", views.switch_language, name="switch-language"),
    path("time-zone/", views.switch_time_zone, name="switch-time-zone"),
    path("notifications/", bell.notification_list, name="notification-list"),
    path("notifications/bell/", bell.bell, name="notification-bell"),
    path("notifications/<int:pk>/read/", bell.notification_read, name="notification-read"),
    path("notifications/read-all/", bell.notification_read_all, name="notification-read-all"),
    path("notifications/settings/", bell.reminder_settings, name="reminder-settings"),
    path("accounts/<int:pk>/reminders/", bell.account_reminders, name="account-reminders"),
    path("", include("accounts.urls")),
    path("", include("campaigns.urls")),
    path("", include("media.urls")),
    path("", include("billing.urls")),
    path("", include("agency.dashboards.urls")),
    path("", include("portal.staff_urls")),
    path("portal/", include("portal.urls")),
]
