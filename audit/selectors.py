"""Reads of the audit trail (审计日志) for the auditor: district administrators only."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
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
    (`auth.`, `personal_data.reveal` …). The whole district's trail: district admins only; anyone
    else gets nothing."""
    if not scope_for(user).is_district:
        return AuditRecord.objects.none()
    records = AuditRecord.objects.all()
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
