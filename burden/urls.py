from django.urls import path

from . import views

app_name = "burden"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("recompute/", views.RecomputeView.as_view(), name="recompute"),
    path("jobs/<int:pk>/", views.JobStatusView.as_view(), name="job_status"),
    path("records/<slug:kind>/", views.record_list, name="records"),
]
