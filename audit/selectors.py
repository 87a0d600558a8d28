"""Reads of the audit trail (审计日志) for the auditor: district administrators only."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from organisation.scoping import scope_for

from .models import AuditRecord


def audit_record_list(
    *,
    user,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    action: str = "",
) -> QuerySet[AuditRecord]:
    """审计记录 in a date range (local dates, both ends included), optionally one action prefix
    (`auth.`, `personal_data.reveal` …). The district's trail, for district admins only (anyone
    else gets nothing; a superuser sees all): the records whose 所属区 is the admin's district
    (what happened to the district's units and records, by anyone, and what the district's
    people did), plus the records of no district whose actor belongs to no district either
    (department officers, administrators, the system), except sign-in events and a superuser's
    personal-data reveals: those, without a district, are the superuser's alone. Another
    district's records are that district's trail."""
    scope = scope_for(user)
    if not scope.is_district:
        return AuditRecord.objects.none()
    records = AuditRecord.objects.all()
    if not scope.everything:
        records = records.filter(_acted_within(scope.district_id))
    tz = timezone.get_current_timezone()
    if date_from:
        start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
        records = records.filter(created_at__gte=start)
    if date_to:
        end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        records = records.filter(created_at__lt=end)
    if action:
        records = records.filter(action__startswith=action)
    return records.order_by("id")


SIGN_IN_PREFIX = "auth."
PERSONAL_DATA_PREFIX = "personal_data."  # reveals and exports of residents' personal data


def _acted_within(district_id: int) -> Q:
    """The district's records, and the records of no district by actors of no district (not a
    sign-in event, not a superuser's reveal or export of personal data)."""
    actor_of_no_district = Q(
        actor__membership__district__isnull=True,
        actor__membership__street__isnull=True,
        actor__membership__community__isnull=True,
    )
    superuser_reveal = Q(action__startswith=PERSONAL_DATA_PREFIX, actor__is_superuser=True)
    return Q(district=district_id) | (
        Q(district__isnull=True)
        & actor_of_no_district
        & ~Q(action__startswith=SIGN_IN_PREFIX)
        & ~superuser_reveal
    )


def audit_retention_status() -> dict:
    """How long the trail is kept and how far back it reaches (for the auditor's page)."""
    from django.conf import settings

    oldest = AuditRecord.objects.order_by("id").values_list("created_at", flat=True).first()
    return {
        "retention_days": settings.AUDIT_RETENTION_DAYS,
        "oldest": oldest,
        "days_kept": (timezone.now() - oldest).days if oldest else 0,
        "count": AuditRecord.objects.count(),
    }
