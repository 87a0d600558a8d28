"""System check: the audit trail must be kept at least 180 days (等保 2.0 level 3)."""

from django.conf import settings
from django.core.checks import Error, register

MINIMUM_RETENTION_DAYS = 180


@register()
def audit_retention_check(app_configs, **kwargs):
    days = getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS)
    if days < MINIMUM_RETENTION_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS is {days}: audit records must be kept at least {MINIMUM_RETENTION_DAYS} days.",
                id="audit.E001",
            )
        ]
    return []
