"""The programme and rules a council starts with (domain-facts: the ASYE; Lancashire's recall days
every second month). Councils change them by adding dated rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

ASYE: dict[str, Any] = {
    "name": "ASYE",
    "effective_from": date(2000, 1, 1),
    "review_months": [3, 6, 12],
    "reflection_months": [6, 12],
    "evidence": {
        "direct_observation": 3,
        "family_feedback": 3,
        "professional_feedback": 3,
        "written_report": 3,
    },
}

RULE: dict[str, Any] = {
    "effective_from": date(2000, 1, 1),
    "recall_every_months": 2,
    "induction_days": 10,
    "development_percent": Decimal("10"),
    "weekly_hours": Decimal("37"),
    "transition_months": 6,
}

# A newly qualified worker's first year: started as newly qualified (census StartOrigin 1), or
# within a year of qualifying (the caseload ramp's rule, thrive.caseloads.selectors.asye_start).
FIRST_YEAR_DAYS = 365
