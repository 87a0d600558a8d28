from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.personal_data import PERSONAL_PARAM
from organisation.scoping import scope_for

from .. import selectors, services
from ..filtersets import (
    CanonicalFieldFilterSet,
    FieldMappingFilterSet,
    LedgerBookFilterSet,
    LedgerEntryFilterSet,
    LedgerTypeFilterSet,
    ReportFormFilterSet,
    ReportSubmissionFilterSet,
)
from ..models import FieldType
from ..spreadsheets import entries_bytes, template_bytes
from ..views import book_export_fields
from . import serializers as s


def _denied(exc):
    return exceptions.PermissionDenied(str(exc))


class _ServiceMixin:
    """Service PermissionDenied → 403 with the reason."""

    def handle_exception(self, exc):
        if isinstance(exc, DjangoPermissionDenied):
            exc = _denied(exc)
        return super().handle_exception(exc)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    from communityops.excel import XLSX_CONTENT_TYPE

    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


REVEAL_RESPONSES = {
    200: s.ValueRevealSerializer,
    400: OpenApiResponse(
        description="field errors: `field` not an ID/phone field or empty, `reason` missing"
    ),
    403: OpenApiResponse(description="the role may not see personal data in full"),
    404: OpenApiResponse(description="not in the user's scope"),
}


def _reveal(request, service, **target) -> Response:
    serializer = s.ValueRevealInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    field = serializer.validated_data["field"]
    value = service(by=request.user, field=field, reason=serializer.validated_data["reason"], **target)
    response = Response(s.ValueRevealSerializer({"field": field, "value": value}).data)
    response["Cache-Control"] = "no-store"
    return response


class LedgerTypeViewSet(_ServiceMixin, viewsets.ReadOnlyModelViewSet):
    """台账目录. Writes (district): create, update, cancel."""

    serializer_class = s.LedgerTypeSerializer
    filterset_class = LedgerTypeFilterSet

    def get_queryset(self):
        return selectors.ledger_type_list(user=self.request.user)

    @extend_schema(request=s.LedgerTypeInputSerializer, responses={201: s.LedgerTypeSerializer})
    def create(self, request):
        data = self._input(request)
        obj = services.ledger_type_save(by=request.user, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=obj.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.LedgerTypeInputSerializer, responses=s.LedgerTypeSerializer)
    def update(self, request, pk=None):
        obj = self.get_object()
        data = self._input(request)
        services.ledger_type_save(by=request.user, ledger_type_id=obj.pk, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    def _input(self, request):
        serializer = s.LedgerTypeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(request=s.ReasonSerializer, responses=s.LedgerTypeSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        obj = self.get_object()
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.ledger_type_cancel(
            ledger_type_id=obj.pk, by=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def template(self, request, pk=None):
        obj = self.get_object()
        content = template_bytes(
            str(obj), services.ledger_type_specs(obj), {k: str(v) for k, v in FieldType.choices}
        )
        return _xlsx(content, _("%(code)s_导入模板.xlsx") % {"code": obj.code})


class LedgerBookViewSet(_ServiceMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """台账 per community and year; communities open their own (档号 assigned)."""

    serializer_class = s.LedgerBookSerializer
    filterset_class = LedgerBookFilterSet

    def get_queryset(self):
        return selectors.ledger_book_list(user=self.request.user)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = getattr(request.user, "membership", None)
        if not scope_for(request.user).is_community:
            raise exceptions.PermissionDenied(_("只有社区可以建立台账。"))
        book = services.ledger_book_open(
            by=request.user,
            community=membership.community,
            ledger_type=serializer.validated_data["ledger_type"],
            year=serializer.validated_data["year"],
            books=serializer.validated_data.get("books", 1),
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=book.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request={"multipart/form-data": s.ImportInputSerializer},
        responses={200: s.ImportResultSerializer, 400: s.ImportResultSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_entries(self, request, pk=None):
        book = self.get_object()
        serializer = s.ImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        result = services.ledger_entries_import(
            by=request.user, book_id=book.pk, upload=upload, filename=upload.name
        )
        data = {
            "created": result.created,
            "updated": result.updated,
            "total_errors": result.total_errors,
            "errors": result.errors,
        }
        return Response(data, status=status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                PERSONAL_PARAM,
                str,
                enum=["1"],
                description="1 = 包含个人信息 (ID/phone columns, still masked; community staff only; audited)",
            )
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        book = self.get_object()
        names = book_export_fields(book, user=request.user, params=request.query_params)
        rows = (
            (e.row_id, e.entry_date, e.values or {})
            for e in book.entries.order_by("id")
            .only("row_id", "entry_date", "values")
            .iterator(chunk_size=2000)
        )
        return _xlsx(
            entries_bytes(str(book), names, rows),
            f"{book.archive_number or book.pk}.xlsx",
        )


class LedgerEntryViewSet(
    _ServiceMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """电子台账记录, validated against the ledger type's fields."""

    serializer_class = s.LedgerEntrySerializer
    filterset_class = LedgerEntryFilterSet
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        return selectors.ledger_entry_list(user=self.request.user)

    @extend_schema(request=s.LedgerEntryInputSerializer, responses={201: s.LedgerEntrySerializer})
    def create(self, request):
        serializer = s.LedgerEntryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not selectors.ledger_book_list(user=request.user).filter(pk=data["book"]).exists():
            raise exceptions.NotFound()
        entry = services.ledger_entry_create(
            by=request.user, book_id=data["book"], values=data["values"], entry_date=data.get("entry_date")
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.LedgerEntryChangeSerializer, responses=s.LedgerEntrySerializer)
    def update(self, request, pk=None):
        entry = self.get_object()
        serializer = s.LedgerEntryChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.ledger_entry_update(
            by=request.user, entry_id=entry.pk, values=data["values"], entry_date=data.get("entry_date")
        )
        return Response(self.get_serializer(entry).data)

    @extend_schema(request=s.ValueRevealInputSerializer, responses=REVEAL_RESPONSES)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """查看完整身份证号/电话: own community's staff and head only, reason required, audited."""
        return _reveal(request, services.ledger_entry_value_reveal, entry_id=self.get_object().pk)


class ReportFormViewSet(_ServiceMixin, viewsets.ReadOnlyModelViewSet):
    """报表目录; registration per year (district) and sending to communities."""

    serializer_class = s.ReportFormSerializer
    filterset_class = ReportFormFilterSet

    def get_queryset(self):
        return selectors.report_form_list(user=self.request.user)

    @extend_schema(request=s.ReportFormInputSerializer, responses={201: s.ReportFormSerializer})
    def create(self, request):
        serializer = s.ReportFormInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = services.report_form_save(by=request.user, **serializer.validated_data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=obj.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.ReportFormInputSerializer, responses=s.ReportFormSerializer)
    def update(self, request, pk=None):
        obj = self.get_object()
        serializer = s.ReportFormInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.report_form_save(by=request.user, report_form_id=obj.pk, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(request=s.RegisterInputSerializer, responses=s.ReportFormSerializer)
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        obj = self.get_object()
        serializer = s.RegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.report_form_register(by=request.user, report_form_id=obj.pk, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(request=s.SendInputSerializer, responses={201: s.ReportSubmissionSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        obj = self.get_object()
        serializer = s.SendInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        created = services.report_form_send(
            by=request.user,
            report_form_id=obj.pk,
            communities=data["communities"],
            period=data["period"],
            due_date=data["due_date"],
        )
        return Response(s.ReportSubmissionSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class ReportSubmissionViewSet(_ServiceMixin, viewsets.ReadOnlyModelViewSet):
    """报表报送: fill (pre-filled), submit, approve up the levels, return."""

    serializer_class = s.ReportSubmissionSerializer
    filterset_class = ReportSubmissionFilterSet

    def get_queryset(self):
        return selectors.report_submission_list(user=self.request.user)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def prefill(self, request, pk=None):
        return Response(selectors.submission_prefill(submission=self.get_object()))

    @extend_schema(request=s.FillInputSerializer, responses=s.ReportSubmissionSerializer)
    @action(detail=True, methods=["post"])
    def fill(self, request, pk=None):
        obj = self.get_object()
        serializer = s.FillInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = services.report_submission_fill(
            by=request.user, submission_id=obj.pk, **serializer.validated_data
        )
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=None, responses=s.ReportSubmissionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        obj = services.report_submission_approve(by=request.user, submission_id=self.get_object().pk)
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.ReportSubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        obj = self.get_object()
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = services.report_submission_return(
            by=request.user, submission_id=obj.pk, reason=serializer.validated_data["reason"]
        )
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=s.ValueRevealInputSerializer, responses=REVEAL_RESPONSES)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """查看完整身份证号/电话 in the 填报内容: own community's staff and head only, reason
        required, audited."""
        return _reveal(request, services.report_submission_value_reveal, submission_id=self.get_object().pk)


class CanonicalFieldViewSet(_ServiceMixin, viewsets.ReadOnlyModelViewSet):
    """字段字典 (一表通)."""

    serializer_class = s.CanonicalFieldSerializer
    filterset_class = CanonicalFieldFilterSet

    def get_queryset(self):
        return selectors.canonical_field_list(user=self.request.user)

    @extend_schema(request=s.CanonicalFieldInputSerializer, responses={201: s.CanonicalFieldSerializer})
    def create(self, request):
        return self._save(request, None, status.HTTP_201_CREATED)

    @extend_schema(request=s.CanonicalFieldInputSerializer, responses=s.CanonicalFieldSerializer)
    def update(self, request, pk=None):
        return self._save(request, self.get_object().pk, status.HTTP_200_OK)

    def _save(self, request, pk, code):
        serializer = s.CanonicalFieldInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = services.canonical_field_save(by=request.user, canonical_id=pk, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data, status=code)


class FieldMappingViewSet(_ServiceMixin, viewsets.ReadOnlyModelViewSet):
    """字段对照: suggested automatically, confirmed by the district."""

    serializer_class = s.FieldMappingSerializer
    filterset_class = FieldMappingFilterSet

    def get_queryset(self):
        return selectors.field_mapping_list(user=self.request.user)

    @extend_schema(request=s.ConfirmInputSerializer, responses=s.FieldMappingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        obj = self.get_object()
        serializer = s.ConfirmInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = services.field_mapping_confirm(
            by=request.user, mapping_id=obj.pk, canonical=serializer.validated_data["canonical"]
        )
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def suggest(self, request):
        if not scope_for(request.user).is_district:
            raise exceptions.PermissionDenied(_("只有区减负办可以生成对照建议。"))
        return Response({"suggestions": services.field_mappings_suggest()})


class DuplicateAnalysisView(APIView):
    """重复字段分析 (一表通): fields by demand, re-entry hours, merge proposal, headline measures."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(selectors.duplicate_analysis())


class FieldsOverlapView(APIView):
    """Which of the given field names existing ledgers, forms or platforms already demand."""

    @extend_schema(
        parameters=[OpenApiParameter("names", str, description="字段名称，用“、”或“,”分隔", required=True)],
        responses=s.OverlapSerializer(many=True),
    )
    def get(self, request):
        import re

        names = [n for n in re.split(r"[、,，]", request.query_params.get("names", "")) if n.strip()]
        return Response(selectors.fields_overlap(field_names=names))
