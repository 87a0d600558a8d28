"""System check: ARCHIVES_RETENTION_YEARS names known periods with whole years (or None)."""

from django.conf import settings
from django.core.checks import Error, register

from .retention import DEFAULT_RETENTION_YEARS


@register()
def archives_retention_check(app_configs, **kwargs):
    errors = []
    overrides = getattr(settings, "ARCHIVES_RETENTION_YEARS", {})
    if not isinstance(overrides, dict):
        return [Error("ARCHIVES_RETENTION_YEARS must be a mapping of period → years.", id="archives.E001")]
    for key, years in overrides.items():
        if key not in DEFAULT_RETENTION_YEARS:
            errors.append(
                Error(
                    f"ARCHIVES_RETENTION_YEARS names an unknown period {key!r}.",
                    hint=f"Known: {', '.join(DEFAULT_RETENTION_YEARS)}.",
                    id="archives.E002",
                )
            )
        elif years is not None and (isinstance(years, bool) or not isinstance(years, int) or years < 1):
            errors.append(
                Error(
                    f"ARCHIVES_RETENTION_YEARS[{key!r}] is {years!r}: give whole years ≥ 1, or None to keep forever.",
                    id="archives.E003",
                )
            )
    return errors
