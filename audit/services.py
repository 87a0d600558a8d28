"""Writing to and checking the audit trail."""

from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditRecord

GENESIS = "0" * 64
# Any constant: serialises appends so the chain never forks under concurrent writers.
_CHAIN_LOCK_KEY = 7_210_001


def _json_safe(value: Any) -> Any:
    if value is None:
        return None
    return {
        k: (v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v))
        for k, v in value.items()
    }


@transaction.atomic
def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditRecord:
    """Append one record to the chain (inside the caller's transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    last = AuditRecord.objects.order_by("-id").only("hash").first()
    record = AuditRecord(
        created_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if getattr(actor, "pk", None) else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        before=_json_safe(before),
        after=_json_safe(after),
        reason=reason,
        prev_hash=last.hash if last else GENESIS,
    )
    record.hash = record.compute_hash()
    record.save(force_insert=True)
    return record


@dataclass(frozen=True)
class ChainProblem:
    record_id: int | None
    reason: str


def audit_chain_verify() -> list[ChainProblem]:
    """Walk the chain in order; report every record whose content or link does not match."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    for record in AuditRecord.objects.order_by("id").iterator(chunk_size=2000):
        if record.prev_hash != expected_prev:
            problems.append(ChainProblem(record.pk, "前一条记录被删除或篡改（链接不符）"))
        if record.compute_hash() != record.hash:
            problems.append(ChainProblem(record.pk, "记录内容被修改（哈希不符）"))
        expected_prev = record.hash
    return problems
