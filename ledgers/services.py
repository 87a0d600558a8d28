"""Writes for ledgers, report forms and the field dictionary (keyword-only, validated,
locked, audited)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import personal_data
from audit.services import audit_record
from communityops.errors import TransitionError
from organisation.models import Community, Department
from organisation.scoping import scope_for

from .dictionary import active_sources, build_index, normalise
from .models import (
    ApprovalLevel,
    CanonicalField,
    CatalogStatus,
    FieldDefinition,
    FieldMapping,
    FieldType,
    LedgerBook,
    LedgerEntry,
    LedgerType,
    ReportForm,
    ReportRegistration,
    ReportSubmission,
    SourceKind,
    SubmissionStatus,
)
from .periods import period_matches, period_range
from .spreadsheets import ENTRY_DATE_HEADER, ROW_ID_HEADER, SpreadsheetRefused, read_rows
from .validation import (
    FieldSpec,
    clean_value,
    clean_values,
    personal_specs,
    personal_values_seal,
    personal_values_unmask,
    specs_for,
)

MAX_IMPORT_ERRORS = 200
MAX_FIELD_NAME = FieldMapping._meta.get_field("field_name").max_length  # = FieldDefinition.name
MAX_REASON = LedgerType._meta.get_field("cancel_reason").max_length  # = return_reason


def _require_district(user) -> None:
    if not scope_for(user).is_district:
        raise PermissionDenied(_("只有区减负办可以维护目录和字段字典。"))


def _clean_definitions(definitions: list[dict]) -> list[dict]:
    """Validate a list of field definitions; errors under the key `fields`."""
    cleaned, seen, problems = [], set(), []
    for position, item in enumerate(definitions or [], start=1):
        name = str(item.get("name") or "").strip()
        field_type = item.get("field_type") or FieldType.TEXT
        choices = item.get("choices") or []
        if isinstance(choices, str):
            choices = [c.strip() for c in choices.replace("，", "、").replace(",", "、").split("、")]
        choices = [str(c).strip() for c in choices if str(c).strip()]
        if not name:
            problems.append(_("第 %(position)s 个字段：名称不能为空") % {"position": position})
            continue
        if len(name) > MAX_FIELD_NAME:
            problems.append(
                _("第 %(position)s 个字段：名称不能超过 %(max)s 个字符")
                % {"position": position, "max": MAX_FIELD_NAME}
            )
            continue
        if name in seen:
            problems.append(_("字段“%(name)s”重复") % {"name": name})
        if field_type not in FieldType.values:
            problems.append(_("字段“%(name)s”：类型“%(type)s”无效") % {"name": name, "type": field_type})
        if field_type == FieldType.CHOICE and not choices:
            problems.append(_("字段“%(name)s”：选项类型必须列出选项") % {"name": name})
        seen.add(name)
        cleaned.append(
            {
                "name": name,
                "field_type": field_type,
                "required": bool(item.get("required")),
                "choices": choices,
            }
        )
    if problems:
        raise ValidationError({"fields": problems})
    return cleaned


def _write_definitions(owner_field: str, owner, definitions: list[dict]) -> None:
    FieldDefinition.objects.filter(**{owner_field: owner}).delete()
    FieldDefinition.objects.bulk_create(
        [
            FieldDefinition(**{owner_field: owner}, **d)
            for d in definitions
            if d["field_type"] != FieldType.TEXT or d["required"]
        ]
    )
    owner.fields = [d["name"] for d in definitions]


def _catalog_save(model, kind: str, *, by, pk: int | None, values: dict, definitions: list[dict]):
    _require_district(by)
    definitions = _clean_definitions(definitions)
    code = str(values.get("code") or "").strip()
    if not code:
        raise ValidationError({"code": _("编码不能为空")})
    if model.objects.filter(code=code).exclude(pk=pk).exists():
        raise ValidationError({"code": _("编码 %(code)s 已存在") % {"code": code}})
    if not str(values.get("name") or "").strip():
        raise ValidationError({"name": _("名称不能为空")})
    obj = model.objects.select_for_update().get(pk=pk) if pk else model()
    before = {"fields": list(obj.fields or []), "name": obj.name} if pk else None
    for key, value in values.items():
        setattr(obj, key, value.strip() if isinstance(value, str) else value)
    owner_field = "ledger_type" if model is LedgerType else "report_form"
    obj.save()
    _write_definitions(owner_field, obj, definitions)
    obj.save(update_fields=["fields"])
    field_mappings_suggest(kind=kind, source_id=obj.pk)
    audit_record(
        actor=by,
        action=f"{model._meta.model_name}.{'update' if pk else 'create'}",
        target=obj,
        before=before,
        after={"fields": list(obj.fields), "name": obj.name},
    )
    return obj


@transaction.atomic
def ledger_type_save(
    *,
    by,
    ledger_type_id: int | None = None,
    code: str,
    name: str,
    department: Department,
    retention: str = "",
    archive_class: str = "YW",
    definitions: list[dict],
) -> LedgerType:
    """Create or edit a 台账类型 with its typed fields (the `fields` name list follows)."""
    return _catalog_save(
        LedgerType,
        SourceKind.LEDGER,
        by=by,
        pk=ledger_type_id,
        values={
            "code": code,
            "name": name,
            "department": department,
            "retention": retention,
            "archive_class": archive_class,
        },
        definitions=definitions,
    )


@transaction.atomic
def ledger_type_cancel(*, ledger_type_id: int, by, reason: str) -> LedgerType:
    """取消不必要台账: the district cancels a ledger type; its books and entries stay."""
    _require_district(by)
    ledger_type = LedgerType.objects.select_for_update().get(pk=ledger_type_id)
    if ledger_type.status == CatalogStatus.CANCELLED:
        raise TransitionError(ledger_type.get_status_display(), _("取消"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写取消理由")})
    if len(reason.strip()) > MAX_REASON:
        raise ValidationError({"reason": _("理由不能超过 %(max)s 个字符") % {"max": MAX_REASON}})
    ledger_type.status = CatalogStatus.CANCELLED
    ledger_type.cancelled_at = timezone.now()
    ledger_type.cancel_reason = reason.strip()
    ledger_type.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    audit_record(actor=by, action="ledger_type.cancel", target=ledger_type, reason=reason)
    return ledger_type


def ledger_type_specs(ledger_type: LedgerType) -> list[FieldSpec]:
    """The typed fields of a ledger type (uses prefetched `definitions` when present)."""
    return specs_for(ledger_type.fields, ledger_type.definitions.all())


def _archive_number(book: LedgerBook) -> str:
    """档号: community code - year - archive class - sequence within the three."""
    prefix = f"{book.community.code}-{book.year}-{book.ledger_type.archive_class}-"
    last = (
        LedgerBook.objects.filter(archive_number__startswith=prefix)
        .order_by("-archive_number")
        .values_list("archive_number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


@transaction.atomic
def ledger_book_assign_archive_number(*, book_id: int) -> LedgerBook:
    """Give a book (e.g. one created by the workbook import) its 档号 if it has none."""
    book = LedgerBook.objects.select_for_update().select_related("community", "ledger_type").get(pk=book_id)
    if not book.archive_number:
        # Serialise numbering per community: the lock on the community row orders concurrent openers.
        Community.objects.select_for_update().filter(pk=book.community_id).exists()
        book.archive_number = _archive_number(book)
        book.save(update_fields=["archive_number"])
    return book


@transaction.atomic
def ledger_book_open(
    *, by, community: Community, ledger_type: LedgerType, year: int, books: int = 1
) -> LedgerBook:
    """建立台账: a community opens its book of one ledger type for one year, numbered (档号)."""
    scope = scope_for(by)
    if not (scope.everything or scope.community_id == community.pk):
        raise PermissionDenied(_("只能为本社区建立台账。"))
    ledger_type = LedgerType.objects.get(pk=ledger_type.pk)  # the current status, not the caller's copy
    if ledger_type.status != CatalogStatus.ACTIVE:
        raise ValidationError({"ledger_type": _("该台账已被区减负办取消，不能再建立")})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("年度无效")})
    if books < 1:
        raise ValidationError({"books": _("本数至少为 1")})
    # Lock the community row first: two racing openers queue here, and the second then sees the
    # first one's book (no unique constraint: the workbook import may bring books of its own).
    Community.objects.select_for_update().filter(pk=community.pk).exists()
    if LedgerBook.objects.filter(community=community, ledger_type=ledger_type, year=year).exists():
        raise ValidationError({"ledger_type": _("%(year)s 年的该台账已经建立") % {"year": year}})
    book = LedgerBook.objects.create(community=community, ledger_type=ledger_type, year=year, books=books)
    book = ledger_book_assign_archive_number(book_id=book.pk)
    audit_record(
        actor=by, action="ledger_book.open", target=book, after={"archive_number": book.archive_number}
    )
    return book


def _entry_date(value: Any, year: int) -> datetime.date | None:
    cleaned = clean_value(FieldSpec(ENTRY_DATE_HEADER, FieldType.DATE), value)
    if cleaned is None:
        return None
    date = datetime.date.fromisoformat(cleaned)
    if date.year != year:
        raise ValueError(_("应在 %(year)s 年内") % {"year": year})
    return date


def _book_for_write(*, book_id: int, by) -> LedgerBook:
    book = (
        LedgerBook.objects.select_for_update(of=("self",))
        .select_related("ledger_type", "community")
        .get(pk=book_id)
    )
    scope = scope_for(by)
    if not (scope.everything or scope.community_id == book.community_id):
        raise PermissionDenied(_("只能录入本社区的台账。"))
    if book.ledger_type.status != CatalogStatus.ACTIVE:
        raise ValidationError({"book": _("该台账已被取消，只能查阅历史记录")})
    return book


def _entry_build(*, book: LedgerBook, by, sealed_row: tuple[dict, dict, dict], entry_date) -> LedgerEntry:
    """An unsaved entry from a row `personal_values_seal` prepared (personal fields masked)."""
    shown, sealed, hashes = sealed_row
    return LedgerEntry(
        community=book.community,
        book=book,
        values=shown,
        sealed_values=sealed,
        value_hashes=hashes,
        entry_date=entry_date,
        created_by=by,
    )


@transaction.atomic
def ledger_entry_create(*, by, book_id: int, values: dict, entry_date: Any = None) -> LedgerEntry:
    """登记台账记录: one electronic ledger row, validated against the type's fields."""
    book = _book_for_write(book_id=book_id, by=by)
    specs = ledger_type_specs(book.ledger_type)
    cleaned, errors = clean_values(specs, values)
    try:
        date = _entry_date(entry_date, book.year)
    except ValueError as exc:
        errors["entry_date"] = str(exc)
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    entry = _entry_build(book=book, by=by, sealed_row=personal_values_seal(specs, cleaned), entry_date=date)
    entry.save(force_insert=True)
    if not book.archive_number:
        ledger_book_assign_archive_number(book_id=book.pk)
    return entry


@transaction.atomic
def ledger_entry_update(*, by, entry_id: int, values: dict, entry_date: Any = None) -> LedgerEntry:
    """Edit one ledger row (same validation as creating it)."""
    entry = LedgerEntry.objects.select_for_update().get(pk=entry_id)
    book = _book_for_write(book_id=entry.book_id, by=by)
    specs = ledger_type_specs(book.ledger_type)
    values = personal_values_unmask(
        specs, values, stored=entry.values or {}, sealed=entry.sealed_values or {}
    )
    cleaned, errors = clean_values(specs, values)
    try:
        date = _entry_date(entry_date, book.year)
    except ValueError as exc:
        errors["entry_date"] = str(exc)
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    entry.values, entry.sealed_values, entry.value_hashes = personal_values_seal(specs, cleaned)
    entry.entry_date = date
    entry.save(update_fields=["values", "sealed_values", "value_hashes", "entry_date"])
    return entry


REVEAL_REFUSED = gettext_lazy("只有本社区工作人员可以查看完整的个人信息。")


def _personal_value_reveal(*, by, row, specs: list[FieldSpec], field: str, reason: str) -> str:
    """One ID number / phone number of a ledger entry or report submission, in full, for `by`
    (the shared rule of audit.personal_data: own community's staff and head, a reason, audited).

    A role that may not reveal → PermissionDenied (403) whatever else is wrong; then the field
    and the reason are checked together (field-level errors, nothing written)."""
    if not personal_data.reveal_allowed(by, community_id=row.community_id):
        raise PermissionDenied(str(REVEAL_REFUSED))
    errors: dict[str, list[str]] = {}
    token = (row.sealed_values or {}).get(field, "")
    if field not in personal_specs(specs):
        errors["field"] = [_("该字段不是身份证号或电话字段")]
    elif not token:
        errors["field"] = [_("该字段没有填写")]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写查看完整信息的理由。")]
    if errors:
        raise ValidationError(errors)
    return personal_data.personal_data_reveal(
        by=by,
        target=row,
        community_id=row.community_id,
        field=field,
        token=token,
        subject=str((row.values or {}).get(field) or ""),
        reason=reason,
    )


@transaction.atomic
def ledger_entry_value_reveal(*, by, entry_id: int, field: str, reason: str) -> str:
    """查看台账记录中的完整身份证号/电话: only staff and the head of the entry's community, with a
    reason; the audit trail records who saw which field of which row, when and why."""
    entry = LedgerEntry.objects.select_related("book__ledger_type", "community").get(pk=entry_id)
    return _personal_value_reveal(
        by=by, row=entry, specs=ledger_type_specs(entry.book.ledger_type), field=field, reason=reason
    )


@transaction.atomic
def report_submission_value_reveal(*, by, submission_id: int, field: str, reason: str) -> str:
    """查看报表填报内容中的完整身份证号/电话: the same rule and audit as for ledger entries."""
    submission = ReportSubmission.objects.select_related("report_form", "community").get(pk=submission_id)
    return _personal_value_reveal(
        by=by, row=submission, specs=report_form_specs(submission.report_form), field=field, reason=reason
    )


def _rows_reseal(model, owner: str, *, batch_size: int) -> int:
    """Re-encrypt the `sealed_values` of every row of `model` (LedgerEntry via its book's ledger
    type, ReportSubmission via its report form) and recompute the keyed hashes."""
    from .validation import PERSONAL_KINDS

    owner_path = {"ledger_type": "book__ledger_type_id", "report_form": "report_form_id"}[owner]
    kinds = {
        (owner_id, name): PERSONAL_KINDS[ft]
        for owner_id, name, ft in FieldDefinition.objects.filter(
            **{f"{owner}__isnull": False}, field_type__in=list(PERSONAL_KINDS)
        ).values_list(f"{owner}_id", "name", "field_type")
    }
    changed = 0
    batch: list = []
    rows = model.objects.exclude(sealed_values={}).values_list(
        "pk", owner_path, "sealed_values", "value_hashes"
    )
    for pk, owner_id, stored, stored_hashes in rows.iterator(chunk_size=batch_size):
        sealed, hashes = dict(stored), dict(stored_hashes or {})
        for name, token in stored.items():
            if not personal_data.is_sealed_with_newest(token):
                sealed[name] = personal_data.reseal(token)
            if kind := kinds.get((owner_id, name)):
                hashes[name] = personal_data.blind_index(personal_data.unseal(token), kind=kind)
        if sealed != stored or hashes != stored_hashes:
            batch.append(model(pk=pk, sealed_values=sealed, value_hashes=hashes))
        if len(batch) >= batch_size:
            model.objects.bulk_update(batch, ["sealed_values", "value_hashes"])
            changed += len(batch)
            batch = []
    model.objects.bulk_update(batch, ["sealed_values", "value_hashes"])
    return changed + len(batch)


def ledger_personal_data_rotate(*, batch_size: int = 1000) -> int:
    """密钥轮换: re-encrypt the ID-number/phone values of every ledger entry and every report
    submission (填报内容) with the newest key and recompute their keyed hashes
    (`manage.py rotate_field_keys`). Returns rows changed (entries + submissions)."""
    return _rows_reseal(LedgerEntry, "ledger_type", batch_size=batch_size) + _rows_reseal(
        ReportSubmission, "report_form", batch_size=batch_size
    )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)
    total_errors: int = 0

    @property
    def ok(self) -> bool:
        return self.total_errors == 0


class _Rollback(Exception):
    pass


def ledger_entries_import(*, by, book_id: int, upload: IO[bytes], filename: str) -> ImportResult:
    """导入台账记录 from xlsx: streaming read, all-or-nothing, errors by row and column.

    Rows with a known 行键 (from an export) update that entry; other rows are new.
    """
    result = ImportResult()

    def error(row, column, value, reason):
        result.total_errors += 1
        if len(result.errors) < MAX_IMPORT_ERRORS:
            result.errors.append(
                {"row": row, "column": column, "value": "" if value is None else str(value), "reason": reason}
            )

    try:
        with transaction.atomic():
            book = _book_for_write(book_id=book_id, by=by)
            specs = ledger_type_specs(book.ledger_type)
            try:
                header, rows = read_rows(upload, filename)
            except SpreadsheetRefused as refused:
                for e in refused.errors:
                    error(e["row"], e["column"], e["value"], e["reason"])
                raise _Rollback from None
            names = {s.name for s in specs}
            personal = personal_specs(specs)
            # An export without personal data (the default) leaves the ID/phone columns out:
            # for rows it exported, a missing column means "unchanged".
            absent = {name for name in personal if name not in header}
            for spec in specs:
                if spec.name not in header and spec.name not in absent:
                    error(1, spec.name, "", _("缺少该列"))
            for column in header:
                if column and column not in names | {ENTRY_DATE_HEADER, ROW_ID_HEADER}:
                    error(1, column, column, _("不是该台账的字段"))
            if result.total_errors:
                raise _Rollback
            existing_fields = ("row_id", "pk", "values", "sealed_values") if personal else ("row_id", "pk")
            existing = {
                r[0]: r[1:] for r in LedgerEntry.objects.filter(book=book).values_list(*existing_fields)
            }
            batch: list[LedgerEntry] = []
            for row in rows:
                values = {name: row.values.get(name) for name in names}
                row_id = str(row.values.get(ROW_ID_HEADER) or "").strip()
                if personal and row_id in existing:  # an export's masked numbers mean "unchanged"
                    _pk, stored, sealed = existing[row_id]
                    values.update({name: (stored or {}).get(name) for name in absent})
                    values = personal_values_unmask(specs, values, stored=stored or {}, sealed=sealed or {})
                cleaned, problems = clean_values(specs, values)
                for name, reason in problems.items():
                    error(row.number, name, values.get(name), reason)
                try:
                    date = _entry_date(row.values.get(ENTRY_DATE_HEADER), book.year)
                except ValueError as exc:
                    error(row.number, ENTRY_DATE_HEADER, row.values.get(ENTRY_DATE_HEADER), str(exc))
                    date = None
                if result.total_errors:
                    continue  # keep reading to report every error, write nothing more
                shown, sealed, hashes = personal_values_seal(specs, cleaned)
                if row_id and row_id in existing:
                    LedgerEntry.objects.filter(pk=existing[row_id][0]).update(
                        values=shown, sealed_values=sealed, value_hashes=hashes, entry_date=date
                    )
                    result.updated += 1
                    continue
                batch.append(
                    _entry_build(book=book, by=by, sealed_row=(shown, sealed, hashes), entry_date=date)
                )
                if len(batch) >= 1000:
                    LedgerEntry.objects.bulk_create(batch)
                    result.created += len(batch)
                    batch = []
            if result.total_errors:
                raise _Rollback
            LedgerEntry.objects.bulk_create(batch)
            result.created += len(batch)
            if not book.archive_number:
                ledger_book_assign_archive_number(book_id=book.pk)
            audit_record(
                actor=by,
                action="ledger_entry.import",
                target=book,
                after={"created": result.created, "updated": result.updated, "file": filename},
            )
    except _Rollback:
        result.created = result.updated = 0
    return result


# --- report forms ----------------------------------------------------------------------------
@transaction.atomic
def report_form_save(
    *,
    by,
    report_form_id: int | None = None,
    code: str,
    name: str,
    department: Department,
    frequency: str = "",
    definitions: list[dict],
) -> ReportForm:
    """Create or edit a 统计报表 in the catalog with its typed fields."""
    return _catalog_save(
        ReportForm,
        SourceKind.REPORT,
        by=by,
        pk=report_form_id,
        values={"code": code, "name": name, "department": department, "frequency": frequency},
        definitions=definitions,
    )


@transaction.atomic
def report_form_register(
    *, by, report_form_id: int, year: int, document_number: str = ""
) -> ReportRegistration:
    """报表年度备案: enter a form in the year's catalog; only registered forms reach communities."""
    _require_district(by)
    form = ReportForm.objects.select_for_update().get(pk=report_form_id)
    if form.status != CatalogStatus.ACTIVE:
        raise ValidationError({"report_form": _("已取消的报表不能备案")})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("年度无效")})
    if ReportRegistration.objects.filter(report_form=form, year=year).exists():
        raise ValidationError({"year": _("该报表已列入 %(year)s 年目录") % {"year": year}})
    registration = ReportRegistration.objects.create(
        report_form=form, year=year, document_number=(document_number or "").strip(), registered_by=by
    )
    audit_record(actor=by, action="report_form.register", target=form, after={"year": year})
    return registration


@transaction.atomic
def report_form_send(
    *, by, report_form_id: int, communities: list[Community], period: str, due_date: datetime.date
) -> list[ReportSubmission]:
    """下发报表: create one due submission per community; the form must be registered for the year."""
    scope = scope_for(by)
    if not (scope.is_district or scope.is_street):
        raise PermissionDenied(_("只有街道和区减负办可以下发报表。"))
    form = ReportForm.objects.select_for_update().get(pk=report_form_id)
    try:
        start, _end = period_range(period)
    except ValueError:
        raise ValidationError({"period": _("报告期格式应为 2025-03、2025-Q1 或 2025")}) from None
    if not period_matches(period, form.frequency):
        raise ValidationError(
            {
                "period": _("报告期与报表频次（%(frequency)s）不符")
                % {"frequency": form.get_frequency_display()}
            }
        )
    if form.status != CatalogStatus.ACTIVE:
        raise ValidationError({"report_form": _("该报表已取消")})
    if not ReportRegistration.objects.filter(report_form=form, year=start.year).exists():
        raise ValidationError(
            {"report_form": _("该报表未列入 %(year)s 年报表目录，不能下发到社区") % {"year": start.year}}
        )
    if not communities:
        raise ValidationError({"communities": _("请选择社区")})
    visible = set(
        Community.objects.visible_to(by)
        .filter(pk__in=[c.pk for c in communities])
        .values_list("pk", flat=True)
    )
    outside = [c for c in communities if c.pk not in visible]
    if outside:
        raise ValidationError(
            {
                # by the ids the caller sent: the names of other units' communities are not theirs to read
                "communities": _("只能下发到您管辖范围内的社区，以下编号的社区不在范围内：%(ids)s")
                % {"ids": ", ".join(str(c.pk) for c in outside)}
            }
        )
    period = period.strip().upper()
    already = set(
        ReportSubmission.objects.filter(
            report_form=form, period=period, community__in=communities
        ).values_list("community_id", flat=True)
    )
    created = ReportSubmission.objects.bulk_create(
        [
            ReportSubmission(
                community=c,
                report_form=form,
                date=due_date,
                count=1,
                period=period,
                due_date=due_date,
                status=SubmissionStatus.DUE,
                level=ApprovalLevel.COMMUNITY,
            )
            for c in communities
            if c.pk not in already
        ]
    )
    audit_record(
        actor=by,
        action="report_form.send",
        target=form,
        after={"period": period, "communities": len(created)},
    )
    return created


def report_form_specs(form: ReportForm) -> list[FieldSpec]:
    return specs_for(form.fields, form.definitions.all())


@transaction.atomic
def report_submission_fill(*, by, submission_id: int, values: dict, submit: bool = False) -> ReportSubmission:
    """填报报表: save the values (validated by type) and, with `submit`, send it to the street."""
    submission = (
        ReportSubmission.objects.select_for_update(of=("self",))
        .select_related("report_form", "community")
        .get(pk=submission_id)
    )
    scope = scope_for(by)
    if not (scope.everything or scope.community_id == submission.community_id):
        raise PermissionDenied(_("只能填报本社区的报表。"))
    if submission.status not in (SubmissionStatus.DUE, SubmissionStatus.RETURNED):
        raise TransitionError(submission.get_status_display(), _("填报"))
    specs = report_form_specs(submission.report_form)
    if not submit:
        specs = [FieldSpec(s.name, s.field_type, False, s.choices) for s in specs]  # drafts may be partial
    values = personal_values_unmask(
        specs, values, stored=submission.values or {}, sealed=submission.sealed_values or {}
    )
    cleaned, errors = clean_values(specs, values)
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    submission.values, submission.sealed_values, submission.value_hashes = personal_values_seal(
        specs, cleaned
    )
    fields = ["values", "sealed_values", "value_hashes"]
    if submit:
        today = timezone.localdate()
        late = submission.due_date is not None and today > submission.due_date
        submission.status = SubmissionStatus.LATE if late else SubmissionStatus.SUBMITTED
        submission.level = ApprovalLevel.STREET
        submission.submitted_at = timezone.now()
        submission.date = today
        submission.return_reason = ""
        fields += ["status", "level", "submitted_at", "date", "return_reason"]
        audit_record(actor=by, action="report_submission.submit", target=submission)
    submission.save(update_fields=fields)
    return submission


def _reviewable(submission: ReportSubmission, by) -> str:
    scope = scope_for(by)
    if submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.LATE):
        raise TransitionError(submission.get_status_display(), _("审核"))
    if submission.level == ApprovalLevel.STREET and (scope.is_street or scope.everything):
        return ApprovalLevel.STREET
    if submission.level == ApprovalLevel.DISTRICT and scope.is_district:
        return ApprovalLevel.DISTRICT
    raise PermissionDenied(_("该报表当前不在您的审核层级。"))


def _submission_for_review(*, by, submission_id: int) -> ReportSubmission:
    """The submission, locked, if `by` oversees its community; otherwise the reviewer's refusal."""
    try:
        return ReportSubmission.objects.visible_to(by).select_for_update(of=("self",)).get(pk=submission_id)
    except ReportSubmission.DoesNotExist:
        raise PermissionDenied(_("该报表当前不在您的审核层级。")) from None


@transaction.atomic
def report_submission_approve(*, by, submission_id: int) -> ReportSubmission:
    """逐级审核: the street passes a submission up to the district; the district closes it."""
    submission = _submission_for_review(by=by, submission_id=submission_id)
    level = _reviewable(submission, by)
    if level == ApprovalLevel.STREET:
        submission.level = ApprovalLevel.DISTRICT
    else:
        submission.status = SubmissionStatus.APPROVED
    submission.save(update_fields=["level", "status"])
    audit_record(actor=by, action=f"report_submission.approve_{level}", target=submission)
    return submission


@transaction.atomic
def report_submission_return(*, by, submission_id: int, reason: str) -> ReportSubmission:
    """退回: the reviewing level sends a submission back to the community with a reason."""
    submission = _submission_for_review(by=by, submission_id=submission_id)
    level = _reviewable(submission, by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写退回理由")})
    if len(reason.strip()) > MAX_REASON:
        raise ValidationError({"reason": _("理由不能超过 %(max)s 个字符") % {"max": MAX_REASON}})
    submission.status = SubmissionStatus.RETURNED
    submission.level = ApprovalLevel.COMMUNITY
    submission.return_reason = reason.strip()
    submission.save(update_fields=["status", "level", "return_reason"])
    audit_record(actor=by, action=f"report_submission.return_{level}", target=submission, reason=reason)
    return submission


# --- the field dictionary --------------------------------------------------------------------
def _clean_synonyms(synonyms) -> list[str]:
    if isinstance(synonyms, str):
        synonyms = synonyms.replace("，", "、").replace(",", "、").split("、")
    return [s.strip() for s in synonyms or [] if str(s).strip()]


@transaction.atomic
def canonical_field_save(
    *,
    by,
    canonical_id: int | None = None,
    name: str,
    field_type: str,
    synonyms: list[str] | str = (),
    profile_source: str = "",
    minutes_per_entry: Decimal | float = 1,
) -> CanonicalField:
    """维护字段字典: a canonical field; its name and synonyms must not claim another's names."""
    _require_district(by)
    name = (name or "").strip()
    synonyms = _clean_synonyms(synonyms)
    if not name:
        raise ValidationError({"name": _("名称不能为空")})
    if field_type not in FieldType.values:
        raise ValidationError({"field_type": _("类型无效")})
    if profile_source and profile_source not in CanonicalField.ProfileSource.values:
        raise ValidationError({"profile_source": _("来源无效")})
    index = build_index()
    errors: dict[str, list[str]] = {}
    for key, texts in (("name", [name]), ("synonyms", synonyms)):
        for text in texts:
            owner = index.by_name.get(normalise(text))
            if owner is not None and owner.pk != canonical_id:
                errors.setdefault(key, []).append(
                    _("“%(text)s”已属于标准字段“%(owner)s”") % {"text": text, "owner": owner.name}
                )
    if errors:
        raise ValidationError(errors)
    obj = (
        CanonicalField.objects.select_for_update().get(pk=canonical_id) if canonical_id else CanonicalField()
    )
    obj.name, obj.field_type, obj.synonyms = name, field_type, synonyms
    obj.profile_source, obj.minutes_per_entry = profile_source or "", Decimal(str(minutes_per_entry))
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError({"name": _("该名称已存在")}) from None
    audit_record(actor=by, action="canonical_field.save", target=obj, after={"synonyms": "、".join(synonyms)})
    return obj


@transaction.atomic
def field_mappings_suggest(*, kind: str | None = None, source_id: int | None = None) -> int:
    """系统建议对照: map every field of the active catalogs onto a canonical field by name.

    Confirmed mappings are the district's decision and are never overwritten; stale
    suggestions (fields no longer demanded) are removed. Returns the number of suggestions.
    """
    index = build_index()
    sources = [
        s
        for s in active_sources()
        if (kind is None or s.kind == kind) and (source_id is None or s.id == source_id)
    ]
    wanted: dict[tuple[str, int, str], tuple[str, CanonicalField | None, str]] = {}
    for source in sources:
        for name in source.fields:
            wanted[(source.kind, source.id, normalise(name))] = (
                name,
                index.canonical_for_name(name),
                source.stored_label,
            )
    scope_filter = FieldMapping.objects.filter(status=FieldMapping.Status.SUGGESTED)
    if kind:
        scope_filter = scope_filter.filter(source_kind=kind)
    if source_id:
        scope_filter = scope_filter.filter(source_id=source_id)
    stale = [
        m.pk for m in scope_filter if (m.source_kind, m.source_id, normalise(m.field_name)) not in wanted
    ]
    FieldMapping.objects.filter(pk__in=stale).delete()
    to_create, to_update = [], []
    for key, (name, canonical, label) in wanted.items():
        mapping = index.mappings.get(key)
        if mapping is None:
            to_create.append(
                FieldMapping(
                    source_kind=key[0],
                    source_id=key[1],
                    source_label=label,
                    field_name=name,
                    canonical=canonical,
                )
            )
        elif mapping.status == FieldMapping.Status.SUGGESTED:
            mapping.canonical, mapping.source_label, mapping.field_name = canonical, label, name
            to_update.append(mapping)
    FieldMapping.objects.bulk_create(to_create, ignore_conflicts=True)
    FieldMapping.objects.bulk_update(to_update, ["canonical", "source_label", "field_name"], batch_size=500)
    return len(to_create) + len(to_update)


@transaction.atomic
def field_mapping_confirm(*, by, mapping_id: int, canonical: CanonicalField | None) -> FieldMapping:
    """确认对照: the district confirms (or corrects) the canonical field of one source field."""
    _require_district(by)
    mapping = FieldMapping.objects.select_for_update().get(pk=mapping_id)
    before = {"canonical": mapping.canonical_id, "status": mapping.status}
    mapping.canonical = canonical
    mapping.status = FieldMapping.Status.CONFIRMED
    mapping.confirmed_by = by
    mapping.confirmed_at = timezone.now()
    mapping.save(update_fields=["canonical", "status", "confirmed_by", "confirmed_at"])
    audit_record(
        actor=by,
        action="field_mapping.confirm",
        target=mapping,
        before=before,
        after={"canonical": canonical.name if canonical else ""},
    )
    return mapping
