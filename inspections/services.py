"""Writes of the inspection registers. Every service validates (field-level errors), locks what
it changes, and writes the audit trail; nothing is half-written when it refuses."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from organisation.models import Community
from organisation.scoping import scope_for

from .models import (
    DepartmentRating,
    EmergencyReport,
    Inspection,
    InspectionMerge,
    InspectionTopic,
    Meeting,
    Platform,
    PlatformUsage,
    ResponsibilityPledge,
    Signboard,
    TemporaryTask,
    TopicFamily,
)

M = TypeVar("M", bound=models.Model)
Errors = dict[str, str]
REPORT_DEADLINE = datetime.timedelta(hours=1)


# --- the shared write path ------------------------------------------------------------------


def _scope_errors(*, user, instance: models.Model) -> Errors:
    """A record may only be written inside the writer's scope (what they could then see);
    catalogs are kept by the district, or by a department for its own rows."""
    scope = scope_for(user)
    errors: Errors = {}
    if scope.is_department:
        if not hasattr(instance, "department_id"):
            raise PermissionDenied(_("职能部门不能登记此类记录。"))
        if instance.department_id != scope.department_id:
            errors["department"] = _("职能部门只能登记本部门产生的记录。")
    elif hasattr(instance, "community_id"):
        if (
            instance.community_id is not None
            and not Community.objects.visible_to(user).filter(pk=instance.community_id).exists()
        ):
            errors["community"] = _("只能为本人管辖范围内的社区登记。")
    elif not scope.is_district:
        raise PermissionDenied(_("目录由区减负办维护。"))
    return errors


def _not_negative(instance: models.Model, *names: str) -> Errors:
    return {
        name: _("工时不能为负数。")
        for name in names
        if getattr(instance, name) is not None and Decimal(getattr(instance, name)) < 0
    }


def _locked_visible(*, user, model: type[M], instance_id: int) -> M:
    """The row to update, locked, looked up among those the writer can see: naming another
    community's row by id is refused as writing outside one's scope is (whatever the new values)."""
    try:
        return model.objects.visible_to(user).select_for_update(of=("self",)).get(pk=instance_id)
    except model.DoesNotExist:
        pass
    scope = scope_for(user)
    if scope.is_department and hasattr(model, "department_id"):
        raise ValidationError({"department": _("职能部门只能登记本部门产生的记录。")})
    if hasattr(model, "community_id"):
        raise ValidationError({"community": _("只能为本人管辖范围内的社区登记。")})
    raise PermissionDenied(_("目录由区减负办维护。"))


def _save(
    *,
    user,
    model: type[M],
    instance_id: int | None,
    data: Mapping[str, Any],
    rules: Callable[[M], Errors],
    action: str,
) -> M:
    """Create or update one row: apply `data`, check scope and `rules`, then the model's own
    field validation; save and audit only when everything passed."""
    if instance_id is None:
        instance, before = model(), None
    else:
        instance = _locked_visible(user=user, model=model, instance_id=instance_id)
        before = model_to_dict(instance)
    for name, value in data.items():
        setattr(instance, name, value)
    errors: Errors = {}
    errors.update(_scope_errors(user=user, instance=instance))
    try:
        instance.full_clean(validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages[0])
    # The domain rules speak more clearly than the generic field messages: theirs win.
    errors.update(rules(instance))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():  # a savepoint: a refused INSERT leaves the caller's transaction usable
            instance.save()
    except IntegrityError:
        # Another request saved the same row between the rules' check and this save (a unique
        # constraint refused it): the rules, asked again, name the clash as they would have.
        errors = rules(instance)
        if not errors:
            raise
        raise ValidationError(errors) from None
    verb = "create" if before is None else "update"
    audit_record(
        actor=user,
        action=f"{action}.{verb}",
        target=instance,
        before=before,
        after=model_to_dict(instance),
    )
    return instance


def _no_rules(instance) -> Errors:
    return {}


# --- 检查考核 ---------------------------------------------------------------------------------


def _inspection_rules(inspection: Inspection) -> Errors:
    errors = _not_negative(inspection, "prep_hours")
    if (
        inspection.date
        and inspection.date > timezone.localdate()
        and inspection.status != Inspection.Status.PLANNED
    ):
        errors["date"] = _("检查日期不能晚于今天；尚未进行的检查请将状态设为“待检查”。")
    if inspection.status == Inspection.Status.PLANNED and inspection.result:
        errors["result"] = _("尚未进行的检查不能填写结果。")
    return errors


@transaction.atomic
def inspection_create(*, user, data: Mapping[str, Any]) -> Inspection:
    """登记检查考核 (or announce a planned one: status 待检查, may be dated ahead)."""
    return _save(
        user=user, model=Inspection, instance_id=None, data=data, rules=_inspection_rules, action="inspection"
    )


@transaction.atomic
def inspection_update(*, user, inspection_id: int, data: Mapping[str, Any]) -> Inspection:
    """修改检查考核."""
    return _save(
        user=user,
        model=Inspection,
        instance_id=inspection_id,
        data=data,
        rules=_inspection_rules,
        action="inspection",
    )


@transaction.atomic
def inspection_topic_create(*, user, data: Mapping[str, Any]) -> InspectionTopic:
    """新增检查事项 to the catalog."""
    return _save(
        user=user,
        model=InspectionTopic,
        instance_id=None,
        data=data,
        rules=_no_rules,
        action="inspection_topic",
    )


@transaction.atomic
def inspection_topic_update(*, user, topic_id: int, data: Mapping[str, Any]) -> InspectionTopic:
    """修改检查事项."""
    return _save(
        user=user,
        model=InspectionTopic,
        instance_id=topic_id,
        data=data,
        rules=_no_rules,
        action="inspection_topic",
    )


@transaction.atomic
def inspection_merge_create(
    *, user, inspection_ids: list[int], date: datetime.date | None = None, note: str = ""
) -> InspectionMerge:
    """合并检查: make several planned inspections of one street one joint visit on one date."""
    scope = scope_for(user)
    if not (scope.is_street or scope.is_district):
        raise PermissionDenied(_("只有街道或区减负办可以合并检查。"))
    ids = sorted(set(inspection_ids))
    if len(ids) < 2:
        raise ValidationError({"inspections": _("至少选择两次检查才能合并。")})
    inspections = list(
        Inspection.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("community__street")
        .select_for_update(of=("self",))
    )
    if len(inspections) != len(ids):
        raise ValidationError({"inspections": _("部分检查不存在或不在您的管辖范围内。")})
    streets = {i.community.street for i in inspections}
    if len(streets) > 1:
        names = _("、").join(sorted(s.name for s in streets))
        raise ValidationError(
            {
                "inspections": _("不能跨街道合并检查：所选检查分属不同街道（%(streets)s）。")
                % {"streets": names}
            }
        )
    if any(i.status != Inspection.Status.PLANNED for i in inspections):
        raise ValidationError({"inspections": _("只能合并尚未进行（待检查）的检查。")})
    if any(i.merge_id for i in inspections):
        raise ValidationError({"inspections": _("所选检查中有已合并的检查。")})
    date = date or max(i.date for i in inspections)
    if date < timezone.localdate():
        raise ValidationError({"date": _("联合检查日期不能早于今天。")})
    families = set(
        InspectionTopic.objects.filter(name__in={i.topic for i in inspections}).values_list(
            "family", flat=True
        )
    )
    family = str(dict(TopicFamily.choices)[families.pop()]) if len(families) == 1 else ""
    merge = InspectionMerge.objects.create(
        street=streets.pop(), date=date, family=family, note=note, created_by=user
    )
    Inspection.objects.filter(pk__in=ids).update(merge=merge, date=date)
    audit_record(
        actor=user,
        action="inspection_merge.create",
        target=merge,
        after={"inspections": ids, "date": date.isoformat(), "family": family},
        reason=note,
    )
    return merge


# --- 会议、临时任务、挂牌 ---------------------------------------------------------------------


def _meeting_rules(meeting: Meeting) -> Errors:
    return _not_negative(meeting, "hours")


@transaction.atomic
def meeting_create(*, user, data: Mapping[str, Any]) -> Meeting:
    """登记会议."""
    return _save(
        user=user, model=Meeting, instance_id=None, data=data, rules=_meeting_rules, action="meeting"
    )


@transaction.atomic
def meeting_update(*, user, meeting_id: int, data: Mapping[str, Any]) -> Meeting:
    """修改会议."""
    return _save(
        user=user, model=Meeting, instance_id=meeting_id, data=data, rules=_meeting_rules, action="meeting"
    )


def _temporary_task_rules(task: TemporaryTask) -> Errors:
    return _not_negative(task, "hours")


@transaction.atomic
def temporary_task_create(*, user, data: Mapping[str, Any]) -> TemporaryTask:
    """登记临时任务、摊派."""
    return _save(
        user=user,
        model=TemporaryTask,
        instance_id=None,
        data=data,
        rules=_temporary_task_rules,
        action="temporary_task",
    )


@transaction.atomic
def temporary_task_update(*, user, task_id: int, data: Mapping[str, Any]) -> TemporaryTask:
    """修改临时任务、摊派."""
    return _save(
        user=user,
        model=TemporaryTask,
        instance_id=task_id,
        data=data,
        rules=_temporary_task_rules,
        action="temporary_task",
    )


def _signboard_rules(board: Signboard) -> Errors:
    if board.hung_on and board.removed_on and board.removed_on < board.hung_on:
        return {"removed_on": _("摘牌/撤销日期不能早于挂牌/设立日期。")}
    return {}


@transaction.atomic
def signboard_create(*, user, data: Mapping[str, Any]) -> Signboard:
    """登记挂牌或机构."""
    return _save(
        user=user, model=Signboard, instance_id=None, data=data, rules=_signboard_rules, action="signboard"
    )


@transaction.atomic
def signboard_update(*, user, signboard_id: int, data: Mapping[str, Any]) -> Signboard:
    """修改挂牌或机构 (e.g. record 摘牌)."""
    return _save(
        user=user,
        model=Signboard,
        instance_id=signboard_id,
        data=data,
        rules=_signboard_rules,
        action="signboard",
    )


# --- 信息平台 ---------------------------------------------------------------------------------


def _platform_rules(platform: Platform) -> Errors:
    fields = platform.fields
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        return {"fields": _("字段须为字段名称的列表。")}
    platform.fields = [f.strip() for f in fields if f.strip()]
    return {}


@transaction.atomic
def platform_create(*, user, data: Mapping[str, Any]) -> Platform:
    """新增信息平台、政务App或工作群."""
    return _save(
        user=user, model=Platform, instance_id=None, data=data, rules=_platform_rules, action="platform"
    )


@transaction.atomic
def platform_update(*, user, platform_id: int, data: Mapping[str, Any]) -> Platform:
    """修改信息平台."""
    return _save(
        user=user,
        model=Platform,
        instance_id=platform_id,
        data=data,
        rules=_platform_rules,
        action="platform",
    )


def _platform_usage_rules(usage: PlatformUsage) -> Errors:
    errors = _not_negative(usage, "hours", "hours_per_month")
    if errors:
        return errors
    if usage.hours_per_month is not None and not usage.hours:
        usage.hours = Decimal(usage.hours_per_month) * 12
    duplicate = (
        PlatformUsage.objects.filter(
            community=usage.community_id, platform=usage.platform_id, year=usage.year
        )
        .exclude(pk=usage.pk)
        .exists()
    )
    if duplicate:
        errors["platform"] = _("本社区%(year)s年已登记过该平台的使用情况，请修改原记录。") % {
            "year": usage.year
        }
    return errors


@transaction.atomic
def platform_usage_create(*, user, data: Mapping[str, Any]) -> PlatformUsage:
    """登记平台使用 (hours a year; given per month they are counted ×12)."""
    return _save(
        user=user,
        model=PlatformUsage,
        instance_id=None,
        data=data,
        rules=_platform_usage_rules,
        action="platform_usage",
    )


@transaction.atomic
def platform_usage_update(*, user, usage_id: int, data: Mapping[str, Any]) -> PlatformUsage:
    """修改平台使用."""
    return _save(
        user=user,
        model=PlatformUsage,
        instance_id=usage_id,
        data=data,
        rules=_platform_usage_rules,
        action="platform_usage",
    )


# --- 责任书 -----------------------------------------------------------------------------------


def _pledge_rules(pledge: ResponsibilityPledge) -> Errors:
    if pledge.veto and not (pledge.veto_clauses or "").strip():
        return {"veto_clauses": _("含一票否决的责任书请填写否决条款。")}
    return {}


@transaction.atomic
def pledge_create(*, user, data: Mapping[str, Any]) -> ResponsibilityPledge:
    """登记责任书."""
    return _save(
        user=user,
        model=ResponsibilityPledge,
        instance_id=None,
        data=data,
        rules=_pledge_rules,
        action="pledge",
    )


@transaction.atomic
def pledge_update(*, user, pledge_id: int, data: Mapping[str, Any]) -> ResponsibilityPledge:
    """修改责任书."""
    return _save(
        user=user,
        model=ResponsibilityPledge,
        instance_id=pledge_id,
        data=data,
        rules=_pledge_rules,
        action="pledge",
    )


# --- 信息报送 ---------------------------------------------------------------------------------


def _emergency_report_rules(report: EmergencyReport) -> Errors:
    errors: Errors = {}
    if report.incident_at and report.incident_at > timezone.now():
        errors["incident_at"] = _("事发时间不能晚于现在。")
    if report.status == EmergencyReport.Status.REPORTED and not report.reported_at:
        errors["reported_at"] = _("已报送的信息请填写报送时间。")
    if report.incident_at and report.reported_at and report.reported_at < report.incident_at:
        errors["reported_at"] = _("报送时间不能早于事发时间。")
    report.late = bool(
        report.status == EmergencyReport.Status.REPORTED
        and report.incident_at
        and report.reported_at
        and report.reported_at - report.incident_at > REPORT_DEADLINE
    )
    return errors


@transaction.atomic
def emergency_report_create(*, user, data: Mapping[str, Any]) -> EmergencyReport:
    """登记信息报送; a report more than one hour after the incident is flagged 迟报."""
    return _save(
        user=user,
        model=EmergencyReport,
        instance_id=None,
        data=data,
        rules=_emergency_report_rules,
        action="emergency_report",
    )


@transaction.atomic
def emergency_report_update(*, user, report_id: int, data: Mapping[str, Any]) -> EmergencyReport:
    """修改信息报送."""
    return _save(
        user=user,
        model=EmergencyReport,
        instance_id=report_id,
        data=data,
        rules=_emergency_report_rules,
        action="emergency_report",
    )


# --- 民主评议 ---------------------------------------------------------------------------------

SCALE_RANGE = {
    DepartmentRating.Scale.FIVE: (Decimal(1), Decimal(5), gettext_lazy("五分制评分须在 1 到 5 之间。")),
    DepartmentRating.Scale.HUNDRED: (
        Decimal(0),
        Decimal(100),
        gettext_lazy("百分制评分须在 0 到 100 之间。"),
    ),
}


def _rating_rules(rating: DepartmentRating) -> Errors:
    errors: Errors = {}
    if rating.score is not None and rating.scale in SCALE_RANGE:
        low, high, message = SCALE_RANGE[rating.scale]
        if not low <= Decimal(rating.score) <= high:
            errors["score"] = str(message)  # read now, in the language of this request
        factor = 20 if rating.scale == DepartmentRating.Scale.FIVE else 1
        rating.score_100 = Decimal(rating.score) * factor
    duplicate = (
        DepartmentRating.objects.filter(
            community=rating.community_id, department=rating.department_id, year=rating.year
        )
        .exclude(pk=rating.pk)
        .exists()
    )
    if duplicate:
        errors["department"] = _("本社区%(year)s年已评议过该部门，每个部门每年只能评议一次。") % {
            "year": rating.year
        }
    return errors


def _rating_save(*, user, rating_id: int | None, data: Mapping[str, Any]) -> DepartmentRating:
    if not scope_for(user).is_community:
        raise PermissionDenied(_("民主评议由社区进行。"))
    # score_100 is derived in the rules; give full_clean a value to pass its required check.
    data = {**data, "score_100": Decimal(0)}
    return _save(
        user=user,
        model=DepartmentRating,
        instance_id=rating_id,
        data=data,
        rules=_rating_rules,
        action="department_rating",
    )


@transaction.atomic
def department_rating_create(*, user, data: Mapping[str, Any]) -> DepartmentRating:
    """民主评议: the community rates one department once a year (1–5 or 0–100, with comment)."""
    return _rating_save(user=user, rating_id=None, data=data)


@transaction.atomic
def department_rating_update(*, user, rating_id: int, data: Mapping[str, Any]) -> DepartmentRating:
    """修改民主评议 (same community, same year)."""
    return _rating_save(user=user, rating_id=rating_id, data=data)


def updating(service, id_name: str):
    """An update service (`<entity>_update(user=, <entity>_id=, data=)`) as the register views
    call it: `(user=, pk=, data=)`."""
    return staticmethod(lambda *, user, pk, data: service(user=user, data=data, **{id_name: pk}))
