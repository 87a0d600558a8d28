"""API of the workbook app: POST an import (multipart), GET its status, GET an export."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from organisation.permissions import RolePermission

from .. import selectors, services
from ..views import EXPORT_ROLES, export_response
from .serializers import ExportQuerySerializer, ImportJobSerializer, ImportUploadSerializer


class ImportJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """批量导入任务: upload a workbook (202, imported by a Celery task), then poll its status."""

    serializer_class = ImportJobSerializer
    permission_classes = [RolePermission]
    allowed_roles = services.IMPORT_ROLES
    parser_classes = [MultiPartParser, FormParser]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.import_job_list(user=self.request.user)

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={202: ImportJobSerializer, 400: OpenApiResponse(description="文件不合格")},
    )
    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        job = services.import_job_create(user=request.user, upload=upload.validated_data["file"])
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ExportView(APIView):
    """导出工作簿 (workbook-v1) for a scope inside the caller's unit."""

    permission_classes = [RolePermission]
    allowed_roles = EXPORT_ROLES

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "scope", str, description="all | district:<区名> | street:<街道编码> | community:<社区编码>"
            ),
            OpenApiParameter("year", int, required=False),
            OpenApiParameter("chinese", bool, required=False),
        ],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="范围不正确"),
            403: OpenApiResponse(description="范围超出管辖"),
        },
    )
    def get(self, request):
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return export_response(
            user=request.user,
            scope_text=query.validated_data["scope"],
            year=query.validated_data.get("year"),
            chinese=query.validated_data["chinese"],
        )
