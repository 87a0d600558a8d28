"""Working days (工作日) for the 准入 deadlines: apply 30 working days ahead, decide within 15.

The State Council's holiday arrangement (法定节假日 and the weekend days worked in exchange, 调休)
comes from chinese-calendar, which carries each year once it is published (every autumn for
the next year: upgrade the package, `uv lock --upgrade-package chinese-calendar`). A year it
does not know yet counts Monday to Friday.
"""

from datetime import date, timedelta

import chinese_calendar


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year not yet published
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`."""
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if is_working_day(current):
            added += 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start)."""
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))
