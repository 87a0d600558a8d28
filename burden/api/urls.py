from django.urls import path

from .views import BurdenReportView

urlpatterns = [path("burden/report/", BurdenReportView.as_view(), name="burden-report")]
