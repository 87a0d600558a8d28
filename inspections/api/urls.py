from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("inspection-topics", views.InspectionTopicViewSet, basename="inspection-topic")
router.register("inspection-merges", views.InspectionMergeViewSet, basename="inspection-merge")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("temporary-tasks", views.TemporaryTaskViewSet, basename="temporary-task")
router.register("signboards", views.SignboardViewSet, basename="signboard")
router.register("platforms", views.PlatformViewSet, basename="platform")
router.register("platform-usages", views.PlatformUsageViewSet, basename="platform-usage")
router.register("pledges", views.PledgeViewSet, basename="pledge")
router.register("emergency-reports", views.EmergencyReportViewSet, basename="emergency-report")
router.register("department-ratings", views.DepartmentRatingViewSet, basename="department-rating")

urlpatterns = router.urls
