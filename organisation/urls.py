from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("communities/", views.CommunityListView.as_view(), name="community_list"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
]
