"""Writes of the tasks app: the catalog, 准入 requests and their review, assignments, the work log.

Every decision is audited; follow-up work (webhooks) is queued on commit.
"""

from __future__ import annotations

import calendar
import json
import logging
import re
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.services import audit_record
from communityops.errors import TransitionError
from communityops.queue import enqueue_on_commit
from organisation.models import Community, Department, Street
from organisation.permissions import require_role
from organisation.scoping import scope_for

from . import texts
from .models import (
    AccessRequest,
    Attachment,
    CatalogEntry,
    CatalogVersion,
    Finding,
    Frequency,
    ListClass,
    Nature,
    Notification,
    RequestEvent,
    TargetMode,
    TaskAssignment,
    TaskItem,
    WorkCategory,
    WorkLog,
)
from .workdays import add_working_days, working_days_between

log = logging.getLogger(__name__)

NOTICE_WORKING_DAYS = 30  # a department applies 30 working days before the work starts
REVIEW_WORKING_DAYS = 15  # and gets a decision within 15 working days
ATTACHMENT_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".jpg", ".jpeg", ".png", ".txt"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
MAX_HOURS_PER_PERSON_DAY = Decimal(24)
MAX_PEOPLE_PER_LINE = 1000  # 人数 on one work-log line (the API, the form and the service agree)

Status = AccessRequest.Status


# --- the catalog (事项清单) ----------------------------------------------------------------
CATALOG_FIELDS = (
    "code",
    "name",
    "department",
    "list_class",
    "nature",
    "legal_basis",
    "funds_per_year",
    "hours_per_occurrence",
    "active",
    "note",
)


def _snapshot(obj, fields) -> dict:
    out = {}
    for name in fields:
        value = (
            getattr(obj, f"{name}_id", None) if name in ("department", "task_item") else getattr(obj, name)
        )
        out[name] = value if isinstance(value, (str, int, bool, type(None))) else str(value)
    return out


@transaction.atomic
def task_item_save(*, by, fields: dict[str, Any], item_id: int | None = None) -> TaskItem:
    """Create or edit one item of the 事项清单 (district burden-reduction office only)."""
    require_role(by, ("district_admin",), _("只有区减负办可以维护事项清单。"))
    item = TaskItem.objects.select_for_update().get(pk=item_id) if item_id else TaskItem()
    before = _snapshot(item, CATALOG_FIELDS) if item_id else None
    for name, value in fields.items():
        if name in CATALOG_FIELDS:
            setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(
        actor=by,
        action="task_item.update" if item_id else "task_item.create",
        target=item,
        before=before,
        after=_snapshot(item, CATALOG_FIELDS),
    )
    return item


@transaction.atomic
def catalog_version_publish(
    *, by, name: str, valid_from: date, valid_until: date | None = None, note: str = ""
) -> CatalogVersion:
    """Publish a 清单版本: freeze every listed item as it stands; the version in force before
    ends the day before this one starts."""
    require_role(by, ("district_admin",), _("只有区减负办可以发布事项清单。"))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("请填写版本名称。")]
    if valid_until and valid_until < valid_from:
        errors["valid_until"] = [_("失效日期不能早于生效日期。")]
    if CatalogVersion.objects.filter(valid_from=valid_from).exists():
        errors["valid_from"] = [_("该生效日期已有版本，请另选日期。")]
    if errors:
        raise ValidationError(errors)
    previous = list(
        CatalogVersion.objects.select_for_update()
        .filter(valid_from__lt=valid_from)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
    )
    for old in previous:
        old.valid_until = valid_from - timedelta(days=1)
        old.save(update_fields=["valid_until"])
    version = CatalogVersion.objects.create(
        name=name.strip(), valid_from=valid_from, valid_until=valid_until, note=note, published_by=by
    )
    CatalogEntry.objects.bulk_create(
        CatalogEntry(
            version=version,
            task_item=item,
            list_class=item.list_class,
            nature=item.nature,
            legal_basis=item.legal_basis,
            funds_per_year=item.funds_per_year,
        )
        for item in TaskItem.objects.filter(active=True)
    )
    audit_record(
        actor=by,
        action="catalog_version.publish",
        target=version,
        after={"name": version.name, "valid_from": str(valid_from), "items": version.entries.count()},
    )
    return version


def catalog_version_in_force(*, on: date) -> CatalogVersion | None:
    return (
        CatalogVersion.objects.filter(valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-valid_from", "-id")
        .first()
    )


# --- 准入 requests -------------------------------------------------------------------------
REQUEST_FIELDS = (
    "task_item",
    "title",
    "legal_basis",
    "list_class",
    "nature",
    "target_mode",
    "frequency",
    "deadline",
    "hours_per_community",
    "funds_transferred",
    "authority_delegated",
    "ledgers",
    "report_forms",
    "certificates",
    "inspections",
    "signboards",
    "demanded_fields",
    "one_vote_veto",
    "note",
)


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls (Compound File Binary)
_ZIP_MEMBER = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".ofd": "OFD.xml"}
_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".doc": (_OLE2,),
    ".xls": (_OLE2,),
}
# Binary signatures a ".txt" must not start with (programs, archives, documents in disguise).
_NOT_TEXT = (b"MZ", b"\x7fELF", b"PK\x03\x04", b"%PDF-", _OLE2, b"\x89PNG", b"\xff\xd8\xff", b"#!")


def _content_matches(upload: UploadedFile, ext: str) -> bool:
    """Type sniffing by the file's own bytes (magic numbers, the zip's parts), not its name."""
    import zipfile

    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if ext in _MAGIC:
        return head.startswith(_MAGIC[ext])
    if ext in _ZIP_MEMBER:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        member = _ZIP_MEMBER[ext]
        return member in names or any(n.endswith("/" + member) for n in names)
    if ext == ".txt":
        if head.startswith(_NOT_TEXT) or b"\x00" in head:
            return False
        for encoding in ("utf-8", "gb18030"):
            try:
                head.decode(encoding)
            except UnicodeDecodeError as exc:
                if exc.start >= len(head) - 4:  # a character cut by the 8 KB window
                    return True
                continue
            return True
        return False
    return False


def _validate_attachment(upload: UploadedFile) -> None:
    """准入附件: an allowed extension, content that really is of that type, at most 10 MB."""
    ext = PurePath(upload.name or "").suffix.lower()
    if ext not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {
                "attachments": [
                    _("不支持的附件类型“%(ext)s”，仅限 PDF、Word、Excel、OFD、图片和文本。")
                    % {"ext": ext or _("无扩展名")}
                ]
            }
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"attachments": [_("附件不能超过 10 MB。")]})
    if not _content_matches(upload, ext):
        raise ValidationError(
            {
                "attachments": [
                    _("附件“%(name)s”的内容与扩展名“%(ext)s”不符，请上传真实的%(ext)s文件。")
                    % {"name": upload.name, "ext": ext}
                ]
            }
        )


@transaction.atomic
def access_request_save(
    *,
    by,
    fields: dict[str, Any],
    streets: list[Street] | None = None,
    communities: list[Community] | None = None,
    attachments: list[UploadedFile] | None = None,
    request_id: int | None = None,
) -> AccessRequest:
    """Save a 准入申请 as a draft (new, or a draft/returned one being edited)."""
    scope = scope_for(by)
    if not scope.is_department:
        raise ValidationError({"non_field_errors": [_("只有职能部门经办人可以填写准入申请。")]})
    if request_id:
        req = AccessRequest.objects.select_for_update().visible_to(by).get(pk=request_id)
        if not req.editable:
            raise TransitionError(req.get_status_display(), _("修改"))
    else:
        req = AccessRequest(department_id=scope.department_id, created_by=by)
    for name, value in fields.items():
        if name in REQUEST_FIELDS:
            setattr(req, name, value)
    if req.task_item_id and not req.title:
        req.title = req.task_item.name
    if not req.list_class and req.task_item_id:
        req.list_class = req.task_item.list_class
    if not req.nature and req.task_item_id:
        req.nature = req.task_item.nature
    errors: dict[str, list[str]] = {}
    item = fields.get("task_item")
    if item is not None and not item.active:
        errors["task_item"] = [_("事项“%(item)s”已不在清单中，请重新选择。") % {"item": item}]
    if not (req.title or "").strip():
        errors["title"] = [_("请填写事项名称或选择清单事项。")]
    if not req.list_class:
        errors["list_class"] = [_("请选择清单类别。")]
    if not req.nature:
        errors["nature"] = [_("请选择事项性质。")]
    for upload in attachments or ():
        try:
            _validate_attachment(upload)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    req.full_clean(exclude=["department", "created_by"])
    req.save()
    if streets is not None:
        req.target_streets.set(streets)
    if communities is not None:
        req.target_communities.set(communities)
    for upload in attachments or ():
        Attachment.objects.create(
            access_request=req, file=upload, name=upload.name[:200], size=upload.size, uploaded_by=by
        )
    return req


def access_request_targets(*, req: AccessRequest) -> list[Community]:
    """The communities a request aims at, resolved from all / by street / chosen."""
    if req.target_mode == TargetMode.ALL:
        return list(Community.objects.all())
    if req.target_mode == TargetMode.STREET:
        return list(Community.objects.filter(street__in=req.target_streets.all()))
    return list(req.target_communities.all())


def _split_names(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[、,，;；\n]+", text or "") if part.strip()]


@dataclass
class FindingDraft:
    kind: str
    severity: str
    text: texts.Text
    detail: dict

    @property
    def message(self) -> str:
        """The finding as stored (Chinese)."""
        return self.text.chinese


def access_request_findings(
    *, req: AccessRequest, targets: list[Community], today: date
) -> list[FindingDraft]:
    """自动审查: the problems a request shows before any human looks at it."""
    found: list[FindingDraft] = []
    version = catalog_version_in_force(on=today)
    entry = None
    if version and req.task_item_id:
        entry = CatalogEntry.objects.filter(version=version, task_item_id=req.task_item_id).first()
    catalog_class = entry.list_class if entry else (req.task_item.list_class if req.task_item_id else "")
    if ListClass.NEGATIVE in (req.list_class, catalog_class):
        found.append(
            FindingDraft(
                Finding.Kind.NEGATIVE_LIST,
                Finding.Severity.BLOCK,
                texts.Text("negative_list_in", {"version": version.name})
                if entry
                else texts.Text("negative_list"),
                {"version": version.name if version else ""},
            )
        )
    if req.nature == Nature.ADMINISTRATIVE and not req.funds_transferred:
        found.append(
            FindingDraft(
                Finding.Kind.UNFUNDED,
                Finding.Severity.WARN,
                texts.Text("unfunded"),
                {},
            )
        )
    if req.one_vote_veto:
        found.append(
            FindingDraft(Finding.Kind.ONE_VOTE_VETO, Finding.Severity.WARN, texts.Text("one_vote_veto"), {})
        )
    if not (req.legal_basis or "").strip():
        found.append(
            FindingDraft(Finding.Kind.NO_LEGAL_BASIS, Finding.Severity.WARN, texts.Text("no_legal_basis"), {})
        )
    target_ids = [c.pk for c in targets]
    same = Q(task_item_id=req.task_item_id) if req.task_item_id else Q(title__iexact=req.title.strip())
    duplicates = list(
        AccessRequest.objects.filter(status=Status.APPROVED)
        .filter(same)
        .filter(target_communities__in=target_ids)
        .exclude(pk=req.pk)
        .select_related("department")
        .distinct()
        .order_by("pk")
    )
    if duplicates:
        codes = texts.joined(
            texts.NAME_SEPARATOR,
            (
                texts.Text("request_of", {"code": d.code, "department": str(d.department)}).as_param()
                for d in duplicates
            ),
        )
        found.append(
            FindingDraft(
                Finding.Kind.DUPLICATE,
                Finding.Severity.WARN,
                texts.Text("duplicate", {"codes": codes}),
                {"requests": [d.pk for d in duplicates]},
            )
        )
    if req.deadline:
        notice = working_days_between(today, req.deadline)
        if notice < NOTICE_WORKING_DAYS:
            found.append(
                FindingDraft(
                    Finding.Kind.SHORT_NOTICE,
                    Finding.Severity.WARN,
                    texts.Text("short_notice", {"days": notice, "required": NOTICE_WORKING_DAYS}),
                    {"working_days": notice},
                )
            )
    names = _split_names(req.demanded_fields)
    if names:
        overlaps = _fields_overlap(names)
        if overlaps:
            parts = [
                texts.Text(
                    "field_collected",
                    {
                        "field": o["field"],
                        "canonical": o["canonical"],
                        "sources": texts.joined(texts.NAME_SEPARATOR, o.get("demanded_by") or []),
                    },
                ).as_param()
                for o in overlaps
            ]
            found.append(
                FindingDraft(
                    Finding.Kind.DUPLICATE_FIELDS,
                    Finding.Severity.WARN,
                    texts.Text("duplicate_fields", {"overlaps": texts.joined(texts.LIST_SEPARATOR, parts)}),
                    {"overlaps": overlaps},
                )
            )
    return found


def _fields_overlap(names: list[str]) -> list[dict]:
    """The field dictionary (一表通) lives in the ledgers app; without it there is no finding."""
    try:
        from ledgers.selectors import fields_overlap
    except ImportError:
        return []
    # The finding is stored in Chinese (tasks/texts.py), its source labels too, whatever the
    # submitter's language; pages show it translated.
    with translation.override(settings.LANGUAGE_CODE):
        return [dict(o) for o in fields_overlap(field_names=names)]


@transaction.atomic
def access_request_submit(*, request_id: int, by) -> AccessRequest:
    """提交准入申请: check, compute the automatic findings, and send it to review
    (or block it when it is on the negative list)."""
    req = AccessRequest.objects.select_for_update().visible_to(by).get(pk=request_id)
    if not scope_for(by).is_department:
        raise ValidationError({"non_field_errors": [_("只有申请部门可以提交准入申请。")]})
    if req.status in (Status.SUBMITTED, Status.APPROVED):
        raise ValidationError(
            {
                "non_field_errors": [
                    _("该申请已提交（%(status)s），请勿重复提交。") % {"status": req.get_status_display()}
                ]
            }
        )
    if not req.editable:
        raise TransitionError(req.get_status_display(), _("提交"))
    today = timezone.localdate()
    targets = access_request_targets(req=req)
    errors: dict[str, list[str]] = {}
    if not targets:
        field = {"all": "target_mode", "street": "target_streets"}.get(req.target_mode, "target_communities")
        errors[field] = [_("请选择实施范围内的社区。")]
    if not req.deadline:
        errors["deadline"] = [_("请填写完成期限。")]
    elif req.deadline < today:
        errors["deadline"] = [_("完成期限不能早于今天。")]
    pending = (
        AccessRequest.objects.filter(department=req.department_id, status=Status.SUBMITTED)
        .filter(title__iexact=req.title.strip())
        .exclude(pk=req.pk)
        .first()
    )
    if pending:
        errors["title"] = [
            _("本部门已提交同名申请 %(code)s，正在审核中，请勿重复提交。") % {"code": pending.code}
        ]
    if errors:
        raise ValidationError(errors)
    req.target_communities.set(targets)
    streets = {c.street_id for c in targets}
    req.review_street_id = streets.pop() if len(streets) == 1 else None
    req.catalog_version = catalog_version_in_force(on=today)
    req.findings.all().delete()
    drafts = access_request_findings(req=req, targets=targets, today=today)
    Finding.objects.bulk_create(
        Finding(
            access_request=req, kind=d.kind, severity=d.severity, detail=d.detail, **d.text.columns("message")
        )
        for d in drafts
    )
    blocked = [d for d in drafts if d.severity == Finding.Severity.BLOCK]
    req.submitted_at = timezone.now()
    req.review_due = None if blocked else add_working_days(today, REVIEW_WORKING_DAYS)
    req.status = Status.BLOCKED if blocked else Status.SUBMITTED
    block = blocked[0].text if blocked else None
    if block:
        req.decided_at = req.submitted_at
        req.decision_reason = block.chinese
        req.decision_reason_key, req.decision_reason_params = block.key, block.params
    req.save()
    reason = block.chinese if block else ""
    RequestEvent.objects.create(
        access_request=req,
        action="submit",
        status=req.status,
        actor=by,
        **(block.columns("reason") if block else {"reason": ""}),
    )
    audit_record(
        actor=by,
        action="access_request.block" if blocked else "access_request.submit",
        target=req,
        after={"status": req.status, "findings": [d.kind for d in drafts], "targets": len(targets)},
        reason=reason,
    )
    if blocked:
        _notify(
            department_id=req.department_id,
            req=req,
            title=texts.Text("notice_blocked", {"code": req.code}),
            body=block,
        )
    return req


def _reviewable(req: AccessRequest, by) -> None:
    """The district decides requests aimed wholly at its communities; a street only those aimed
    wholly at its own."""
    scope = scope_for(by)
    if scope.everything:
        return
    if scope.is_district:
        if req.target_communities.exclude(street__district=scope.district_id).exists():
            raise ValidationError(
                {"target_communities": [_("该申请的目标社区超出本区范围，不能由本区审核。")]}
            )
        return
    if scope.is_street:
        if req.review_street_id != scope.street_id:
            raise ValidationError(
                {"target_communities": [_("该申请的目标社区超出本街道范围，须由区减负办审核。")]}
            )
        return
    raise ValidationError({"non_field_errors": [_("只有街道主管或区减负办可以审核准入申请。")]})


TRANSITIONS = {
    "approve": ((Status.SUBMITTED,), Status.APPROVED, gettext_noop("准予准入")),
    "reject": ((Status.SUBMITTED,), Status.REJECTED, gettext_noop("不予准入")),
    "return": ((Status.SUBMITTED,), Status.RETURNED, gettext_noop("退回修改")),
    "revoke": ((Status.APPROVED,), Status.REVOKED, gettext_noop("撤销准入")),
}


def _new_item_code(req: AccessRequest) -> str:
    """The code of the item an approval creates: ZR-<request id>, suffixed when an imported
    catalog already uses that code (the code is unique)."""
    code, n = f"ZR-{req.pk:05d}", 1
    while TaskItem.objects.filter(code=code).exists():
        n += 1
        code = f"ZR-{req.pk:05d}-{n}"
    return code


@transaction.atomic
def access_request_decide(*, request_id: int, by, action: str, reason: str) -> AccessRequest:
    """审核决定: approve, reject, return for revision, or revoke a 准入 request, with a reason."""
    if action not in TRANSITIONS:
        raise ValidationError({"action": [_("未知的审核动作“%(action)s”。") % {"action": action}]})
    allowed, target_status, label = TRANSITIONS[action]
    req = AccessRequest.objects.select_for_update().visible_to(by).get(pk=request_id)
    if req.status not in allowed:
        raise TransitionError(req.get_status_display(), _(label))
    _reviewable(req, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写审核意见（理由）。")]})
    before = {"status": req.status}
    req.status = target_status
    req.decided_at = timezone.now()
    req.decided_by = by
    req.decision_reason = reason
    req.decision_reason_key, req.decision_reason_params = "", {}  # a reviewer's own words
    created = closed = 0
    if action == "approve":
        today = timezone.localdate()
        req.catalog_version = catalog_version_in_force(on=today) or req.catalog_version
        if not req.task_item_id:
            req.task_item = TaskItem.objects.create(
                code=_new_item_code(req),
                name=req.title[:200],
                department_id=req.department_id,
                list_class=req.list_class,
                nature=req.nature,
                legal_basis=req.legal_basis,
                funds_per_year=req.funds_transferred,
                hours_per_occurrence=req.hours_per_community,
            )
        req.save()
        created = _assignments_create(req=req, today=today, first=True)
    elif action == "revoke":
        req.save()
        closed = _assignments_close_revoked(req=req, by=by, reason=reason)
    else:
        req.save()
    RequestEvent.objects.create(access_request=req, action=action, status=req.status, reason=reason, actor=by)
    audit_record(
        actor=by,
        action=f"access_request.{action}",
        target=req,
        before=before,
        after={"status": req.status, "assignments": created, "closed": closed}
        if action == "revoke"
        else {"status": req.status, "assignments": created},
        reason=reason,
    )
    _notify(
        department_id=req.department_id,
        req=req,
        title=texts.Text("notice_decided", {"code": req.code, "decision": texts.word(label)}),
        body=reason,
    )
    return req


# --- assignments (下沉任务) ---------------------------------------------------------------
def period_key(frequency: str, on: date) -> str:
    if frequency == Frequency.MONTHLY:
        return f"{on:%Y-%m}"
    if frequency == Frequency.QUARTERLY:
        return f"{on.year}Q{(on.month - 1) // 3 + 1}"
    if frequency == Frequency.YEARLY:
        return str(on.year)
    return "once"


def period_end(frequency: str, on: date) -> date:
    if frequency == Frequency.MONTHLY:
        return on.replace(day=calendar.monthrange(on.year, on.month)[1])
    if frequency == Frequency.QUARTERLY:
        month = ((on.month - 1) // 3 + 1) * 3
        return date(on.year, month, calendar.monthrange(on.year, month)[1])
    return date(on.year, 12, 31)


def _assignments_create(*, req: AccessRequest, today: date, first: bool) -> int:
    """One assignment per target community for the period `today` falls in (idempotent), and one
    notice to each community that got one, written in bulk (a constant number of queries)."""
    key = period_key(req.frequency, today)
    due = req.deadline if first or req.frequency == Frequency.ONCE else period_end(req.frequency, today)
    communities = list(req.target_communities.values_list("pk", flat=True))
    period = TaskAssignment.objects.filter(access_request=req, period=key)
    existing = set(period.values_list("community_id", flat=True))
    TaskAssignment.objects.bulk_create(
        (
            TaskAssignment(
                community_id=cid,
                task_item_id=req.task_item_id,
                assigned_on=today,
                approved=True,
                due_on=due,
                access_request=req,
                period=key,
            )
            for cid in communities
            if cid not in existing
        ),
        ignore_conflicts=True,
    )
    # Re-read: only the rows this call inserted (not those a conflict skipped) are notified.
    inserted = list(period.exclude(community_id__in=existing).values_list("community_id", flat=True))
    if inserted:
        title = texts.Text("notice_assigned", {"title": req.title})
        body = texts.Text(
            "notice_assigned_body",
            {"department": str(req.department), "code": req.code, "due": str(due) if due else "—"},
        )
        url = reverse("tasks:inbox")
        Notification.objects.bulk_create(
            Notification(
                community_id=cid,
                access_request=req,
                url=url,
                **title.columns("title"),
                **body.columns("body"),
            )
            for cid in inserted
        )
    return len(inserted)


def _assignments_close_revoked(*, req: AccessRequest, by, reason: str) -> int:
    """撤销准入 withdraws the approval: each community's OPEN assignments of the request are
    closed (拒绝/关闭 with the reason 准入已撤销) and the community is told. Completed
    assignments and every logged hour stay as they are (the work was done under 准入)."""
    open_ = TaskAssignment.objects.filter(access_request=req, done_at__isnull=True, refused=False)
    rows = list(open_.select_for_update().values_list("pk", "community_id"))
    if not rows:
        return 0
    TaskAssignment.objects.filter(pk__in=[pk for pk, _c in rows]).update(
        refused=True,
        refused_at=timezone.now(),
        refused_by=by,
        **texts.Text("revoked_reason").columns("refused_reason"),
    )
    title = texts.Text("notice_revoked", {"title": req.title})
    body = texts.Text(
        "notice_revoked_body", {"department": str(req.department), "code": req.code, "reason": reason}
    )
    url = reverse("tasks:inbox")
    Notification.objects.bulk_create(
        Notification(
            community_id=cid, access_request=req, url=url, **title.columns("title"), **body.columns("body")
        )
        for cid in sorted({cid for _pk, cid in rows})
    )
    return len(rows)


def assignment_generate_recurring(*, today: date | None = None) -> int:
    """周期性任务: create the current period's assignments of every approved recurring request.

    Safe to run twice: a (request, community, period) exists at most once. Each request is its
    own short transaction, locking that request's row only (not its department).
    """
    today = today or timezone.localdate()
    created = 0
    ids = list(
        AccessRequest.objects.filter(status=Status.APPROVED)
        .exclude(frequency=Frequency.ONCE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for request_id in ids:
        with transaction.atomic():
            req = (
                AccessRequest.objects.select_for_update(of=("self",))
                .select_related("department")
                .filter(pk=request_id, status=Status.APPROVED)
                .first()
            )
            if req is not None:  # revoked meanwhile
                created += _assignments_create(req=req, today=today, first=False)
    return created


def _own_assignment(by, assignment_id: int) -> TaskAssignment:
    scope = scope_for(by)
    if not scope.is_community:
        raise ValidationError({"non_field_errors": [_("只有社区工作人员可以处理本社区的任务。")]})
    return (
        TaskAssignment.objects.select_for_update(of=("self",))
        .visible_to(by)
        .select_related("task_item")
        .get(pk=assignment_id)
    )


@transaction.atomic
def assignment_complete(*, assignment_id: int, by) -> TaskAssignment:
    """标记完成: the community marks an assignment done."""
    assignment = _own_assignment(by, assignment_id)
    if assignment.done_at or assignment.refused:
        raise TransitionError(_("已完成") if assignment.done_at else _("已拒绝"), _("标记完成"))
    assignment.done_at = timezone.now()
    assignment.save(update_fields=["done_at"])
    audit_record(actor=by, action="task_assignment.complete", target=assignment)
    return assignment


@transaction.atomic
def assignment_refuse(*, assignment_id: int, by, reason: str) -> TaskAssignment:
    """拒绝权: the community head refuses work that reached the community without 准入."""
    if not scope_for(by).is_community_head:
        raise ValidationError({"non_field_errors": [_("只有社区书记/主任可以行使拒绝权。")]})
    assignment = _own_assignment(by, assignment_id)
    if assignment.approved:
        raise ValidationError(
            {"non_field_errors": [_("该任务已经过准入，不能拒绝；如有异议请向区减负办反映。")]}
        )
    if assignment.refused or assignment.done_at:
        raise TransitionError(_("已拒绝") if assignment.refused else _("已完成"), _("拒绝"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写拒绝理由。")]})
    assignment.refused = True
    assignment.refused_reason = reason
    assignment.refused_at = timezone.now()
    assignment.refused_by = by
    assignment.save(update_fields=["refused", "refused_reason", "refused_at", "refused_by"])
    audit_record(
        actor=by,
        action="task_assignment.refuse",
        target=assignment,
        after={"refused": True, "department": str(assignment.task_item.department_id)},
        reason=reason,
    )
    return assignment


@transaction.atomic
def assignment_register_unapproved(
    *, by, task_item: TaskItem, assigned_on: date, due_on: date | None = None, note: str = ""
) -> TaskAssignment:
    """登记未经准入任务: work a department handed down without approval, kept as evidence."""
    scope = scope_for(by)
    if not scope.is_community:
        raise ValidationError({"non_field_errors": [_("只有社区工作人员可以登记本社区收到的任务。")]})
    if assigned_on > timezone.localdate():
        raise ValidationError({"assigned_on": [_("下达日期不能晚于今天。")]})
    if due_on and due_on < assigned_on:
        raise ValidationError({"due_on": [_("完成期限不能早于下达日期。")]})
    assignment = TaskAssignment.objects.create(
        community_id=scope.community_id,
        task_item=task_item,
        assigned_on=assigned_on,
        due_on=due_on,
        approved=False,
        note=note,
    )
    audit_record(actor=by, action="task_assignment.register_unapproved", target=assignment, reason=note)
    return assignment


# --- the work log (工作日志) ---------------------------------------------------------------
@dataclass
class LogLine:
    """One line of the work log as typed in (before checks)."""

    date: Any
    hours: Any
    people: Any = 1
    assignment_id: int | None = None
    department_id: int | None = None
    category: str = WorkCategory.TASK
    note: str = ""


def _decimal(value: Any) -> Decimal | None:
    """Hours as a number with two decimals, or None (not a number, NaN or infinite)."""
    try:
        number = Decimal(str(value))
        return number.quantize(Decimal("0.01")) if number.is_finite() else None
    except (InvalidOperation, ValueError, TypeError):
        return None


def _check_line(line: LogLine, *, community_id: int, today: date, assignments: dict, prefix: str) -> dict:
    errors: dict[str, list[str]] = {}
    hours = _decimal(line.hours)
    try:
        people = int(line.people or 1)
    except (TypeError, ValueError):
        people = 0
    if not isinstance(line.date, date):
        errors[f"{prefix}date"] = [_("请填写日期。")]
    elif line.date > today:
        errors[f"{prefix}date"] = [_("日期不能晚于今天。")]
    if hours is None or hours <= 0:
        errors[f"{prefix}hours"] = [_("工时必须大于 0。")]
    if people < 1:
        errors[f"{prefix}people"] = [_("人数至少为 1。")]
    elif people > MAX_PEOPLE_PER_LINE:
        errors[f"{prefix}people"] = [_("人数不能超过 %(max)s。") % {"max": MAX_PEOPLE_PER_LINE}]
    elif hours is not None and hours / people > MAX_HOURS_PER_PERSON_DAY:
        errors[f"{prefix}hours"] = [
            _("每人每天工时不能超过 24 小时（%(hours)s 小时 ÷ %(people)s 人）。")
            % {"hours": hours, "people": people}
        ]
    if line.assignment_id:
        assignment = assignments.get(int(line.assignment_id))
        if assignment is None or assignment.community_id != community_id:
            errors[f"{prefix}assignment"] = [_("请选择本社区的任务。")]
        elif assignment.refused:
            errors[f"{prefix}assignment"] = [_("该任务已关闭（已拒绝或准入已撤销），不能再记工时。")]
    elif not line.department_id:
        errors[f"{prefix}department"] = [_("未经准入的工作请选择派出部门。")]
    if line.category not in WorkCategory.values:
        errors[f"{prefix}category"] = [_("请选择类别。")]
    return errors


@transaction.atomic
def worklog_create_many(*, by, lines: list[LogLine], keys: list[str] | None = None) -> list[WorkLog]:
    """记工时: write work-log lines for the user's community, all or nothing.

    Each line is an assignment or "未经准入" work with the sending department. Errors come back
    per line and field (`<key>.hours`), so a week grid can mark the cells.
    """
    scope = scope_for(by)
    if not scope.is_community:
        raise ValidationError({"non_field_errors": [_("只有社区工作人员可以记录本社区的工作日志。")]})
    community_id = scope.community_id
    today = timezone.localdate()
    keys = keys or ([""] if len(lines) == 1 else [str(i) for i in range(len(lines))])
    ids = {int(line.assignment_id) for line in lines if line.assignment_id}
    assignments = TaskAssignment.objects.visible_to(by).select_related("task_item").in_bulk(ids)
    departments = set(
        Department.objects.filter(
            pk__in={line.department_id for line in lines if line.department_id}
        ).values_list("pk", flat=True)
    )
    errors: dict[str, list[str]] = {}
    for key, line in zip(keys, lines, strict=True):
        prefix = f"{key}." if key else ""
        line_errors = _check_line(
            line, community_id=community_id, today=today, assignments=assignments, prefix=prefix
        )
        if line.department_id and not line.assignment_id and int(line.department_id) not in departments:
            line_errors[f"{prefix}department"] = [_("派出部门不存在。")]
        errors.update(line_errors)
    if not errors:
        # A person's day has 24 hours: per date, what this user logged already plus the new lines.
        per_day: dict[date, Decimal] = {}
        for line in lines:
            per_day[line.date] = per_day.get(line.date, Decimal(0)) + _decimal(line.hours) / int(
                line.people or 1
            )
        logged = WorkLog.objects.filter(
            community_id=community_id, created_by=by, date__in=per_day
        ).values_list("date", "hours", "people")
        for day, hours, people in logged:
            per_day[day] += hours / (people or 1)
        for key, line in zip(keys, lines, strict=True):
            if per_day[line.date] > MAX_HOURS_PER_PERSON_DAY:
                prefix = f"{key}." if key else ""
                errors[f"{prefix}hours"] = [
                    _("%(date)s 当天每人工时合计将超过 24 小时。") % {"date": line.date}
                ]
    if errors:
        raise ValidationError(errors)
    rows = []
    for line in lines:
        assignment = assignments.get(int(line.assignment_id)) if line.assignment_id else None
        rows.append(
            WorkLog(
                community_id=community_id,
                date=line.date,
                department_id=assignment.task_item.department_id if assignment else int(line.department_id),
                category=line.category if not assignment else WorkCategory.TASK,
                task_item_id=assignment.task_item_id if assignment else None,
                assignment=assignment,
                hours=_decimal(line.hours),
                people=int(line.people or 1),
                approved=bool(assignment and assignment.approved),
                note=line.note or "",
                created_by=by,
            )
        )
    return WorkLog.objects.bulk_create(rows)


def worklog_create(*, by, line: LogLine) -> WorkLog:
    """One work-log entry (the quick entry)."""
    return worklog_create_many(by=by, lines=[line])[0]


# --- notifications (站内通知) -------------------------------------------------------------
def _notify(
    *, department_id: int, req: AccessRequest, title: texts.Text, body: texts.Text | str
) -> Notification:
    """A notice to a department; `body` is a text we wrote or a reviewer's own words."""
    notification = Notification.objects.create(
        department_id=department_id,
        access_request=req,
        url=reverse("tasks:request_detail", args=[req.pk]),
        **title.columns("title"),
        **(body.columns("body") if isinstance(body, texts.Text) else {"body": body}),
    )
    if getattr(settings, "TASKS_WEBHOOK_URL", ""):
        from .tasks import notification_webhook_task

        enqueue_on_commit(notification_webhook_task, notification.pk)  # a broker down loses no decision
    return notification


@transaction.atomic
def notification_mark_read(*, notification_id: int, by) -> Notification:
    """标记已读."""
    notification = Notification.objects.select_for_update().visible_to(by).get(pk=notification_id)
    if not notification.read_at:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


class WebhookRejected(RuntimeError):
    """The webhook answered HTTP 200 with a non-zero ``errcode`` (DingTalk's and WeCom's way of
    refusing a message: a bad token or signature, a rate limit, a keyword filter)."""


def notification_webhook_post(*, notification_id: int) -> int:
    """外发通知: post one notification to the configured DingTalk/WeCom-style webhook.

    The message uses the common `{"msgtype": "text", "text": {"content": …}}` shape.
    Returns the HTTP status (0 when no webhook is configured); raises WebhookRejected when the
    answer's JSON carries a non-zero ``errcode``, so the job fails visibly instead of passing.
    """
    url = getattr(settings, "TASKS_WEBHOOK_URL", "")
    if not url:
        return 0
    notification = Notification.objects.select_related("department").get(pk=notification_id)
    content = f"【社区减负服务平台】{notification.title}\n{notification.body}".strip()
    payload = json.dumps({"msgtype": "text", "text": {"content": content}}, ensure_ascii=False).encode()
    http = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
        url, data=payload, headers={"Content-Type": "application/json; charset=utf-8"}, method="POST"
    )
    with urllib.request.urlopen(http, timeout=10) as response:  # noqa: S310
        status, body = response.status, response.read(64 * 1024)
    try:
        answer = json.loads(body or b"{}")
    except ValueError:  # not JSON: a plain endpoint, judged by its HTTP status alone
        answer = {}
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0, "0"):
        raise WebhookRejected(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}"[:500])
    return status


def worklog_hours_total(*, community_id: int, on: date) -> Decimal:
    return WorkLog.objects.filter(community_id=community_id, date=on).aggregate(s=Sum("hours"))[
        "s"
    ] or Decimal(0)
