"""Writes: propose a 销毁清册, approve or reject it (four eyes), execute it (destroy the content,
keep the statistical rows, register every record). Every step is audited."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from certificates.models import CertificateRecord
from communityops.errors import TransitionError
from ledgers.models import LedgerBook, LedgerEntry
from organisation.models import Community
from organisation.permissions import require_role

from .models import BatchStatus, DisposalBatch, DisposalMethod, DisposalRecord, RecordKind
from .selectors import (
    certificate_past_retention,
    certificate_personal_fields,
    due_certificate_records,
    due_item,
    due_ledger_books,
    ledger_past_retention,
)

PROPOSER_ROLES = ("community_head", "street_supervisor")
APPROVER_ROLES = ("street_supervisor", "district_admin")
EXECUTOR_ROLES = ("community_head", "street_supervisor", "district_admin")


def _batch_for_update(*, user, batch_id: int) -> DisposalBatch:
    batch = DisposalBatch.objects.visible_to(user).select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise ValidationError({"batch": _("销毁清册不存在或不在您的管辖范围内。")})
    return batch


def _unique_ids(value, field: str) -> list[int]:
    try:
        ids = sorted({int(v) for v in value or ()})
    except (TypeError, ValueError):
        raise ValidationError({field: _("请提供记录编号列表。")}) from None
    return ids


@transaction.atomic
def disposal_batch_propose(
    *,
    by,
    community_id: int,
    ledger_book_ids: list[int] | tuple[int, ...] = (),
    certificate_record_ids: list[int] | tuple[int, ...] = (),
    method: str,
    reason: str,
    today: date | None = None,
) -> DisposalBatch:
    """拟定销毁清册: list records of one community that are past retention for destruction.

    Every record must be visible to `by`, belong to the community, be past its retention period
    and not already be in a batch; otherwise nothing is written and the field says which.
    """
    today = today or timezone.localdate()
    require_role(by, PROPOSER_ROLES, _("只有社区书记/主任或街道主管可以拟定销毁清册。"))
    errors: dict[str, list[str]] = {}
    community = Community.objects.visible_to(by).select_for_update().filter(pk=community_id).first()
    if community is None:
        errors["community_id"] = [_("社区不存在或不在您的管辖范围内。")]
    if method not in DisposalMethod.values:
        errors["method"] = [_("请选择销毁方式。")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("请填写销毁理由。")]
    book_ids = _unique_ids(ledger_book_ids, "ledger_book_ids")
    cert_ids = _unique_ids(certificate_record_ids, "certificate_record_ids")
    if not book_ids and not cert_ids:
        errors["non_field_errors"] = [_("请至少选择一条到期的记录。")]
    if errors:
        raise ValidationError(errors)

    found = []
    for field, ids, queryset in (
        ("ledger_book_ids", book_ids, due_ledger_books(by, today=today)),
        ("certificate_record_ids", cert_ids, due_certificate_records(by, today=today)),
    ):
        if not ids:
            continue
        rows = {
            obj.pk: obj
            for obj in queryset.filter(pk__in=ids, community=community).select_for_update(of=("self",))
        }
        missing = [str(pk) for pk in ids if pk not in rows]
        if missing:
            errors[field] = [
                _("以下记录未到保管期限、已在销毁清册中、不属于该社区或不在您的管辖范围内：%(ids)s")
                % {"ids": "、".join(missing)}
            ]
        found.extend(rows[pk] for pk in ids if pk in rows)
    if errors:
        raise ValidationError(errors)

    year = today.year
    prefix = f"XH-{community.code}-{year}-"
    seq = DisposalBatch.objects.filter(number__startswith=prefix).count() + 1
    batch = DisposalBatch.objects.create(
        number=f"{prefix}{seq:03d}",
        community=community,
        method=method,
        reason=reason,
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    types = {
        RecordKind.LEDGER_BOOK: ContentType.objects.get_for_model(LedgerBook),
        RecordKind.CERTIFICATE: ContentType.objects.get_for_model(CertificateRecord),
    }
    items = []
    for obj in found:
        item = due_item(obj)
        items.append(
            DisposalRecord(
                batch=batch,
                community=community,
                kind=item.kind,
                content_type=types[RecordKind(item.kind)],
                object_id=item.pk,
                row_id=item.row_id,
                reference=item.reference,
                title=item.title[:300],
                year=item.year,
                retention=item.retention,
                due_from=item.due_from,
            )
        )
    DisposalRecord.objects.bulk_create(items)
    audit_record(
        actor=by,
        action="archives.disposal_propose",
        target=batch,
        after={"ledger_books": book_ids, "certificate_records": cert_ids, "method": method},
        reason=reason,
    )
    return batch


def _decide(*, by, batch_id: int, status: str, action: str, note: str) -> DisposalBatch:
    """One decision on a proposed batch, by someone other than its proposer (双人原则)."""
    require_role(by, APPROVER_ROLES, _("只有街道主管或区减负办可以审批销毁清册。"))
    batch = _batch_for_update(user=by, batch_id=batch_id)
    if batch.status != BatchStatus.PROPOSED:
        raise TransitionError(batch.get_status_display(), action)
    if batch.proposed_by_id == by.pk:
        raise ValidationError({"non_field_errors": _("拟定人不能审批自己拟定的销毁清册（双人原则）。")})
    batch.status = status
    batch.approved_by = by
    batch.approved_at = timezone.now()
    batch.decision_note = note
    batch.save(update_fields=["status", "approved_by", "approved_at", "decision_note"])
    return batch


@transaction.atomic
def disposal_batch_approve(*, by, batch_id: int, note: str = "") -> DisposalBatch:
    """批准销毁 (监销人): the street supervisor or the district office, never the proposer."""
    note = (note or "").strip()
    batch = _decide(by=by, batch_id=batch_id, status=BatchStatus.APPROVED, action=_("批准"), note=note)
    audit_record(actor=by, action="archives.disposal_approve", target=batch, reason=note)
    return batch


@transaction.atomic
def disposal_batch_reject(*, by, batch_id: int, note: str) -> DisposalBatch:
    """不予批准: the records go back to the due list; the batch stays on file with the reason."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写不予批准的理由。")})
    batch = _decide(by=by, batch_id=batch_id, status=BatchStatus.REJECTED, action=_("不予批准"), note=note)
    batch.items.update(open=False)
    audit_record(actor=by, action="archives.disposal_reject", target=batch, reason=note)
    return batch


@transaction.atomic
def disposal_batch_execute(*, by, batch_id: int, today: date | None = None) -> DisposalBatch:
    """执行销毁: destroy the content of every record in an approved batch, all or nothing.

    A ledger book's electronic entries are deleted; a certificate stub's personal fields
    (applicant name, ID number, phone, address, their hashes and masks, the certificate text)
    are erased. The statistical rows (the book and its count, the certificate's kind, date,
    outcome and count) stay, so past years' burden figures do not change. Each record gets
    its destruction date in the register and its own audit record.
    """
    today = today or timezone.localdate()
    require_role(by, EXECUTOR_ROLES, _("只有社区书记/主任、街道主管或区减负办可以执行销毁。"))
    batch = _batch_for_update(user=by, batch_id=batch_id)
    if batch.status != BatchStatus.APPROVED:
        raise TransitionError(batch.get_status_display(), _("执行销毁"))
    items = list(batch.items.select_for_update().order_by("id"))
    book_ids = [i.object_id for i in items if i.kind == RecordKind.LEDGER_BOOK]
    cert_ids = [i.object_id for i in items if i.kind == RecordKind.CERTIFICATE]

    # Re-check retention at execution time: settings may have lengthened a period since.
    due_books = set(
        LedgerBook.objects.filter(ledger_past_retention(today=today), pk__in=book_ids).values_list(
            "pk", flat=True
        )
    )
    due_certs = set(
        CertificateRecord.objects.filter(
            certificate_past_retention(today=today), pk__in=cert_ids
        ).values_list("pk", flat=True)
    )
    not_due = [
        i.reference or i.title
        for i in items
        if i.object_id not in (due_books if i.kind == RecordKind.LEDGER_BOOK else due_certs)
    ]
    if not_due:
        raise ValidationError(
            {
                "batch": _("以下记录尚未到保管期限或已无可销毁内容，不能销毁：%(refs)s")
                % {"refs": "、".join(not_due)}
            }
        )

    books = {b.pk: b for b in LedgerBook.objects.select_for_update().filter(pk__in=book_ids)}
    certs = {c.pk: c for c in CertificateRecord.objects.select_for_update().filter(pk__in=cert_ids)}
    entry_counts: dict[int, int] = dict(
        LedgerEntry.objects.filter(book_id__in=book_ids)
        .order_by()
        .values("book_id")
        .annotate(n=Count("id"))
        .values_list("book_id", "n")
    )
    LedgerEntry.objects.filter(book_id__in=book_ids).delete()
    erased = {}
    for name in certificate_personal_fields():
        field = CertificateRecord._meta.get_field(name)
        erased[name] = None if field.null else ([] if field.get_internal_type() == "JSONField" else "")
    CertificateRecord.objects.filter(pk__in=cert_ids).update(**erased)

    for item in items:
        item.destroyed_on = today
        item.entries_destroyed = (
            entry_counts.get(item.object_id, 0) if item.kind == RecordKind.LEDGER_BOOK else 0
        )
    DisposalRecord.objects.bulk_update(items, ["destroyed_on", "entries_destroyed"])
    batch.status = BatchStatus.EXECUTED
    batch.executed_by = by
    batch.executed_on = today
    batch.save(update_fields=["status", "executed_by", "executed_on"])
    for item in items:
        target = (
            books.get(item.object_id) if item.kind == RecordKind.LEDGER_BOOK else certs.get(item.object_id)
        )
        audit_record(
            actor=by,
            action="archives.record_destroy",
            target=target,
            after={
                "batch": batch.number,
                "kind": item.kind,
                "reference": item.reference,
                "entries_destroyed": item.entries_destroyed,
                "method": batch.method,
            },
            reason=batch.reason,
        )
    audit_record(
        actor=by,
        action="archives.disposal_execute",
        target=batch,
        after={"records": len(items), "method": batch.method, "destroyed_on": today.isoformat()},
        reason=batch.reason,
    )
    return batch
