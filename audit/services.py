"""Writing to and checking the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import AuditRecord

if TYPE_CHECKING:
    from organisation.models import District

GENESIS = "0" * 64
# Any constant: serialises appends so the chain never forks under concurrent writers.
_CHAIN_LOCK_KEY = 7_210_001
# The district of a membership (its district, its street's, its community's), as an expression.
MEMBERSHIP_DISTRICT = Coalesce("district_id", "street__district_id", "community__street__district_id")


def _json_safe(value: Any) -> Any:
    if value is None:
        return None
    return {
        k: (v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v))
        for k, v in value.items()
    }


def _district_of_unit(*, district_id=None, street_id=None, community_id=None) -> int | None:
    """The district of a unit given by id: at most one small query."""
    from organisation.models import Community, Street

    if district_id:
        return district_id
    if street_id:
        return Street.objects.filter(pk=street_id).values_list("district_id", flat=True).first()
    if community_id:
        return Community.objects.filter(pk=community_id).values_list("street__district_id", flat=True).first()
    return None


def _membership_district_id(user_id=None, *, username: str = "") -> int | None:
    """The district a user's membership lies in (its district, street's or community's), the
    user given by id or by user name; None for a department officer, a user without membership
    or no user."""
    from organisation.models import Membership

    if not (user_id or username):
        return None
    lookup = {"user_id": user_id} if user_id else {"user__username": username}
    return Membership.objects.filter(**lookup).values_list(MEMBERSHIP_DISTRICT, flat=True).first()


def _target_district_id(target: models.Model) -> int | None:
    """The district a target belongs to, read from the ids it already holds: a district, a
    street, a community, a user (its membership), or any record with a community, street or
    district foreign key (in that order of preference)."""
    from django.contrib.auth import get_user_model

    from organisation.models import Community, District, Membership, Street

    if isinstance(target, District):
        return target.pk
    if isinstance(target, Street):
        return target.district_id
    if isinstance(target, Community):
        if Community.street.is_cached(target):
            return target.street.district_id
        return _district_of_unit(street_id=target.street_id)
    if isinstance(target, get_user_model()):
        return _membership_district_id(target.pk)
    if isinstance(target, Membership):
        return _district_of_unit(
            district_id=target.district_id, street_id=target.street_id, community_id=target.community_id
        )
    units = {}
    for field in target._meta.concrete_fields:
        if field.is_relation and field.related_model in (Community, Street, District):
            value = getattr(target, field.attname)
            if value is not None:
                units.setdefault(field.related_model, value)
    return _district_of_unit(
        district_id=units.get(District), street_id=units.get(Street), community_id=units.get(Community)
    )


def audit_district_id(*, actor=None, target: models.Model | None = None) -> int | None:
    """所属区 of a record: the target's district first, else the actor's membership's."""
    district_id = _target_district_id(target) if target is not None and target.pk is not None else None
    actor_id = getattr(actor, "pk", None)
    if district_id is None and actor_id and not _same_user(target, actor):
        district_id = _membership_district_id(actor_id)
    return district_id


def _same_user(target, actor) -> bool:
    """The target is the actor (a sign-in): its membership was looked up already."""
    return target is not None and target._meta.model is actor._meta.model and target.pk == actor.pk


def audit_district_for_username(username: str) -> int | None:
    """The district of the user a sign-in name belongs to (None for an unknown name)."""
    return _membership_district_id(username=username)


@transaction.atomic
def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    district: District | int | None = None,
) -> AuditRecord:
    """Append one record to the chain (inside the caller's transaction).

    The record's district (所属区, who may read it) is `district` when given, else derived by
    `audit_district_id` from the target, then the actor.
    """
    district_id = getattr(district, "pk", district) or audit_district_id(actor=actor, target=target)
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
        district_id=district_id,
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
