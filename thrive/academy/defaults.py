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
    "peer_group_every_weeks": 4,
    "shortlist_email": True,
}

# A newly qualified worker's first year: started as newly qualified (census StartOrigin 1), or
# within a year of qualifying (the caseload ramp's rule, thrive.caseloads.selectors.asye_start).
FIRST_YEAR_DAYS = 365

# The progression framework a council starts with (issue 17; the PCF's levels, domain-facts), and
# Wandsworth's three values-led panel questions. Councils edit them as dated rows.
_PCF = "Meets the Professional Capabilities Framework at this level"
PROGRESSION_LEVELS: list[dict[str, Any]] = [
    {"name": "Social worker", "rank": 1, "org_role": 5, "kss": "Child and family practitioner"},
    {
        "name": "Experienced social worker",
        "rank": 2,
        "org_role": 5,
        "kss": "Child and family practitioner",
    },
    {
        "name": "Senior practitioner",
        "rank": 3,
        "org_role": 4,
        "kss": "Child and family practitioner",
    },
    {"name": "Advanced practitioner", "rank": 4, "org_role": 4, "kss": "Practice supervisor"},
    {"name": "Team manager", "rank": 5, "org_role": 3, "kss": "Practice supervisor"},
]
PANEL_QUESTIONS = [
    "What are you most proud of in the last six months?",
    "How do you support families to achieve change?",
    "What is your reflection on your biggest areas of development?",
]
PANEL_SCORES = (1, 2, 3, 4)  # 1 not yet shown … 4 strongly shown
