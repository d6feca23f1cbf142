"""The synthetic register's public constants (national defaults, calibration tolerances,
team types, professions, case types, contracts), the census codes it draws from and its day
numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

Arr = NDArray[Any]
Rng = np.random.Generator


NATIONAL_2025: dict[str, float] = {
    "turnover_rate_fte": 11.8,
    "agency_rate_fte": 13.0,
    "vacancy_rate_fte": 14.2,
    "agency_cover_rate_fte": 81.1,
    "caseload_fte": 15.2,
    "absence_rate_fte": 3.5,
    # Not published as rates; England 2025 components: 5,837.8 starters and 21,105.4 case-holder
    # FTE against 36,186.3 in post and 5,415.9 agency.
    "starters_rate_fte": 5837.8 / 36186.3 * 100,
    "case_holder_share_fte": 21105.4 / (36186.3 + 5415.9) * 100,
}
"""England, year ending 30 September 2025: the defaults for a council's missing figures."""

TOLERANCES: dict[str, float] = {
    **dict.fromkeys(
        (
            "turnover_rate_fte",
            "agency_rate_fte",
            "vacancy_rate_fte",
            "agency_cover_rate_fte",
            "vacancy_agency_cover_rate_fte",
            "absence_rate_fte",
        ),
        1.0,
    ),
    **dict.fromkeys(
        (
            "inpost_fte",
            "agency_fte",
            "vacancy_fte",
            "starters_fte",
            "leavers_fte",
            "case_holders_fte",
        ),
        0.05,
    ),
    "caseload_fte": 0.5,
}
"""Calibration tolerances: percentage points for rates, a relative 5% for FTEs, 0.5 caseload."""

RELATIVE_TOLERANCE = frozenset(m for m in TOLERANCES if not m.endswith("rate_fte"))
RELATIVE_TOLERANCE = RELATIVE_TOLERANCE - {"caseload_fte"}

TEAM_TYPES: tuple[str, ...] = (
    "front_door",
    "assessment",
    "child_protection",
    "children_in_care",
    "care_leavers",
    "fostering",
    "residential",
    "early_help",
    "youth_justice",
    "disabled_children",
    "family_safeguarding",
    "academy",
)
PROFESSIONS: tuple[str, ...] = (
    "social_worker",
    "domestic_abuse",
    "substance_misuse",
    "adult_mental_health",
    "probation",
    "family_support",
    "residential",
    "other",
)
ADULT_SPECIALISTS: tuple[str, ...] = (
    "domestic_abuse",
    "substance_misuse",
    "adult_mental_health",
    "probation",
)
CASE_TYPES: tuple[str, ...] = ("early_help", "cin", "cp", "cla", "care_leaver")
CONTRACTS: tuple[str, ...] = ("permanent", "fixed_term", "agency", "secondee")
_PERM, _FIXED, _AGENCY, _SECONDEE = 0, 1, 2, 3

# census codes and their proportions
_REASON_LEAVE = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9])
_REASON_LEAVE_P = np.array([0.74, 0.015, 0.005, 0.025, 0.06, 0.003, 0.04, 0.08, 0.032])
_DEST = np.array([1, 2, 3, 4, 5, 6, 7, 8])
_DEST_RESIGN_P = np.array([0.32, 0.03, 0.20, 0.14, 0.06, 0.08, 0.03, 0.14])
_ORIGIN = np.array([2, 3, 4, 5, 6, 7, 8, 9])
_ORIGIN_P = np.array([0.42, 0.07, 0.14, 0.08, 0.08, 0.08, 0.03, 0.10])
_PART_FTES = np.array([50, 60, 70, 75, 80, 90])
_PART_P = np.array([0.18, 0.25, 0.1, 0.07, 0.3, 0.1])

EPOCH = date(1970, 1, 1)
OPEN = 10_000_000  # an open end date, as a day number (far in the future)
YEAR = 365.25
