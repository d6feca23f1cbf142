"""Month arithmetic for due dates (the 3-month review of someone who started on 31 May is due on
31 August; of someone who started on 30 November, on 28 or 29 February)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
