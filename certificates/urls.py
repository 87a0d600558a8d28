from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("catalog/", views.KindListView.as_view(), name="kind_list"),
    path("catalog/new/", views.KindFormView.as_view(), name="kind_create"),
    path("catalog/<int:pk>/", views.KindDetailView.as_view(), name="kind_detail"),
    path("catalog/<int:pk>/edit/", views.KindFormView.as_view(), name="kind_update"),
    path("counter/", views.CounterView.as_view(), name="counter"),
    path("counter/check-id/", views.IdNumberCheckView.as_view(), name="check_id"),
    path("counter/<int:pk>/", views.CounterKindView.as_view(), name="counter_kind"),
    path("records/", views.RecordListView.as_view(), name="record_list"),
    path("records/<int:pk>/", views.RecordDetailView.as_view(), name="record_detail"),
    path("records/<int:pk>/print/", views.RecordPrintView.as_view(), name="record_print"),
    path("records/<int:pk>/pdf/", views.RecordPdfView.as_view(), name="record_pdf"),
    path("records/<int:pk>/reveal/", views.RecordRevealView.as_view(), name="record_reveal"),
    path("records/<int:pk>/revoke/", views.RecordRevokeView.as_view(), name="record_revoke"),
    path("seal/", views.SealUseListView.as_view(), name="seal_list"),
    path("seal/new/", views.SealUseCreateView.as_view(), name="seal_create"),
    path("seal/daily/", views.SealDailyExportView.as_view(), name="seal_daily"),
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
