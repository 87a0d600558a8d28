from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("streets", views.StreetViewSet, basename="street")
router.register("communities", views.CommunityViewSet, basename="community")
router.register("departments", views.DepartmentViewSet, basename="department")

urlpatterns = [path("me/", views.MeView.as_view(), name="api-me"), *router.urls]
