"""Working days in England: the academy's induction and recall days and the demo's day-to-day
life fall on no weekend or English bank holiday (the ``holidays`` package keeps the dates, including
the one-off ones such as a coronation or a state funeral)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in *year* (substitute days included)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an English bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_day_on_or_after(day: date) -> date:
    """*day* when it is a working day, otherwise the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_day_on_or_before(day: date) -> date:
    """*day* when it is a working day, otherwise the one before."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
