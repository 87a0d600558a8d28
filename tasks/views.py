"""Pages of the tasks app: the catalog, 准入 requests and review, the community inbox and work log."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from communityops.errors import TransitionError
from communityops.views import Column, RegisterListView, RoleRequiredMixin
from organisation.navigation import COMMUNITY, DEPARTMENT, DISTRICT, SUPERVISORS

from . import selectors, services
from .filtersets import (
    AccessRequestFilterSet,
    AssignmentFilterSet,
    CatalogVersionFilterSet,
    NotificationFilterSet,
    TaskItemFilterSet,
    WorkLogFilterSet,
)
from .forms import (
    UNAPPROVED,
    AccessRequestForm,
    CatalogVersionForm,
    DecisionForm,
    RefuseForm,
    TaskItemForm,
    UnapprovedAssignmentForm,
    WorkLogForm,
)
from .models import AccessRequest, Attachment, TaskAssignment, TaskItem
from .pagination import BoundedCountPaginator


def _errors_to_form(form, exc: ValidationError) -> None:
    """Put a service's field errors on the form (unknown fields become form-level errors)."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- catalog -------------------------------------------------------------------------------
class TaskItemListView(RegisterListView):
    title = _("事项清单")
    filterset_class = TaskItemFilterSet
    selector = staticmethod(selectors.task_item_list)
    export_name = "task_items"
    create_url_name = "tasks:catalog_create"
    create_roles = DISTRICT
    template_name = "tasks/catalog_list.html"
    columns = (
        Column(_("编码"), "code"),
        Column(_("名称"), "name"),
        Column(_("责任部门"), "department.name"),
        Column(_("清单类别"), "list_class"),
        Column(_("性质"), "nature"),
        Column(_("法定依据"), "legal_basis"),
        Column(_("配套经费(元/年)"), "funds_per_year"),
        Column(_("每次预计工时"), "hours_per_occurrence"),
        Column(_("在清单中"), "active"),
    )

    def row_actions(self, obj):
        if self.scope.is_district:
            return [(_("编辑"), reverse("tasks:catalog_edit", args=[obj.pk]))]
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["version"] = services.catalog_version_in_force(on=timezone.localdate())
        context["can_edit"] = self.scope.is_district
        return context


class TaskItemFormView(RoleRequiredMixin, View):
    allowed_roles = DISTRICT
    template_name = "generic/object_form.html"

    def _render(self, form, item):
        title = _("编辑事项") if item else _("新增事项")
        return render(
            self.request,
            self.template_name,
            {"form": form, "title": title, "cancel_url": reverse("tasks:catalog_list")},
            status=400 if form.errors else 200,
        )

    def get(self, request, pk=None):
        item = get_object_or_404(TaskItem, pk=pk) if pk else None
        return self._render(TaskItemForm(instance=item, user=request.user), item)

    def post(self, request, pk=None):
        item = get_object_or_404(TaskItem, pk=pk) if pk else None
        form = TaskItemForm(request.POST, instance=item, user=request.user)
        if form.is_valid():
            try:
                services.task_item_save(by=request.user, fields=form.cleaned_data, item_id=pk)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("事项已保存。"))
                return redirect("tasks:catalog_list")
        return self._render(form, item)


class CatalogVersionListView(RegisterListView):
    title = _("清单版本")
    selector = staticmethod(selectors.catalog_version_list)
    filterset_class = CatalogVersionFilterSet
    export_name = "catalog_versions"
    create_url_name = "tasks:version_publish"
    create_roles = DISTRICT
    columns = (
        Column(_("版本名称"), "name"),
        Column(_("生效日期"), "valid_from"),
        Column(_("失效日期"), "valid_until"),
        Column(_("事项数"), "items"),
        Column(_("发布时间"), lambda v: timezone.localtime(v.published_at).strftime("%Y-%m-%d %H:%M")),
        Column(_("发布人"), "published_by"),
    )


class CatalogVersionPublishView(RoleRequiredMixin, View):
    allowed_roles = DISTRICT

    def _render(self, form):
        return render(
            self.request,
            "generic/object_form.html",
            {
                "form": form,
                "title": _("发布清单版本"),
                "submit_label": _("发布"),
                "cancel_url": reverse("tasks:version_list"),
            },
            status=400 if form.errors else 200,
        )

    def get(self, request):
        return self._render(CatalogVersionForm(user=request.user))

    def post(self, request):
        form = CatalogVersionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                version = services.catalog_version_publish(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("已发布 %(name)s。") % {"name": version})
                return redirect("tasks:version_list")
        return self._render(form)


# --- 准入 requests -------------------------------------------------------------------------
def _status_text(req: AccessRequest) -> str:
    """The status as plain text for the list and its Excel export (审核超期 appended)."""
    text = req.get_status_display()
    return _("%(status)s（审核超期）") % {"status": text} if req.is_overdue else text


class AccessRequestListView(RegisterListView):
    title = _("准入申请")
    filterset_class = AccessRequestFilterSet
    selector = staticmethod(selectors.access_request_list)
    export_name = "access_requests"
    create_url_name = "tasks:request_create"
    create_roles = DEPARTMENT
    allowed_roles = DEPARTMENT + SUPERVISORS
    # 状态 right after 编号 (what a phone shows without scrolling); dates all as YYYY-MM-DD; the
    # 审核期限 only while a decision is awaited.
    columns = (
        Column(_("编号"), "code"),
        Column(_("状态"), _status_text),
        Column(_("事项名称"), "title"),
        Column(_("申请部门"), "department.name"),
        Column(_("清单类别"), "list_class"),
        Column(_("性质"), "nature"),
        Column(_("拦截/提示"), lambda r: f"{r.blocking} / {r.warnings}"),
        Column(
            _("提交时间"),
            lambda r: timezone.localtime(r.submitted_at).strftime("%Y-%m-%d") if r.submitted_at else "",
        ),
        Column(
            _("审核期限"),
            lambda r: (
                r.review_due.isoformat()
                if r.review_due and r.status == AccessRequest.Status.SUBMITTED
                else ""
            ),
        ),
    )

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.scope.is_department:  # an officer sees only the own department's requests
            context["filter_fields"] = [f for f in context["filter_fields"] if f.name != "department"]
        return context


class AccessRequestFormView(RoleRequiredMixin, View):
    """准入申请表 (one page, sections): 保存草稿 or 提交审核."""

    allowed_roles = DEPARTMENT

    def _get(self, pk):
        if pk is None:
            return None
        req = selectors.access_request_get(user=self.request.user, pk=pk)
        if not req.editable:
            raise PermissionDenied
        return req

    def _render(self, form, req, status=200):
        return render(
            self.request,
            "tasks/request_form.html",
            {"form": form, "object": req, "title": _("编辑准入申请") if req else _("填写准入申请")},
            status=status,
        )

    def get(self, request, pk=None):
        req = self._get(pk)
        initial = {}
        wanted = request.GET.get("task_item", "")
        if req is None and wanted.isascii() and wanted.isdigit():
            item = selectors.task_item_list(user=request.user).filter(pk=int(wanted), active=True).first()
            if item:
                initial = {
                    "task_item": item,
                    "title": item.name,
                    "list_class": item.list_class,
                    "nature": item.nature,
                    "legal_basis": item.legal_basis,
                }
        return self._render(AccessRequestForm(instance=req, initial=initial, user=request.user), req)

    def post(self, request, pk=None):
        req = self._get(pk)
        form = AccessRequestForm(request.POST, request.FILES, instance=req, user=request.user)
        if not form.is_valid():
            return self._render(form, req, status=400)
        data = dict(form.cleaned_data)
        streets = list(data.pop("target_streets"))
        communities = list(data.pop("target_communities"))
        uploads = data.pop("attachments")
        try:
            saved = services.access_request_save(
                by=request.user,
                fields=data,
                streets=streets,
                communities=communities,
                attachments=uploads,
                request_id=pk,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
            return self._render(form, req, status=400)
        if request.POST.get("intent") != "submit":
            messages.success(request, _("草稿已保存。"))
            return redirect("tasks:request_edit", pk=saved.pk)
        try:
            saved = services.access_request_submit(request_id=saved.pk, by=request.user)
        except ValidationError as exc:
            _errors_to_form(form, exc)
            form.add_error(None, _("草稿已保存，但尚不能提交，请补正后再提交。"))
            return self._render(form, saved, status=400)
        except TransitionError as exc:
            messages.error(request, str(exc.detail))
            return redirect(saved)
        if saved.status == AccessRequest.Status.BLOCKED:
            messages.error(
                request, _("申请已被系统拦截：%(reason)s") % {"reason": saved.display_decision_reason}
            )
        else:
            messages.success(request, _("申请已提交，等待审核。"))
        return redirect(saved)


class AccessRequestSubmitView(RoleRequiredMixin, View):
    allowed_roles = DEPARTMENT

    def post(self, request, pk):
        req = selectors.access_request_get(user=request.user, pk=pk)
        try:
            req = services.access_request_submit(request_id=req.pk, by=request.user)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        except TransitionError as exc:
            messages.error(request, str(exc.detail))
        return redirect(req)


class AccessRequestDetailView(RoleRequiredMixin, View):
    allowed_roles = DEPARTMENT + SUPERVISORS

    def _can_review(self, req) -> bool:
        scope = self.scope
        return scope.is_district or (scope.is_street and req.review_street_id == scope.street_id)

    def _render(self, req, form=None, status=200):
        can_review = self._can_review(req)
        if can_review and form is None:
            form = DecisionForm(user=self.request.user)
        if form is not None:
            # No decision is preselected: the reviewer picks one. Revoking an approval is its own
            # red button (with a confirmation), never the same box preselected.
            allowed = {
                AccessRequest.Status.SUBMITTED: ("approve", "reject", "return"),
                AccessRequest.Status.APPROVED: ("revoke",),
            }.get(req.status, ())
            form.fields["action"].choices = [
                c for c in form.fields["action"].choices if c[0] in allowed or (c[0] == "" and allowed)
            ]
        events = req.events.select_related(
            "actor__membership__community",
            "actor__membership__street",
            "actor__membership__district",
            "actor__membership__department",
        )
        return render(
            self.request,
            "tasks/request_detail.html",
            {
                "object": req,
                "title": str(req),
                "form": form if can_review and form.fields["action"].choices else None,
                "revoking": req.status == AccessRequest.Status.APPROVED,
                "events": events,
                "is_owner": self.scope.is_department,
                "assignments": req.assignments.select_related("community").order_by(
                    "community__code", "period"
                )
                if req.status in (AccessRequest.Status.APPROVED, AccessRequest.Status.REVOKED)
                else [],
            },
            status=status,
        )

    def get(self, request, pk):
        return self._render(selectors.access_request_get(user=request.user, pk=pk))

    def post(self, request, pk):
        req = selectors.access_request_get(user=request.user, pk=pk)
        form = DecisionForm(request.POST, user=request.user)
        if not self._can_review(req):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.access_request_decide(
                    request_id=req.pk,
                    by=request.user,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            except TransitionError as exc:
                messages.error(request, str(exc.detail))
                return redirect(req)
            else:
                messages.success(request, _("审核决定已记录，已通知申请部门。"))
                return redirect(req)
        return self._render(req, form, status=400)


class AttachmentDownloadView(RoleRequiredMixin, View):
    """Attachments live under MEDIA_ROOT and are served only to those who may see the request."""

    allowed_roles = DEPARTMENT + SUPERVISORS

    def get(self, request, pk, attachment_id):
        req = selectors.access_request_get(user=request.user, pk=pk)
        attachment = get_object_or_404(Attachment, pk=attachment_id, access_request=req)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=True, filename=attachment.name)


# --- assignments and the community inbox ------------------------------------------------
class InboxView(RoleRequiredMixin, TemplateView):
    """社区任务收件箱: due, overdue and done assignments of the user's community."""

    allowed_roles = COMMUNITY
    template_name = "tasks/inbox.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", "due")
        if state not in ("due", "overdue", "done"):
            state = "due"
        queryset = selectors.inbox_filter(selectors.assignment_list(user=self.request.user), state)
        page = Paginator(queryset, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            title=_("任务收件箱"),
            state=state,
            counts=selectors.inbox_counts(user=self.request.user),
            page_obj=page,
            assignments=page.object_list,
            is_paginated=page.has_other_pages(),
            paginator=page.paginator,
            querystring=f"state={state}",
            today=timezone.localdate(),
            is_head=self.scope.is_community_head,
        )
        return context


def _assignment_state(a: TaskAssignment) -> str:
    if a.closed_by_revocation:
        return _("已关闭（准入已撤销）")
    return _("已拒绝") if a.refused else (_("已完成") if a.done_at else _("办理中"))


class AssignmentListView(RegisterListView):
    title = _("下沉任务")
    filterset_class = AssignmentFilterSet
    selector = staticmethod(selectors.assignment_list)
    export_name = "task_assignments"
    columns = (
        Column(_("社区"), "community.name"),
        Column(_("事项"), "task_item.name"),
        Column(_("部门"), "task_item.department.name"),
        Column(_("清单类别"), "task_item.list_class"),
        Column(_("下达日期"), "assigned_on"),
        Column(_("完成期限"), "due_on"),
        Column(_("经过准入"), "approved"),
        Column(_("准入申请"), lambda a: a.access_request.code if a.access_request_id else ""),
        Column(
            _("状态"),
            _assignment_state,
        ),
        Column(_("拒绝理由"), lambda a: a.display_refused_reason),
    )


class AssignmentCompleteView(RoleRequiredMixin, View):
    allowed_roles = COMMUNITY

    def post(self, request, pk):
        assignment = selectors.assignment_get(user=request.user, pk=pk)
        try:
            services.assignment_complete(assignment_id=assignment.pk, by=request.user)
        except TransitionError as exc:
            messages.error(request, str(exc.detail))
        else:
            messages.success(request, _("已标记完成。"))
        return redirect(f"{reverse('tasks:inbox')}?state=due")


class AssignmentRefuseView(RoleRequiredMixin, View):
    """拒绝权: the community head refuses work that bypassed 准入."""

    allowed_roles = ("community_head",)

    def _render(self, assignment, form, status=200):
        return render(
            self.request,
            "tasks/refuse_form.html",
            {"form": form, "assignment": assignment, "title": _("拒绝未经准入的任务")},
            status=status,
        )

    def get(self, request, pk):
        return self._render(selectors.assignment_get(user=request.user, pk=pk), RefuseForm(user=request.user))

    def post(self, request, pk):
        assignment = selectors.assignment_get(user=request.user, pk=pk)
        form = RefuseForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.assignment_refuse(
                    assignment_id=pk, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            except TransitionError as exc:
                messages.error(request, str(exc.detail))
                return redirect("tasks:inbox")
            else:
                messages.success(request, _("已拒绝该任务，理由已记录。"))
                return redirect(f"{reverse('tasks:inbox')}?state=done")
        return self._render(assignment, form, status=400)


class UnapprovedAssignmentView(RoleRequiredMixin, View):
    """登记未经准入的任务 (evidence for the district; the head may refuse it)."""

    allowed_roles = COMMUNITY

    def _render(self, form, status=200):
        return render(
            self.request,
            "generic/object_form.html",
            {
                "form": form,
                "title": _("登记未经准入的任务"),
                "submit_label": _("登记"),
                "cancel_url": reverse("tasks:inbox"),
            },
            status=status,
        )

    def get(self, request):
        return self._render(UnapprovedAssignmentForm(user=request.user))

    def post(self, request):
        form = UnapprovedAssignmentForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.assignment_register_unapproved(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("已登记为未经准入的任务。"))
                return redirect("tasks:inbox")
        return self._render(form, status=400)


# --- the work log ---------------------------------------------------------------------------
LAST_KEY = "tasks.worklog.last"


def _line_from_form(data: dict) -> services.LogLine:
    unapproved = data["line"] == UNAPPROVED
    return services.LogLine(
        date=data["date"],
        hours=data["hours"],
        people=data["people"],
        assignment_id=None if unapproved else int(data["line"]),
        department_id=data["department"].pk if unapproved and data.get("department") else None,
        category=data.get("category") or "task",
        note=data.get("note", ""),
    )


class WorkLogQuickView(RoleRequiredMixin, View):
    """快速记工时: date defaults to today, last values remembered, one-tap frequent items (htmx)."""

    allowed_roles = COMMUNITY

    def _form(self, data=None, initial=None):
        assignments = list(selectors.open_assignments(user=self.request.user)[:100])
        return WorkLogForm(data, initial=initial, assignments=assignments, user=self.request.user)

    def _initial(self, request) -> dict:
        last = request.session.get(LAST_KEY, {})
        initial = {"date": timezone.localdate(), **{k: v for k, v in last.items() if k != "date"}}
        if request.GET.get("line"):
            initial["line"] = request.GET["line"]
        if request.GET.get("department"):
            initial["department"] = request.GET["department"]
            initial["line"] = UNAPPROVED
        return initial

    def _render(self, form, status=200, saved=None):
        template = "tasks/inc/worklog_quick_form.html" if self.request.htmx else "tasks/worklog_quick.html"
        return render(
            self.request,
            template,
            {
                "form": form,
                "title": _("记工时"),
                "saved": saved,
                "frequent": selectors.frequent_lines(user=self.request.user),
                "recent": selectors.worklog_list(user=self.request.user).filter(created_by=self.request.user)[
                    :8
                ],
                "unapproved": UNAPPROVED,
            },
            status=status,
        )

    def get(self, request):
        return self._render(self._form(initial=self._initial(request)))

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if data["line"] == UNAPPROVED and not data.get("department"):
                form.add_error("department", _("未经准入的工作请选择派出部门。"))
            else:
                try:
                    saved = services.worklog_create(by=request.user, line=_line_from_form(data))
                except ValidationError as exc:
                    exc.error_dict = {
                        ("line" if k == "assignment" else k): v for k, v in exc.error_dict.items()
                    }
                    _errors_to_form(form, exc)
                else:
                    request.session[LAST_KEY] = {
                        "line": data["line"],
                        "department": data["department"].pk if data.get("department") else "",
                        "category": data.get("category") or "task",
                        "hours": str(data["hours"]),
                        "people": data["people"],
                    }
                    if not request.htmx:
                        messages.success(request, _("已记录 %(hours)s 小时。") % {"hours": saved.hours})
                        return redirect("tasks:worklog_quick")
                    return self._render(self._form(initial=self._initial(request)), saved=saved)
        return self._render(form, status=400)


def _week_start(value: str | None) -> date:
    """The Monday of ``?week=`` (any ISO date of that week; 2000–2100, else this week)."""
    today = timezone.localdate()
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    if not date(2000, 1, 1) <= day <= date(2100, 12, 31):  # the grid reaches days around it
        day = today
    return day - timedelta(days=day.weekday())


# A week-grid cell's input: h-a<assignment id>-<date> or h-d<department id>-<date>.
WEEK_CELL = re.compile(r"h-([ad])(\d{1,18})-(\d{4}-\d{2}-\d{2})", re.ASCII)


def _week_day(value: str | None) -> int | None:
    """The week grid's ?day= (0–6, the column a phone shows), else None."""
    if value is not None and value.isascii() and value.isdigit() and int(value) < 7:
        return int(value)
    return None


class WorkLogWeekView(RoleRequiredMixin, View):
    """周视图: one row per open assignment (and 未经准入 departments), one column per day."""

    allowed_roles = COMMUNITY

    def _rows(self, request, start):
        from django.db.models import Sum

        assignments = list(selectors.open_assignments(user=request.user)[:40])
        days = [start + timedelta(days=i) for i in range(7)]
        logged = (
            selectors.worklog_list(user=request.user)
            .filter(date__range=(days[0], days[-1]))
            .values("assignment_id", "department_id", "date")
            .annotate(h=Sum("hours"))
        )
        totals = {(r["assignment_id"] or f"d{r['department_id']}", r["date"]): r["h"] for r in logged}
        from organisation.models import Department

        unapproved_departments = list(
            Department.objects.filter(
                pk__in=selectors.worklog_list(user=request.user)
                .filter(assignment__isnull=True, approved=False, date__gte=days[0] - timedelta(days=60))
                .values("department_id")
            ).order_by("code")
        )
        rows = [
            {
                "key": f"a{a.pk}",
                "label": a.task_item.name,
                "sub": f"{a.task_item.department.name} · {a.when_label}",
                "approved": a.approved,
                "cells": [(d, totals.get((a.pk, d))) for d in days],
            }
            for a in assignments
        ] + [
            {
                "key": f"d{dep.pk}",
                "label": dep.name,
                "sub": "",
                "approved": False,
                "cells": [(d, totals.get((f"d{dep.pk}", d))) for d in days],
            }
            for dep in unapproved_departments
        ]
        return days, rows

    @staticmethod
    def _day_index(raw, days, today, errors) -> int:
        """The day a phone shows (one column at a time): ?day=0–6, else the first day with an
        error, else today if it is in the week, else Monday."""
        if (day := _week_day(raw)) is not None:
            return day
        for i, d in enumerate(days):
            if any(key.endswith(d.isoformat()) for key in errors):
                return i
        return days.index(today) if today in days else 0

    def _render(self, request, start, errors=None, values=None, status=200):
        days, rows = self._rows(request, start)
        today = timezone.localdate()
        day_index = self._day_index(request.GET.get("day"), days, today, errors or {})
        return render(
            request,
            "tasks/worklog_week.html",
            {
                "title": _("周工时录入"),
                "days": days,
                "day_index": day_index,
                "rows": rows,
                "today": today,
                "start": start,
                "prev": start - timedelta(days=7),
                "next": start + timedelta(days=7) if start + timedelta(days=7) <= today else None,
                "errors": errors or {},
                "values": values or {},
            },
            status=status,
        )

    def get(self, request):
        return self._render(request, _week_start(request.GET.get("week")))

    def post(self, request):
        start = _week_start(request.POST.get("week"))
        day = _week_day(request.POST.get("day"))  # back to the day the phone showed
        back = f"{reverse('tasks:worklog_week')}?week={start}" + ("" if day is None else f"&day={day}")
        lines, keys, values = [], [], {}
        for name, raw in request.POST.items():
            cell = WEEK_CELL.fullmatch(name)
            if not cell or not raw.strip():
                continue
            values[name] = raw
            kind, pk, on_text = cell.groups()
            try:
                on = date.fromisoformat(on_text)
            except ValueError:
                continue
            if kind == "a":
                line = services.LogLine(date=on, hours=raw, assignment_id=int(pk))
            else:
                line = services.LogLine(date=on, hours=raw, department_id=int(pk))
            lines.append(line)
            keys.append(name)
        if not lines:
            messages.info(request, _("没有填写任何工时。"))
            return redirect(back)
        try:
            services.worklog_create_many(by=request.user, lines=lines, keys=keys)
        except ValidationError as exc:
            errors = {}
            for field, messages_ in exc.message_dict.items():
                errors[field.rsplit(".", 1)[0]] = " ".join(messages_)
            return self._render(request, start, errors=errors, values=values, status=400)
        messages.success(request, _("已录入 %(n)s 条工时。") % {"n": len(lines)})
        return redirect(back)


class WorkLogListView(RegisterListView):
    """工作日志 list: page numbers with a bounded count ("共 10000+ 条"), never COUNT(*) of millions."""

    paginator_class = BoundedCountPaginator
    title = _("工作日志")
    filterset_class = WorkLogFilterSet
    export_name = "work_logs"
    columns = (
        Column(_("日期"), "date"),
        Column(_("社区"), "community.name"),
        Column(_("派出部门"), "department.name"),
        Column(_("类别"), "category"),
        Column(_("事项"), lambda w: w.task_item.name if w.task_item_id else ""),
        Column(_("工时"), "hours"),
        Column(_("人数"), "people"),
        Column(_("经过准入"), "approved"),
        Column(_("备注"), "note"),
    )

    @staticmethod
    def selector(*, user):
        return selectors.worklog_list(user=user, related=("community", "department", "task_item"))


# --- notifications --------------------------------------------------------------------------
class NotificationListView(RegisterListView):
    title = _("站内通知")
    filterset_class = NotificationFilterSet
    selector = staticmethod(selectors.notification_list)
    export_name = "notifications"
    template_name = "tasks/notification_list.html"
    columns = (
        Column(_("时间"), lambda n: timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M")),
        Column(_("标题"), lambda n: n.display_title),
        Column(_("内容"), lambda n: n.display_body),
        Column(_("已读"), lambda n: _("是") if n.read_at else _("否")),
    )


class NotificationReadView(RoleRequiredMixin, View):
    def post(self, request, pk):
        notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
        services.notification_mark_read(notification_id=notification.pk, by=request.user)
        if notification.url:
            return redirect(notification.url)
        return HttpResponse(status=204)
