from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from communityops.api import RowListMixin
from organisation.navigation import COMMUNITY, DISTRICT
from organisation.permissions import RolePermission

from .. import selectors, services
from ..filtersets import CertificateKindFilterSet, CertificateRecordFilterSet, SealUseFilterSet
from ..ratelimit import verify_rate_exceeded
from .serializers import (
    ApplicantInputSerializer,
    CertificateKindSerializer,
    CertificateRecordSerializer,
    IssueInputSerializer,
    PledgeInputSerializer,
    RefuseInputSerializer,
    RevealInputSerializer,
    RevealSerializer,
    RevokeInputSerializer,
    SealUseInputSerializer,
    SealUseSerializer,
    VerificationSerializer,
)


class CertificateKindViewSet(
    RowListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """证明事项清单: every member reads it; the district office (区减负办) edits it."""

    serializer_class = CertificateKindSerializer
    filterset_class = CertificateKindFilterSet
    permission_classes = [RolePermission]
    action_roles = {"create": DISTRICT, "update": DISTRICT, "partial_update": DISTRICT}

    def get_queryset(self):
        return selectors.certificate_kind_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.certificate_kind_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "code"}
        serializer.instance = services.certificate_kind_update(
            by=self.request.user, kind_id=serializer.instance.pk, **data
        )


def _record_response(record, code=status.HTTP_201_CREATED) -> Response:
    return Response(CertificateRecordSerializer(record).data, status=code)


class CertificateRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """证明出具记录 and the counter's actions (出具, 不予出具, 告知转办, 告知承诺, 作废)."""

    serializer_class = CertificateRecordSerializer
    filterset_class = CertificateRecordFilterSet
    permission_classes = [RolePermission]
    action_roles = {a: COMMUNITY for a in ("issue", "refuse", "redirect", "pledge", "revoke", "reveal")}
    ordering_fields = ["date", "serial", "id"]

    def get_queryset(self):
        return selectors.certificate_record_list(user=self.request.user)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["kind_id"] = data.pop("kind")
        return data

    @extend_schema(request=IssueInputSerializer, responses={201: CertificateRecordSerializer})
    @action(detail=False, methods=["post"])
    def issue(self, request):
        """出具证明 (class A; class B with all its evidence). Class C → 400."""
        return _record_response(
            services.certificate_issue(by=request.user, **self._input(IssueInputSerializer))
        )

    @extend_schema(request=RefuseInputSerializer, responses={201: CertificateRecordSerializer})
    @action(detail=False, methods=["post"])
    def refuse(self, request):
        """不予出具 with a reason (a refusal notice is printed)."""
        return _record_response(
            services.certificate_refuse(by=request.user, **self._input(RefuseInputSerializer))
        )

    @extend_schema(request=ApplicantInputSerializer, responses={201: CertificateRecordSerializer})
    @action(detail=False, methods=["post"])
    def redirect(self, request):
        """告知转办: a notice names the responsible authority."""
        return _record_response(
            services.certificate_redirect(by=request.user, **self._input(ApplicantInputSerializer))
        )

    @extend_schema(request=PledgeInputSerializer, responses={201: CertificateRecordSerializer})
    @action(detail=False, methods=["post"])
    def pledge(self, request):
        """告知承诺 where the catalog allows it."""
        return _record_response(
            services.certificate_pledge(by=request.user, **self._input(PledgeInputSerializer))
        )

    @extend_schema(
        request=RevokeInputSerializer,
        responses={200: CertificateRecordSerializer, 409: OpenApiResponse(description="already revoked")},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """作废 with a reason; revoking twice → 409."""
        record = self.get_object()
        serializer = RevokeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.certificate_revoke(
            by=request.user, record_id=record.pk, reason=serializer.validated_data["reason"]
        )
        return _record_response(record, code=status.HTTP_200_OK)

    @extend_schema(request=RevealInputSerializer, responses={200: RevealSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """查看完整公民身份号码: own community's staff and head only, reason required, audited."""
        record = self.get_object()
        serializer = RevealInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            number = services.certificate_applicant_id_reveal(
                by=request.user, record_id=record.pk, reason=serializer.validated_data["reason"]
            )
        except ValidationError as exc:
            if "reason" not in exc.message_dict:
                raise exceptions.PermissionDenied(exc.messages[0]) from None
            raise
        response = Response(RevealSerializer({"applicant_id_number": number}).data)
        response["Cache-Control"] = "no-store"
        return response


class CertificateVerificationView(APIView):
    """证明核验 (public): kind, community, date, valid or revoked; rate-limited per address."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        responses={
            200: VerificationSerializer,
            404: OpenApiResponse(description="unknown code"),
            429: OpenApiResponse(description="too many lookups"),
        }
    )
    def get(self, request, code: str):
        if verify_rate_exceeded(request):
            raise exceptions.Throttled(detail=_("查询过于频繁，请一分钟后再试。"))
        result = selectors.certificate_verify(code=code)
        if result is None:
            raise exceptions.NotFound(_("未找到该核验码对应的证明。"))
        return Response(VerificationSerializer(result).data)


class SealUseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """用印登记 (append-only): the counter's documents add themselves; POST records any other use."""

    serializer_class = SealUseSerializer
    filterset_class = SealUseFilterSet
    permission_classes = [RolePermission]
    action_roles = {"create": COMMUNITY}

    def get_queryset(self):
        return selectors.seal_use_list(user=self.request.user)

    @extend_schema(request=SealUseInputSerializer, responses={201: SealUseSerializer})
    def create(self, request, *args, **kwargs):
        serializer = SealUseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        use = services.seal_use_record(by=request.user, **serializer.validated_data)
        return Response(SealUseSerializer(use).data, status=status.HTTP_201_CREATED)
