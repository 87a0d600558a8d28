"""Back-fill 所属区 (AuditRecord.district) of the records written before it existed.

The same rule as audit.services.audit_district_id, in bulk: the target's district where the
target still exists and leads to one (a district, a street, a community, a user's membership,
or a record with a community / street / district foreign key), else the actor's membership's;
a sign-in event without either, from the user name in `after`/`before`. Records left without a
district are the superuser's (audit.selectors). `district` is not part of the hash chain, so
the chain verifies as before.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import migrations
from django.db.models.functions import Coalesce

CHUNK = 2000
MEMBERSHIP_PATHS = ("district_id", "street__district_id", "community__street__district_id")


def _district_path(model) -> tuple[str, ...] | None:
    """The value paths from `model` to a district id, best first (None: no way to one)."""
    label = model._meta.label_lower
    if label == "organisation.district":
        return ("pk",)
    if label == "organisation.street":
        return ("district_id",)
    if label == "organisation.community":
        return ("street__district_id",)
    if label == "organisation.membership":
        return MEMBERSHIP_PATHS
    if label == settings.AUTH_USER_MODEL.lower():
        return tuple(f"membership__{path}" for path in MEMBERSHIP_PATHS)
    via = {"organisation.community": [], "organisation.street": [], "organisation.district": []}
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is not None:
            related = field.related_model._meta.label_lower
            if related in via:
                via[related].append(field.name)
    paths = (
        [f"{name}__street__district_id" for name in via["organisation.community"]]
        + [f"{name}__district_id" for name in via["organisation.street"]]
        + [f"{name}_id" for name in via["organisation.district"]]
    )
    return tuple(paths) or None


def _target_districts(apps, target_type: str, target_ids: set[str]) -> dict[str, int]:
    """target_id (as stored) → district id, for the targets of one type that still exist."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return {}
    paths = _district_path(model)
    if not paths:
        return {}
    pk_field = model._meta.pk
    keys = {}
    for raw in target_ids:
        try:
            keys[pk_field.to_python(raw)] = raw
        except ValidationError:  # a malformed stored id leads nowhere
            continue
    expression = Coalesce(*paths) if len(paths) > 1 else paths[0]
    found = {}
    for pk, district_id in model._base_manager.filter(pk__in=list(keys)).values_list("pk", expression):
        if district_id is not None and pk in keys:
            found[keys[pk]] = district_id
    return found


def _username(record_before, record_after) -> str:
    for payload in (record_after, record_before):
        if isinstance(payload, dict) and isinstance(payload.get("username"), str):
            return payload["username"]
    return ""


def backfill(apps, schema_editor):
    AuditRecord = apps.get_model("audit", "AuditRecord")
    Membership = apps.get_model("organisation", "Membership")
    records = AuditRecord._base_manager.filter(district__isnull=True)
    last_id = 0
    while True:
        chunk = list(
            records.filter(pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", "actor_id", "action", "target_type", "target_id", "before", "after")[:CHUNK]
        )
        if not chunk:
            break
        last_id = chunk[-1][0]
        by_type: dict[str, set[str]] = {}
        for _pk, _actor, _action, target_type, target_id, _before, _after in chunk:
            if target_type and target_id:
                by_type.setdefault(target_type, set()).add(target_id)
        targets = {
            (target_type, target_id): district_id
            for target_type, ids in by_type.items()
            for target_id, district_id in _target_districts(apps, target_type, ids).items()
        }
        actor_ids = {row[1] for row in chunk if row[1]}
        actors = dict(
            Membership._base_manager.filter(user_id__in=actor_ids).values_list("user_id", Coalesce(*MEMBERSHIP_PATHS))
        )
        names = {_username(row[5], row[6]) for row in chunk if row[2].startswith("auth.")} - {""}
        named = dict(
            Membership._base_manager.filter(user__username__in=names).values_list(
                "user__username", Coalesce(*MEMBERSHIP_PATHS)
            )
        )
        updates: dict[int, list[int]] = {}
        for pk, actor_id, action, target_type, target_id, before, after in chunk:
            district_id = targets.get((target_type, target_id)) or actors.get(actor_id)
            if district_id is None and action.startswith("auth."):
                district_id = named.get(_username(before, after))
            if district_id is not None:
                updates.setdefault(district_id, []).append(pk)
        for district_id, pks in updates.items():
            AuditRecord._base_manager.filter(pk__in=pks).update(district_id=district_id)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_auditrecord_district"),
        ("accounts", "0002_password_change_required"),
        ("organisation", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
