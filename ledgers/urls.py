from django.urls import path

from . import views

app_name = "ledgers"
urlpatterns = [
    path("types/", views.LedgerTypeListView.as_view(), name="ledger_type_list"),
    path("types/new/", views.CatalogEditView.as_view(), name="ledger_type_create"),
    path("types/<int:pk>/", views.CatalogEditView.as_view(), name="ledger_type_edit"),
    path("types/<int:pk>/cancel/", views.LedgerTypeCancelView.as_view(), name="ledger_type_cancel"),
    path("types/<int:pk>/template.xlsx", views.LedgerTypeTemplateView.as_view(), name="ledger_type_template"),
    path("books/", views.LedgerBookListView.as_view(), name="book_list"),
    path("books/new/", views.LedgerBookCreateView.as_view(), name="book_create"),
    path("books/<int:pk>/entries/new/", views.LedgerEntryCreateView.as_view(), name="entry_create"),
    path("books/<int:pk>/import/", views.LedgerImportView.as_view(), name="entry_import"),
    path("books/<int:pk>/export.xlsx", views.LedgerExportView.as_view(), name="entry_export"),
    path("entries/", views.LedgerEntryListView.as_view(), name="entry_list"),
    path("entries/<int:pk>/reveal/", views.EntryRevealView.as_view(), name="entry_reveal"),
    path("reports/", views.ReportFormListView.as_view(), name="report_form_list"),
    path("reports/new/", views.ReportFormEditView.as_view(), name="report_form_create"),
    path("reports/<int:pk>/", views.ReportFormEditView.as_view(), name="report_form_edit"),
    path(
        "reports/<int:pk>/register/",
        views.ReportFormActionView.as_view(action="register", allowed_roles=("district_admin",)),
        name="report_form_register",
    ),
    path(
        "reports/<int:pk>/send/", views.ReportFormActionView.as_view(action="send"), name="report_form_send"
    ),
    path("submissions/", views.ReportSubmissionListView.as_view(), name="submission_list"),
    path("submissions/<int:pk>/", views.ReportSubmissionFillView.as_view(), name="submission_fill"),
    path(
        "submissions/<int:pk>/reveal/",
        views.SubmissionRevealView.as_view(),
        name="submission_reveal",
    ),
    path("dictionary/", views.CanonicalFieldListView.as_view(), name="canonical_list"),
    path("dictionary/new/", views.CanonicalFieldEditView.as_view(), name="canonical_create"),
    path("dictionary/<int:pk>/", views.CanonicalFieldEditView.as_view(), name="canonical_edit"),
    path("mappings/", views.FieldMappingListView.as_view(), name="mapping_list"),
    path("mappings/suggest/", views.FieldMappingSuggestView.as_view(), name="mapping_suggest"),
    path("mappings/<int:pk>/confirm/", views.FieldMappingConfirmView.as_view(), name="mapping_confirm"),
    path("analysis/", views.DuplicateAnalysisView.as_view(), name="analysis"),
]
