from django.urls import path

from . import views

app_name = "workbook"
urlpatterns = [
    path("", views.ImportView.as_view(), name="import"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("template/", views.TemplateView.as_view(), name="template"),
]
