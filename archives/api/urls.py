from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("disposal-due", views.DueViewSet, basename="disposal-due")
router.register("disposal-batches", views.DisposalBatchViewSet, basename="disposal-batch")
router.register("disposal-records", views.DisposalRecordViewSet, basename="disposal-record")

urlpatterns = router.urls
