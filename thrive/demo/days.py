"""Working days for the demo's day-to-day life (the rule: :mod:`thrive.core.working_days`)."""

from thrive.core.working_days import (
    bank_holidays,
    is_working_day,
    working_day_on_or_after,
    working_day_on_or_before,
)

__all__ = [
    "bank_holidays",
    "is_working_day",
    "working_day_on_or_after",
    "working_day_on_or_before",
]
