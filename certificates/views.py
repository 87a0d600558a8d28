"""Pages: the catalog, the counter, the records, the printed papers, the seal register and the
public verification page. Views are thin: reads through selectors, writes through services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from audit.personal_data import reveal_allowed
from communityops.errors import TransitionError
from communityops.excel import xlsx_response
from communityops.views import Column, PersonalExportMixin, RegisterListView, RoleRequiredMixin
from organisation.navigation import COMMUNITY, DISTRICT, SUPERVISORS

from . import selectors, services
from .documents import document_context, document_pdf
from .filtersets import CertificateKindFilterSet, CertificateRecordFilterSet, SealUseFilterSet
from .forms import CertificateKindForm, CounterForm, RevealForm, RevokeForm, SealUseForm, VerifyForm
from .models import CertificateKind, CertificateRecord, Outcome
from .ratelimit import verify_rate_exceeded

RECORD_ROLES = COMMUNITY + SUPERVISORS


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's field errors on the form's fields (others above the form)."""
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


# --- 证明事项清单 -------------------------------------------------------------------------------
class KindListView(RegisterListView):
    title = gettext_lazy("证明事项清单")
    filterset_class = CertificateKindFilterSet
    selector = staticmethod(selectors.certificate_kind_list)
    export_name = "certificate_kinds"
    create_url_name = "certificates:kind_create"
    create_roles = DISTRICT
    columns = (
        Column(gettext_lazy("编码"), "code"),
        Column(gettext_lazy("名称"), "name"),
        Column(gettext_lazy("要求出具单位"), "requested_by"),
        Column(gettext_lazy("类别"), "cert_class"),
        Column(gettext_lazy("频度"), "frequency"),
        Column(gettext_lazy("应出具机关"), "responsible_authority"),
        Column(gettext_lazy("所需依据材料"), lambda k: "、".join(k.evidence_items)),
        Column(gettext_lazy("可实行告知承诺"), "pledge_allowed"),
        Column(gettext_lazy("政策依据"), "policy_basis"),
    )


class KindDetailView(RoleRequiredMixin, TemplateView):
    template_name = "certificates/kind_detail.html"

    def get_context_data(self, **kwargs):
        try:
            kind = selectors.certificate_kind_list(user=self.request.user).get(pk=kwargs["pk"])
        except CertificateKind.DoesNotExist:
            raise Http404 from None
        return {**super().get_context_data(**kwargs), "kind": kind, "title": kind.name}


class KindFormView(RoleRequiredMixin, View):
    """区减负办 adds or edits a kind of the catalog."""

    allowed_roles = DISTRICT
    template_name = "generic/object_form.html"

    def _kind(self, pk):
        if pk is None:
            return None
        try:
            return selectors.certificate_kind_list(user=self.request.user).get(pk=pk)
        except CertificateKind.DoesNotExist:
            raise Http404 from None

    def _render(self, form, kind):
        title = _("修改证明事项") if kind else _("新增证明事项")
        cancel = kind.get_absolute_url() if kind else reverse("certificates:kind_list")
        return render(self.request, self.template_name, {"form": form, "title": title, "cancel_url": cancel})

    def get(self, request, pk=None):
        kind = self._kind(pk)
        return self._render(CertificateKindForm(instance=kind, user=request.user), kind)

    def post(self, request, pk=None):
        kind = self._kind(pk)
        form = CertificateKindForm(request.POST, instance=kind, user=request.user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "code"}
            try:
                if kind is None:
                    kind = services.certificate_kind_create(
                        by=request.user, code=form.cleaned_data["code"], **data
                    )
                else:
                    kind = services.certificate_kind_update(by=request.user, kind_id=kind.pk, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("证明事项已保存。"))
                return redirect(kind.get_absolute_url())
        return self._render(form, kind)


# --- 窗口办理 -----------------------------------------------------------------------------------
#: How many kinds the counter's search lists at most (the page says when there are more).
COUNTER_LIMIT = 40


class CounterView(RoleRequiredMixin, TemplateView):
    """Step 1: find the kind the resident asks for (htmx search as you type)."""

    allowed_roles = COMMUNITY
    template_name = "certificates/counter.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["certificates/_kind_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")
        kinds, total = selectors.certificate_kind_search(
            user=self.request.user, query=query, limit=COUNTER_LIMIT
        )
        return {
            **super().get_context_data(**kwargs),
            "kinds": kinds,
            "total": total,
            "truncated": total > len(kinds),
            "q": query,
            "title": _("窗口办理"),
        }


class CounterKindView(RoleRequiredMixin, View):
    """Step 2: the applicant, the evidence, and one of the four outcomes."""

    allowed_roles = COMMUNITY
    template_name = "certificates/counter_kind.html"

    def _kind(self, pk) -> CertificateKind:
        try:
            return selectors.certificate_kind_list(user=self.request.user).get(pk=pk)
        except CertificateKind.DoesNotExist:
            raise Http404 from None

    def _render(self, kind, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"kind": kind, "form": form, "title": kind.name},
            status=status,
        )

    def get(self, request, pk):
        kind = self._kind(pk)
        return self._render(kind, CounterForm(kind=kind, user=request.user))

    def post(self, request, pk):
        kind = self._kind(pk)
        form = CounterForm(request.POST, kind=kind, user=request.user)
        action = request.POST.get("action", "")
        if not form.is_valid():
            return self._render(kind, form, status=400)
        data = form.cleaned_data
        applicant = {
            "applicant_name": data["applicant_name"],
            "applicant_id_number": data["applicant_id_number"],
        }
        try:
            if action == "issue":
                record = services.certificate_issue(
                    by=request.user,
                    kind_id=kind.pk,
                    evidence_seen=data.get("evidence_seen") or [],
                    content=data.get("content", ""),
                    **applicant,
                )
            elif action == "pledge":
                record = services.certificate_pledge(
                    by=request.user, kind_id=kind.pk, content=data.get("content", ""), **applicant
                )
            elif action == "redirect":
                record = services.certificate_redirect(by=request.user, kind_id=kind.pk, **applicant)
            elif action == "refuse":
                record = services.certificate_refuse(
                    by=request.user, kind_id=kind.pk, reason=data.get("reason", ""), **applicant
                )
            else:
                raise ValidationError({"non_field_errors": _("请选择办理结果。")})
        except ValidationError as exc:
            apply_errors(form, exc)
            return self._render(kind, form, status=400)
        messages.success(request, _("已办理：%(outcome)s。") % {"outcome": record.get_outcome_display()})
        return redirect("certificates:record_print", pk=record.pk)


class IdNumberCheckView(RoleRequiredMixin, View):
    """htmx: inline check of the 公民身份号码 while the staff member types it."""

    allowed_roles = COMMUNITY

    def post(self, request):
        value = request.POST.get("applicant_id_number", "")
        if not value.strip():
            return HttpResponse("")
        try:
            normalized = services.id_number_normalize(value)
        except ValidationError as exc:
            message = exc.message_dict["applicant_id_number"][0]
            return render(request, "certificates/_id_check.html", {"ok": False, "message": message})
        masked = services.id_number_mask(normalized)
        return render(request, "certificates/_id_check.html", {"ok": True, "message": masked})


# --- 出具记录 -----------------------------------------------------------------------------------
class RecordListView(PersonalExportMixin, RegisterListView):
    """证明出具记录: the applicant masked on the page; in the Excel export only when the
    community's own staff ask for it (包含个人信息), audited (audit.personal_data.personal_export_requested)."""

    title = gettext_lazy("证明出具记录")
    template_name = "certificates/record_list.html"
    allowed_roles = RECORD_ROLES
    filterset_class = CertificateRecordFilterSet
    selector = staticmethod(selectors.certificate_record_list)
    export_name = "certificate_records"
    create_url_name = "certificates:counter"
    create_roles = COMMUNITY
    personal_columns = (
        Column(gettext_lazy("申请人"), "applicant_name"),
        Column(gettext_lazy("公民身份号码"), "applicant_id_masked"),
    )
    all_columns = (
        Column(gettext_lazy("证明编号"), lambda r: r.serial or "—"),
        Column(gettext_lazy("日期"), "date"),
        Column(gettext_lazy("社区"), "community.name"),
        Column(gettext_lazy("证明事项"), "kind.name"),
        Column(gettext_lazy("类别"), "kind.cert_class"),
        Column(gettext_lazy("结果"), "outcome"),
        Column(gettext_lazy("数量"), "count"),
        *personal_columns,
        Column(gettext_lazy("状态"), "status_label"),
    )


class RecordMixin(RoleRequiredMixin):
    allowed_roles = RECORD_ROLES

    def get_record(self) -> CertificateRecord:
        try:
            return selectors.certificate_record_get(user=self.request.user, pk=self.kwargs["pk"])
        except CertificateRecord.DoesNotExist:
            raise Http404 from None


class RecordDetailView(RecordMixin, TemplateView):
    template_name = "certificates/record_detail.html"

    def get_context_data(self, **kwargs):
        record = self.get_record()
        seal_uses = list(record.seal_uses.select_related("used_by"))
        return {
            **super().get_context_data(**kwargs),
            "record": record,
            "seal_uses": seal_uses,
            "title": str(record.serial or record.kind.name),
            "can_reveal": bool(record.applicant_id_number)
            and reveal_allowed(self.request.user, community_id=record.community_id),
            "can_revoke": self.scope.is_community
            and record.outcome == Outcome.ISSUED
            and not record.is_revoked,
            "verify_url": selectors.verification_url(record.verification_code, request=self.request)
            if record.verification_code
            else "",
        }


class RecordPrintView(RecordMixin, TemplateView):
    """The paper on A4 (print stylesheet), with a PDF download beside it."""

    template_name = "certificates/print/print.html"

    def get_context_data(self, **kwargs):
        record = self.get_record()
        return {
            **super().get_context_data(**kwargs),
            **document_context(record, request=self.request),
            "title": record.kind.name,
        }


class RecordPdfView(RecordMixin, View):
    def get(self, request, pk):
        record = self.get_record()
        response = HttpResponse(document_pdf(record, request=request), content_type="application/pdf")
        name = record.serial or f"{record.outcome}-{record.pk}"
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response


class RecordRevokeView(RecordMixin, View):
    allowed_roles = COMMUNITY
    template_name = "generic/object_form.html"

    def _render(self, record, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "title": _("作废证明 %(serial)s") % {"serial": record.serial or ""},
                "submit_label": _("确认作废"),
                "cancel_url": record.get_absolute_url(),
            },
            status=status,
        )

    def get(self, request, pk):
        return self._render(self.get_record(), RevokeForm(user=request.user))

    def post(self, request, pk):
        record = self.get_record()
        form = RevokeForm(request.POST, user=request.user)
        if not form.is_valid():
            return self._render(record, form, status=400)
        try:
            services.certificate_revoke(
                by=request.user, record_id=record.pk, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self._render(record, form, status=400)
        except TransitionError as exc:
            form.add_error(None, str(exc.detail))
            return self._render(record, form, status=409)
        messages.success(request, _("证明已作废。"))
        return redirect(record.get_absolute_url())


class RecordRevealView(RecordMixin, View):
    """查看完整公民身份号码: a deliberate, audited act with a reason (own community's staff only)."""

    allowed_roles = COMMUNITY
    template_name = "ledgers/value_reveal.html"  # the one reveal page (ledgers, reports, certificates)

    def _render(self, record, form, status=200, revealed=""):
        field = _("公民身份号码")
        paper = f"{record.serial} · {record.kind.name}" if record.serial else record.kind.name
        response = render(
            self.request,
            self.template_name,
            {
                "form": form,
                "title": _("查看完整公民身份号码"),
                "details": [(_("证明"), paper), (_("申请人"), record.applicant_name)],
                "masked": [(field, record.applicant_id_masked)] if record.applicant_id_number else [],
                "revealed": revealed,
                "revealed_field": field,
                "back_url": record.get_absolute_url(),
            },
            status=status,
        )
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request, pk):
        return self._render(self.get_record(), RevealForm(user=request.user))

    def post(self, request, pk):
        record = self.get_record()
        form = RevealForm(request.POST, user=request.user)
        form.is_valid()
        try:
            revealed = services.certificate_applicant_id_reveal(
                by=request.user, record_id=record.pk, reason=form.cleaned_data.get("reason", "")
            )
        except ValidationError as exc:
            if "reason" not in exc.message_dict:
                raise PermissionDenied from None
            apply_errors(form, exc)
            return self._render(record, form, status=400)
        return self._render(record, form, revealed=revealed)


# --- 用印登记 -----------------------------------------------------------------------------------
SEAL_COLUMNS = (
    Column(gettext_lazy("用印时间"), lambda s: timezone.localtime(s.used_at).strftime("%Y-%m-%d %H:%M")),
    Column(gettext_lazy("社区"), "community.name"),
    Column(gettext_lazy("用印材料"), "document"),
    Column(gettext_lazy("材料名称"), "title"),
    Column(gettext_lazy("要求出具单位"), "requested_by"),
    Column(gettext_lazy("编号"), "serial"),
    Column(gettext_lazy("份数"), "copies"),
    Column(gettext_lazy("经办人"), "used_by.username"),
    Column(gettext_lazy("审计记录"), "audit_id"),
    Column(gettext_lazy("备注"), "note"),
)


class SealUseListView(RegisterListView):
    title = gettext_lazy("用印登记")
    template_name = "certificates/seal_list.html"
    allowed_roles = RECORD_ROLES
    filterset_class = SealUseFilterSet
    selector = staticmethod(selectors.seal_use_list)
    export_name = "seal_register"
    create_url_name = "certificates:seal_create"
    create_roles = COMMUNITY
    columns = SEAL_COLUMNS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate().isoformat()
        return context


class SealDailyExportView(RoleRequiredMixin, View):
    """用印登记簿: one day's entries as xlsx (?date=YYYY-MM-DD, today by default)."""

    allowed_roles = RECORD_ROLES

    def get(self, request):
        try:
            day = date.fromisoformat(request.GET.get("date") or timezone.localdate().isoformat())
        except ValueError:
            return HttpResponse(_("日期格式应为 YYYY-MM-DD。"), status=400)
        rows = selectors.seal_register_rows(user=request.user, day=day)
        return xlsx_response(
            f"seal_register_{day.isoformat()}.xlsx",
            [str(c.label) for c in SEAL_COLUMNS],
            ([c.read(s) for c in SEAL_COLUMNS] for s in rows),
            title=_("用印登记簿 %(day)s") % {"day": day.isoformat()},
        )


class SealUseCreateView(RoleRequiredMixin, View):
    allowed_roles = COMMUNITY
    template_name = "generic/object_form.html"

    def _render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "title": _("其他用印登记"), "cancel_url": reverse("certificates:seal_list")},
            status=status,
        )

    def get(self, request):
        return self._render(SealUseForm(user=request.user))

    def post(self, request):
        form = SealUseForm(request.POST, user=request.user)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            services.seal_use_record(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self._render(form, status=400)
        messages.success(request, _("用印已登记。"))
        return redirect("certificates:seal_list")


# --- 证明核验 (public) -------------------------------------------------------------------------
def verify(request, code: str | None = None):
    """Public: a resident checks a certificate from its QR code. No login, no personal data."""
    if code is None:
        form = VerifyForm(request.GET or None)
        if form.is_valid():
            return redirect("certificates:verify", code=form.cleaned_data["code"].strip().upper())
        return render(request, "certificates/verify.html", {"form": form, "title": _("证明核验")})
    if verify_rate_exceeded(request):
        return render(request, "certificates/verify_result.html", {"limited": True}, status=429)
    result = selectors.certificate_verify(code=code)
    status = 200 if result else 404
    return render(
        request, "certificates/verify_result.html", {"result": result, "title": _("证明核验")}, status=status
    )
