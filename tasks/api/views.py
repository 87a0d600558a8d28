"""API of the tasks app: viewsets over selectors; writes go through services; transitions are actions."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from communityops.api import FilterBackend, RowListMixin
from organisation.navigation import COMMUNITY, DEPARTMENT, DISTRICT, SUPERVISORS
from organisation.permissions import RolePermission

from .. import selectors, services
from ..filtersets import (
    AccessRequestFilterSet,
    AssignmentFilterSet,
    CatalogVersionFilterSet,
    NotificationFilterSet,
    TaskItemFilterSet,
    WorkLogFilterSet,
)
from ..pagination import WorkLogCursorPagination
from .serializers import (
    AccessRequestInputSerializer,
    AccessRequestSerializer,
    AssignmentSerializer,
    CatalogVersionSerializer,
    DecisionSerializer,
    NotificationSerializer,
    RefuseSerializer,
    TaskItemSerializer,
    WorkLogInputSerializer,
    WorkLogSerializer,
)

CONFLICT = OpenApiResponse(description="当前状态不允许该操作")
BAD = OpenApiResponse(description="字段错误")


class TaskItemViewSet(
    RowListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """事项清单: everyone reads; the district burden-reduction office edits."""

    serializer_class = TaskItemSerializer
    filterset_class = TaskItemFilterSet
    permission_classes = [RolePermission]
    action_roles = {"create": DISTRICT, "update": DISTRICT, "partial_update": DISTRICT}

    def get_queryset(self):
        return selectors.task_item_list(user=self.request.user).order_by("code")

    def perform_create(self, serializer):
        serializer.instance = services.task_item_save(by=self.request.user, fields=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.task_item_save(
            by=self.request.user, fields=serializer.validated_data, item_id=serializer.instance.pk
        )


class CatalogVersionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """清单版本: published by the district; creating one publishes it."""

    serializer_class = CatalogVersionSerializer
    filterset_class = CatalogVersionFilterSet
    permission_classes = [RolePermission]
    action_roles = {"create": DISTRICT}

    def get_queryset(self):
        return selectors.catalog_version_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.catalog_version_publish(by=request.user, **serializer.validated_data)
        version = self.get_queryset().get(pk=version.pk)
        return Response(self.get_serializer(version).data, status=status.HTTP_201_CREATED)


class AccessRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """准入申请: departments draft and submit; streets and the district decide."""

    filterset_class = AccessRequestFilterSet
    permission_classes = [RolePermission]
    allowed_roles = DEPARTMENT + SUPERVISORS
    action_roles = {
        "create": DEPARTMENT,
        "update": DEPARTMENT,
        "partial_update": DEPARTMENT,
        "submit": DEPARTMENT,
        "approve": SUPERVISORS,
        "reject": SUPERVISORS,
        "return_for_revision": SUPERVISORS,
        "revoke": SUPERVISORS,
    }

    def get_queryset(self):
        return (
            selectors.access_request_list(user=self.request.user)
            .prefetch_related("findings", "attachments", "target_communities", "target_streets")
            .order_by("-created_at", "-id")
        )

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return AccessRequestInputSerializer
        if self.action in ("approve", "reject", "return_for_revision", "revoke"):
            return DecisionSerializer
        return AccessRequestSerializer

    def _out(self, pk, code=status.HTTP_200_OK):
        return Response(AccessRequestSerializer(self.get_queryset().get(pk=pk)).data, status=code)

    def _save(self, request, request_id=None, partial=False):
        serializer = AccessRequestInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        streets = data.pop("target_streets", None)
        communities = data.pop("target_communities", None)
        return services.access_request_save(
            by=request.user, fields=data, streets=streets, communities=communities, request_id=request_id
        )

    @extend_schema(request=AccessRequestInputSerializer, responses={201: AccessRequestSerializer, 400: BAD})
    def create(self, request, *args, **kwargs):
        return self._out(self._save(request).pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=AccessRequestInputSerializer,
        responses={200: AccessRequestSerializer, 400: BAD, 409: CONFLICT},
    )
    def update(self, request, *args, **kwargs):
        req = self.get_object()
        return self._out(self._save(request, req.pk, partial=kwargs.get("partial", False)).pk)

    @extend_schema(request=None, responses={200: AccessRequestSerializer, 400: BAD, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        req = self.get_object()
        return self._out(services.access_request_submit(request_id=req.pk, by=request.user).pk)

    def _decide(self, request, verb):
        req = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.access_request_decide(
            request_id=req.pk, by=request.user, action=verb, reason=serializer.validated_data["reason"]
        )
        return self._out(req.pk)

    @extend_schema(
        request=DecisionSerializer, responses={200: AccessRequestSerializer, 400: BAD, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, "approve")

    @extend_schema(
        request=DecisionSerializer, responses={200: AccessRequestSerializer, 400: BAD, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, "reject")

    @extend_schema(
        request=DecisionSerializer, responses={200: AccessRequestSerializer, 400: BAD, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_revision(self, request, pk=None):
        return self._decide(request, "return")

    @extend_schema(
        request=DecisionSerializer, responses={200: AccessRequestSerializer, 400: BAD, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._decide(request, "revoke")


ASSIGNMENT_API_COLUMNS = (
    *(
        f
        for f in AssignmentSerializer.Meta.fields
        if f not in ("community_code", "task_item_code", "department")
    ),
    "community__code",
    "task_item__code",
    "task_item__department_id",
)


class AssignmentViewSet(RowListMixin, viewsets.ReadOnlyModelViewSet):
    """下沉任务: scoped; communities complete them, the head refuses unapproved ones."""

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    permission_classes = [RolePermission]
    action_roles = {"complete": COMMUNITY, "refuse": ("community_head",)}

    def get_queryset(self):
        # The API shows the community's and the item's codes, everything else as ids: only
        # those two rows are joined, and only the columns the serializer reads are loaded.
        return (
            selectors.assignment_list(user=self.request.user)
            .select_related(None)
            .select_related("community", "task_item")
            .only(*ASSIGNMENT_API_COLUMNS)
            .order_by("-assigned_on", "-id")
        )

    @extend_schema(request=None, responses={200: AssignmentSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        assignment = services.assignment_complete(assignment_id=self.get_object().pk, by=request.user)
        return Response(AssignmentSerializer(self.get_queryset().get(pk=assignment.pk)).data)

    @extend_schema(request=RefuseSerializer, responses={200: AssignmentSerializer, 400: BAD, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        target = self.get_object()
        serializer = RefuseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.assignment_refuse(
            assignment_id=target.pk, by=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(AssignmentSerializer(self.get_queryset().get(pk=target.pk)).data)


class WorkLogViewSet(
    RowListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """工作日志: scoped reads; community staff add entries."""

    # Newest first, cursor-paginated on (date, id): a district holds millions of rows, so the
    # list neither counts them nor offsets into them (tasks/pagination.py); the order is fixed.
    # A page is read as named rows of exactly the serializer's columns (RowListMixin).
    filterset_class = WorkLogFilterSet
    filter_backends = [FilterBackend]
    pagination_class = WorkLogCursorPagination
    permission_classes = [RolePermission]
    action_roles = {"create": COMMUNITY}

    def get_queryset(self):
        return selectors.worklog_list(user=self.request.user, related=("community",)).order_by("-date", "-id")

    def get_serializer_class(self):
        return WorkLogInputSerializer if self.action == "create" else WorkLogSerializer

    @extend_schema(request=WorkLogInputSerializer, responses={201: WorkLogSerializer, 400: BAD})
    def create(self, request, *args, **kwargs):
        serializer = WorkLogInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.worklog_create(
            by=request.user,
            line=services.LogLine(
                date=data["date"],
                hours=data["hours"],
                people=data["people"],
                assignment_id=data.get("assignment"),
                department_id=data.get("department"),
                category=data["category"],
                note=data.get("note", ""),
            ),
        )
        return Response(WorkLogSerializer(entry).data, status=status.HTTP_201_CREATED)


class NotificationViewSet(RowListMixin, viewsets.ReadOnlyModelViewSet):
    """站内通知 of the caller's department or community."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(notification_id=self.get_object().pk, by=request.user)
        return Response(NotificationSerializer(notification).data)
