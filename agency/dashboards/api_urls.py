"""/api/reports/: the dashboards' reports (AR aging and effect reports live with billing and
media)."""

from django.urls import path

from . import api

urlpatterns = [
    path("reports/pipeline/", api.PipelineReportView.as_view(), name="report-pipeline"),
    path("reports/workload/", api.WorkloadReportView.as_view(), name="report-workload"),
    path("reports/revenue/", api.RevenueReportView.as_view(), name="report-revenue"),
]
