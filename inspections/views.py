"""Pages of the registers: lists (filters, Excel), quick-entry create and edit forms, the street
calendar with its merge proposals, and the 民主评议 results per department."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from communityops.views import Column, RegisterListView, RoleRequiredMixin
from organisation.navigation import COMMUNITY, DEPARTMENT, DISTRICT, STREET, SUPERVISORS

from . import filtersets, forms, selectors, services
from .models import InspectionTopic
from .permissions import CATALOG_WRITERS, RECORD_WRITERS
from .services import updating

EVERYONE = COMMUNITY + SUPERVISORS + DEPARTMENT


def _yes(value: bool) -> str:
    return _("是") if value else ""


# --- forms -------------------------------------------------------------------------------------

ADD_ANOTHER_KEEPS = ("community", "department", "date", "year")


def add_another_query(data) -> str:
    """保存并继续: the query string that starts the next entry from the last one's community,
    department, date and year (encoded: the values are as the user typed them)."""
    return urlencode({k: data[k] for k in ADD_ANOTHER_KEEPS if data.get(k)})


class RecordFormView(RoleRequiredMixin, FormView):
    """Create (no pk) or edit (pk) one register row through its services.

    Everyone who can see the row may open it; only `write_roles` may change it (others get the
    same page read-only).
    """

    template_name = "inspections/record_form.html"
    form_class: type[forms.RecordForm]
    selector = staticmethod(lambda *, user: None)
    create_service = staticmethod(lambda *, user, data: None)
    update_service = staticmethod(lambda *, user, pk, data: None)
    create_roles: tuple[str, ...] = RECORD_WRITERS
    write_roles: tuple[str, ...] = RECORD_WRITERS
    list_url_name = ""
    create_url_name = ""
    title = ""
    quick_entry = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" not in kwargs:
            self.allowed_roles = self.create_roles
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                type(self).selector(user=self.request.user), pk=self.kwargs["pk"]
            )
        return self._object

    @property
    def can_write(self) -> bool:
        roles = self.create_roles if self.get_object() is None else self.write_roles
        return self.scope.everything or self.scope.role in roles

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.get_object() is not None:
            kwargs["instance"] = self.get_object()
        elif self.request.method == "GET":
            # 保存并继续: the next entry starts from the last one's community, department and date.
            kwargs["initial"] = {
                k: v for k, v in self.request.GET.items() if k in self.form_class.base_fields
            }
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.can_write:
            form.disable()
        return form

    def post(self, request, *args, **kwargs):
        if not self.can_write:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        obj = self.get_object()
        try:
            if obj is None:
                saved = type(self).create_service(user=self.request.user, data=form.service_data())
            else:
                saved = type(self).update_service(user=self.request.user, pk=obj.pk, data=form.service_data())
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存：%(obj)s") % {"obj": saved})
        if obj is None and "add_another" in self.request.POST:
            return HttpResponseRedirect(f"{reverse(self.create_url_name)}?{add_another_query(form.data)}")
        return HttpResponseRedirect(reverse(self.list_url_name))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.update(
            title=self.title if obj is None else f"{self.title} · {obj}",
            can_write=self.can_write,
            quick_entry=self.quick_entry and obj is None,
            cancel_url=reverse(self.list_url_name),
        )
        return context


class InspectionFormView(RecordFormView):
    form_class = forms.InspectionForm
    selector = staticmethod(selectors.inspection_list)
    create_service = staticmethod(services.inspection_create)
    update_service = updating(services.inspection_update, "inspection_id")
    create_roles = RECORD_WRITERS + DEPARTMENT
    list_url_name = "inspections:inspection_list"
    create_url_name = "inspections:inspection_create"
    title = _("登记检查考核")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic_catalog"] = InspectionTopic.objects.values_list("name", flat=True)
        return context


class InspectionTopicFormView(RecordFormView):
    form_class = forms.InspectionTopicForm
    selector = staticmethod(selectors.inspection_topic_list)
    create_service = staticmethod(services.inspection_topic_create)
    update_service = updating(services.inspection_topic_update, "topic_id")
    create_roles = write_roles = CATALOG_WRITERS
    list_url_name = "inspections:topic_list"
    create_url_name = "inspections:topic_create"
    title = _("检查事项")


class MeetingFormView(RecordFormView):
    form_class = forms.MeetingForm
    selector = staticmethod(selectors.meeting_list)
    create_service = staticmethod(services.meeting_create)
    update_service = updating(services.meeting_update, "meeting_id")
    list_url_name = "inspections:meeting_list"
    create_url_name = "inspections:meeting_create"
    title = _("登记会议")


class TemporaryTaskFormView(RecordFormView):
    form_class = forms.TemporaryTaskForm
    selector = staticmethod(selectors.temporary_task_list)
    create_service = staticmethod(services.temporary_task_create)
    update_service = updating(services.temporary_task_update, "task_id")
    list_url_name = "inspections:temporary_task_list"
    create_url_name = "inspections:temporary_task_create"
    title = _("登记临时任务、摊派")


class SignboardFormView(RecordFormView):
    form_class = forms.SignboardForm
    selector = staticmethod(selectors.signboard_list)
    create_service = staticmethod(services.signboard_create)
    update_service = updating(services.signboard_update, "signboard_id")
    list_url_name = "inspections:signboard_list"
    create_url_name = "inspections:signboard_create"
    title = _("登记挂牌、机构")


class PlatformFormView(RecordFormView):
    form_class = forms.PlatformForm
    selector = staticmethod(selectors.platform_list)
    create_service = staticmethod(services.platform_create)
    update_service = updating(services.platform_update, "platform_id")
    create_roles = write_roles = CATALOG_WRITERS + DEPARTMENT
    list_url_name = "inspections:platform_list"
    create_url_name = "inspections:platform_create"
    title = _("信息平台")


class PlatformUsageFormView(RecordFormView):
    form_class = forms.PlatformUsageForm
    selector = staticmethod(selectors.platform_usage_list)
    create_service = staticmethod(services.platform_usage_create)
    update_service = updating(services.platform_usage_update, "usage_id")
    list_url_name = "inspections:platform_usage_list"
    create_url_name = "inspections:platform_usage_create"
    title = _("登记平台使用")


class PledgeFormView(RecordFormView):
    form_class = forms.PledgeForm
    selector = staticmethod(selectors.pledge_list)
    create_service = staticmethod(services.pledge_create)
    update_service = updating(services.pledge_update, "pledge_id")
    list_url_name = "inspections:pledge_list"
    create_url_name = "inspections:pledge_create"
    title = _("登记责任书")


class EmergencyReportFormView(RecordFormView):
    form_class = forms.EmergencyReportForm
    selector = staticmethod(selectors.emergency_report_list)
    create_service = staticmethod(services.emergency_report_create)
    update_service = updating(services.emergency_report_update, "report_id")
    list_url_name = "inspections:emergency_report_list"
    create_url_name = "inspections:emergency_report_create"
    title = _("登记信息报送")


class DepartmentRatingFormView(RecordFormView):
    form_class = forms.DepartmentRatingForm
    selector = staticmethod(selectors.department_rating_list)
    create_service = staticmethod(services.department_rating_create)
    update_service = updating(services.department_rating_update, "rating_id")
    create_roles = write_roles = COMMUNITY
    list_url_name = "inspections:rating_list"
    create_url_name = "inspections:rating_create"
    title = _("民主评议")


# --- lists -------------------------------------------------------------------------------------


class InspectionListView(RegisterListView):
    title = _("检查考核")
    filterset_class = filtersets.InspectionFilterSet
    selector = staticmethod(selectors.inspection_list)
    create_url_name = "inspections:inspection_create"
    create_roles = RECORD_WRITERS + DEPARTMENT
    export_name = "inspections"
    columns = (
        Column(_("日期"), "date"),
        Column(_("社区"), "community.name"),
        Column(_("部门"), "department.name"),
        Column(_("检查事项"), "topic"),
        Column(_("形式"), "kind"),
        Column(_("状态"), "status"),
        Column(_("准备工时"), "prep_hours"),
        Column(_("一票否决"), lambda o: _yes(o.veto)),
        Column(
            _("要求材料"),
            lambda o: str(_("、")).join(
                str(label)  # lazy translations: read in the reader's language
                for flag, label in (
                    (o.demands_ledgers, _("台账")),
                    (o.demands_photos, _("照片")),
                    (o.demands_trail, _("留痕")),
                )
                if flag
            ),
        ),
        Column(_("结果"), "result"),
        Column(_("合并检查"), lambda o: str(o.merge.date) if o.merge_id else ""),
        Column(_("次数"), "count"),
    )


class InspectionTopicListView(RegisterListView):
    title = _("检查事项目录")
    filterset_class = filtersets.InspectionTopicFilterSet
    selector = staticmethod(selectors.inspection_topic_list)
    create_url_name = "inspections:topic_create"
    create_roles = CATALOG_WRITERS
    export_name = "inspection_topics"
    columns = (
        Column(_("编码"), "code"),
        Column(_("名称"), "name"),
        Column(_("大类"), "family"),
        Column(_("主管部门"), "department.name"),
    )


class InspectionMergeListView(RegisterListView):
    title = _("合并检查")
    filterset_class = filtersets.InspectionMergeFilterSet
    selector = staticmethod(selectors.inspection_merge_list)
    export_name = "inspection_merges"
    columns = (
        Column(_("联合检查日期"), "date"),
        Column(_("街道"), "street.name"),
        Column(_("大类"), "family"),
        Column(_("合并的检查"), "inspection_count"),
        Column(_("说明"), "note"),
        Column(_("操作人"), "created_by"),
    )


class MeetingListView(RegisterListView):
    title = _("会议")
    filterset_class = filtersets.MeetingFilterSet
    selector = staticmethod(selectors.meeting_list)
    create_url_name = "inspections:meeting_create"
    create_roles = RECORD_WRITERS
    export_name = "meetings"
    columns = (
        Column(_("日期"), "date"),
        Column(_("社区"), "community.name"),
        Column(_("召集部门"), "department.name"),
        Column(_("时长(小时)"), "hours"),
        Column(_("参会人数"), "attendees"),
        Column(_("目的"), "purpose"),
        Column(_("次数"), "count"),
    )


class TemporaryTaskListView(RegisterListView):
    title = _("临时任务、摊派")
    filterset_class = filtersets.TemporaryTaskFilterSet
    selector = staticmethod(selectors.temporary_task_list)
    create_url_name = "inspections:temporary_task_create"
    create_roles = RECORD_WRITERS
    export_name = "temporary_tasks"
    columns = (
        Column(_("日期"), "date"),
        Column(_("社区"), "community.name"),
        Column(_("部门"), "department.name"),
        Column(_("类别"), "kind"),
        Column(_("工时"), "hours"),
        Column(_("次数"), "count"),
    )


class SignboardListView(RegisterListView):
    title = _("挂牌和机构")
    filterset_class = filtersets.SignboardFilterSet
    selector = staticmethod(selectors.signboard_list)
    create_url_name = "inspections:signboard_create"
    create_roles = RECORD_WRITERS
    export_name = "signboards"
    columns = (
        Column(_("名称"), "name"),
        Column(_("社区"), "community.name"),
        Column(_("部门"), "department.name"),
        Column(_("类型"), "kind"),
        Column(_("数量"), "count"),
        Column(_("挂牌/设立日期"), "hung_on"),
        Column(_("摘牌/撤销日期"), "removed_on"),
    )


class PlatformListView(RegisterListView):
    title = _("信息平台、App和工作群")
    filterset_class = filtersets.PlatformFilterSet
    selector = staticmethod(selectors.platform_list)
    create_url_name = "inspections:platform_create"
    create_roles = CATALOG_WRITERS + DEPARTMENT
    export_name = "platforms"
    columns = (
        Column(_("编码"), "code"),
        Column(_("名称"), "name"),
        Column(_("主管部门"), "department.name"),
        Column(_("层级"), "level"),
        Column(_("类型"), "kind"),
        Column(_("要求录入的字段"), lambda o: str(_("、")).join(o.fields or [])),
    )


class PlatformUsageListView(RegisterListView):
    title = _("平台使用")
    filterset_class = filtersets.PlatformUsageFilterSet
    selector = staticmethod(selectors.platform_usage_list)
    create_url_name = "inspections:platform_usage_create"
    create_roles = RECORD_WRITERS
    export_name = "platform_usage"
    columns = (
        Column(_("年度"), "year"),
        Column(_("社区"), "community.name"),
        Column(_("平台"), "platform.name"),
        Column(_("类型"), "platform.kind"),
        Column(_("主管部门"), "platform.department.name"),
        Column(_("每月工时"), "hours_per_month"),
        Column(_("全年工时"), "hours"),
    )


class PledgeListView(RegisterListView):
    title = _("责任书")
    filterset_class = filtersets.PledgeFilterSet
    selector = staticmethod(selectors.pledge_list)
    create_url_name = "inspections:pledge_create"
    create_roles = RECORD_WRITERS
    export_name = "pledges"
    columns = (
        Column(_("责任事项"), "matter"),
        Column(_("社区"), "community.name"),
        Column(_("要求签订部门"), "department.name"),
        Column(_("年度"), "year"),
        Column(_("签订日期"), "signed_on"),
        Column(_("含一票否决"), lambda o: _yes(o.veto)),
        Column(_("否决条款"), "veto_clauses"),
    )


class EmergencyReportListView(RegisterListView):
    title = _("信息报送")
    template_name = "inspections/emergency_report_list.html"
    filterset_class = filtersets.EmergencyReportFilterSet
    selector = staticmethod(selectors.emergency_report_list)
    create_url_name = "inspections:emergency_report_create"
    create_roles = RECORD_WRITERS
    export_name = "emergency_reports"
    columns = (
        Column(_("事发时间"), lambda o: timezone.localtime(o.incident_at).strftime("%Y-%m-%d %H:%M")),
        Column(_("事件"), "title"),
        Column(_("社区"), "community.name"),
        Column(_("接报部门"), "department.name"),
        Column(
            _("报送时间"),
            lambda o: timezone.localtime(o.reported_at).strftime("%Y-%m-%d %H:%M") if o.reported_at else "",
        ),
        Column(_("报送情况"), "status"),
        Column(_("迟报(超过1小时)"), lambda o: _yes(o.late)),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        context["summary_year"] = year
        context["summary"] = selectors.emergency_report_summary(user=self.request.user, year=year)
        return context


class DepartmentRatingListView(RegisterListView):
    """民主评议, row by row. A rated department is sent to its aggregate (民主评议结果): which
    community gave what score and comment is not shown to it (selectors.department_rating_list)."""

    title = _("民主评议")
    filterset_class = filtersets.DepartmentRatingFilterSet
    selector = staticmethod(selectors.department_rating_list)
    create_url_name = "inspections:rating_create"
    create_roles = COMMUNITY
    export_name = "department_ratings"
    columns = (
        Column(_("年度"), "year"),
        Column(_("社区"), "community.name"),
        Column(_("被评议部门"), "department.name"),
        Column(_("计分方式"), "scale"),
        Column(_("评分"), "score"),
        Column(_("百分制得分"), "score_100"),
        Column(_("评议意见"), "comment"),
    )

    def get(self, request, *args, **kwargs):
        if self.scope.is_department:
            return HttpResponseRedirect(reverse("inspections:rating_summary"))
        return super().get(request, *args, **kwargs)


class DepartmentRatingSummaryView(RoleRequiredMixin, TemplateView):
    """民主评议结果: the average per department (departments ranked, never people)."""

    template_name = "inspections/rating_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = timezone.localdate().year
        context.update(
            title=_("民主评议结果"),
            year=year,
            years=range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            rows=selectors.department_rating_table(user=self.request.user, year=year),
            department_reader=self.scope.is_department,
            minimum_ratings=selectors.MIN_RATINGS_FOR_DEPARTMENT,
        )
        return context


# --- the street calendar -------------------------------------------------------------------


class InspectionCalendarView(RoleRequiredMixin, TemplateView):
    """检查日历: planned inspections per community and week, with 合并检查 proposals."""

    template_name = "inspections/calendar.html"
    weeks = 4

    def start(self) -> datetime.date:
        """The week asked for; today's when absent, malformed or outside 2000–2100 (the
        calendar steps weeks back and forth from it)."""
        try:
            start = datetime.date.fromisoformat(self.request.GET.get("start", ""))
        except ValueError:
            return timezone.localdate()
        return start if 2000 <= start.year <= 2100 else timezone.localdate()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calendar = selectors.inspection_calendar(user=self.request.user, start=self.start(), weeks=self.weeks)
        step = datetime.timedelta(weeks=self.weeks)
        context.update(
            title=_("检查日历"),
            calendar=calendar,
            can_merge=self.scope.everything or self.scope.role in SUPERVISORS,
            previous_start=calendar["start"] - step,
            next_start=calendar["start"] + step,
        )
        return context


class InspectionMergeCreateView(RoleRequiredMixin, FormView):
    """Record one proposal as a joint visit; answers htmx with the updated proposal card."""

    allowed_roles = STREET + DISTRICT
    form_class = forms.MergeForm
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        ids = [i.pk for i in form.cleaned_data["inspections"]]
        try:
            merge = services.inspection_merge_create(
                user=self.request.user,
                inspection_ids=ids,
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            return self.answer(errors=[m for ms in exc.message_dict.values() for m in ms])
        return self.answer(merge=merge)

    def form_invalid(self, form):
        return self.answer(errors=[m for ms in form.errors.values() for m in ms])

    def answer(self, *, merge=None, errors=()):
        if self.request.htmx:
            # 200 even for a refusal: htmx only swaps successful responses into the card.
            return render(
                self.request, "inspections/inc/merge_result.html", {"merge": merge, "errors": errors}
            )
        if merge is not None:
            messages.success(self.request, _("已合并为一次联合检查：%(m)s") % {"m": merge})
        for error in errors:
            messages.error(self.request, error)
        return HttpResponseRedirect(reverse("inspections:calendar"))
