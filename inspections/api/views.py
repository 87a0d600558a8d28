"""API of the registers: viewsets over the selectors, writes through the services."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from organisation.navigation import COMMUNITY, DEPARTMENT, DISTRICT, STREET
from organisation.permissions import RolePermission
from organisation.scoping import scope_for

from .. import filtersets, selectors, services
from ..permissions import CATALOG_WRITERS, RECORD_WRITERS
from ..services import updating
from . import serializers as s

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="年度（默认今年，2000–2100）")
BAD_YEAR = OpenApiResponse(description="年度无效")


def _year(request) -> int:
    """The ``year`` query parameter (this year when absent); anything but a plausible year is a 400."""
    text = request.query_params.get("year", "").strip()
    if not text:
        return timezone.localdate().year
    try:
        year = int(text)
    except ValueError:
        raise ValidationError({"year": _("年度应为四位数字。")}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度应在2000至2100之间。")})
    return year


class RegisterViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update one register; out-of-scope rows are 404."""

    permission_classes = [RolePermission]
    write_roles: tuple[str, ...] = RECORD_WRITERS
    selector = staticmethod(lambda *, user: None)
    create_service = staticmethod(lambda *, user, data: None)
    update_service = staticmethod(lambda *, user, pk, data: None)
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @property
    def action_roles(self) -> dict:
        return {name: self.write_roles for name in ("create", "update", "partial_update")}

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            user=self.request.user, pk=serializer.instance.pk, data=serializer.validated_data
        )


class InspectionViewSet(RegisterViewSet):
    serializer_class = s.InspectionSerializer
    filterset_class = filtersets.InspectionFilterSet
    write_roles = RECORD_WRITERS + DEPARTMENT
    selector = staticmethod(selectors.inspection_list)
    create_service = staticmethod(services.inspection_create)
    update_service = updating(services.inspection_update, "inspection_id")

    @property
    def action_roles(self) -> dict:
        return {"create": self.write_roles, "update": RECORD_WRITERS, "partial_update": RECORD_WRITERS}


class InspectionTopicViewSet(RegisterViewSet):
    serializer_class = s.InspectionTopicSerializer
    filterset_class = filtersets.InspectionTopicFilterSet
    write_roles = CATALOG_WRITERS
    selector = staticmethod(selectors.inspection_topic_list)
    create_service = staticmethod(services.inspection_topic_create)
    update_service = updating(services.inspection_topic_update, "topic_id")


class InspectionMergeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """合并检查: recorded merges; POST merges planned inspections of one street (never across streets)."""

    serializer_class = s.InspectionMergeSerializer
    filterset_class = filtersets.InspectionMergeFilterSet
    permission_classes = [RolePermission]
    action_roles = {"create": STREET + DISTRICT}

    def get_queryset(self):
        return selectors.inspection_merge_list(user=self.request.user).prefetch_related("inspections")

    @extend_schema(request=s.InspectionMergeInputSerializer, responses={201: s.InspectionMergeSerializer})
    def create(self, request):
        data = s.InspectionMergeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        merge = services.inspection_merge_create(
            user=request.user,
            inspection_ids=data.validated_data["inspections"],
            date=data.validated_data.get("date"),
            note=data.validated_data.get("note", ""),
        )
        merge = self.get_queryset().get(pk=merge.pk)
        return Response(s.InspectionMergeSerializer(merge).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="起始日期（默认今天）"),
            OpenApiParameter("weeks", OpenApiTypes.INT, description="周数（1–12，默认4）"),
        ],
        responses={
            200: s.MergeProposalSerializer(many=True),
            400: OpenApiResponse(description="起始日期无效"),
        },
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def proposals(self, request):
        """The street calendar's merge proposals: same street, week and topic family."""
        try:
            start = datetime.date.fromisoformat(request.query_params.get("start", ""))
        except ValueError:
            start = timezone.localdate()
        if not 2000 <= start.year <= 2100:  # the calendar counts weeks on from it: keep it in range
            raise ValidationError({"start": _("起始日期应在2000年至2100年之间。")})
        try:
            weeks = min(max(int(request.query_params.get("weeks", 4)), 1), 12)
        except ValueError:
            weeks = 4
        calendar = selectors.inspection_calendar(user=request.user, start=start, weeks=weeks)
        return Response(s.MergeProposalSerializer(calendar["proposals"], many=True).data)


class MeetingViewSet(RegisterViewSet):
    serializer_class = s.MeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    selector = staticmethod(selectors.meeting_list)
    create_service = staticmethod(services.meeting_create)
    update_service = updating(services.meeting_update, "meeting_id")


class TemporaryTaskViewSet(RegisterViewSet):
    serializer_class = s.TemporaryTaskSerializer
    filterset_class = filtersets.TemporaryTaskFilterSet
    selector = staticmethod(selectors.temporary_task_list)
    create_service = staticmethod(services.temporary_task_create)
    update_service = updating(services.temporary_task_update, "task_id")


class SignboardViewSet(RegisterViewSet):
    serializer_class = s.SignboardSerializer
    filterset_class = filtersets.SignboardFilterSet
    selector = staticmethod(selectors.signboard_list)
    create_service = staticmethod(services.signboard_create)
    update_service = updating(services.signboard_update, "signboard_id")


class PlatformViewSet(RegisterViewSet):
    serializer_class = s.PlatformSerializer
    filterset_class = filtersets.PlatformFilterSet
    write_roles = DISTRICT + DEPARTMENT
    selector = staticmethod(selectors.platform_list)
    create_service = staticmethod(services.platform_create)
    update_service = updating(services.platform_update, "platform_id")


class PlatformUsageViewSet(RegisterViewSet):
    serializer_class = s.PlatformUsageSerializer
    filterset_class = filtersets.PlatformUsageFilterSet
    selector = staticmethod(selectors.platform_usage_list)
    create_service = staticmethod(services.platform_usage_create)
    update_service = updating(services.platform_usage_update, "usage_id")


class PledgeViewSet(RegisterViewSet):
    serializer_class = s.PledgeSerializer
    filterset_class = filtersets.PledgeFilterSet
    selector = staticmethod(selectors.pledge_list)
    create_service = staticmethod(services.pledge_create)
    update_service = updating(services.pledge_update, "pledge_id")


class EmergencyReportViewSet(RegisterViewSet):
    serializer_class = s.EmergencyReportSerializer
    filterset_class = filtersets.EmergencyReportFilterSet
    selector = staticmethod(selectors.emergency_report_list)
    create_service = staticmethod(services.emergency_report_create)
    update_service = updating(services.emergency_report_update, "report_id")

    @extend_schema(parameters=[YEAR], responses={200: s.EmergencyReportSummarySerializer, 400: BAD_YEAR})
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def summary(self, request):
        """信息报送 of the year: on time, late (over one hour), missing, concealed."""
        totals = selectors.emergency_report_summary(user=request.user, year=_year(request))
        return Response(s.EmergencyReportSummarySerializer(totals).data)


class DepartmentRatingViewSet(RegisterViewSet):
    serializer_class = s.DepartmentRatingSerializer
    filterset_class = filtersets.DepartmentRatingFilterSet
    write_roles = COMMUNITY
    selector = staticmethod(selectors.department_rating_list)
    create_service = staticmethod(services.department_rating_create)
    update_service = updating(services.department_rating_update, "rating_id")

    def check_permissions(self, request):
        """A rated department reads its aggregate (``summary``), never the rows: which community
        gave what score and comment stays with the community and its supervisors."""
        super().check_permissions(request)
        if self.action in ("list", "retrieve") and scope_for(request.user).is_department:
            self.permission_denied(
                request, message=_("职能部门只能查看民主评议结果（汇总），不能查看各社区的评议明细。")
            )

    @extend_schema(parameters=[YEAR], responses={200: s.RatingSummarySerializer(many=True), 400: BAD_YEAR})
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def summary(self, request):
        """民主评议结果 per department (100-point average, number of rating communities)."""
        rows = selectors.department_rating_table(user=request.user, year=_year(request))
        return Response(s.RatingSummarySerializer(rows, many=True).data)
