"""The burden report over the API: ``GET /api/v1/burden/report/?scope=…&year=…``.

Scoping: a user may ask only for scopes inside its own unit (a community itself; a street its
street and communities; a district admin its district, streets and communities; superusers
everything, including ``all``). Out of scope → 404. Department officers get 403: the report is
about communities; their own department's burden is on their dashboard (``burden:dashboard``).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from organisation.scoping import scope_for

from .. import selectors
from ..calculations import parse_scope


class BurdenReportView(APIView):
    """负担统计报告 of one scope and calendar year (the snapshot when there is one)."""

    @extend_schema(
        operation_id="burden_report",
        parameters=[
            OpenApiParameter(
                "scope",
                str,
                description="all | district:<名称> | street:<编码> | community:<编码>; default: the user's own unit",
            ),
            OpenApiParameter("year", int, description="calendar year; default: this year"),
        ],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT, description="the report, keys as in contracts/burden-report.md"
            ),
            400: OpenApiResponse(description="bad scope or year"),
            403: OpenApiResponse(description="department officers"),
            404: OpenApiResponse(description="scope outside the user's own"),
        },
    )
    def get(self, request):
        if scope_for(request.user).is_department:
            raise PermissionDenied(gettext("职能部门请在本部门负担看板查看其施加的负担。"))
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except ValueError as exc:
            raise ValidationError({"year": gettext("年度应为四位数字。")}) from exc
        if not 2000 <= year <= 2100:
            raise ValidationError({"year": gettext("年度应在2000至2100之间。")})
        text = request.query_params.get("scope") or selectors.default_scope(user=request.user)
        kind, sep, key = (text or "").partition(":")
        if text != "all" and (kind not in ("district", "street", "community") or not sep or not key.strip()):
            raise ValidationError(
                {"scope": gettext("范围应为 all、district:<名称>、street:<编码> 或 community:<编码>。")}
            )
        if not selectors.scope_allowed(user=request.user, scope=text.strip()):
            raise NotFound()
        try:
            parsed = parse_scope(text)
        except ValidationError as exc:
            raise NotFound() from exc
        report, _ = selectors.report_for(scope=parsed.text, year=year)
        return Response(report)
