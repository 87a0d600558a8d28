from django.urls import path

from . import views

app_name = "inspections"


def register(prefix: str, name: str, list_view, form_view) -> list:
    """A register's three pages: list, quick entry, edit (read-only for those who may not write)."""
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", form_view.as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", form_view.as_view(), name=f"{name}_edit"),
    ]


urlpatterns = [
    *register("inspections", "inspection", views.InspectionListView, views.InspectionFormView),
    *register("topics", "topic", views.InspectionTopicListView, views.InspectionTopicFormView),
    *register("meetings", "meeting", views.MeetingListView, views.MeetingFormView),
    *register("temporary", "temporary_task", views.TemporaryTaskListView, views.TemporaryTaskFormView),
    *register("signboards", "signboard", views.SignboardListView, views.SignboardFormView),
    *register("platforms", "platform", views.PlatformListView, views.PlatformFormView),
    *register("platform-usage", "platform_usage", views.PlatformUsageListView, views.PlatformUsageFormView),
    *register("pledges", "pledge", views.PledgeListView, views.PledgeFormView),
    *register(
        "emergency-reports", "emergency_report", views.EmergencyReportListView, views.EmergencyReportFormView
    ),
    *register("ratings", "rating", views.DepartmentRatingListView, views.DepartmentRatingFormView),
    path("ratings/summary/", views.DepartmentRatingSummaryView.as_view(), name="rating_summary"),
    path("calendar/", views.InspectionCalendarView.as_view(), name="calendar"),
    path("merges/", views.InspectionMergeListView.as_view(), name="merge_list"),
    path("merges/new/", views.InspectionMergeCreateView.as_view(), name="merge_create"),
]
