"""Month arithmetic for due dates (the 3-month review of someone who started on 31 May is due on
31 August; of someone who started on 30 November, on 28 or 29 February): one calendar-month step
for every area, in analytics."""

from __future__ import annotations

from analytics.supervision import add_months

__all__ = ["add_months"]
