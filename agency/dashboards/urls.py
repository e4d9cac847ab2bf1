"""The dashboards' pages (included from agency.web_urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.ad_dashboard, name="ad-dashboard"),
    path("dashboard/export/<slug:table>/", views.dashboard_export, name="dashboard-export"),
    path("dashboard/list/<slug:figure>/", views.dashboard_list, name="dashboard-list"),
    path("dashboard/table/<slug:table>/", views.dashboard_table, name="dashboard-table"),
    path("dashboard/options/<slug:kind>/", views.dashboard_options, name="dashboard-options"),
    path("my-day/", views.my_day, name="my-day"),
    path("finance/", views.finance_desk, name="finance-desk"),
]
