"""Pages: the ledger catalog, books, entries (with Excel), report forms, submissions, the field
dictionary and the duplicate analysis. Views stay thin: services write, selectors read."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from audit.personal_data import personal_export_requested, reveal_allowed
from communityops.errors import TransitionError
from communityops.excel import XLSX_CONTENT_TYPE, xlsx_response
from communityops.views import Column, PersonalExportMixin, RegisterListView, RoleRequiredMixin
from organisation.navigation import COMMUNITY, DISTRICT, SUPERVISORS

from . import selectors, services
from .filtersets import (
    CanonicalFieldFilterSet,
    FieldMappingFilterSet,
    LedgerBookFilterSet,
    LedgerEntryFilterSet,
    LedgerTypeFilterSet,
    ReportFormFilterSet,
    ReportSubmissionFilterSet,
)
from .forms import (
    CancelForm,
    CanonicalFieldForm,
    ImportForm,
    LedgerBookForm,
    LedgerTypeForm,
    MappingConfirmForm,
    RegisterForm,
    ReportFormForm,
    ReturnForm,
    SendForm,
    ValueRevealForm,
    add_service_errors,
    definitions_to_text,
    initial_from,
    values_form,
    values_from,
)
from .models import FieldType, SubmissionStatus
from .spreadsheets import entries_bytes, template_bytes
from .validation import personal_specs, specs_for


def _join(values) -> str:
    return "、".join(str(v) for v in values or [])


class ActionListView(RegisterListView):
    """A register list whose rows carry buttons (edit, cancel, fill …) chosen per role
    (`row_actions`, rendered by the generic list template)."""


# --- ledger catalog --------------------------------------------------------------------------
class LedgerTypeListView(ActionListView):
    title = _("台账目录")
    filterset_class = LedgerTypeFilterSet
    selector = staticmethod(selectors.ledger_type_list)
    export_name = "ledger_types"
    create_url_name = "ledgers:ledger_type_create"
    create_roles = DISTRICT
    columns = (
        Column(_("编码"), "code"),
        Column(_("名称"), "name"),
        Column(_("责任部门"), "department.name"),
        Column(_("保管期限"), "retention"),
        Column(_("档案类别"), "archive_class"),
        Column(_("字段"), lambda o: _join(o.fields)),
        Column(_("状态"), "status"),
        Column(_("台账本数"), "book_total"),
        Column(_("取消理由"), "cancel_reason"),
    )

    def row_actions(self, obj):
        actions = [(_("导入模板"), reverse("ledgers:ledger_type_template", args=[obj.pk]))]
        if self.scope.is_district:
            actions.append((_("编辑"), reverse("ledgers:ledger_type_edit", args=[obj.pk])))
            if obj.status == "active":
                actions.append((_("取消"), reverse("ledgers:ledger_type_cancel", args=[obj.pk])))
        return actions


class CatalogEditView(RoleRequiredMixin, View):
    """Create or edit a ledger type or a report form (district only)."""

    allowed_roles = DISTRICT
    form_class = LedgerTypeForm
    selector = staticmethod(selectors.ledger_type_list)
    list_url = "ledgers:ledger_type_list"
    title = _("台账类型")

    def _object(self, pk):
        return get_object_or_404(type(self).selector(user=self.request.user), pk=pk) if pk else None

    def _render(self, form, obj):
        title = (_("编辑%(what)s") if obj else _("新增%(what)s")) % {"what": self.title}
        return render(
            self.request,
            "ledgers/catalog_form.html",
            {"form": form, "title": title, "object": obj, "cancel_url": reverse(self.list_url)},
        )

    def get(self, request, pk=None):
        obj = self._object(pk)
        initial = {}
        if obj:
            initial = {
                f: getattr(obj, f)
                for f in ("code", "name", "department", "retention", "archive_class", "frequency")
                if hasattr(obj, f)
            }
            initial["fields_text"] = definitions_to_text(specs_for(obj.fields, obj.definitions.all()))
        return self._render(self.form_class(initial=initial, user=request.user), obj)

    def post(self, request, pk=None):
        obj = self._object(pk)
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "fields_text"}
            try:
                saved = self.save(pk=obj.pk if obj else None, data=data, definitions=form.definitions())
            except ValidationError as exc:
                add_service_errors(form, exc, form.error_map)
            else:
                messages.success(request, _("已保存：%(name)s") % {"name": saved})
                return redirect(self.list_url)
        return self._render(form, obj)

    def save(self, *, pk, data, definitions):
        return services.ledger_type_save(
            by=self.request.user, ledger_type_id=pk, definitions=definitions, **data
        )


class LedgerTypeCancelView(RoleRequiredMixin, View):
    allowed_roles = DISTRICT

    def dispatch_object(self, pk):
        return get_object_or_404(selectors.ledger_type_list(user=self.request.user), pk=pk)

    def get(self, request, pk):
        obj = self.dispatch_object(pk)
        return render(request, "generic/object_form.html", self._context(CancelForm(user=request.user), obj))

    def post(self, request, pk):
        obj = self.dispatch_object(pk)
        form = CancelForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.ledger_type_cancel(
                    ledger_type_id=obj.pk, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except TransitionError as exc:
                form.add_error(None, str(exc.detail))
                return render(request, "generic/object_form.html", self._context(form, obj), status=409)
            else:
                messages.success(request, _("已取消台账：%(name)s（历史台账保留）") % {"name": obj})
                return redirect("ledgers:ledger_type_list")
        return render(request, "generic/object_form.html", self._context(form, obj))

    def _context(self, form, obj):
        return {
            "form": form,
            "title": _("取消不必要台账：%(name)s") % {"name": obj},
            "submit_label": _("确认取消"),
            "cancel_url": reverse("ledgers:ledger_type_list"),
        }


class LedgerTypeTemplateView(RoleRequiredMixin, View):
    """导入模板: the header row of one ledger type's fields, with instructions."""

    def get(self, request, pk):
        obj = get_object_or_404(selectors.ledger_type_list(user=request.user), pk=pk)
        content = template_bytes(
            str(obj), services.ledger_type_specs(obj), {k: str(v) for k, v in FieldType.choices}
        )
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        filename = _("%(code)s_导入模板.xlsx") % {"code": obj.code}
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


# --- books and entries -----------------------------------------------------------------------
class LedgerBookListView(ActionListView):
    title = _("台账")
    filterset_class = LedgerBookFilterSet
    selector = staticmethod(selectors.ledger_book_list)
    export_name = "ledger_books"
    create_url_name = "ledgers:book_create"
    create_roles = COMMUNITY
    columns = (
        Column(_("档号"), lambda o: o.archive_number or "—"),
        Column(_("社区"), "community.name"),
        Column(_("台账类型"), "ledger_type"),
        Column(_("责任部门"), "ledger_type.department.name"),
        Column(_("年度"), "year"),
        Column(_("本数"), "books"),
        Column(_("电子记录"), "entry_total"),
        Column(_("状态"), "ledger_type.status"),
    )

    def row_actions(self, obj):
        return [(_("记录"), obj.get_absolute_url())]


class LedgerBookCreateView(RoleRequiredMixin, View):
    allowed_roles = COMMUNITY

    def _render(self, form):
        return render(
            self.request,
            "generic/object_form.html",
            {"form": form, "title": _("建立台账"), "cancel_url": reverse("ledgers:book_list")},
        )

    def get(self, request):
        return self._render(LedgerBookForm(user=request.user))

    def post(self, request):
        form = LedgerBookForm(request.POST, user=request.user)
        if form.is_valid():
            community = request.user.membership.community
            try:
                book = services.ledger_book_open(by=request.user, community=community, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已建立台账，档号 %(no)s") % {"no": book.archive_number})
                return redirect(book.get_absolute_url())
        return self._render(form)


def _content(row, *, personal: bool = True) -> str:
    """内容 of an entry in one cell; ID/phone fields (masked) only with `personal`."""
    hidden = () if personal else set(row.sealed_values or {})
    return "；".join(
        f"{k}：{v}" for k, v in (row.values or {}).items() if v not in (None, "") and k not in hidden
    )


class LedgerEntryListView(PersonalExportMixin, ActionListView):
    """电子台账记录: ID/phone numbers masked on the page, left out of the export unless asked."""

    title = _("电子台账记录")
    filterset_class = LedgerEntryFilterSet
    selector = staticmethod(selectors.ledger_entry_list)
    export_name = "ledger_entries"
    template_name = "ledgers/entry_list.html"
    all_columns = (
        Column(_("档号"), lambda o: o.book.archive_number or "—"),
        Column(_("社区"), "community.name"),
        Column(_("台账类型"), "book.ledger_type"),
        Column(_("登记日期"), "entry_date"),
        Column(_("内容"), _content, wrap=True),
    )

    def minimised_columns(self):
        return (*self.all_columns[:-1], Column(_("内容"), lambda o: _content(o, personal=False), wrap=True))

    def row_actions(self, obj):
        if obj.sealed_values and reveal_allowed(self.request.user, community_id=obj.community_id):
            return [(_("查看完整信息"), reverse("ledgers:entry_reveal", args=[obj.pk]))]
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        book_id = self.request.GET.get("book")
        book = None
        if book_id and book_id.isdigit():
            book = selectors.ledger_book_list(user=self.request.user).filter(pk=book_id).first()
        context["book"] = book
        context["can_write"] = bool(book and self.scope.community_id == book.community_id)
        return context


def _book_for(request, pk):
    return get_object_or_404(
        selectors.ledger_book_list(user=request.user)
        .select_related(None)
        .select_related("community", "ledger_type"),
        pk=pk,
    )


class LedgerEntryCreateView(RoleRequiredMixin, View):
    allowed_roles = COMMUNITY

    def _render(self, form, book):
        return render(
            self.request,
            "generic/object_form.html",
            {
                "form": form,
                "title": _("登记台账记录：%(book)s") % {"book": book},
                "cancel_url": book.get_absolute_url(),
            },
        )

    def get(self, request, pk):
        book = _book_for(request, pk)
        return self._render(values_form(services.ledger_type_specs(book.ledger_type), with_date=True), book)

    def post(self, request, pk):
        book = _book_for(request, pk)
        form = values_form(services.ledger_type_specs(book.ledger_type), data=request.POST, with_date=True)
        form.is_valid()
        try:
            services.ledger_entry_create(
                by=request.user,
                book_id=book.pk,
                values=values_from(form),
                entry_date=request.POST.get("entry_date"),
            )
        except ValidationError as exc:
            form.errors.clear()
            add_service_errors(form, exc)
            return self._render(form, book)
        messages.success(request, _("已登记一条记录"))
        return redirect(book.get_absolute_url())


class LedgerImportView(RoleRequiredMixin, View):
    """导入台账记录: all or nothing; the page lists every error by row and column."""

    allowed_roles = COMMUNITY

    def _render(self, form, book, result=None):
        return render(
            self.request,
            "ledgers/import.html",
            {
                "form": form,
                "book": book,
                "result": result,
                "title": _("导入台账记录：%(book)s") % {"book": book},
            },
        )

    def get(self, request, pk):
        return self._render(ImportForm(user=request.user), _book_for(request, pk))

    def post(self, request, pk):
        book = _book_for(request, pk)
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self._render(form, book)
        upload = form.cleaned_data["file"]
        result = services.ledger_entries_import(
            by=request.user, book_id=book.pk, upload=upload, filename=upload.name
        )
        if result.ok:
            messages.success(
                request,
                _("导入完成：新增 %(c)s 条，更新 %(u)s 条") % {"c": result.created, "u": result.updated},
            )
            return redirect(book.get_absolute_url())
        return self._render(ImportForm(user=request.user), book, result)


def book_export_fields(book, *, user, params) -> list[str]:
    """The columns of a book's export: its ID/phone fields only when asked for and allowed
    (个人信息最小化; the request is audited). Re-importing an export without them keeps them."""
    names = list(book.ledger_type.fields or [])
    personal = personal_specs(services.ledger_type_specs(book.ledger_type))
    if personal and not personal_export_requested(
        user=user, params=params, register=f"ledger_book:{book.pk}"
    ):
        names = [n for n in names if n not in personal]
    return names


class LedgerExportView(RoleRequiredMixin, View):
    """导出台账记录: written row by row (openpyxl write-only) to a temporary file, then streamed."""

    def get(self, request, pk):
        book = _book_for(request, pk)
        names = book_export_fields(book, user=request.user, params=request.GET)
        rows = (
            (e.row_id, e.entry_date, e.values or {})
            for e in book.entries.order_by("id")
            .only("row_id", "entry_date", "values")
            .iterator(chunk_size=2000)
        )
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by FileResponse
        spool.write(entries_bytes(str(book), names, rows))
        spool.seek(0)
        filename = f"{book.archive_number or book.ledger_type.code}.xlsx"
        return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


# --- report forms and submissions ------------------------------------------------------------
class ReportFormListView(ActionListView):
    title = _("报表目录")
    filterset_class = ReportFormFilterSet
    selector = staticmethod(selectors.report_form_list)
    export_name = "report_forms"
    create_url_name = "ledgers:report_form_create"
    create_roles = DISTRICT
    columns = (
        Column(_("编码"), "code"),
        Column(_("名称"), "name"),
        Column(_("责任部门"), "department.name"),
        Column(_("频次"), "frequency"),
        Column(_("字段"), lambda o: _join(o.fields)),
        Column(_("列入年度目录"), lambda o: _join(sorted(r.year for r in o.registrations.all()))),
        Column(_("状态"), "status"),
    )

    def row_actions(self, obj):
        actions = []
        if self.scope.is_district:
            actions.append((_("编辑"), reverse("ledgers:report_form_edit", args=[obj.pk])))
            actions.append((_("列入年度目录"), reverse("ledgers:report_form_register", args=[obj.pk])))
        if self.scope.is_district or self.scope.is_street:
            actions.append((_("下发"), reverse("ledgers:report_form_send", args=[obj.pk])))
        return actions


class ReportFormEditView(CatalogEditView):
    form_class = ReportFormForm
    selector = staticmethod(selectors.report_form_list)
    list_url = "ledgers:report_form_list"
    title = _("报表")

    def save(self, *, pk, data, definitions):
        return services.report_form_save(
            by=self.request.user, report_form_id=pk, definitions=definitions, **data
        )


class ReportFormActionView(RoleRequiredMixin, View):
    """备案 (district) or 下发 (street, district) one report form."""

    allowed_roles = SUPERVISORS
    action = "register"

    def _form(self, data=None):
        return (RegisterForm if self.action == "register" else SendForm)(data, user=self.request.user)

    def _render(self, form, obj):
        title = _("列入年度目录：%(f)s") if self.action == "register" else _("下发报表：%(f)s")
        return render(
            self.request,
            "generic/object_form.html",
            {"form": form, "title": title % {"f": obj}, "cancel_url": reverse("ledgers:report_form_list")},
        )

    def get(self, request, pk):
        obj = get_object_or_404(selectors.report_form_list(user=request.user), pk=pk)
        return self._render(self._form(), obj)

    def post(self, request, pk):
        obj = get_object_or_404(selectors.report_form_list(user=request.user), pk=pk)
        form = self._form(request.POST)
        if form.is_valid():
            try:
                if self.action == "register":
                    services.report_form_register(by=request.user, report_form_id=obj.pk, **form.cleaned_data)
                    messages.success(request, _("已列入年度目录"))
                else:
                    created = services.report_form_send(
                        by=request.user,
                        report_form_id=obj.pk,
                        communities=list(form.cleaned_data["communities"]),
                        period=form.cleaned_data["period"],
                        due_date=form.cleaned_data["due_date"],
                    )
                    messages.success(request, _("已下发到 %(n)s 个社区") % {"n": len(created)})
            except ValidationError as exc:
                add_service_errors(form, exc, {"report_form": None})
            else:
                return redirect("ledgers:report_form_list")
        return self._render(form, obj)


class ValueRevealView(RoleRequiredMixin, View):
    """查看完整信息 of one ID-number/phone field of a ledger entry or report submission: a
    deliberate, audited act with a reason (own community's staff and head only); shown once.
    The two subclasses say which row, which fields, which service."""

    allowed_roles = COMMUNITY

    def selector(self, *, user):
        raise NotImplementedError

    def specs(self, row):
        raise NotImplementedError

    def reveal(self, row, *, field: str, reason: str) -> str:
        raise NotImplementedError

    def detail(self, row) -> tuple:
        raise NotImplementedError

    def back_url(self, row) -> str:
        return row.get_absolute_url()

    def _row(self, pk):
        row = get_object_or_404(self.selector(user=self.request.user), pk=pk)
        if not reveal_allowed(self.request.user, community_id=row.community_id):
            raise PermissionDenied
        return row

    def _fields(self, row) -> list[str]:
        return [name for name in personal_specs(self.specs(row)) if (row.sealed_values or {}).get(name)]

    def _render(self, row, form, *, status=200, revealed="", field=""):
        response = render(
            self.request,
            "ledgers/value_reveal.html",
            {
                "title": _("查看完整信息"),
                "details": [self.detail(row), (_("社区"), row.community.name)],
                "form": form,
                "masked": [(name, (row.values or {}).get(name)) for name in self._fields(row)],
                "revealed": revealed,
                "revealed_field": field,
                "back_url": self.back_url(row),
            },
            status=status,
        )
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request, pk):
        row = self._row(pk)
        form = ValueRevealForm(
            initial={"field": request.GET.get("field", "")}, fields=self._fields(row), user=request.user
        )
        return self._render(row, form)

    def post(self, request, pk):
        row = self._row(pk)
        form = ValueRevealForm(request.POST, fields=self._fields(row), user=request.user)
        form.is_valid()
        field, reason = request.POST.get("field", ""), request.POST.get("reason", "")
        try:
            value = self.reveal(row, field=field, reason=reason)
        except ValidationError as exc:
            form.errors.clear()
            add_service_errors(form, exc)
            return self._render(row, form, status=400)
        return self._render(row, form, revealed=value, field=field)


class EntryRevealView(ValueRevealView):
    def selector(self, *, user):
        return selectors.ledger_entry_list(user=user)

    def specs(self, row):
        return services.ledger_type_specs(row.book.ledger_type)

    def reveal(self, row, *, field, reason):
        return services.ledger_entry_value_reveal(
            by=self.request.user, entry_id=row.pk, field=field, reason=reason
        )

    def detail(self, row):
        return (_("台账"), row.book)

    def back_url(self, row):
        return reverse("ledgers:entry_list") + f"?book={row.book_id}"


class SubmissionRevealView(ValueRevealView):
    def selector(self, *, user):
        return selectors.report_submission_list(user=user)

    def specs(self, row):
        return services.report_form_specs(row.report_form)

    def reveal(self, row, *, field, reason):
        return services.report_submission_value_reveal(
            by=self.request.user, submission_id=row.pk, field=field, reason=reason
        )

    def detail(self, row):
        return (_("报表"), f"{row.report_form} · {row.period or row.date}")


class ReportSubmissionListView(ActionListView):
    title = _("报表报送")
    filterset_class = ReportSubmissionFilterSet
    selector = staticmethod(selectors.report_submission_list)
    export_name = "report_submissions"
    columns = (
        Column(_("报表"), "report_form"),
        Column(_("社区"), "community.name"),
        Column(_("报告期"), lambda o: o.period or "—"),
        Column(_("截止日期"), lambda o: o.due_date or "—"),
        # `date` of a 待报送 row holds its due date until it is sent: no 报送日期 before that.
        Column(_("报送日期"), lambda o: "—" if o.status == SubmissionStatus.DUE else o.date),
        Column(_("份数"), "count"),
        Column(_("状态"), "status"),
        Column(_("审核层级"), "level"),
    )

    def row_actions(self, obj):
        return [(_("查看/填报"), obj.get_absolute_url())]


class ReportSubmissionFillView(RoleRequiredMixin, View):
    """填报 (community, pre-filled) and 审核 / 退回 (street, district) of one submission."""

    def _submission(self, pk):
        return get_object_or_404(selectors.report_submission_list(user=self.request.user), pk=pk)

    def _context(self, submission, form=None, return_form=None):
        specs = services.report_form_specs(submission.report_form)
        editable = self.scope.community_id == submission.community_id and submission.status in (
            SubmissionStatus.DUE,
            SubmissionStatus.RETURNED,
        )
        prefill = selectors.submission_prefill(submission=submission) if editable else {}
        if form is None:
            values = {
                **prefill,
                **{k: v for k, v in (submission.values or {}).items() if v not in (None, "")},
            }
            form = values_form(specs, initial=initial_from(specs, values), prefilled=set(prefill))
        if not editable:
            for field in form.fields.values():
                field.disabled = True
        reviewer = submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.LATE) and (
            (submission.level == "street" and (self.scope.is_street or self.scope.everything))
            or (submission.level == "district" and self.scope.is_district)
        )
        return {
            "title": f"{submission.report_form} · {submission.community} · {submission.period or submission.date}",
            "submission": submission,
            "form": form,
            "editable": editable,
            "prefilled": sorted(prefill),
            "reviewer": reviewer,
            "return_form": return_form or ReturnForm(user=self.request.user),
            "can_reveal": bool(submission.sealed_values)
            and reveal_allowed(self.request.user, community_id=submission.community_id),
        }

    def get(self, request, pk):
        return render(request, "ledgers/submission_fill.html", self._context(self._submission(pk)))

    def post(self, request, pk):
        submission = self._submission(pk)
        action = request.POST.get("action", "save")
        try:
            if action in ("save", "submit"):
                specs = services.report_form_specs(submission.report_form)
                form = values_form(specs, data=request.POST)
                try:
                    services.report_submission_fill(
                        by=request.user,
                        submission_id=submission.pk,
                        values=values_from(form),
                        submit=action == "submit",
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                    return render(
                        request, "ledgers/submission_fill.html", self._context(submission, form=form)
                    )
                messages.success(request, _("已报送") if action == "submit" else _("已保存草稿"))
            elif action == "approve":
                services.report_submission_approve(by=request.user, submission_id=submission.pk)
                messages.success(request, _("审核通过"))
            elif action == "return":
                return_form = ReturnForm(request.POST, user=request.user)
                if not return_form.is_valid():
                    return render(
                        request,
                        "ledgers/submission_fill.html",
                        self._context(submission, return_form=return_form),
                    )
                services.report_submission_return(
                    by=request.user, submission_id=submission.pk, reason=return_form.cleaned_data["reason"]
                )
                messages.success(request, _("已退回社区"))
            else:
                raise Http404
        except TransitionError as exc:
            messages.error(request, str(exc.detail))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect("ledgers:submission_fill", pk=submission.pk)


# --- the field dictionary --------------------------------------------------------------------
class CanonicalFieldListView(ActionListView):
    title = _("字段字典（一表通）")
    filterset_class = CanonicalFieldFilterSet
    selector = staticmethod(selectors.canonical_field_list)
    export_name = "field_dictionary"
    create_url_name = "ledgers:canonical_create"
    create_roles = DISTRICT
    columns = (
        Column(_("标准名称"), "name"),
        Column(_("类型"), "field_type"),
        Column(_("同义词"), lambda o: _join(o.synonyms)),
        Column(_("社区概况来源"), "profile_source"),
        Column(_("每次录入分钟"), "minutes_per_entry"),
        Column(_("对照字段数"), "mapping_total"),
    )

    def row_actions(self, obj):
        return [(_("编辑"), obj.get_absolute_url())] if self.scope.is_district else []


class CanonicalFieldEditView(RoleRequiredMixin, View):
    allowed_roles = DISTRICT

    def _render(self, form, obj):
        return render(
            self.request,
            "generic/object_form.html",
            {
                "form": form,
                "title": _("编辑标准字段") if obj else _("新增标准字段"),
                "cancel_url": reverse("ledgers:canonical_list"),
            },
        )

    def get(self, request, pk=None):
        obj = get_object_or_404(selectors.canonical_field_list(user=request.user), pk=pk) if pk else None
        initial = {}
        if obj:
            initial = {
                "name": obj.name,
                "field_type": obj.field_type,
                "synonyms": _join(obj.synonyms),
                "profile_source": obj.profile_source,
                "minutes_per_entry": obj.minutes_per_entry,
            }
        return self._render(CanonicalFieldForm(initial=initial, user=request.user), obj)

    def post(self, request, pk=None):
        obj = get_object_or_404(selectors.canonical_field_list(user=request.user), pk=pk) if pk else None
        form = CanonicalFieldForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.canonical_field_save(
                    by=request.user, canonical_id=obj.pk if obj else None, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("ledgers:canonical_list")
        return self._render(form, obj)


class FieldMappingListView(ActionListView):
    title = _("字段对照")
    filterset_class = FieldMappingFilterSet
    selector = staticmethod(selectors.field_mapping_list)
    export_name = "field_mappings"
    template_name = "ledgers/mapping_list.html"
    columns = (
        Column(_("来源"), "source_label"),
        Column(_("来源类别"), "source_kind"),
        Column(_("字段名称"), "field_name"),
        Column(_("标准字段"), lambda o: o.canonical.name if o.canonical else "—"),
        Column(_("状态"), "status"),
    )

    def row_actions(self, obj):
        return (
            [(_("确认"), reverse("ledgers:mapping_confirm", args=[obj.pk]))] if self.scope.is_district else []
        )


class FieldMappingSuggestView(RoleRequiredMixin, View):
    allowed_roles = DISTRICT

    def post(self, request):
        count = services.field_mappings_suggest()
        messages.success(request, _("已生成 %(n)s 条对照建议（已确认的不变）") % {"n": count})
        return redirect("ledgers:mapping_list")


class FieldMappingConfirmView(RoleRequiredMixin, View):
    allowed_roles = DISTRICT

    def _render(self, form, obj):
        return render(
            self.request,
            "generic/object_form.html",
            {
                "form": form,
                "title": _("确认对照：%(m)s") % {"m": obj},
                "submit_label": _("确认"),
                "cancel_url": reverse("ledgers:mapping_list"),
            },
        )

    def get(self, request, pk):
        obj = get_object_or_404(selectors.field_mapping_list(user=request.user), pk=pk)
        return self._render(
            MappingConfirmForm(initial={"canonical": obj.canonical_id}, user=request.user), obj
        )

    def post(self, request, pk):
        obj = get_object_or_404(selectors.field_mapping_list(user=request.user), pk=pk)
        form = MappingConfirmForm(request.POST, user=request.user)
        if form.is_valid():
            services.field_mapping_confirm(
                by=request.user, mapping_id=obj.pk, canonical=form.cleaned_data["canonical"]
            )
            messages.success(request, _("已确认"))
            return redirect("ledgers:mapping_list")
        return self._render(form, obj)


class DuplicateAnalysisView(RoleRequiredMixin, View):
    """重复字段分析: the 一表通 headline measures, the repeated fields and the merge proposal."""

    def get(self, request):
        analysis = selectors.duplicate_analysis()
        if request.GET.get("export") == "xlsx":
            rows = (
                [
                    r["canonical"],
                    r["demands"],
                    r["ledgers"],
                    r["reports"],
                    r["platforms"],
                    r["reentry_hours"],
                    _join(r["demanded_by"]),
                ]
                for r in analysis["fields"]
            )
            headers = [
                str(h)
                for h in (
                    _("标准字段"),
                    _("要求次数"),
                    _("台账"),
                    _("报表"),
                    _("平台"),
                    _("每社区每年重复录入工时"),
                    _("要求来源"),
                )
            ]
            return xlsx_response("duplicate_analysis.xlsx", headers, rows, title=str(_("重复字段分析")))
        chart = [
            {
                "name": r["canonical"],
                "ledgers": r["ledgers"],
                "reports": r["reports"],
                "platforms": r["platforms"],
            }
            for r in analysis["fields"]
            if r["demands"] > 1
        ][:20]
        return render(
            request,
            "ledgers/analysis.html",
            {
                "title": _("重复字段分析（一表通）"),
                "analysis": analysis,
                "chart": chart,
                "single_source": sum(1 for r in analysis["fields"] if r["demands"] == 1),
            },
        )
