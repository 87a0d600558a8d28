"""Report periods (报告期): "2025-03" (month), "2025-Q1" (quarter), "2025" (year)."""

import datetime
import re

from .models import ReportFrequency

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def period_range(period: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a period, or ValueError."""
    period = (period or "").strip().upper()
    if m := _MONTH.match(period):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(period)
        start = datetime.date(year, month, 1)
        end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        return start, end
    if m := _QUARTER.match(period):
        year, quarter = int(m[1]), int(m[2])
        start = datetime.date(year, 3 * quarter - 2, 1)
        end_month_start = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        return start, end_month_start - datetime.timedelta(days=1)
    if m := _YEAR.match(period):
        year = int(m[1])
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise ValueError(period)


def period_matches(period: str, frequency: str) -> bool:
    period = (period or "").strip().upper()
    if frequency == ReportFrequency.MONTHLY:
        return bool(_MONTH.match(period))
    if frequency == ReportFrequency.QUARTERLY:
        return bool(_QUARTER.match(period))
    if frequency == ReportFrequency.YEARLY:
        return bool(_YEAR.match(period))
    return True
