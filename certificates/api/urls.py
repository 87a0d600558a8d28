from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("certificate-kinds", views.CertificateKindViewSet, basename="certificate-kind")
router.register("certificate-records", views.CertificateRecordViewSet, basename="certificate-record")
router.register("seal-uses", views.SealUseViewSet, basename="seal-use")

urlpatterns = [
    path(
        "certificate-verifications/<str:code>/",
        views.CertificateVerificationView.as_view(),
        name="certificate-verification",
    ),
    *router.urls,
]
