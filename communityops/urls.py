from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import observability, views

api_v1 = [
    path("", include("organisation.api.urls")),
    path("", include("tasks.api.urls")),
    path("", include("ledgers.api.urls")),
    path("", include("certificates.api.urls")),
    path("", include("inspections.api.urls")),
    path("", include("burden.api.urls")),
    path("", include("workbook.api.urls")),
    path("", include("archives.api.urls")),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("metrics", observability.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include("accounts.urls")),
    path("org/", include("organisation.urls")),
    path("tasks/", include("tasks.urls")),
    path("ledgers/", include("ledgers.urls")),
    path("certificates/", include("certificates.urls")),
    path("inspections/", include("inspections.urls")),
    path("burden/", include("burden.urls")),
    path("workbook/", include("workbook.urls")),
    path("archives/", include("archives.urls")),
    path("audit/", include("audit.urls")),
]
