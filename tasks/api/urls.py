from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("catalog/items", views.TaskItemViewSet, basename="task-item")
router.register("catalog/versions", views.CatalogVersionViewSet, basename="catalog-version")
router.register("access-requests", views.AccessRequestViewSet, basename="access-request")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("work-logs", views.WorkLogViewSet, basename="work-log")
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = router.urls
