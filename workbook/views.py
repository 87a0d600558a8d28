"""Pages of the workbook app: upload (批量导入), progress, result, and the export download."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View

from communityops.excel import XLSX_CONTENT_TYPE
from communityops.views import RoleRequiredMixin

from . import selectors, services, spec
from .forms import ExportForm, ImportForm

EXPORT_ROLES = ("district_admin", "street_supervisor", "community_head", "community_staff")


def chinese_ui() -> bool:
    """Whether the reader's language is Chinese (sheet names, headers and the export follow it)."""
    return (get_language() or "").startswith("zh")


def job_result(job) -> dict:
    """The result tables in the reader's language: counts under the sheets' display names (中文
    工作表名 in the Chinese UI, the contract's English keys otherwise); errors keep the sheet name
    as written in the uploaded file (what the user sees in Excel) and show the column's label."""
    chinese = chinese_ui()
    counts = [
        (spec.SHEETS_BY_KEY[key].zh if chinese and key in spec.SHEETS_BY_KEY else key, c)
        for key, c in (job.counts or {}).items()
    ]
    errors = []
    for error in job.errors or []:
        sheet = spec.sheet_for(error.get("sheet") or "")
        column = error.get("column") or ""
        if chinese and sheet is not None and column in sheet.by_key:
            column = sheet.by_key[column].zh
        errors.append({**error, "column": column})
    return {"job": job, "sheet_counts": counts, "error_rows": errors}


class ImportView(RoleRequiredMixin, View):
    """批量导入: upload form, recent jobs, and the export form."""

    allowed_roles = services.IMPORT_ROLES
    template_name = "workbook/import.html"

    def get(self, request):
        return self.render(ImportForm(user=request.user))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                job = services.import_job_create(user=request.user, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return redirect("workbook:job_detail", pk=job.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        jobs = selectors.import_job_list(user=self.request.user)[:20]
        context = {
            "title": _("批量导入导出"),
            "form": form,
            "export_form": ExportForm(
                user=self.request.user,
                initial={"year": timezone.localdate().year, "chinese": chinese_ui()},
            ),
            "jobs": jobs,
        }
        return render(self.request, self.template_name, context, status=status)


class JobDetailView(RoleRequiredMixin, View):
    """导入结果: progress while the job runs, then counts per sheet, warnings and every error."""

    allowed_roles = services.IMPORT_ROLES

    def get(self, request, pk: int):
        job = selectors.import_job_get(user=request.user, pk=pk)
        template = "workbook/_job_status.html" if request.htmx else "workbook/job_detail.html"
        return render(request, template, {**job_result(job), "title": _("导入结果")})


class ExportView(RoleRequiredMixin, View):
    """导出工作簿: the scope's organisation, catalogs and records as one workbook."""

    allowed_roles = EXPORT_ROLES

    def get(self, request):
        form = ExportForm(request.GET or None, user=request.user, initial={"chinese": chinese_ui()})
        if not request.GET:
            return render(request, "workbook/export.html", {"form": form, "title": _("导出工作簿")})
        if not form.is_valid():
            return render(
                request, "workbook/export.html", {"form": form, "title": _("导出工作簿")}, status=400
            )
        response = export_response(
            user=request.user,
            scope_text=form.cleaned_data["scope"],
            year=form.cleaned_data["year"],
            chinese=form.cleaned_data["chinese"],
        )
        return response


class TemplateView(RoleRequiredMixin, View):
    """空白模板: every contract sheet with its header row (Chinese names in the Chinese UI)."""

    allowed_roles = tuple(dict.fromkeys(services.IMPORT_ROLES + EXPORT_ROLES))

    def get(self, request):
        chinese = chinese_ui()
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        services.workbook_template(target=handle, chinese=chinese)
        handle.seek(0)
        name = "减负工作簿v1-空白模板.xlsx" if chinese else "workbook-v1-template.xlsx"
        response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response


def export_response(*, user, scope_text: str, year: int | None, chinese: bool) -> FileResponse:
    """The export as a download (written to a temporary file first, streamed from there).

    An unknown or malformed scope is a ValidationError (400); a scope outside the user's own unit
    (not among `selectors.export_scope_choices`, the export form's list) is PermissionDenied."""
    target_scope = services.parse_scope(scope_text)
    if not selectors.export_scope_allowed(user=user, scope_text=scope_text):
        raise PermissionDenied
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    services.workbook_export(scope=target_scope, target=handle, year=year, chinese=chinese)
    handle.seek(0)
    name = f"workbook-{scope_text.replace(':', '-')}{f'-{year}' if year else ''}.xlsx"
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
