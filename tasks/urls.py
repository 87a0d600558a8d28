from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("catalog/", views.TaskItemListView.as_view(), name="catalog_list"),
    path("catalog/new/", views.TaskItemFormView.as_view(), name="catalog_create"),
    path("catalog/<int:pk>/edit/", views.TaskItemFormView.as_view(), name="catalog_edit"),
    path("catalog/versions/", views.CatalogVersionListView.as_view(), name="version_list"),
    path("catalog/versions/publish/", views.CatalogVersionPublishView.as_view(), name="version_publish"),
    path("requests/", views.AccessRequestListView.as_view(), name="request_list"),
    path("requests/new/", views.AccessRequestFormView.as_view(), name="request_create"),
    path("requests/<int:pk>/", views.AccessRequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/edit/", views.AccessRequestFormView.as_view(), name="request_edit"),
    path("requests/<int:pk>/submit/", views.AccessRequestSubmitView.as_view(), name="request_submit"),
    path(
        "requests/<int:pk>/attachments/<int:attachment_id>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("assignments/unapproved/", views.UnapprovedAssignmentView.as_view(), name="assignment_unapproved"),
    path(
        "assignments/<int:pk>/complete/", views.AssignmentCompleteView.as_view(), name="assignment_complete"
    ),
    path("assignments/<int:pk>/refuse/", views.AssignmentRefuseView.as_view(), name="assignment_refuse"),
    path("log/", views.WorkLogQuickView.as_view(), name="worklog_quick"),
    path("log/week/", views.WorkLogWeekView.as_view(), name="worklog_week"),
    path("log/all/", views.WorkLogListView.as_view(), name="worklog_list"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/read/", views.NotificationReadView.as_view(), name="notification_read"),
]
