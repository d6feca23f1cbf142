"""The question library and answer scales a council starts from (it edits its own copies)."""

from __future__ import annotations

from typing import Any

AGREE = "Agreement (5 points)"
LIKELY = "Likelihood (0 to 10)"
WELLBEING = "Wellbeing (0 to 10)"

SCALES: list[dict[str, Any]] = [
    {
        "name": AGREE,
        "options": [
            [1, "Strongly disagree"],
            [2, "Disagree"],
            [3, "Neither agree nor disagree"],
            [4, "Agree"],
            [5, "Strongly agree"],
        ],
        "favourable_from": 4,
        "is_nps": False,
    },
    {
        "name": LIKELY,
        "options": [
            [0, "0 - Not at all likely"],
            *[[n, str(n)] for n in range(1, 10)],
            [10, "10 - Extremely likely"],
        ],
        "favourable_from": 9,
        "is_nps": True,
    },
    {
        "name": WELLBEING,
        "options": [
            [0, "0 - Not at all"],
            *[[n, str(n)] for n in range(1, 10)],
            [10, "10 - Completely"],
        ],
        "favourable_from": 7,
        "is_nps": False,
    },
]

# (code, kind, scale, text)
QUESTIONS: list[tuple[str, str, str | None, str]] = [
    (
        "hc-workload",
        "health_check",
        AGREE,
        "My workload is manageable and allows me to do good work.",
    ),
    ("hc-supervision", "health_check", AGREE, "I get regular supervision that helps my practice."),
    (
        "hc-cpd",
        "health_check",
        AGREE,
        "I have time and support for continuing professional development.",
    ),
    ("hc-tools", "health_check", AGREE, "I have the tools and systems I need to do my job."),
    ("hc-valued", "health_check", AGREE, "I feel valued by the council for the work I do."),
    (
        "hc-leaders",
        "health_check",
        AGREE,
        "Senior leaders are visible and listen to social workers.",
    ),
    ("stay-12m", "stay", AGREE, "I intend to be working for this council in 12 months' time."),
    ("enps", "enps", LIKELY, "How likely are you to recommend working here to a friend?"),
    ("wb-cope", "wellbeing", AGREE, "I feel able to cope with the pressures of my work."),
    ("wb-life", "wellbeing", WELLBEING, "Overall, how satisfied are you with your life nowadays?"),
    ("council-team", "council", AGREE, "My team supports me when work is difficult."),
    ("better", "free_text", None, "What would make working here better?"),
]

# The law on flexible working requests, from each date: (in force from, requests allowed in any
# 12 months, months to decide including any appeal, source). Loaded by migration 0011.
FLEXIBLE_RULES: list[tuple[str, int, int, str]] = [
    ("2014-06-30", 1, 3, "Flexible Working Regulations 2014 (the right extended to all employees)"),
    ("2024-04-06", 2, 2, "Employment Relations (Flexible Working) Act 2023"),
]
