from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ledgers.models import LedgerBook
from organisation.navigation import COMMUNITY, SUPERVISORS
from organisation.permissions import RolePermission

from .. import selectors, services
from ..filtersets import DisposalBatchFilterSet, DisposalRecordFilterSet, DueFilterSet
from ..models import RecordKind
from .serializers import (
    DecisionInputSerializer,
    DisposalBatchDetailSerializer,
    DisposalBatchSerializer,
    DisposalRecordSerializer,
    DueCountsSerializer,
    DueRecordSerializer,
    ProposeInputSerializer,
)

ARCHIVE_ROLES = COMMUNITY + SUPERVISORS
KIND_PARAMETER = OpenApiParameter(
    "kind", str, enum=RecordKind.values, description="ledger_book (default) or certificate"
)


@extend_schema_view(list=extend_schema(parameters=[KIND_PARAMETER]))
class DueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """到期待销毁: records past their retention period, one kind per request (`kind`)."""

    serializer_class = DueRecordSerializer
    filterset_class = DueFilterSet
    ordering_fields = ["id", "community"]
    permission_classes = [RolePermission]
    allowed_roles = ARCHIVE_ROLES

    def _kind(self) -> str:
        kind = self.request.query_params.get("kind", "")
        return kind if kind in RecordKind.values else RecordKind.LEDGER_BOOK

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no database
            return LedgerBook.objects.none()
        return selectors.due_list(user=self.request.user, kind=self._kind(), today=timezone.localdate())

    @extend_schema(responses={200: DueCountsSerializer})
    @action(detail=False, methods=["get"])
    def counts(self, request):
        """How many records of each kind are due (before filters)."""
        due = selectors.records_due_for_disposal(request.user, today=timezone.localdate())
        return Response(DueCountsSerializer(due.counts()).data)


class DisposalRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """档案销毁登记."""

    serializer_class = DisposalRecordSerializer
    filterset_class = DisposalRecordFilterSet
    ordering_fields = ["year", "destroyed_on", "id"]
    permission_classes = [RolePermission]
    allowed_roles = ARCHIVE_ROLES

    def get_queryset(self):
        return selectors.disposal_record_list(user=self.request.user)


def _batch_response(batch, code=status.HTTP_200_OK) -> Response:
    return Response(DisposalBatchDetailSerializer(batch).data, status=code)


class DisposalBatchViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """销毁清册: propose (POST), then approve or reject (监销人, not the proposer), then execute."""

    filterset_class = DisposalBatchFilterSet
    ordering_fields = ["proposed_at", "executed_on", "id"]
    permission_classes = [RolePermission]
    allowed_roles = ARCHIVE_ROLES
    action_roles = {
        "create": services.PROPOSER_ROLES,
        "approve": services.APPROVER_ROLES,
        "reject": services.APPROVER_ROLES,
        "execute": services.EXECUTOR_ROLES,
    }

    def get_queryset(self):
        queryset = selectors.disposal_batch_list(user=self.request.user)
        if self.action != "list":
            queryset = queryset.prefetch_related("items")
        return queryset

    def get_serializer_class(self):
        return DisposalBatchSerializer if self.action == "list" else DisposalBatchDetailSerializer

    @extend_schema(request=ProposeInputSerializer, responses={201: DisposalBatchDetailSerializer})
    def create(self, request, *args, **kwargs):
        """拟定销毁清册 (community head or street supervisor)."""
        serializer = ProposeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        batch = services.disposal_batch_propose(by=request.user, community_id=data.pop("community"), **data)
        return _batch_response(batch, status.HTTP_201_CREATED)

    def _decide(self, service):
        batch = self.get_object()
        serializer = DecisionInputSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return _batch_response(service(by=self.request.user, batch_id=batch.pk, **serializer.validated_data))

    @extend_schema(
        request=DecisionInputSerializer,
        responses={200: DisposalBatchDetailSerializer, 409: OpenApiResponse(description="not proposed")},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """批准销毁 (监销人); the proposer may not approve (400)."""
        return self._decide(services.disposal_batch_approve)

    @extend_schema(
        request=DecisionInputSerializer,
        responses={200: DisposalBatchDetailSerializer, 409: OpenApiResponse(description="not proposed")},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """不予批准, with a reason: the records return to the due list."""
        return self._decide(services.disposal_batch_reject)

    @extend_schema(
        request=None,
        responses={200: DisposalBatchDetailSerializer, 409: OpenApiResponse(description="not approved")},
    )
    @action(detail=True, methods=["post"])
    def execute(self, request, pk=None):
        """执行销毁: all or nothing; refuses records no longer past retention (400)."""
        batch = self.get_object()
        return _batch_response(services.disposal_batch_execute(by=request.user, batch_id=batch.pk))
