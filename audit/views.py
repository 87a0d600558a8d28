"""The auditor's page: the trail's retention, a date-range filter and the Excel export."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from communityops.excel import xlsx_response
from communityops.views import RoleRequiredMixin
from organisation.navigation import DISTRICT

from . import selectors
from .services import audit_record

EXPORT_HEADERS = (
    gettext_lazy("编号"),
    gettext_lazy("时间"),
    gettext_lazy("操作人"),
    gettext_lazy("动作"),
    gettext_lazy("对象类型"),
    gettext_lazy("对象编号"),
    gettext_lazy("对象"),
    gettext_lazy("变更前"),
    gettext_lazy("变更后"),
    gettext_lazy("理由"),
    gettext_lazy("哈希"),
    gettext_lazy("前一条哈希"),
)


# The trail's dates: 2000–2100 (a year like 9999 would overflow the day after the range's end).
TRAIL_DATES = [MinValueValidator(datetime.date(2000, 1, 1)), MaxValueValidator(datetime.date(2100, 12, 31))]


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("起始日期"),
        required=False,
        validators=TRAIL_DATES,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("截止日期"),
        required=False,
        validators=TRAIL_DATES,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    action = forms.CharField(
        label=gettext_lazy("动作"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("前缀匹配，如 auth.、access.denied、personal_data.reveal"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class AuditIndexView(RoleRequiredMixin, TemplateView):
    """审计日志: district admins see the retention, the latest records and export a range."""

    allowed_roles = DISTRICT
    template_name = "audit/index.html"

    def get_context_data(self, **kwargs):
        form = AuditFilterForm(self.request.GET or None)
        records = selectors.audit_record_list(user=self.request.user, **form.filters())
        latest = list(records.select_related("actor").order_by("-id")[:50])
        return {
            **super().get_context_data(**kwargs),
            "title": _("审计日志"),
            "form": form,
            "records": latest,
            "total": records.count(),
            "retention": selectors.audit_retention_status(),
            "query": self.request.GET.urlencode(),
        }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


class AuditExportView(RoleRequiredMixin, View):
    """审计记录导出 (xlsx) for the auditor; the export itself is audited."""

    allowed_roles = DISTRICT

    def get(self, request):
        form = AuditFilterForm(request.GET or None)
        filters = form.filters()
        records = selectors.audit_record_list(user=request.user, **filters)
        audit_record(
            actor=request.user,
            action="audit.export",
            after={k: str(v) for k, v in filters.items()},
        )
        rows = (
            (
                r.pk,
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                r.actor_name,
                r.action,
                r.target_type,
                r.target_id,
                r.target_repr,
                _cell(r.before),
                _cell(r.after),
                r.reason,
                r.hash,
                r.prev_hash,
            )
            for r in records.iterator(chunk_size=2000)
        )
        filename = f"audit-{timezone.localdate().isoformat()}.xlsx"
        return xlsx_response(filename, [str(h) for h in EXPORT_HEADERS], rows, title=str(_("审计日志")))
