from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("due/", views.DueListView.as_view(), name="due_list"),
    path("batches/", views.BatchListView.as_view(), name="batch_list"),
    path("batches/new/", views.ProposeView.as_view(), name="batch_create"),
    path("batches/<int:pk>/", views.BatchDetailView.as_view(), name="batch_detail"),
    path("batches/<int:pk>/print/", views.BatchPrintView.as_view(), name="batch_print"),
    path(
        "batches/<int:pk>/<str:action>/",
        views.BatchActionView.as_view(),
        name="batch_action",
    ),
    path("register/", views.RegisterView.as_view(), name="register"),
]
