"""Writes for certificates (证明盖章): the catalog, the counter's four outcomes, revocation and
the seal register. Every decision is audited; every use of the seal is a SealUse entry."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import date as date_type
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import personal_data
from audit.services import audit_record
from organisation.models import Community
from organisation.scoping import scope_for

from .models import (
    CertificateClass,
    CertificateKind,
    CertificateRecord,
    Frequency,
    Outcome,
    SealDocument,
    SealUse,
    SerialCounter,
)

CATALOG_FILE = Path(__file__).resolve().parent / "data" / "catalog.json"
KIND_FIELDS = (
    "name",
    "requested_by",
    "cert_class",
    "frequency",
    "responsible_authority",
    "required_evidence",
    "policy_basis",
    "pledge_allowed",
)

# --- 公民身份号码 (GB 11643-1999) -------------------------------------------------------------
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def id_number_check_char(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number_normalize(value: str) -> str:
    """Validate a 18-character 公民身份号码 and return it in stored form (upper-case X).

    Raises ValidationError (field `applicant_id_number`) on a bad format, date or checksum.
    """
    raw = (value or "").strip().replace(" ", "").upper()
    if not _ID_PATTERN.match(raw):
        raise ValidationError(
            {"applicant_id_number": _("公民身份号码应为18位（前17位为数字，末位为数字或X）。")}
        )
    try:
        date_type(int(raw[6:10]), int(raw[10:12]), int(raw[12:14]))
    except ValueError:
        raise ValidationError({"applicant_id_number": _("公民身份号码中的出生日期无效。")}) from None
    if id_number_check_char(raw[:17]) != raw[17]:
        raise ValidationError({"applicant_id_number": _("公民身份号码校验位不正确，请核对后重新输入。")})
    return raw


def id_number_mask(value: str) -> str:
    """1101**********1234: the only form pages, prints and the API ever show."""
    return personal_data.mask_id_number(value)


def id_number_hash(value: str) -> str:
    """The keyed hash an applicant's (normalized) ID number is matched by."""
    return personal_data.blind_index(value, kind=personal_data.ID_NUMBER)


# --- the catalog (证明事项清单) -----------------------------------------------------------------
def _kind_validate(data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    for field in ("name", "requested_by"):
        if not str(data.get(field) or "").strip():
            errors[field] = _("此项为必填项。")
    if data.get("cert_class") not in CertificateClass.values:
        errors["cert_class"] = _("类别应为 A、B 或 C。")
    if data.get("frequency") not in Frequency.values:
        errors["frequency"] = _("频度应为经常、一般或偶尔。")
    if (
        data.get("cert_class") == CertificateClass.C
        and not str(data.get("responsible_authority") or "").strip()
    ):
        errors["responsible_authority"] = _("不应由社区出具（C 类）的证明必须写明应出具机关。")
    if data.get("cert_class") == CertificateClass.B and not str(data.get("required_evidence") or "").strip():
        errors["required_evidence"] = _("凭依据可出具（B 类）的证明必须列明所需依据材料。")
    if data.get("cert_class") == CertificateClass.C and data.get("pledge_allowed"):
        errors["pledge_allowed"] = _("C 类证明不由社区办理，不适用告知承诺。")
    if errors:
        raise ValidationError(errors)


def _district_admin_required(by) -> None:
    scope = scope_for(by)
    if not scope.is_district:
        raise ValidationError({"non_field_errors": _("只有区减负办可以维护证明事项清单。")})


@transaction.atomic
def certificate_kind_create(*, by, code: str, **fields: Any) -> CertificateKind:
    """证明事项新增 (区减负办)."""
    _district_admin_required(by)
    code = (code or "").strip().upper()
    data = {f: fields.get(f, CertificateKind._meta.get_field(f).get_default()) for f in KIND_FIELDS}
    errors = {}
    if not code:
        errors["code"] = _("此项为必填项。")
    elif CertificateKind.objects.filter(code=code).exists():
        errors["code"] = _("编码 %(code)s 已存在。") % {"code": code}
    try:
        _kind_validate(data)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    kind = CertificateKind.objects.create(code=code, **data)
    audit_record(actor=by, action="certificate_kind.create", target=kind, after={"code": code, **data})
    return kind


@transaction.atomic
def certificate_kind_update(*, by, kind_id: int, **fields: Any) -> CertificateKind:
    """证明事项修改 (区减负办): the code stays; every other field may change."""
    _district_admin_required(by)
    kind = CertificateKind.objects.select_for_update().get(pk=kind_id)
    before = {f: getattr(kind, f) for f in KIND_FIELDS}
    data = {**before, **{f: v for f, v in fields.items() if f in KIND_FIELDS}}
    _kind_validate(data)
    for field, value in data.items():
        setattr(kind, field, value)
    kind.save()
    audit_record(actor=by, action="certificate_kind.update", target=kind, before=before, after=data)
    return kind


@dataclass(frozen=True)
class CatalogLoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def certificate_catalog_load(*, entries: list[dict[str, Any]] | None = None) -> CatalogLoadResult:
    """证明事项清单导入: upsert the default catalog (or `entries`) by code; safe to run again."""
    if entries is None:
        entries = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))["kinds"]
    created = updated = unchanged = 0
    existing = {k.code: k for k in CertificateKind.objects.select_for_update()}
    for entry in entries:
        code = entry["code"].strip().upper()
        data = {f: entry.get(f, CertificateKind._meta.get_field(f).get_default()) for f in KIND_FIELDS}
        try:
            _kind_validate(data)
        except ValidationError as exc:
            raise ValidationError({code: exc.messages}) from None
        kind = existing.get(code)
        if kind is None:
            CertificateKind.objects.create(code=code, **data)
            created += 1
        elif any(getattr(kind, f) != v for f, v in data.items()):
            for field, value in data.items():
                setattr(kind, field, value)
            kind.save()
            updated += 1
        else:
            unchanged += 1
    if created or updated:
        audit_record(
            actor=None,
            action="certificate_catalog.load",
            after={"created": created, "updated": updated, "unchanged": unchanged},
        )
    return CatalogLoadResult(created, updated, unchanged)


# --- the counter (窗口办理) ---------------------------------------------------------------------
VERIFICATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
VERIFICATION_LENGTH = 16  # 32^16 = 2^80 codes


def verification_code_new() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))


def _counter_community(by) -> Community:
    """The community whose counter `by` works at; only community staff and heads issue."""
    scope = scope_for(by)
    if not scope.is_community:
        raise ValidationError({"non_field_errors": _("只有社区工作人员可以在窗口办理证明。")})
    return Community.objects.get(pk=scope.community_id)


def _kind_for_counter(kind_id: Any) -> CertificateKind:
    try:
        return CertificateKind.objects.get(pk=kind_id)
    except (CertificateKind.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"kind": _("请选择证明事项清单中的证明。")}) from None


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str  # normalized, or "" when not taken


def _applicant_validate(
    name: str, id_number: str, *, id_required: bool, errors: dict[str, Any] | None = None
) -> Applicant:
    """Check the applicant; raise together with the caller's own `errors`, so one answer lists
    every field problem."""
    errors = dict(errors or {})
    name = (name or "").strip()
    if not name:
        errors["applicant_name"] = _("请填写申请人姓名。")
    elif len(name) > 100:
        errors["applicant_name"] = _("申请人姓名过长。")
    normalized = ""
    if (id_number or "").strip() or id_required:
        if not (id_number or "").strip():
            errors["applicant_id_number"] = _("请填写申请人公民身份号码。")
        else:
            try:
                normalized = id_number_normalize(id_number)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return Applicant(name, normalized)


def _serial_next(*, community: Community, year: int) -> str:
    """Take the next number of the community's year, holding the counter row until commit."""
    SerialCounter.objects.bulk_create(
        [SerialCounter(community=community, year=year, last_number=0)], ignore_conflicts=True
    )
    counter = SerialCounter.objects.select_for_update().get(community=community, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year}-{community.code}-{counter.last_number:06d}"


SEAL_DOCUMENT_FOR = {
    Outcome.ISSUED: SealDocument.CERTIFICATE,
    Outcome.REDIRECTED: SealDocument.REDIRECT_NOTICE,
    Outcome.REFUSED: SealDocument.REFUSAL_NOTICE,
    Outcome.PLEDGED: SealDocument.PLEDGE,
}


def _record_create(
    *,
    by,
    community: Community,
    kind: CertificateKind,
    outcome: str,
    applicant: Applicant,
    evidence_seen: list[str] | None = None,
    content: str = "",
    refusal_reason: str = "",
    reason: str = "",
) -> CertificateRecord:
    now = timezone.now()
    today = timezone.localdate(now)
    record = CertificateRecord(
        community=community,
        kind=kind,
        date=today,
        outcome=outcome,
        count=1,
        applicant_name=applicant.name,
        applicant_id_number=personal_data.seal(applicant.id_number),
        applicant_id_hash=id_number_hash(applicant.id_number),
        applicant_id_masked=id_number_mask(applicant.id_number),
        evidence_seen=list(evidence_seen or []),
        content=content.strip(),
        refusal_reason=refusal_reason.strip(),
        issued_at=now,
        issued_by=by,
    )
    if outcome == Outcome.ISSUED:
        record.serial = _serial_next(community=community, year=today.year)
        record.verification_code = verification_code_new()
    record.save()
    audit = audit_record(
        actor=by,
        action=f"certificate.{outcome}",
        target=record,
        after={
            "kind": kind.code,
            "class": kind.cert_class,
            "outcome": outcome,
            "serial": record.serial or "",
            "applicant": applicant.name,
            "applicant_id": record.applicant_id_masked,
            "evidence_seen": record.evidence_seen,
        },
        reason=reason or refusal_reason,
    )
    _seal_use_append(
        by=by,
        community=community,
        audit=audit,
        document=SEAL_DOCUMENT_FOR[outcome],
        title=_document_title(kind, outcome),
        requested_by=kind.requested_by,
        serial=record.serial or "",
        record=record,
        when=now,
    )
    return record


def _document_title(kind: CertificateKind, outcome: str) -> str:
    if outcome == Outcome.ISSUED:
        return kind.name
    return f"{SEAL_DOCUMENT_FOR[outcome].label}（{kind.name}）"


@transaction.atomic
def certificate_issue(
    *,
    by,
    kind_id: int,
    applicant_name: str,
    applicant_id_number: str,
    evidence_seen: list[str] | None = None,
    content: str = "",
) -> CertificateRecord:
    """证明出具: issue a class A certificate, or a class B one on the evidence seen.

    Class C is blocked (负面清单): the counter prints a redirect notice instead
    (`certificate_redirect`). Takes the next gap-free serial of the community's year.
    """
    community = _counter_community(by)
    kind = _kind_for_counter(kind_id)
    errors: dict[str, Any] = {}
    if kind.cert_class == CertificateClass.C:
        raise ValidationError(
            {
                "kind": _(
                    "“%(name)s”属于不应由社区出具的证明（负面清单），不能出具。请开具告知书，引导申请人到%(authority)s办理。"
                )
                % {"name": kind.name, "authority": kind.responsible_authority}
            }
        )
    evidence = [str(item).strip() for item in (evidence_seen or []) if str(item).strip()]
    if kind.cert_class == CertificateClass.B:
        missing = [item for item in kind.evidence_items if item not in evidence]
        if not evidence or missing:
            errors["evidence_seen"] = _(
                "凭依据可出具（B 类）的证明须查验全部依据材料，尚缺：%(missing)s。"
            ) % {"missing": "、".join(missing) or _("依据材料")}
    applicant = _applicant_validate(applicant_name, applicant_id_number, id_required=True, errors=errors)
    return _record_create(
        by=by,
        community=community,
        kind=kind,
        outcome=Outcome.ISSUED,
        applicant=applicant,
        evidence_seen=evidence,
        content=content,
    )


@transaction.atomic
def certificate_redirect(
    *, by, kind_id: int, applicant_name: str, applicant_id_number: str = ""
) -> CertificateRecord:
    """告知转办: for a class C kind (负面清单) the counter does not issue; a notice (告知书) names
    the responsible authority. Class A and B kinds are issued or refused, never redirected."""
    community = _counter_community(by)
    kind = _kind_for_counter(kind_id)
    if kind.cert_class != CertificateClass.C:
        raise ValidationError(
            {
                "kind": _(
                    "“%(name)s”不属于负面清单（C 类）事项，不能开具转办告知书；请出具证明，或写明理由不予出具。"
                )
                % {"name": kind.name}
            }
        )
    if not kind.responsible_authority:
        raise ValidationError({"kind": _("该证明未在清单中写明应出具机关，不能开具转办告知书。")})
    applicant = _applicant_validate(applicant_name, applicant_id_number, id_required=False)
    return _record_create(
        by=by, community=community, kind=kind, outcome=Outcome.REDIRECTED, applicant=applicant
    )


@transaction.atomic
def certificate_refuse(
    *, by, kind_id: int, applicant_name: str, reason: str, applicant_id_number: str = ""
) -> CertificateRecord:
    """不予出具: record the reason and print a refusal notice (不予出具告知书).

    Class A and B only: a class C kind (负面清单) gets a redirect notice (`certificate_redirect`).
    """
    community = _counter_community(by)
    kind = _kind_for_counter(kind_id)
    if kind.cert_class == CertificateClass.C:
        raise ValidationError(
            {
                "kind": _(
                    "“%(name)s”属于负面清单（C 类）事项，不适用不予出具；请开具告知书（告知转办），引导申请人到%(authority)s办理。"
                )
                % {"name": kind.name, "authority": kind.responsible_authority or _("有关部门")}
            }
        )
    errors: dict[str, Any] = {}
    if not (reason or "").strip():
        errors["reason"] = _("请填写不予出具的理由。")
    applicant = _applicant_validate(applicant_name, applicant_id_number, id_required=False, errors=errors)
    return _record_create(
        by=by,
        community=community,
        kind=kind,
        outcome=Outcome.REFUSED,
        applicant=applicant,
        refusal_reason=reason,
    )


@transaction.atomic
def certificate_pledge(
    *, by, kind_id: int, applicant_name: str, applicant_id_number: str, content: str = ""
) -> CertificateRecord:
    """告知承诺: where the catalog allows it, the applicant signs a commitment instead."""
    community = _counter_community(by)
    kind = _kind_for_counter(kind_id)
    if not kind.pledge_allowed or kind.cert_class == CertificateClass.C:
        raise ValidationError(
            {"kind": _("“%(name)s”未列入告知承诺事项，不能以承诺替代。") % {"name": kind.name}}
        )
    applicant = _applicant_validate(applicant_name, applicant_id_number, id_required=True)
    return _record_create(
        by=by,
        community=community,
        kind=kind,
        outcome=Outcome.PLEDGED,
        applicant=applicant,
        content=content,
    )


@transaction.atomic
def certificate_revoke(*, by, record_id: int, reason: str) -> CertificateRecord:
    """证明作废: an issued certificate stops verifying as valid; the reason is kept."""
    from communityops.errors import TransitionError

    community = _counter_community(by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写作废理由。")})
    record = CertificateRecord.objects.select_for_update().get(pk=record_id, community=community)
    if record.outcome != Outcome.ISSUED:
        raise TransitionError(record.get_outcome_display(), _("作废"), _("只有已出具的证明可以作废。"))
    if record.revoked_at is not None:
        raise TransitionError(
            _("已作废"),
            _("作废"),
            _("该证明已于 %(when)s 作废，不能重复作废。")
            % {"when": timezone.localtime(record.revoked_at).strftime("%Y-%m-%d %H:%M")},
        )
    record.revoked_at = timezone.now()
    record.revoke_reason = reason.strip()
    record.revoked_by = by
    record.save(update_fields=["revoked_at", "revoke_reason", "revoked_by"])
    audit_record(
        actor=by,
        action="certificate.revoke",
        target=record,
        before={"revoked": False},
        after={"revoked": True, "serial": record.serial},
        reason=record.revoke_reason,
    )
    return record


@transaction.atomic
def certificate_applicant_id_reveal(*, by, record_id: int, reason: str) -> str:
    """查看申请人完整公民身份号码: only staff and the head of the record's community, with a
    reason; the audit trail records who saw whose number, when and why."""
    record = CertificateRecord.objects.select_related("kind", "community").get(pk=record_id)
    return personal_data.personal_data_reveal(
        by=by,
        target=record,
        community_id=record.community_id,
        field="applicant_id_number",
        token=record.applicant_id_number,
        subject=f"{record.applicant_name} {record.applicant_id_masked}".strip(),
        reason=reason,
    )


def certificate_personal_data_rotate(*, batch_size: int = 1000) -> int:
    """密钥轮换: re-encrypt every applicant ID number with the newest key and recompute its keyed
    hash with the current FIELD_HASH_KEY (`manage.py rotate_field_keys`). Returns rows changed."""
    changed = 0
    rows = CertificateRecord.objects.exclude(applicant_id_number="").only(
        "pk", "applicant_id_number", "applicant_id_hash"
    )
    batch: list[CertificateRecord] = []
    for record in rows.iterator(chunk_size=batch_size):
        plain = personal_data.unseal(record.applicant_id_number)
        digest = id_number_hash(plain)
        if (
            personal_data.is_sealed_with_newest(record.applicant_id_number)
            and digest == record.applicant_id_hash
        ):
            continue
        record.applicant_id_number = personal_data.reseal(record.applicant_id_number)
        record.applicant_id_hash = digest
        batch.append(record)
        if len(batch) >= batch_size:
            CertificateRecord.objects.bulk_update(batch, ["applicant_id_number", "applicant_id_hash"])
            changed += len(batch)
            batch = []
    CertificateRecord.objects.bulk_update(batch, ["applicant_id_number", "applicant_id_hash"])
    return changed + len(batch)


# --- the seal register (用印登记) ---------------------------------------------------------------
def _seal_use_append(
    *,
    by,
    community: Community,
    audit,
    document: str,
    title: str,
    requested_by: str = "",
    serial: str = "",
    record: CertificateRecord | None = None,
    copies: int = 1,
    note: str = "",
    when=None,
) -> SealUse:
    when = when or timezone.now()
    return SealUse.objects.create(
        community=community,
        used_at=when,
        date=timezone.localdate(when),
        document=document,
        title=title[:200],
        requested_by=requested_by[:200],
        serial=serial,
        copies=copies,
        record=record,
        used_by=by,
        audit=audit,
        note=note[:300],
    )


@transaction.atomic
def seal_use_record(*, by, title: str, requested_by: str = "", copies: int = 1, note: str = "") -> SealUse:
    """用印登记: a use of the seal on any other paper (the "万能章"), logged and audited."""
    community = _counter_community(by)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写用印材料名称。")
    try:
        copies = int(copies)
    except (TypeError, ValueError):
        copies = 0
    if not 1 <= copies <= 100:
        errors["copies"] = _("份数应在 1 到 100 之间。")
    if errors:
        raise ValidationError(errors)
    audit = audit_record(
        actor=by,
        action="seal.use",
        target=community,
        after={"title": title.strip(), "requested_by": requested_by.strip(), "copies": copies},
        reason=note,
    )
    return _seal_use_append(
        by=by,
        community=community,
        audit=audit,
        document=SealDocument.OTHER,
        title=title.strip(),
        requested_by=requested_by.strip(),
        copies=copies,
        note=note.strip(),
    )
