"""保管期限: how long each kind of record is kept before it may be destroyed.

The numbers follow 《机关文件材料归档范围和文书档案保管期限规定》(国家档案局令第8号, 2006),
which replaced the old 永久 / 长期 / 短期 periods with 永久 / 定期30年 / 定期10年: a ledger
type still marked 长期 is kept 30 years, one marked 短期 10 years, one marked 永久 forever.
A ledger book's period runs from the end of its year (a 2010 book kept 10 years is kept through
31 December 2020 and falls due on 1 January 2021).

Certificate stubs (证明存根: the applicant's name, ID number and the certificate's text kept
by the counter) are kept 10 years from the day of issue, the 定期10年 period for routine
business records; a stub issued on 1 March 2015 falls due on 2 March 2025.

Deployments override any of these in settings:

    ARCHIVES_RETENTION_YEARS = {"long": 30, "short": 10, "certificate": 10}

`None` means "kept permanently" (never due). A ledger type without a retention period is not
due either: nothing is destroyed on a guess.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

DEFAULT_RETENTION_YEARS: dict[str, int | None] = {
    "permanent": None,  # 永久
    "long": 30,  # 长期 → 定期30年
    "short": 10,  # 短期 → 定期10年
    "certificate": 10,  # 证明存根, from the day of issue
}


def retention_years() -> dict[str, int | None]:
    """The defaults above with settings.ARCHIVES_RETENTION_YEARS laid over them."""
    return {**DEFAULT_RETENTION_YEARS, **getattr(settings, "ARCHIVES_RETENTION_YEARS", {})}


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def ledger_due_from(year: int, years: int | None) -> date | None:
    """The first day a book of `year` kept `years` years may be destroyed (None: never)."""
    return None if years is None else date(year + years + 1, 1, 1)


def certificate_due_from(issued: date, years: int | None) -> date | None:
    """The first day a stub issued on `issued` and kept `years` years may be destroyed."""
    if years is None:
        return None
    return date.fromordinal(years_before(issued, -years).toordinal() + 1)
