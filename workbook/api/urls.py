from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import ExportView, ImportJobViewSet

router = SimpleRouter()
router.register("workbook/imports", ImportJobViewSet, basename="workbook-import")

urlpatterns = [path("workbook/export/", ExportView.as_view(), name="workbook-export"), *router.urls]
