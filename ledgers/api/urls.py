from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("ledger-types", views.LedgerTypeViewSet, basename="ledger-type")
router.register("ledger-books", views.LedgerBookViewSet, basename="ledger-book")
router.register("ledger-entries", views.LedgerEntryViewSet, basename="ledger-entry")
router.register("report-forms", views.ReportFormViewSet, basename="report-form")
router.register("report-submissions", views.ReportSubmissionViewSet, basename="report-submission")
router.register("canonical-fields", views.CanonicalFieldViewSet, basename="canonical-field")
router.register("field-mappings", views.FieldMappingViewSet, basename="field-mapping")

urlpatterns = [
    path("duplicate-analysis/", views.DuplicateAnalysisView.as_view(), name="duplicate-analysis"),
    path("fields-overlap/", views.FieldsOverlapView.as_view(), name="fields-overlap"),
    *router.urls,
]
