"""Synthetic registers: several years of one council's children's social care workforce.

:func:`generate_register` builds a realistic register for ONE local authority (teams, people,
employment and agency spells, the funded establishment, absences and case allocations) over
``years`` census years, calibrated so that :func:`analytics.measures.compute_measures` for the
census year reproduces that council's published figures (``domain-facts.md`` §1).

Calibration is by construction. The published census-year components (in post, starters,
leavers, agency, agency cover, vacancies, case holders, cases, working days lost) are split into
disjoint groups (for example "in post on the census date, started this year, holding cases"),
each group's FTE is partitioned exactly (to the hundredth) into people, and the establishment,
allocations and sickness absences are laid out so that every component equals its target. The
result is then measured and, should anything fall outside the tolerances of :data:`TOLERANCES`,
regenerated from a derived seed (this has not been needed in practice). Earlier census years
are generated backwards from the census year with plausible, not calibrated, turnover,
vacancies, agency use, caseloads and sickness.

This module is a plain library: numpy, pandas and :mod:`analytics.measures` only, never Django.
Output frames use ``datetime.date`` (or ``None``) for dates, pandas nullable ``Int64`` for
optional codes and keys, and ``None``/``NaN`` for missing text and numbers.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from analytics.measures import (
    MEASURES,
    WORKING_DAYS_PER_YEAR,
    census_year_bounds,
    compute_measures,
    rates_from_components,
    round_measures,
)

__all__ = [
    "CASE_TYPES",
    "NATIONAL_2025",
    "PROFESSIONS",
    "TEAM_TYPES",
    "TOLERANCES",
    "SynthRegister",
    "Targets",
    "expected_measures",
    "fit_report",
    "generate_register",
    "measure_frames",
]

Arr = NDArray[Any]
Rng = np.random.Generator

# ---------------------------------------------------------------------------------------------
# Public constants
# ---------------------------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------------------------
# Reference lists
# ---------------------------------------------------------------------------------------------

# team type -> (name stem, service, weight for case-holding social workers, weight for extra teams)
_TEAM_INFO: dict[str, tuple[str, str, float, float]] = {
    "front_door": ("Front Door (MASH)", "Front Door and Early Help", 1.2, 0.4),
    "assessment": ("Assessment Team", "Safeguarding", 3.0, 3.0),
    "child_protection": ("Child Protection Team", "Safeguarding", 3.0, 3.0),
    "children_in_care": ("Children in Care Team", "Children in Care", 3.0, 2.5),
    "care_leavers": ("Care Leavers Team", "Children in Care", 1.0, 0.5),
    "fostering": ("Fostering Team", "Fostering and Residential", 0.0, 0.3),
    "residential": ("Children's Home", "Fostering and Residential", 0.0, 0.6),
    "early_help": ("Early Help Team", "Front Door and Early Help", 0.15, 0.8),
    "youth_justice": ("Youth Justice Service", "Youth Justice", 0.3, 0.0),
    "disabled_children": ("Children with Disabilities Team", "Disabled Children", 1.2, 0.4),
    "family_safeguarding": ("Family Safeguarding Team", "Safeguarding", 3.0, 2.5),
    "academy": ("Social Work Academy", "Practice and Workforce Development", 0.6, 0.0),
}
_AREAS = ("North", "South", "East", "West", "Central", "City", "North East", "South West")
_HOMES = ("Oak Lodge", "Willow House", "Beech Croft", "Maple View", "Rowan House", "Hazel Lodge")

# team type -> case types (index into CASE_TYPES), probabilities, median episode length in days
_TEAM_CASES: dict[str, tuple[tuple[int, ...], tuple[float, ...], tuple[float, ...]]] = {
    "front_door": ((1,), (1.0,), (20,)),
    "assessment": ((1,), (1.0,), (55,)),
    "child_protection": ((2, 1), (0.7, 0.3), (300, 180)),
    "children_in_care": ((3,), (1.0,), (450,)),
    "care_leavers": ((4,), (1.0,), (500,)),
    "fostering": ((3,), (1.0,), (400,)),
    "residential": ((3,), (1.0,), (400,)),
    "early_help": ((0,), (1.0,), (130,)),
    "youth_justice": ((1,), (1.0,), (200,)),
    "disabled_children": ((1, 2, 3), (0.6, 0.1, 0.3), (360, 300, 450)),
    "family_safeguarding": ((2, 1), (0.5, 0.5), (300, 220)),
    "academy": ((1, 2), (0.8, 0.2), (90, 250)),
}
# case type -> probabilities of a family of 1..5 children allocated together
_FAMILY_SIZE_P: dict[int, tuple[float, ...]] = {
    0: (0.45, 0.30, 0.15, 0.07, 0.03),
    1: (0.50, 0.27, 0.13, 0.07, 0.03),
    2: (0.45, 0.28, 0.15, 0.08, 0.04),
    3: (0.75, 0.17, 0.06, 0.02, 0.00),
    4: (1.00, 0.00, 0.00, 0.00, 0.00),
}

_ETHNICITY_P: dict[str, float] = {
    "WBRI": 0.575,
    "WIRI": 0.010,
    "WOTH": 0.060,
    "MWBC": 0.020,
    "MWBA": 0.008,
    "MWAS": 0.008,
    "MOTH": 0.010,
    "AIND": 0.025,
    "APKN": 0.035,
    "ABAN": 0.010,
    "AOTH": 0.015,
    "BCRB": 0.040,
    "BAFR": 0.090,
    "BOTH": 0.010,
    "CHNE": 0.004,
    "OOTH": 0.012,
    "REFU": 0.045,
    "NOBT": 0.023,
}
# ethnicity -> pool of names to draw from
_NAME_POOL: dict[str, str] = {
    "WBRI": "white",
    "WIRI": "irish",
    "WOTH": "european",
    "MWBC": "mixed_black",
    "MWBA": "mixed_black",
    "MWAS": "mixed_asian",
    "MOTH": "any",
    "AIND": "south_asian",
    "APKN": "south_asian",
    "ABAN": "south_asian",
    "AOTH": "south_asian",
    "BCRB": "caribbean",
    "BAFR": "african",
    "BOTH": "african",
    "CHNE": "chinese",
    "OOTH": "any",
    "REFU": "any",
    "NOBT": "any",
}
_FIRST_F: dict[str, tuple[str, ...]] = {
    "white": (
        "Sarah",
        "Emma",
        "Laura",
        "Rachel",
        "Hannah",
        "Claire",
        "Rebecca",
        "Charlotte",
        "Lucy",
        "Amy",
        "Katie",
        "Jessica",
        "Gemma",
        "Natalie",
        "Nicola",
        "Joanne",
        "Helen",
        "Sophie",
        "Megan",
        "Chloe",
        "Kirsty",
        "Victoria",
        "Louise",
        "Jade",
    ),
    "irish": ("Siobhan", "Aoife", "Niamh", "Ciara", "Orla", "Roisin", "Mary", "Sinead"),
    "european": (
        "Agnieszka",
        "Katarzyna",
        "Ioana",
        "Elena",
        "Anna",
        "Marta",
        "Ewa",
        "Laura",
        "Giulia",
        "Maria",
        "Zuzana",
        "Kristina",
    ),
    "south_asian": (
        "Aisha",
        "Fatima",
        "Priya",
        "Ayesha",
        "Nadia",
        "Sana",
        "Amrit",
        "Harpreet",
        "Shabana",
        "Farah",
        "Anjali",
        "Rukhsana",
        "Zainab",
        "Nusrat",
        "Simran",
        "Sadia",
        "Kiran",
        "Meera",
    ),
    "african": (
        "Abena",
        "Chiamaka",
        "Ngozi",
        "Adaeze",
        "Amara",
        "Blessing",
        "Funmilayo",
        "Precious",
        "Esther",
        "Folake",
        "Tendai",
        "Rutendo",
        "Grace",
        "Nkechi",
        "Ama",
    ),
    "caribbean": (
        "Shanice",
        "Tanisha",
        "Keisha",
        "Marcia",
        "Jasmine",
        "Paulette",
        "Chantelle",
        "Simone",
        "Natasha",
        "Donna",
    ),
    "chinese": ("Mei", "Li", "Xin", "Yan", "Ling", "Hui"),
}
_FIRST_M: dict[str, tuple[str, ...]] = {
    "white": (
        "James",
        "Daniel",
        "Thomas",
        "Matthew",
        "Christopher",
        "Michael",
        "David",
        "Andrew",
        "Mark",
        "Paul",
        "Ryan",
        "Luke",
        "Jack",
        "Liam",
        "Adam",
        "Richard",
        "Steven",
        "Lee",
    ),
    "irish": ("Sean", "Ciaran", "Patrick", "Declan", "Eoin", "Conor"),
    "european": ("Piotr", "Tomasz", "Andrei", "Marek", "Luca", "Stefan", "Mateusz"),
    "south_asian": (
        "Mohammed",
        "Imran",
        "Arjun",
        "Rahul",
        "Amir",
        "Bilal",
        "Hassan",
        "Sanjay",
        "Tariq",
        "Kamran",
        "Rajesh",
        "Harjit",
        "Yusuf",
        "Asif",
    ),
    "african": (
        "Samuel",
        "Emmanuel",
        "Kwame",
        "Tunde",
        "Chidi",
        "Olu",
        "Kofi",
        "Tinashe",
        "Segun",
        "Joseph",
        "Tafadzwa",
    ),
    "caribbean": ("Jerome", "Marcus", "Dwayne", "Leon", "Andre", "Winston", "Carl", "Delroy"),
    "chinese": ("Wei", "Jun", "Hao", "Ming"),
}
_LAST: dict[str, tuple[str, ...]] = {
    "white": (
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Williams",
        "Wilson",
        "Johnson",
        "Davies",
        "Robinson",
        "Wright",
        "Thompson",
        "Evans",
        "Walker",
        "White",
        "Roberts",
        "Green",
        "Hall",
        "Wood",
        "Jackson",
        "Clarke",
        "Hughes",
        "Turner",
        "Parker",
        "Cooper",
        "Harrison",
        "Morris",
        "Ward",
        "Edwards",
        "Bennett",
        "Shaw",
    ),
    "irish": (
        "Murphy",
        "O'Brien",
        "Kelly",
        "Byrne",
        "Ryan",
        "O'Connor",
        "Doyle",
        "McCarthy",
        "Gallagher",
        "Quinn",
    ),
    "european": (
        "Nowak",
        "Kowalski",
        "Popescu",
        "Wisniewska",
        "Ionescu",
        "Rossi",
        "Horvat",
        "Novak",
        "Kaminski",
        "Petrova",
    ),
    "south_asian": (
        "Khan",
        "Ahmed",
        "Hussain",
        "Ali",
        "Patel",
        "Shah",
        "Begum",
        "Iqbal",
        "Akhtar",
        "Singh",
        "Kaur",
        "Sharma",
        "Chowdhury",
        "Rahman",
        "Mahmood",
        "Mistry",
        "Bibi",
        "Sandhu",
    ),
    "african": (
        "Okafor",
        "Adeyemi",
        "Mensah",
        "Osei",
        "Boateng",
        "Moyo",
        "Ncube",
        "Eze",
        "Balogun",
        "Ogunleye",
        "Asante",
        "Okoro",
        "Chikwanha",
        "Nwosu",
    ),
    "caribbean": (
        "Campbell",
        "Francis",
        "Thomas",
        "Brown",
        "Williams",
        "Grant",
        "Lewis",
        "Henry",
        "Reid",
        "Clarke",
    ),
    "chinese": ("Chen", "Wang", "Li", "Zhang", "Wong", "Liu"),
}
_UNIVERSITIES: tuple[str, ...] = (
    "University of Birmingham",
    "Birmingham City University",
    "Coventry University",
    "University of Warwick",
    "University of Wolverhampton",
    "Manchester Metropolitan University",
    "University of Manchester",
    "University of Salford",
    "University of Central Lancashire",
    "Leeds Beckett University",
    "University of Leeds",
    "Sheffield Hallam University",
    "University of Nottingham",
    "Nottingham Trent University",
    "De Montfort University",
    "Goldsmiths, University of London",
    "Royal Holloway, University of London",
    "London Metropolitan University",
    "London South Bank University",
    "University of East London",
    "Middlesex University",
    "Brunel University London",
    "Kingston University",
    "University of Sussex",
    "University of Kent",
    "Canterbury Christ Church University",
    "University of Bristol",
    "University of the West of England",
    "Bournemouth University",
    "University of Plymouth",
    "University of Bath",
    "Oxford Brookes University",
    "Anglia Ruskin University",
    "University of East Anglia",
    "University of Hertfordshire",
    "University of Bedfordshire",
    "University of Essex",
    "Lancaster University",
    "Liverpool John Moores University",
    "Edge Hill University",
    "University of Chester",
    "Keele University",
    "Staffordshire University",
    "University of Worcester",
    "University of Lincoln",
    "University of Hull",
    "University of York",
    "Durham University",
    "Northumbria University",
    "Newcastle University",
    "Teesside University",
    "University of Sunderland",
    "University of Huddersfield",
    "University of Bradford",
    "The Open University",
)
_OVERSEAS_UNIVERSITIES: tuple[str, ...] = (
    "University of Zimbabwe",
    "University of the Witwatersrand",
    "University of Kerala",
    "University College Cork",
    "University of Auckland",
    "University of Lagos",
    "University of Toronto",
    "University of Bucharest",
)
_AGENCIES: tuple[str, ...] = (
    "Meridian Social Care Recruitment",
    "Oakwood Locums",
    "Bridgepoint Social Work Solutions",
    "Northstar Care Professionals",
    "Harbour Recruitment",
    "Keystone Children's Services Staffing",
    "Summit Social Work",
    "Albion Care Resourcing",
)

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

# ---------------------------------------------------------------------------------------------
# Public data classes
# ---------------------------------------------------------------------------------------------

_LOW = "low"
_FTE_FIELDS = (
    "inpost_fte",
    "starters_fte",
    "leavers_fte",
    "agency_fte",
    "vacancy_fte",
    "agency_cover_fte",
    "case_holders_fte",
)


def _parse(value: object) -> float | str | None:
    """A published cell: a number, ``"low"`` (below 0.5) or None (any other symbol, blank)."""
    if value is None:
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return None if math.isnan(number) else number
    text = str(value).strip().replace(",", "")
    if text.lower() == _LOW:
        return _LOW
    match = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*u?", text)
    return float(match.group(1)) if match else None


@dataclass
class Targets:
    """One local authority's published figures for the census year (``None`` = not published).

    Parameters
    ----------
    inpost_fte : float
        Non-agency social workers in post on the census date (FTE).
    starters_fte, leavers_fte : float or None
        Non-agency starters and leavers in the census year (FTE).
    agency_fte : float or None
        Agency social workers on the census date (FTE).
    vacancy_fte : float or None
        Vacant social work posts on the census date (FTE).
    agency_cover_fte : float or None
        Agency FTE covering a vacancy on the census date.
    case_holders_fte : float or None
        Case-holding social workers (agency included) on the census date (FTE).
    cases : float or None
        Children allocated to them on the census date.
    working_days_lost_fte : float or None
        Sickness days lost in the census year by non-agency social workers.
    """

    inpost_fte: float
    starters_fte: float | None = None
    leavers_fte: float | None = None
    agency_fte: float | None = None
    vacancy_fte: float | None = None
    agency_cover_fte: float | None = None
    case_holders_fte: float | None = None
    cases: float | None = None
    working_days_lost_fte: float | None = None

    @classmethod
    def from_measures(cls, d: Mapping[str, object]) -> Targets:
        """Targets from one row of published measures, keyed by DfE column names.

        Cells may be numbers, numeric strings, ``None`` or the published symbols (``c``, ``x``,
        ``z``, ``u``, ``:``, ``low``). A missing figure is first derived from the council's own
        published rates where it can be (``leavers_fte`` from ``turnover_rate_fte``,
        ``agency_fte`` from ``agency_rate_fte``, ``cases`` from ``caseload_fte`` and so on);
        ``low`` (published for values below 0.5) becomes 0.25 when no rate pins it down; what
        is still missing is filled from England's 2025 rates (:data:`NATIONAL_2025`).

        Parameters
        ----------
        d : Mapping[str, object]
            Published measures; ``inpost_fte`` is required.

        Returns
        -------
        Targets
            With every field filled.

        Raises
        ------
        ValueError
            If ``inpost_fte`` is not published.
        """
        v = {k: _parse(d.get(k)) for k in (*MEASURES, "caseload_fte")}
        low = {k for k, x in v.items() if x == _LOW}

        def num(key: str) -> float | None:
            x = v.get(key)
            return x if isinstance(x, float) else None

        inpost = num("inpost_fte")
        if inpost is None:
            if "inpost_fte" not in low:
                raise ValueError("inpost_fte is not published: cannot calibrate a register")
            inpost = 0.25
        v["inpost_fte"] = inpost
        for _ in range(2):  # derivations feed one another (agency <-> agency cover)
            r = num("turnover_rate_fte")
            if num("leavers_fte") is None and r is not None:
                v["leavers_fte"] = r * inpost / 100
            r = num("agency_rate_fte")
            if num("agency_fte") is None and r is not None and r < 100:
                v["agency_fte"] = r * inpost / (100 - r)
            r = num("vacancy_rate_fte")
            if num("vacancy_fte") is None and r is not None and r < 100:
                v["vacancy_fte"] = r * inpost / (100 - r)
            if num("agency_cover_fte") is None:
                a, r = num("agency_fte"), num("agency_cover_rate_fte")
                vac, rv = num("vacancy_fte"), num("vacancy_agency_cover_rate_fte")
                if a is not None and r is not None:
                    v["agency_cover_fte"] = r * a / 100
                elif vac is not None and rv is not None:
                    v["agency_cover_fte"] = rv * vac / 100
            c, r = num("agency_cover_fte"), num("agency_cover_rate_fte")
            if num("agency_fte") is None and c is not None and r:
                v["agency_fte"] = c * 100 / r
            cases, caseload = num("cases"), num("caseload_fte")
            if num("case_holders_fte") is None and cases is not None and caseload:
                v["case_holders_fte"] = cases / caseload
            holders = num("case_holders_fte")
            if cases is None and caseload is not None and holders is not None:
                v["cases"] = float(round(caseload * holders))
            r = num("absence_rate_fte")
            if num("working_days_lost_fte") is None and r is not None:
                v["working_days_lost_fte"] = r * inpost * WORKING_DAYS_PER_YEAR / 100
        for key in low:
            if num(key) is None:
                v[key] = 0.25
        kwargs = {f.name: num(f.name) for f in fields(cls)}
        kwargs["inpost_fte"] = inpost
        return cls(**kwargs).filled()  # type: ignore[arg-type]

    def filled(self) -> Targets:
        """These targets with every ``None`` replaced from England's 2025 rates."""
        n = NATIONAL_2025
        inpost = max(float(self.inpost_fte), 0.0)

        def rate_to_fte(rate: float) -> float:
            return rate * inpost / (100 - rate)

        agency = self.agency_fte
        if agency is None:
            agency = rate_to_fte(n["agency_rate_fte"])
        vacancy = self.vacancy_fte
        if vacancy is None:
            vacancy = rate_to_fte(n["vacancy_rate_fte"])
        cover = self.agency_cover_fte
        if cover is None:
            cover = min(n["agency_cover_rate_fte"] * agency / 100, vacancy)
        holders = self.case_holders_fte
        if holders is None:
            holders = n["case_holder_share_fte"] * (inpost + agency) / 100
        cases = self.cases
        if cases is None:
            cases = float(round(n["caseload_fte"] * holders))
        starters = self.starters_fte
        if starters is None:
            starters = n["starters_rate_fte"] * inpost / 100
        leavers = self.leavers_fte
        if leavers is None:
            leavers = n["turnover_rate_fte"] * inpost / 100
        days = self.working_days_lost_fte
        if days is None:
            days = n["absence_rate_fte"] * inpost * WORKING_DAYS_PER_YEAR / 100
        return Targets(
            inpost_fte=inpost,
            starters_fte=starters,
            leavers_fte=leavers,
            agency_fte=agency,
            vacancy_fte=vacancy,
            agency_cover_fte=cover,
            case_holders_fte=holders,
            cases=cases,
            working_days_lost_fte=days,
        )

    def components(self) -> dict[str, float]:
        """The filled targets as the measures' components (FTEs, cases, days lost)."""
        f = self.filled()
        return {x.name: float(getattr(f, x.name)) for x in fields(f)}


@dataclass
class SynthRegister:
    """A generated register: DataFrames ready to write to the database, plus the org's teams.

    Attributes
    ----------
    teams : pandas.DataFrame
        ``team_key``, ``name``, ``team_type`` (one of :data:`TEAM_TYPES`), ``service``.
    people : pandas.DataFrame
        ``person_key``, ``staff_id``, ``first_name``, ``last_name``, ``date_of_birth``,
        ``gender`` (census code), ``ethnicity`` (census code), ``qualification_level``,
        ``qualification_institution``, ``qualified_on``, ``step_up_grad``, ``frontline_grad``,
        ``swe_number`` (social workers only).
    spells : pandas.DataFrame
        ``person_key``, ``profession``, ``contract``, ``team_key``, ``fte``, ``start_date``,
        ``end_date``, ``job_title``, ``org_role`` (social workers only), ``start_origin``,
        ``leaving_reason`` and ``leaver_destination`` (when ended), ``agency_name`` and
        ``hourly_rate`` (agency only).
    posts : pandas.DataFrame
        ``post_id``, ``team_key``, ``title``, ``fte``, ``social_work_post``, ``funded_from``,
        ``funded_to``, ``holder_person_key`` (nullable).
    absences : pandas.DataFrame
        ``person_key``, ``reason`` (census ReasonAbsence), ``start_date``, ``end_date``,
        ``working_days``.
    allocations : pandas.DataFrame
        ``child_id``, ``family_id``, ``person_key``, ``case_type`` (one of :data:`CASE_TYPES`),
        ``start_date``, ``end_date``.
    la_code : str
        The council's DfE code.
    census_year : int
        The calibrated census year.
    """

    teams: pd.DataFrame
    people: pd.DataFrame
    spells: pd.DataFrame
    posts: pd.DataFrame
    absences: pd.DataFrame
    allocations: pd.DataFrame
    la_code: str = ""
    census_year: int = 2025


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _day(d: date) -> int:
    return (d - EPOCH).days


def _to_dates(days: Arr) -> Arr:
    """Day numbers to ``datetime.date`` objects (``None`` for open ends)."""
    days = np.asarray(days, dtype=np.int64)
    out = days.astype("datetime64[D]")
    out[days >= OPEN] = np.datetime64("NaT")
    return np.asarray(out.astype(object))


def _cents(x: float) -> int:
    return int(round(max(x, 0.0) * 100))


def _partition(total: int, rng: Rng, part_share: float) -> Arr:
    """FTEs in hundredths (each 1..100, mostly 100) summing exactly to *total*."""
    if total <= 0:
        return np.zeros(0, dtype=np.int64)
    k = int(rng.binomial(total // 100, part_share)) if total >= 100 else 0
    pt = rng.choice(_PART_FTES, size=k, p=_PART_P).astype(np.int64)
    pt = pt[np.cumsum(pt) <= total]
    n_full, r = divmod(total - int(pt.sum()), 100)
    extra: list[int] = []
    if r >= 50 or (r > 0 and n_full == 0 and len(pt) == 0):
        extra = [r]
    elif r > 0 and n_full > 0:
        n_full -= 1
        extra = [(100 + r) // 2, 100 + r - (100 + r) // 2]
    elif r > 0:
        x = int(pt[-1]) + r
        pt = pt[:-1]
        extra = [x] if x <= 100 else [x // 2, x - x // 2]
    out = np.concatenate([np.full(n_full, 100, dtype=np.int64), pt, np.array(extra, np.int64)])
    return np.asarray(rng.permutation(out), dtype=np.int64)


def _apportion(total: int, weights: Arr, minimum: int = 1) -> Arr:
    """Integers >= *minimum* summing to *total*, proportional to *weights* (largest remainder)."""
    n = len(weights)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    base = np.full(n, minimum, dtype=np.int64)
    rest = total - minimum * n
    if rest <= 0:
        return base
    share = weights / weights.sum() * rest
    whole = np.floor(share).astype(np.int64)
    left = rest - int(whole.sum())
    order = np.argsort(-(share - whole), kind="stable")
    whole[order[:left]] += 1
    return base + whole


def _choice_idx(rng: Rng, weights: Arr, size: int) -> Arr:
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=size, p=w / w.sum())


def _concat(blocks: Sequence[dict[str, Arr]]) -> dict[str, Arr]:
    keys = blocks[0].keys()
    return {k: np.concatenate([b[k] for b in blocks]) for k in keys}


@dataclass(frozen=True)
class _Calendar:
    census_year: int
    years: int

    def bounds(self, year: int) -> tuple[int, int]:
        start, end = census_year_bounds(year)
        return _day(start), _day(end)

    @property
    def d(self) -> int:
        return self.bounds(self.census_year)[1]

    @property
    def y0(self) -> int:
        return self.bounds(self.census_year)[0]

    @property
    def t0(self) -> int:
        return self.bounds(self.census_year - self.years + 1)[0]

    @property
    def history(self) -> list[int]:
        """Census years before the calibrated one, latest first."""
        return list(range(self.census_year - 1, self.census_year - self.years, -1))


# ---------------------------------------------------------------------------------------------
# Planning: the census-year components split into disjoint groups (hundredths of an FTE)
# ---------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    groups: dict[str, int]
    cases: int
    days_lost: float
    turnover: float
    caseload: float
    cover_share: float
    vacancy_rate: float


def _plan(t: Targets, rng: Rng) -> _Plan:
    c = t.components()
    inpost, starters, leavers = (
        _cents(c[k]) for k in ("inpost_fte", "starters_fte", "leavers_fte")
    )
    agency, vacancy = _cents(c["agency_fte"]), _cents(c["vacancy_fte"])
    cover = min(_cents(c["agency_cover_fte"]), agency, vacancy)
    holders = min(_cents(c["case_holders_fte"]), inpost + agency)
    starters = min(starters, inpost + leavers)

    def nice(x: float, lo: int, hi: int) -> int:
        return int(min(max(round(x / 100) * 100, lo), hi))

    sl_hi = min(starters, leavers)
    sl = nice(sl_hi * rng.uniform(0.08, 0.2), max(0, starters - inpost), sl_hi)
    in_new, old_leavers = starters - sl, leavers - sl
    in_old = inpost - in_new
    ha = nice(agency * rng.uniform(0.75, 0.92), max(0, holders - inpost), min(agency, holders))
    hi = holders - ha
    his = nice(
        hi * in_new / inpost * rng.uniform(0.95, 1.1) if inpost else 0,
        max(0, hi - in_old),
        min(in_new, hi),
    )
    hac = nice(ha * cover / agency if agency else 0, max(0, ha - (agency - cover)), min(cover, ha))
    groups = {
        "in_old_ch": hi - his,
        "in_old_nch": in_old - (hi - his),
        "in_new_ch": his,
        "in_new_nch": in_new - his,
        "leave_old": old_leavers,
        "leave_new": sl,
        "ag_cov_ch": hac,
        "ag_cov_nch": cover - hac,
        "ag_non_ch": ha - hac,
        "ag_non_nch": agency - cover - (ha - hac),
        "vac_uncov": vacancy - cover,
    }
    cases = int(round(c["cases"]))
    return _Plan(
        groups=groups,
        cases=cases,
        days_lost=round(c["working_days_lost_fte"], 2) if inpost else 0.0,
        turnover=leavers / inpost if inpost else NATIONAL_2025["turnover_rate_fte"] / 100,
        caseload=cases / (holders / 100) if holders else NATIONAL_2025["caseload_fte"],
        cover_share=cover / vacancy if vacancy else 0.5,
        vacancy_rate=vacancy / (vacancy + inpost) if vacancy + inpost else 0.0,
    )


# ---------------------------------------------------------------------------------------------
# Teams
# ---------------------------------------------------------------------------------------------


def _make_teams(size_fte: float, rng: Rng) -> pd.DataFrame:
    n = int(np.clip(round(10 + size_fte / 55), 12, 25))
    extra_types = [t for t in TEAM_TYPES if _TEAM_INFO[t][3] > 0]
    w = np.array([_TEAM_INFO[t][3] for t in extra_types])
    chosen = list(TEAM_TYPES) + [extra_types[i] for i in _choice_idx(rng, w, n - len(TEAM_TYPES))]
    chosen.sort(key=TEAM_TYPES.index)
    rows = []
    homes = list(rng.permutation(_HOMES))
    for team_type in TEAM_TYPES:
        k = chosen.count(team_type)
        stem, service = _TEAM_INFO[team_type][:2]
        for i in range(k):
            if team_type == "residential":
                name = f"{homes[i % len(homes)]} {stem}"
            elif k > 1:
                name = f"{stem} {_AREAS[i % len(_AREAS)]}"
            else:
                name = stem
            rows.append((name, team_type, service))
    teams = pd.DataFrame(rows, columns=["name", "team_type", "service"])
    teams.insert(0, "team_key", np.arange(1, len(teams) + 1))
    return teams


# ---------------------------------------------------------------------------------------------
# Social workers' spells
# ---------------------------------------------------------------------------------------------

_GROUP_CODES = {
    "in_old_ch": 0,
    "in_old_nch": 1,
    "in_new_ch": 2,
    "in_new_nch": 3,
    "leave_old": 4,
    "leave_new": 5,
    "ag_cov_ch": 6,
    "ag_cov_nch": 7,
    "ag_non_ch": 8,
    "ag_non_nch": 9,
    "hist_leave_old": 10,
    "hist_leave_new": 11,
    "hist_ag_cover": 12,
    "hist_ag_non": 13,
}


def _block(
    grp: str,
    fte: Arr,
    start: Arr,
    end: Arr,
    contract: Arr,
    ch: bool = False,
    role: Arr | None = None,
) -> dict[str, Arr]:
    n = len(fte)
    return {
        "grp": np.full(n, _GROUP_CODES[grp]),
        "fte": np.asarray(fte, dtype=np.int64),
        "start": np.asarray(start, dtype=np.int64),
        "end": np.asarray(end, dtype=np.int64),
        "contract": np.asarray(contract, dtype=np.int64),
        "ch": np.full(n, ch),
        "role": np.zeros(n, np.int64) if role is None else np.asarray(role, np.int64),
        "origin": np.zeros(n, np.int64),
        "team": np.full(n, -1, np.int64),
        "same_as": np.full(n, -1, np.int64),
    }


def _employee_contracts(rng: Rng, n: int) -> Arr:
    return np.where(rng.random(n) < 0.08, _FIXED, _PERM)


def _tenure(rng: Rng, n: int, mean_years: float) -> Arr:
    days = rng.exponential(mean_years * YEAR, n)
    return np.clip(days, 30, 35 * YEAR).astype(np.int64)


def _census_blocks(plan: _Plan, cal: _Calendar, rng: Rng, tenure: float) -> list[dict[str, Arr]]:
    g, y0, d = plan.groups, cal.y0, cal.d
    blocks = []
    for name, ch in (("in_old_ch", True), ("in_old_nch", False)):
        f = _partition(g[name], rng, 0.15)
        start = y0 - 1 - _tenure(rng, len(f), tenure)
        blocks.append(
            _block(name, f, start, np.full(len(f), OPEN), _employee_contracts(rng, len(f)), ch)
        )
    for name, ch in (("in_new_ch", True), ("in_new_nch", False)):
        f = _partition(g[name], rng, 0.1)
        last = d - 21 if ch else d
        start = y0 + rng.integers(0, last - y0 + 1, len(f))
        blocks.append(
            _block(name, f, start, np.full(len(f), OPEN), _employee_contracts(rng, len(f)), ch)
        )
    f = _partition(g["leave_old"], rng, 0.15)
    end = y0 + rng.integers(0, d - y0 + 1, len(f))
    start = y0 - 1 - _tenure(rng, len(f), tenure * 0.7)
    blocks.append(_block("leave_old", f, start, end, _employee_contracts(rng, len(f))))
    f = _partition(g["leave_new"], rng, 0.1)
    start = y0 + rng.integers(0, d - 60 - y0 + 1, len(f))
    end = start + 30 + (rng.random(len(f)) * (d - start - 30 + 1)).astype(np.int64)
    contracts = np.where(rng.random(len(f)) < 0.3, _FIXED, _PERM)
    blocks.append(_block("leave_new", f, start, end, contracts))
    for name, ch in (
        ("ag_cov_ch", True),
        ("ag_cov_nch", False),
        ("ag_non_ch", True),
        ("ag_non_nch", False),
    ):
        f = _partition(g[name], rng, 0.05)
        start = d - np.clip(rng.exponential(240, len(f)), 14, 900).astype(np.int64)
        blocks.append(_block(name, f, start, np.full(len(f), OPEN), np.full(len(f), _AGENCY), ch))
    return blocks


def _history_blocks(
    blocks: list[dict[str, Arr]], plan: _Plan, cal: _Calendar, rng: Rng, tenure: float
) -> list[dict[str, Arr]]:
    """Leavers of earlier census years, generated backwards from the census year."""
    blocks = list(blocks)
    for year in cal.history:
        ys, ye = cal.bounds(year)
        sw = _concat(blocks)
        employee = sw["contract"] != _AGENCY
        inpost = int(sw["fte"][employee & (sw["start"] <= ye) & (sw["end"] > ye)].sum())
        rate = float(np.clip(plan.turnover * rng.uniform(0.8, 1.25), 0.06, 0.3))
        total = int(round(inpost * rate))
        sl = int(round(total * rng.uniform(0.08, 0.18)))
        f = _partition(total - sl, rng, 0.15)
        end = ys + rng.integers(0, ye - ys + 1, len(f))
        start = ys - 1 - _tenure(rng, len(f), tenure * 0.7)
        blocks.append(_block("hist_leave_old", f, start, end, _employee_contracts(rng, len(f))))
        f = _partition(sl, rng, 0.1)
        start = ys + rng.integers(0, ye - 60 - ys + 1, len(f))
        end = start + 30 + (rng.random(len(f)) * (ye - start - 30 + 1)).astype(np.int64)
        contracts = np.where(rng.random(len(f)) < 0.3, _FIXED, _PERM)
        blocks.append(_block("hist_leave_new", f, start, end, contracts))
    return blocks


def _assign_roles(sw: dict[str, Arr], n_teams: int, cal: _Calendar, rng: Rng) -> None:
    """OrgRole, newly-qualified origin and StartOrigin for every spell (in place)."""
    n = len(sw["fte"])
    grp, contract, start = sw["grp"], sw["contract"], sw["start"]
    employee = contract != _AGENCY
    # StartOrigin: about a third of employees started newly qualified.
    nq = employee & (rng.random(n) < np.where(start >= cal.t0, 0.35, 0.3))
    sw["origin"] = np.where(employee, np.where(nq, 1, rng.choice(_ORIGIN, n, p=_ORIGIN_P)), 0)
    role = np.full(n, 5, dtype=np.int64)
    # historical leavers: a typical mix
    hist = np.isin(
        grp,
        [
            _GROUP_CODES["hist_leave_old"],
            _GROUP_CODES["hist_leave_new"],
            _GROUP_CODES["leave_old"],
            _GROUP_CODES["leave_new"],
        ],
    )
    mix = rng.choice([1, 2, 3, 4, 5, 6], n, p=[0.01, 0.03, 0.08, 0.15, 0.69, 0.04])
    role[hist] = mix[hist]
    # case holders: practitioners
    ch = sw["ch"]
    role[ch & (rng.random(n) < 0.12)] = 4
    # agency not holding cases: interim managers, practitioners, reviewing officers
    ag_nch = (contract == _AGENCY) & ~ch
    role[ag_nch] = rng.choice([3, 4, 5, 6], n, p=[0.35, 0.1, 0.3, 0.25])[ag_nch]
    # in post on the census date without cases: the management structure first
    in_d = employee & (start <= cal.d) & (sw["end"] > cal.d)
    head = int(in_d.sum() + ((contract == _AGENCY) & (sw["end"] > cal.d)).sum())
    cand = np.flatnonzero(in_d & ~ch & ~nq)
    cand = cand[np.argsort(start[cand] + rng.integers(0, 400, len(cand)), kind="stable")]
    wanted = [
        (1, max(1, round(0.01 * head))),
        (2, max(1, round(0.03 * head))),
        (3, max(1, round(0.085 * head))),
        (6, round(0.035 * head)),
        (4, max(0, round(0.15 * head) - int((role[in_d & ch] == 4).sum()))),
    ]
    pos = 0
    for code, count in wanted:
        take = cand[pos : pos + count]
        role[take] = code
        pos += len(take)
    role[nq] = 5
    sw["role"] = role
    sw["nq"] = nq


def _team_weights(teams: pd.DataFrame, kind: str) -> Arr:
    types = teams["team_type"].to_numpy()
    if kind == "ch":
        return np.array([_TEAM_INFO[t][2] for t in types])
    if kind == "six":
        w6 = {
            "fostering": 3.0,
            "children_in_care": 2.0,
            "academy": 1.0,
            "front_door": 1.0,
            "child_protection": 1.0,
        }
        return np.array([w6.get(t, 0.0) for t in types])
    return np.array([_TEAM_INFO[t][2] + 0.5 for t in types])


def _assign_teams(sw: dict[str, Arr], teams: pd.DataFrame, cal: _Calendar, rng: Rng) -> None:
    n = len(sw["fte"])
    role, team = sw["role"], sw["team"]
    keys = np.arange(len(teams))
    w_ch, w_six, w_any = (_team_weights(teams, k) for k in ("ch", "six", "any"))
    practitioner = np.isin(role, [4, 5])
    team[:] = np.where(
        practitioner,
        _choice_idx(rng, w_ch, n),
        np.where(role == 6, _choice_idx(rng, w_six, n), _choice_idx(rng, w_any, n)),
    )
    # the census year's newly qualified starters: mostly the academy
    academy = keys[teams["team_type"].to_numpy() == "academy"]
    if len(academy):
        fresh = sw["nq"] & (sw["start"] >= cal.y0) & (rng.random(n) < 0.7)
        team[fresh] = academy[0]
    # first-line managers in post on the census date: every team has one
    in_d = (sw["contract"] != _AGENCY) & (sw["end"] > cal.d) & (role == 3)
    idx = np.flatnonzero(in_d)
    order = rng.permutation(keys)
    team[idx[: len(keys)]] = order[: len(idx)]


# ---------------------------------------------------------------------------------------------
# The establishment (posts), with agency cover of vacancies
# ---------------------------------------------------------------------------------------------


def _rclass(role: int) -> int:
    return 0 if role in (1, 2, 3) else (2 if role == 6 else 1)


_ROLE_TITLE = {
    1: "Head of Service",
    2: "Service Manager",
    3: "Team Manager",
    4: "Senior Practitioner",
    5: "Social Worker",
    6: "Independent Reviewing Officer",
}


def _establishment(
    sw: dict[str, Arr], plan: _Plan, teams: pd.DataFrame, cal: _Calendar, rng: Rng
) -> tuple[dict[str, Arr], list[tuple[int, int, int, int, int, int]]]:
    """Chain employee spells into posts (seats); add vacancies and agency cover.

    Returns the spells with historical agency-cover spells appended, and post rows as
    ``(funded_from, funded_to, holder_row, fte, title_role, team)`` (``holder_row`` -1 = none).
    """
    d, _t0 = cal.d, cal.t0
    start, end, fte, team, role = sw["start"], sw["end"], sw["fte"], sw["team"], sw["role"]
    employee = np.flatnonzero(sw["contract"] != _AGENCY)
    # Vacancies on the census date: agency-covered ones (one per covering agent) and the rest.
    cover_rows = np.flatnonzero(
        np.isin(sw["grp"], [_GROUP_CODES["ag_cov_ch"], _GROUP_CODES["ag_cov_nch"]])
    )
    uncovered = _partition(plan.groups["vac_uncov"], rng, 0.05)
    n_vac = len(cover_rows) + len(uncovered)
    ended = employee[(end[employee] < OPEN) & (end[employee] >= d - 730)]
    k = min(len(ended), int(round(n_vac * rng.uniform(0.55, 0.85))))
    reserved: set[int] = set()
    if k:
        w = np.exp(-(d - end[ended]) / 300.0)
        reserved = {int(x) for x in rng.choice(ended, k, replace=False, p=w / w.sum())}

    seat_team: list[int] = []
    seat_class: list[int] = []
    seat_from: list[int] = []
    seat_occ: list[list[int]] = []
    seat_of = np.full(len(fte), -1, dtype=np.int64)
    pools: dict[tuple[int, int], list[tuple[int, int]]] = {}
    order = employee[np.argsort(start[employee], kind="stable")]
    ends = employee[end[employee] < OPEN]
    ends = ends[np.argsort(end[ends], kind="stable")]
    ptr = 0
    for i in order:
        s = int(start[i])
        while ptr < len(ends) and end[ends[ptr]] <= s - 7:
            j = int(ends[ptr])
            ptr += 1
            if j not in reserved and seat_of[j] >= 0:
                seat = int(seat_of[j])
                pools.setdefault((seat_team[seat], seat_class[seat]), []).append(
                    (int(end[j]), seat)
                )
        pool_key = (int(team[i]), _rclass(int(role[i])))
        pool = [p for p in pools.get(pool_key, []) if p[0] >= s - 365]
        pools[pool_key] = pool
        if pool:
            seat = pool.pop(int(rng.integers(len(pool))))[1]
            seat_occ[seat].append(int(i))
        else:
            seat = len(seat_team)
            seat_team.append(int(team[i]))
            seat_class.append(_rclass(int(role[i])))
            seat_from.append(s - int(rng.integers(14, 150)))
            seat_occ.append([int(i)])
        seat_of[i] = seat

    # vacancy seats on the census date: reserved leavers' seats, then newly funded posts
    vac_seats = [int(seat_of[j]) for j in sorted(reserved)]
    w_ch = _team_weights(teams, "ch") + 0.2
    while len(vac_seats) < n_vac:
        seat = len(seat_team)
        seat_team.append(int(_choice_idx(rng, w_ch, 1)[0]))
        seat_class.append(1)
        seat_from.append(d - int(rng.integers(30, 700)))
        seat_occ.append([])
        vac_seats.append(seat)
    vac_seats = [vac_seats[i] for i in rng.permutation(len(vac_seats))]
    vac_item: dict[int, tuple[int, int]] = {}  # seat -> (cover row or -1, fte)
    for seat, row in zip(vac_seats, cover_rows, strict=False):
        vac_item[seat] = (int(row), int(fte[row]))
        team[row] = seat_team[seat]
    for seat, f in zip(vac_seats[len(cover_rows) :], uncovered, strict=True):
        vac_item[seat] = (-1, int(f))

    posts: list[tuple[int, int, int, int, int, int]] = []
    new_agents: list[tuple[int, int, int, int, int, int]] = []  # start, end, fte, team, role, same

    def agent(a: int, b: int, f: int, seat: int, same: int = -1) -> int:
        cls = seat_class[seat]
        r = 3 if cls == 0 else (6 if cls == 2 else (4 if rng.random() < 0.15 else 5))
        new_agents.append((a, b, f, seat_team[seat], r, same))
        return len(fte) + len(new_agents) - 1

    def gap(seat: int, g0: int, g1: int, f: int, title: int, nxt: int) -> None:
        """A vacant stretch [g0, g1] (g1 = OPEN - 1: still vacant) of a seat."""
        tm = seat_team[seat]
        length = min(g1, d) - g0 + 1
        covered = length >= 60 and rng.random() < plan.cover_share * (1 if g1 < d else 0.5)
        if not covered:
            posts.append((g0, g1, -1, f, title, tm))
            return
        a = g0 + int(rng.integers(3, max(4, min(45, length // 3))))
        convert = nxt >= 0 and not sw["nq"][nxt] and g1 < d and rng.random() < 0.25
        if convert:
            b = g1 + 1
        else:
            limit = g1 + 1 if g1 < d else d - 30
            b = limit - int(rng.integers(0, 15))
        if b - a < 20:
            posts.append((g0, g1, -1, f, title, tm))
            return
        row = agent(a, b, f, seat, nxt if convert else -1)
        if convert:
            sw["origin"][nxt] = 4
        if a > g0:
            posts.append((g0, a - 1, -1, f, title, tm))
        posts.append((a, b - 1, row, f, title, tm))
        if b <= g1:
            posts.append((b, g1, -1, f, title, tm))

    for seat in range(len(seat_team)):
        occ = seat_occ[seat]
        tm = seat_team[seat]
        title = int(role[occ[0]]) if occ else 5
        first = int(start[occ[0]]) if occ else OPEN
        if occ and seat_from[seat] < first:
            gap(seat, seat_from[seat], first - 1, int(fte[occ[0]]), title, occ[0])
        for n_i, i in enumerate(occ):
            e = int(end[i])
            posts.append(
                (int(start[i]), e - 1 if e < OPEN else OPEN, int(i), int(fte[i]), int(role[i]), tm)
            )
            if n_i + 1 < len(occ):
                gap(seat, e, int(start[occ[n_i + 1]]) - 1, int(fte[i]), int(role[i]), occ[n_i + 1])
        last_end = int(end[occ[-1]]) if occ else seat_from[seat]
        if seat in vac_item:
            row, f = vac_item[seat]  # type: ignore[assignment]
            if row < 0:
                gap(seat, last_end, OPEN - 1, f, title, -1)
            else:
                a_d = min(max(int(start[row]), last_end), d)
                start[row] = a_d
                if a_d - last_end >= 120:
                    gap(seat, last_end, a_d - 1, f, title, -1)
                elif a_d > last_end:
                    posts.append((last_end, a_d - 1, -1, f, title, tm))
                posts.append((a_d, OPEN - 1, int(row), f, title, tm))
        elif occ and last_end < OPEN:
            defund = min(last_end + int(rng.integers(30, 365)), d - 1)
            if defund >= last_end:
                gap(seat, last_end, defund, int(fte[occ[-1]]), title, -1)
    # Earlier census dates: top vacancies up to a rate near the census year's, with posts
    # funded for a while around that date only (later filled or deleted).
    contract = sw["contract"]
    for year in cal.history:
        day = cal.bounds(year)[1]
        arr = np.array(posts, dtype=np.int64).reshape(-1, 6)
        funded = (arr[:, 0] <= day) & (arr[:, 1] >= day)
        h = arr[:, 2]
        hv = np.clip(h, 0, len(fte) - 1)
        held = (
            (h >= 0)
            & (h < len(fte))
            & (contract[hv] != _AGENCY)
            & (start[hv] <= day)
            & (end[hv] > day)
        )
        vacant = int(arr[funded & ~held, 3].sum())
        employed = (contract != _AGENCY) & (start <= day) & (end > day)
        inpost = int(fte[employed].sum())
        rate = min(plan.vacancy_rate * rng.uniform(0.85, 1.2), 0.45)
        deficit = int(round(rate / (1 - rate) * inpost)) - vacant
        for f in _partition(deficit, rng, 0.05):
            seat = len(seat_team)
            seat_team.append(int(_choice_idx(rng, w_ch, 1)[0]))
            seat_class.append(1)
            seat_from.append(day - int(rng.integers(30, 300)))
            seat_occ.append([])
            g1 = min(day + int(rng.integers(1, 300)), d - 1)
            tm = seat_team[seat]
            if rng.random() < plan.cover_share:
                a = day - int(rng.integers(0, min(150, day - seat_from[seat]) + 1))
                b = day + 1 + int(rng.integers(0, g1 - day + 1))
                row = agent(a, b, int(f), seat)  # type: ignore[assignment]
                if a > seat_from[seat]:
                    posts.append((seat_from[seat], a - 1, -1, int(f), 5, tm))
                posts.append((a, b - 1, row, int(f), 5, tm))  # type: ignore[arg-type]
                if b <= g1:
                    posts.append((b, g1, -1, int(f), 5, tm))
            else:
                posts.append((seat_from[seat], g1, -1, int(f), 5, tm))
    if new_agents:
        arr = np.array(new_agents, dtype=np.int64)
        blk = _block(
            "hist_ag_cover",
            arr[:, 2],
            arr[:, 0],
            arr[:, 1],
            np.full(len(arr), _AGENCY),
            role=arr[:, 4],
        )
        blk["team"] = arr[:, 3]
        blk["same_as"] = arr[:, 5]
        sw = _concat([sw, {**blk, "nq": np.zeros(len(arr), bool)}])
    return sw, posts


def _history_agency(
    sw: dict[str, Arr], plan: _Plan, teams: pd.DataFrame, cal: _Calendar, rng: Rng
) -> dict[str, Arr]:
    """Agency assignments not covering a vacancy (sickness, maternity, extra capacity)."""
    concurrent = (plan.groups["ag_non_ch"] + plan.groups["ag_non_nch"]) / 100
    mean = 180.0
    span = cal.d - 30 - (cal.t0 - int(mean))
    n = int(rng.poisson(concurrent * span / mean)) if concurrent > 0 else 0
    if n == 0:
        return sw
    start = cal.t0 - int(mean) + rng.integers(0, span, n)
    end = np.minimum(start + np.clip(rng.exponential(mean, n), 30, 540).astype(np.int64), cal.d)
    f = np.where(rng.random(n) < 0.9, 100, rng.choice([50, 60, 80], n))
    role = rng.choice([3, 4, 5, 6], n, p=[0.15, 0.15, 0.6, 0.1])
    blk = _block("hist_ag_non", f, start, end, np.full(n, _AGENCY), role=role)
    w = np.where(np.isin(role, [4, 5]), 1, 0)[:, None] * _team_weights(teams, "ch")[None, :]
    w_any = _team_weights(teams, "any")
    blk["team"] = np.array(
        [_choice_idx(rng, w[i] if w[i].sum() else w_any, 1)[0] for i in range(n)], dtype=np.int64
    )
    return _concat([sw, {**blk, "nq": np.zeros(n, bool)}])


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


def _names(rng: Rng, ethnicity: Arr, gender: Arr) -> tuple[Arr, Arr]:
    n = len(ethnicity)
    pools = np.array([_NAME_POOL[e] for e in ethnicity], dtype=object)
    concrete = list(_FIRST_F)
    anyp = rng.choice(concrete, n, p=[0.55, 0.05, 0.1, 0.1, 0.1, 0.07, 0.03])
    mixed_b = np.where(rng.random(n) < 0.5, "white", "caribbean")
    mixed_a = np.where(rng.random(n) < 0.5, "white", "south_asian")
    first_pool = np.where(pools == "any", anyp, pools)
    first_pool = np.where(first_pool == "mixed_black", mixed_b, first_pool)
    first_pool = np.where(first_pool == "mixed_asian", mixed_a, first_pool)
    last_pool = np.where(
        pools == "mixed_black", np.where(rng.random(n) < 0.5, "white", "caribbean"), first_pool
    )
    last_pool = np.where(
        pools == "mixed_asian", np.where(rng.random(n) < 0.5, "white", "south_asian"), last_pool
    )
    female = (gender == 2) | ((gender != 1) & (rng.random(n) < 0.5))
    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    u1, u2 = rng.random(n), rng.random(n)
    for pool in concrete:
        sel = first_pool == pool
        for is_f, lists in ((True, _FIRST_F), (False, _FIRST_M)):
            s = sel & (female == is_f)
            options = lists[pool]
            first[s] = np.array(options, dtype=object)[(u1[s] * len(options)).astype(int)]
        s = last_pool == pool
        options = _LAST[pool]
        last[s] = np.array(options, dtype=object)[(u2[s] * len(options)).astype(int)]
    return first, last


def _people(
    n: int,
    first_start: Arr,
    last_day: Arr,
    social_worker: Arr,
    first_agency: Arr,
    nq: Arr,
    overseas: Arr,
    retired_at: Arr,
    senior: Arr,
    rng: Rng,
) -> dict[str, Arr]:
    """Personal details, qualifications and SWE numbers for *n* people (arrays by person)."""
    gender = np.where(
        social_worker,
        rng.choice([2, 1, 9, 0], n, p=[0.82, 0.16, 0.01, 0.01]),
        rng.choice([2, 1, 9, 0], n, p=[0.7, 0.28, 0.01, 0.01]),
    )
    codes = list(_ETHNICITY_P)
    p = np.array([_ETHNICITY_P[c] for c in codes])
    ethnicity = np.array(codes, dtype=object)[_choice_idx(rng, p, n)]
    first, last = _names(rng, ethnicity, gender)
    level = rng.choice([1, 2, 3], n, p=[0.58, 0.38, 0.04])
    # years of post-qualifying experience at first start
    exp = rng.gamma(2.0, 3.5, n) + 0.5 + senior
    exp = np.where(first_agency, np.maximum(exp, 3.2), exp)
    exp = np.where(nq, 0.0, exp)
    age_q = np.where(level == 2, 24 + rng.gamma(2.0, 3.0, n), 21 + rng.gamma(1.5, 3.0, n))
    age_start = np.where(social_worker, age_q + exp, 19 + rng.gamma(2.0, 6.0, n))
    span = (last_day - first_start) / YEAR
    max_age = 66.0 - span
    age_start = np.minimum(age_start, np.maximum(max_age, 21.5))
    retiring = retired_at > 0
    age_start = np.where(retiring, np.maximum(rng.uniform(60, 66, n) - span, 21.5), age_start)
    exp = np.clip(np.minimum(exp, age_start - 21.0), 0, None)
    exp = np.where(nq, 0.0, exp)
    dob = first_start - (age_start * YEAR).astype(np.int64)
    qualified = (
        first_start
        - (exp * YEAR).astype(np.int64)
        - np.where(nq, rng.integers(30, 150, n), rng.integers(0, 120, n))
    )
    qualified = np.maximum(qualified, dob + int(21 * YEAR))
    qualified_year = 1970 + qualified / YEAR
    u = rng.random(n)
    frontline = social_worker & (qualified_year >= 2015) & (u < 0.07)
    step_up = social_worker & (qualified_year >= 2011) & (u >= 0.07) & (u < 0.11)
    level = np.where(frontline | step_up, 2, level)
    inst = np.array(_UNIVERSITIES, dtype=object)[rng.integers(0, len(_UNIVERSITIES), n)]
    abroad = np.array(_OVERSEAS_UNIVERSITIES, dtype=object)[
        rng.integers(0, len(_OVERSEAS_UNIVERSITIES), n)
    ]
    inst = np.where(overseas, abroad, inst)
    # SWE registration numbers: unique, issued in order of qualification
    swe = np.full(n, None, dtype=object)
    idx = np.flatnonzero(social_worker)
    numbers = np.sort(rng.choice(990_000, len(idx), replace=False)) + 10_000
    ranked = idx[np.argsort(qualified[idx], kind="stable")]
    swe[ranked] = np.array([f"SW{x:06d}" for x in numbers], dtype=object)
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "gender": gender,
        "ethnicity": ethnicity,
        "qualification_level": level,
        "qualification_institution": inst,
        "qualified_on": qualified,
        "step_up_grad": step_up,
        "frontline_grad": frontline,
        "swe_number": swe,
    }


# ---------------------------------------------------------------------------------------------
# Allocations (children allocated to workers)
# ---------------------------------------------------------------------------------------------


def _lognormal_days(rng: Rng, median: Arr, sigma: float = 0.55) -> Arr:
    return np.maximum(np.exp(np.log(median) + sigma * rng.standard_normal(len(median))), 7).astype(
        np.int64
    )


def _family_sizes(rng: Rng, case_type: Arr) -> Arr:
    out = np.ones(len(case_type), dtype=np.int64)
    for ct, p in _FAMILY_SIZE_P.items():
        sel = case_type == ct
        out[sel] = rng.choice(np.arange(1, 6), int(sel.sum()), p=p)
    return out


def _split_cases(rng: Rng, cases: Arr, case_type: Arr) -> tuple[Arr, Arr]:
    """Each worker's cases on the census date as families: (worker index, family size)."""
    if len(cases) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    m = int(cases.max())
    sizes = np.ones((len(cases), m), dtype=np.int64)
    for ct, p in _FAMILY_SIZE_P.items():
        sel = case_type == ct
        sizes[sel] = rng.choice(np.arange(1, 6), (int(sel.sum()), m), p=p)
    cum = np.cumsum(sizes, axis=1)
    before = cum - sizes
    keep = before < cases[:, None]
    trimmed = np.minimum(sizes, cases[:, None] - before)
    worker = np.nonzero(keep)[0]
    return worker, trimmed[keep]


@dataclass
class _Workers:
    """Spells that carry cases: one row per spell."""

    person: Arr
    start: Arr
    end: Arr
    team_type: Arr
    window_start: Arr
    window_end: Arr  # OPEN: holding cases on the census date
    open_cases: Arr  # cases on the census date (open windows)
    n_slots: Arr  # families carried at once (closed windows)


def _slot_case_types(rng: Rng, team_type: Arr) -> tuple[Arr, Arr]:
    ct = np.zeros(len(team_type), dtype=np.int64)
    med = np.zeros(len(team_type), dtype=float)
    for tt, (types, p, medians) in _TEAM_CASES.items():
        sel = team_type == tt
        k = int(sel.sum())
        if k:
            i = rng.choice(len(types), k, p=p)
            ct[sel] = np.array(types)[i]
            med[sel] = np.array(medians, dtype=float)[i]
    return ct, med


def _allocations(w: _Workers, cal: _Calendar, rng: Rng) -> pd.DataFrame:
    d, t0 = cal.d, cal.t0
    # slots open on the census date: one per family, sizes summing to the worker's cases
    open_w = np.flatnonzero(w.window_end >= OPEN)
    ct_w, _ = _slot_case_types(rng, w.team_type[open_w])
    widx, wsize = _split_cases(rng, w.open_cases[open_w], ct_w)
    open_worker = open_w[widx]
    closed_w = np.flatnonzero((w.window_end < OPEN) & (w.window_end > w.window_start))
    closed_worker = np.repeat(closed_w, w.n_slots[closed_w])
    slot_worker = np.concatenate([open_worker, closed_worker])
    is_open = np.arange(len(slot_worker)) < len(open_worker)
    slot_ct, slot_med = _slot_case_types(rng, w.team_type[slot_worker])
    ws = np.where(is_open, np.minimum(w.window_start[slot_worker], d), w.window_start[slot_worker])
    lb = np.maximum(ws, t0 - 730)
    ns = len(slot_worker)

    ep_slot: list[Arr] = []
    ep_start: list[Arr] = []
    ep_end: list[Arr] = []
    ep_first: list[Arr] = []
    # the latest episode of each slot
    dur = _lognormal_days(rng, slot_med)
    age = (rng.random(ns) * dur).astype(np.int64)
    end0 = np.where(is_open, OPEN, w.window_end[slot_worker])
    start0 = np.where(is_open, np.maximum(d - age, ws), np.maximum(end0 - dur, lb))
    valid = is_open | (end0 > lb)
    idx = np.flatnonzero(valid)
    ep_slot.append(idx)
    ep_start.append(start0[idx])
    ep_end.append(end0[idx])
    ep_first.append(np.ones(len(idx), bool))
    cursor = start0.copy()
    active = valid & (start0 > lb)
    while active.any():
        idx = np.flatnonzero(active)
        gap = np.where(rng.random(len(idx)) < 0.4, 0, rng.integers(1, 30, len(idx)))
        end = cursor[idx] - gap
        ok = end > lb[idx]
        idx, end = idx[ok], end[ok]
        st = np.maximum(end - _lognormal_days(rng, slot_med[idx]), lb[idx])
        ep_slot.append(idx)
        ep_start.append(st)
        ep_end.append(end)
        ep_first.append(np.zeros(len(idx), bool))
        cursor[idx] = st
        active[:] = False
        active[idx[st > lb[idx]]] = True
    slot = np.concatenate(ep_slot)
    e_start, e_end, first = (
        np.concatenate(ep_start),
        np.concatenate(ep_end),
        np.concatenate(ep_first),
    )
    keep = e_end >= t0
    slot, e_start, e_end, first = slot[keep], e_start[keep], e_end[keep], first[keep]
    worker = slot_worker[slot]
    ctype = slot_ct[slot]
    size = _family_sizes(rng, ctype)
    open_first = first & is_open[slot]
    size[open_first] = wsize[slot[open_first]]
    # hand-overs: a worker's last families pass to a colleague; some assessments step up
    team_type = w.team_type[worker]
    natural = ~first & (
        (np.isin(team_type, ["assessment", "front_door"]) & (rng.random(len(slot)) < 0.2))
        | ((ctype == 2) & (rng.random(len(slot)) < 0.1))
    )
    giver = ((first & ~is_open[slot]) | natural) & (e_end >= t0) & (e_end <= d)
    n_ep = len(slot)
    family = np.arange(n_ep, dtype=np.int64)
    child_base = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
    person = w.person[worker]
    spell_start, spell_end = w.start[worker], w.end[worker]
    for k in range(1, 6):
        g = np.flatnonzero(giver & (size == k))
        r = np.flatnonzero((size == k) & (e_start >= t0))
        if len(g) == 0 or len(r) == 0:
            continue
        g = g[np.argsort(e_end[g], kind="stable")]
        r = r[np.argsort(e_start[r], kind="stable")]
        r_start = e_start[r]
        used = np.zeros(len(r), bool)
        for gi in g:
            e = e_end[gi]
            j = int(np.searchsorted(r_start, e, "left"))
            steps = 0
            while j < len(r) and r_start[j] <= e + 30 and steps < 40:
                ri = r[j]
                if (
                    not used[j]
                    and person[ri] != person[gi]
                    and spell_start[ri] <= e < spell_end[ri]
                    and e < e_end[ri]
                ):
                    used[j] = True
                    e_start[ri] = e
                    family[ri] = family[gi]
                    child_base[ri] = child_base[gi]
                    break
                j += 1
                steps += 1
    rows = np.repeat(np.arange(n_ep), size)
    offset = np.arange(len(rows)) - np.repeat(np.cumsum(size) - size, size)
    child = child_base[rows] + offset
    # renumber so that identifiers run in order of first appearance
    order = np.argsort(e_start[rows], kind="stable")
    _, child_first = np.unique(child[order], return_index=True)
    child_rank = np.empty(int(child.max()) + 1 if len(child) else 0, dtype=np.int64)
    child_rank[np.unique(child[order])] = np.argsort(np.argsort(child_first))
    _, fam_first = np.unique(family[rows][order], return_index=True)
    fam_rank = np.empty(n_ep, dtype=np.int64)
    fam_rank[np.unique(family[rows][order])] = np.argsort(np.argsort(fam_first))
    return pd.DataFrame(
        {
            "child_id": [f"CH{x + 100001:07d}" for x in child_rank[child]],
            "family_id": [f"FA{x + 10001:06d}" for x in fam_rank[family[rows]]],
            "person_key": person[rows],
            "case_type": np.array(CASE_TYPES, dtype=object)[ctype[rows]],
            "start_date": e_start[rows],
            "end_date": e_end[rows],
        }
    )


# ---------------------------------------------------------------------------------------------
# Absences
# ---------------------------------------------------------------------------------------------


def _busdays(start: Arr, end: Arr) -> Arr:
    """Weekdays in [start, end] (day numbers, both inclusive)."""
    s = start.astype("datetime64[D]")
    e = (end + 1).astype("datetime64[D]")
    return np.busday_count(s, e).astype(np.int64)


def _bus_end(start: Arr, n_days: Arr) -> Arr:
    """The day on which *n_days* weekdays starting at *start* (rolled forward) are used up."""
    s = np.busday_offset(start.astype("datetime64[D]"), 0, roll="forward")
    e = np.busday_offset(s, np.maximum(n_days, 1) - 1, roll="forward")
    return (e - np.datetime64("1970-01-01")).astype(np.int64)


def _bus_start(day: Arr) -> Arr:
    s = np.busday_offset(day.astype("datetime64[D]"), 0, roll="forward")
    return (s - np.datetime64("1970-01-01")).astype(np.int64)


def _sickness(
    person: Arr, fte: Arr, w0: Arr, w1: Arr, target: float, rng: Rng
) -> tuple[Arr, Arr, Arr, Arr]:
    """Sickness absences inside each window [w0, w1] whose working days sum exactly to *target*.

    Returns (person, start, end, working_days).
    """
    empty = np.zeros(0, np.int64)
    ok = w1 - w0 >= 7
    person, fte, w0, w1 = person[ok], fte[ok], w0[ok], w1[ok]
    if target <= 0 or len(person) == 0:
        return empty, empty, empty, np.zeros(0)
    weight = (w1 - w0 + 1) * fte
    out: list[tuple[Arr, Arr, Arr, Arr]] = []
    total = 0.0
    for _ in range(20):
        n = int((target - total) / 7 * 1.4) + 20
        i = _choice_idx(rng, weight.astype(float), n)
        kind = rng.random(n)
        wd = np.where(
            kind < 0.7,
            rng.integers(1, 6, n),
            np.where(kind < 0.93, rng.integers(6, 21, n), rng.integers(21, 121, n)),
        )
        start = _bus_start(w0[i] + (rng.random(n) * (w1[i] - w0[i])).astype(np.int64))
        end = _bus_end(start, wd)
        late = end > w1[i]
        start = np.where(late, np.maximum(_bus_start(w1[i] - (wd * 7) // 5 - 2), w0[i]), start)
        start = _bus_start(start)
        end = np.minimum(_bus_end(start, wd), w1[i])
        good = start <= end
        i, start, end = i[good], start[good], end[good]
        days = _busdays(start, end) * fte[i] / 100
        days = np.maximum(np.round(days * 2) / 2, 0.5)
        # one absence at a time per person
        order = np.lexsort((start, person[i]))
        i, start, end, days = i[order], start[order], end[order], days[order]
        clash = np.zeros(len(i), bool)
        clash[1:] = (person[i][1:] == person[i][:-1]) & (start[1:] <= end[:-1])
        i, start, end, days = i[~clash], start[~clash], end[~clash], days[~clash]
        shuffle = rng.permutation(len(i))
        i, start, end, days = i[shuffle], start[shuffle], end[shuffle], days[shuffle]
        cum = total + np.cumsum(days)
        n_take = int(np.searchsorted(cum, target, "left")) + 1
        n_take = min(n_take, len(i))
        i, start, end, days = i[:n_take], start[:n_take], end[:n_take], days[:n_take].copy()
        if len(days) and total + days.sum() >= target:
            days[-1] = round(target - total - days[:-1].sum(), 2)
            per_day = fte[i[-1]] / 100
            n_wd = np.array([max(1, math.ceil(days[-1] / per_day))])
            end[-1] = min(int(_bus_end(start[-1:], n_wd)[0]), int(w1[i[-1]]))
            keep = days > 0
            out.append((person[i][keep], start[keep], end[keep], days[keep]))
            break
        out.append((person[i], start, end, days))
        total += float(days.sum())
    return (
        np.concatenate([o[0] for o in out]),
        np.concatenate([o[1] for o in out]),
        np.concatenate([o[2] for o in out]),
        np.concatenate([o[3] for o in out]),
    )


def _other_absences(
    person: Arr, fte: Arr, w0: Arr, w1: Arr, reason: str, rate: float, max_days: int, rng: Rng
) -> tuple[Arr, Arr, Arr, Arr, Arr]:
    """Short paid absences (training, other): about *rate* per person-year."""
    years = (w1 - w0 + 1) / YEAR
    n = rng.poisson(np.clip(rate * years, 0, None))
    idx = np.repeat(np.arange(len(person)), n)
    if len(idx) == 0:
        e = np.zeros(0, np.int64)
        return e, e, e, np.zeros(0), np.zeros(0, dtype=object)
    wd = rng.integers(1, max_days + 1, len(idx))
    start = _bus_start(
        w0[idx] + (rng.random(len(idx)) * np.maximum(w1[idx] - w0[idx] - 7, 0)).astype(np.int64)
    )
    end = np.minimum(_bus_end(start, wd), w1[idx])
    days = np.maximum(np.round(_busdays(start, end) * fte[idx] / 100 * 2) / 2, 0.5)
    good = start <= end
    return (
        person[idx][good],
        start[good],
        end[good],
        days[good],
        np.full(int(good.sum()), reason, dtype=object),
    )


# ---------------------------------------------------------------------------------------------
# Staff who are not social workers
# ---------------------------------------------------------------------------------------------


def _other_staff(teams: pd.DataFrame, n_sw: int, cal: _Calendar, rng: Rng) -> dict[str, Arr]:
    """Spells of family support, residential, adult specialist and other staff."""
    types = teams["team_type"].to_numpy()
    seats: list[tuple[int, str]] = []  # (team, profession)

    def of(kind: str) -> Arr:
        return np.flatnonzero(types == kind)

    fs_w = {
        "early_help": 4.5,
        "front_door": 1.0,
        "children_in_care": 1.5,
        "family_safeguarding": 2.0,
        "disabled_children": 1.0,
    }
    w = np.array([fs_w.get(t, 0.0) for t in types])
    n_fs = max(4, round(0.16 * n_sw))
    seats += [(int(t), "family_support") for t in _choice_idx(rng, w, n_fs)]
    scale = max(0.5, min(2.0, n_sw / 250))
    for t in of("residential"):
        seats += [(int(t), "residential")] * int(round(rng.integers(9, 16) * scale))
    for t in of("family_safeguarding"):
        seats += [(int(t), "domestic_abuse")] * int(rng.integers(1, 3))
        seats += [(int(t), "substance_misuse")] * int(rng.integers(1, 3))
        seats += [(int(t), "adult_mental_health")] * int(rng.integers(1, 3))
        seats += [(int(t), "probation")] * int(rng.integers(0, 2))
    for t in of("care_leavers"):
        seats += [(int(t), "other")] * int(round(rng.integers(2, 6) * scale))
    rows: list[tuple[int, int, int, int, int, int]] = []  # seat, team, prof, start, end, fte
    prof_idx = {p: i for i, p in enumerate(PROFESSIONS)}
    for s, (team, prof) in enumerate(seats):
        fte = 100 if rng.random() < 0.8 else int(rng.choice([50, 60, 80]))
        if rng.random() < 0.93:
            start = cal.d - int(np.clip(rng.exponential(5 * YEAR), 30, 30 * YEAR))
            end = OPEN
        else:
            end = cal.d - int(rng.integers(14, 200))
            start = end - int(np.clip(rng.exponential(4 * YEAR), 60, 30 * YEAR))
        rows.append((s, team, prof_idx[prof], start, end, fte))
        while start > cal.t0:
            end = start - int(rng.integers(20, 150))
            start = end - int(np.clip(rng.exponential(4 * YEAR), 60, 30 * YEAR))
            fte = 100 if rng.random() < 0.8 else int(rng.choice([50, 60, 80]))
            rows.append((s, team, prof_idx[prof], start, end, fte))
    arr = np.array(rows, dtype=np.int64).reshape(-1, 6)
    prof = arr[:, 2]  # type: ignore[assignment]
    contract = np.where(
        prof == prof_idx["probation"],
        _SECONDEE,
        np.where(rng.random(len(arr)) < 0.1, _FIXED, _PERM),
    )
    return {
        "seat": arr[:, 0],
        "team": arr[:, 1],
        "profession": prof,  # type: ignore[dict-item]
        "start": arr[:, 3],
        "end": arr[:, 4],
        "fte": arr[:, 5],
        "contract": contract,
    }


# ---------------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------------

_SIX_TITLES = {
    "fostering": "Supervising Social Worker",
    "children_in_care": "Independent Reviewing Officer",
    "academy": "Practice Educator",
    "front_door": "Consultation Social Worker",
    "child_protection": "Child Protection Chair",
}
_OTHER_TITLES = {
    "domestic_abuse": "Domestic Abuse Practitioner",
    "substance_misuse": "Substance Misuse Practitioner",
    "adult_mental_health": "Adult Mental Health Practitioner",
    "probation": "Probation Officer (seconded)",
    "family_support": "Family Support Worker",
    "residential": "Residential Care Worker",
    "other": "Personal Adviser",
}


def _sw_title(role: int, team_type: str, agency: bool, asye: bool) -> str:
    if role == 6:
        title = _SIX_TITLES.get(team_type, "Quality Assurance Social Worker")
    elif role == 5 and asye:
        title = "Social Worker (ASYE)"
    else:
        title = _ROLE_TITLE[role]
    if agency:
        return ("Interim " if role in (1, 2, 3) else "Locum ") + title
    return title


def _leaving(rng: Rng, n: int, agency: Arr, social_worker: Arr) -> tuple[Arr, Arr]:
    reason = rng.choice(_REASON_LEAVE, n, p=_REASON_LEAVE_P / _REASON_LEAVE_P.sum())
    dest = rng.choice(_DEST, n, p=_DEST_RESIGN_P)
    other_dest = rng.choice(_DEST, n, p=[0.12, 0.02, 0.08, 0.08, 0.15, 0.15, 0.1, 0.3])
    dest = np.where(reason == 1, dest, other_dest)
    dest = np.where(reason == 5, 6, dest)
    dest = np.where(np.isin(reason, [6, 7]), 7, dest)
    non_sw = rng.choice([5, 6, 7, 8], n, p=[0.35, 0.25, 0.15, 0.25])
    reason = np.where(~social_worker & (reason == 7), 1, reason)
    dest = np.where(social_worker, dest, non_sw)
    reason = np.where(agency, np.where(rng.random(n) < 0.8, 8, 1), reason)
    dest = np.where(agency, np.where(rng.random(n) < 0.7, 3, 8), dest)
    return reason, dest


def _int_col(values: Arr, missing: Arr) -> Any:
    """A nullable integer column (``pd.NA`` where *missing*)."""
    out = pd.array(np.where(missing, 0, values).astype(np.int64), dtype="Int64")
    out[np.asarray(missing, dtype=bool)] = pd.NA
    return out


def _staff_prefix(la_code: str) -> str:
    return "C" + (re.sub(r"[^0-9A-Za-z]", "", la_code.split("/")[0]) or "000")


def _build(t: Targets, la_code: str, rng: Rng, cal: _Calendar) -> SynthRegister:
    plan = _plan(t, rng)
    d = cal.d
    tenure = float(np.clip(1 / max(plan.turnover, 0.02), 4, 12))
    c = t.components()
    teams = _make_teams(c["inpost_fte"] + c["agency_fte"], rng)
    team_types = teams["team_type"].to_numpy()

    # --- social workers' spells -----------------------------------------------------------
    blocks = _history_blocks(_census_blocks(plan, cal, rng, tenure), plan, cal, rng, tenure)
    sw = _concat(blocks)
    # cases on the census date, shared among its case holders
    _assign_roles(sw, len(teams), cal, rng)
    _assign_teams(sw, teams, cal, rng)
    sw, post_rows = _establishment(sw, plan, teams, cal, rng)
    sw = _history_agency(sw, plan, teams, cal, rng)
    n_sw_rows = len(sw["fte"])
    sw_agency = sw["contract"] == _AGENCY
    nq = sw["nq"].astype(bool)

    # --- non-social-work staff -------------------------------------------------------------
    in_d = (sw["start"] <= d) & (sw["end"] > d)
    other = _other_staff(teams, int(in_d.sum()), cal, rng)
    n_other = len(other["fte"])

    # --- people: one per spell, except agency workers who joined the council -----------------
    same = sw["same_as"]
    person_of = np.full(n_sw_rows, -1, dtype=np.int64)
    own = same < 0
    person_of[own] = np.arange(int(own.sum()))
    person_of[~own] = person_of[same[~own]]
    n_sw_people = int(own.sum())
    person_of_other = n_sw_people + np.arange(n_other)
    n_people = n_sw_people + n_other

    # leaving reasons and destinations for every ended spell
    all_end = np.concatenate([sw["end"], other["end"]])
    all_agency = np.concatenate([sw_agency, np.zeros(n_other, bool)])
    all_sw = np.concatenate([np.ones(n_sw_rows, bool), np.zeros(n_other, bool)])
    reason, dest = _leaving(rng, len(all_end), all_agency, all_sw)
    converted = np.zeros(len(all_end), bool)
    converted[np.flatnonzero(~own)] = True  # agency spells ending in a permanent post
    reason = np.where(converted, 8, reason)
    dest = np.where(converted, 7, dest)
    ended = all_end < OPEN

    # personal details
    all_person = np.concatenate([person_of, person_of_other])
    all_start = np.concatenate([sw["start"], other["start"]])
    last_day = np.minimum(all_end, d)
    first_start = np.full(n_people, OPEN, dtype=np.int64)
    np.minimum.at(first_start, all_person, all_start)
    last = np.zeros(n_people, dtype=np.int64)
    np.maximum.at(last, all_person, last_day)
    is_sw = np.arange(n_people) < n_sw_people
    first_row = np.full(n_people, -1, dtype=np.int64)
    order = np.lexsort((all_start, all_person))
    firsts = order[np.r_[True, all_person[order][1:] != all_person[order][:-1]]]
    first_row[all_person[firsts]] = firsts
    first_agency = all_agency[first_row]
    sw_origin = np.concatenate([sw["origin"], np.zeros(n_other, np.int64)])
    person_nq = np.zeros(n_people, bool)
    np.logical_or.at(person_nq, all_person, np.concatenate([nq, np.zeros(n_other, bool)]))
    overseas = np.zeros(n_people, bool)
    np.logical_or.at(overseas, all_person, sw_origin == 3)
    retired = np.zeros(n_people, dtype=np.int64)
    np.maximum.at(retired, all_person, np.where(ended & (reason == 5), 1, 0))
    role_all = np.concatenate([sw["role"], np.zeros(n_other, np.int64)])
    senior = np.zeros(n_people)
    np.maximum.at(
        senior,
        all_person,
        np.select(
            [role_all <= 0, role_all <= 2, role_all == 3, role_all == 4], [0.0, 8.0, 4.0, 3.0], 0.0
        ),
    )
    people = _people(
        n_people,
        first_start,
        last,
        is_sw,
        first_agency & is_sw,
        person_nq & ~first_agency,
        overseas,
        retired,
        senior,
        rng,
    )

    # --- cases on the census date ----------------------------------------------------------
    ch_rows = np.flatnonzero(sw["ch"].astype(bool) & in_d[:n_sw_rows])
    ch_weight = (
        sw["fte"][ch_rows]
        * np.where(nq[ch_rows] & (sw["start"][ch_rows] >= cal.y0), 0.7, 1.0)
        * np.where(sw["role"][ch_rows] == 4, 0.85, 1.0)
        * np.exp(0.25 * rng.standard_normal(len(ch_rows)))
    )
    cases_d = np.zeros(n_sw_rows, dtype=np.int64)
    cases_d[ch_rows] = _apportion(plan.cases, ch_weight.astype(float), 1)

    # --- absences on the census date for people without cases: maternity -----------------
    female = people["gender"] == 2
    employee = ~sw_agency
    mat_start = np.full(n_sw_rows, OPEN, dtype=np.int64)
    on_leave = (
        employee
        & in_d[:n_sw_rows]
        & ~sw["ch"].astype(bool)
        & (sw["role"] == 5)
        & female[person_of]
        & (sw["start"] < d - 400)
        & (rng.random(n_sw_rows) < 0.4)
    )
    mat_start[on_leave] = d - rng.integers(20, 250, int(on_leave.sum()))

    # --- allocations ----------------------------------------------------------------------
    sw_team_type = team_types[sw["team"]]
    practitioner = np.isin(sw["role"], [4, 5])
    ramp = np.where(nq, rng.integers(10, 60, n_sw_rows), rng.integers(2, 30, n_sw_rows))
    window_start = sw["start"] + ramp
    # Practitioners without cases on the census date mostly hold none (duty, court, projects);
    # some handed theirs over recently (maternity leave, a move). Earlier spells hold cases in
    # the census date's proportion, so earlier years' case-holder FTE is comparable.
    in_d_sw = in_d[:n_sw_rows]
    held_share = len(ch_rows) / max(int((in_d_sw & practitioner).sum()), 1)
    stop = np.where(
        mat_start < OPEN,
        mat_start,
        np.where(rng.random(n_sw_rows) < 0.25, d - rng.integers(10, 150, n_sw_rows), 0),
    )
    holds = rng.random(n_sw_rows) < held_share
    window_end = np.where(cases_d > 0, OPEN, np.where(in_d_sw, stop, np.where(holds, sw["end"], 0)))
    window_end = np.where(practitioner | (cases_d > 0), window_end, 0)
    hist_load = plan.caseload / 1.7 / 0.9
    slots = np.maximum(
        np.round(hist_load * sw["fte"] / 100 * rng.uniform(0.75, 1.2, n_sw_rows)), 1
    ).astype(np.int64)
    # family support workers in early help carry families too (not counted in the measures)
    eh = (other["profession"] == PROFESSIONS.index("family_support")) & (
        team_types[other["team"]] == "early_help"
    )
    eh_open = eh & (other["start"] <= d) & (other["end"] > d)
    workers = _Workers(
        person=np.concatenate([person_of, person_of_other[eh]]),
        start=np.concatenate([sw["start"], other["start"][eh]]),
        end=np.concatenate([sw["end"], other["end"][eh]]),
        team_type=np.concatenate([sw_team_type, team_types[other["team"][eh]]]),
        window_start=np.concatenate([window_start, other["start"][eh] + 14]),
        window_end=np.concatenate([window_end, np.where(eh_open[eh], OPEN, other["end"][eh])]),
        open_cases=np.concatenate([cases_d, rng.integers(4, 12, int(eh.sum()))]),
        n_slots=np.concatenate([slots, np.full(int(eh.sum()), 4)]),
    )
    allocations = _allocations(workers, cal, rng)

    # --- absences -------------------------------------------------------------------------
    abs_parts: list[tuple[Arr, Arr, Arr, Arr, Arr]] = []
    emp_rows = np.flatnonzero(employee)
    absence_rate = (
        plan.days_lost / (c["inpost_fte"] * WORKING_DAYS_PER_YEAR)
        if c["inpost_fte"]
        else NATIONAL_2025["absence_rate_fte"] / 100
    )
    for year in [cal.census_year, *cal.history]:
        ys, ye = cal.bounds(year)
        s, e = sw["start"][emp_rows], sw["end"][emp_rows]
        w0 = np.maximum(s, ys)
        w1 = np.minimum(np.minimum(e - 1, ye), mat_start[emp_rows] - 1)
        live = w1 >= w0
        rows = emp_rows[live]
        if year == cal.census_year:
            target = plan.days_lost
        else:
            inpost = sw["fte"][rows][(s[live] <= ye) & (e[live] > ye)].sum() / 100
            target = round(
                float(inpost * WORKING_DAYS_PER_YEAR * absence_rate * rng.uniform(0.85, 1.15)), 1
            )
        p, a0, a1, wd = _sickness(person_of[rows], sw["fte"][rows], w0[live], w1[live], target, rng)
        abs_parts.append((p, a0, a1, wd, np.full(len(p), "SIC", dtype=object)))
        for reason_code, rate, max_days in (("TRN", 0.8, 3), ("OTH", 0.15, 5)):
            abs_parts.append(
                _other_absences(
                    person_of[rows],
                    sw["fte"][rows],
                    w0[live],
                    w1[live],
                    reason_code,
                    rate,
                    max_days,
                    rng,
                )
            )
        # non-social-work staff: sickness only, roughly 4.5%
        o0 = np.maximum(other["start"], ys)
        o1 = np.minimum(other["end"] - 1, ye)
        ol = o1 >= o0
        exposure = float(((o1 - o0 + 1)[ol] * other["fte"][ol]).sum()) / 100 / YEAR
        p, a0, a1, wd = _sickness(
            person_of_other[ol],
            other["fte"][ol],
            o0[ol],
            o1[ol],
            round(exposure * 253 * 0.045, 1),
            rng,
        )
        abs_parts.append((p, a0, a1, wd, np.full(len(p), "SIC", dtype=object)))
    # maternity: people on leave on the census date, and some earlier
    mat_rows = np.flatnonzero(on_leave)
    mat_end = mat_start[mat_rows] + rng.integers(270, 380, len(mat_rows))
    hist_mat = (
        employee
        & female[person_of]
        & (sw["end"] - sw["start"] > 600)
        & (rng.random(n_sw_rows) < 0.08)
        & ~on_leave
    )
    hm = np.flatnonzero(hist_mat)
    lo = np.maximum(sw["start"][hm] + 180, cal.t0)
    hi = np.minimum(sw["end"][hm], d) - 300
    hm_ok = hi > lo
    hm, lo, hi = hm[hm_ok], lo[hm_ok], hi[hm_ok]
    hm_start = lo + (rng.random(len(hm)) * (hi - lo)).astype(np.int64)
    hm_end = hm_start + rng.integers(180, 300, len(hm))
    m_rows = np.concatenate([mat_rows, hm])
    m_start = _bus_start(np.concatenate([mat_start[mat_rows], hm_start]))
    m_end = np.concatenate([mat_end, hm_end])
    m_days = _busdays(m_start, m_end) * sw["fte"][m_rows] / 100
    abs_parts.append(
        (
            person_of[m_rows],
            m_start,
            m_end,
            np.round(m_days * 2) / 2,
            np.full(len(m_rows), "MAT", dtype=object),
        )
    )
    absences = pd.DataFrame(
        {
            "person_key": np.concatenate([a[0] for a in abs_parts]),
            "reason": np.concatenate([a[4] for a in abs_parts]),
            "start_date": np.concatenate([a[1] for a in abs_parts]),
            "end_date": np.concatenate([a[2] for a in abs_parts]),
            "working_days": np.concatenate([a[3] for a in abs_parts]).astype(float),
        }
    )

    # --- spells frame ---------------------------------------------------------------------
    n_rows = n_sw_rows + n_other
    contract = np.concatenate([sw["contract"], other["contract"]])
    team_idx = np.concatenate([sw["team"], other["team"]])
    fte_all = np.concatenate([sw["fte"], other["fte"]])
    profession = np.concatenate([np.zeros(n_sw_rows, np.int64), other["profession"]])
    titles = []
    asye = nq & (sw["start"] >= d - 365 * 2)
    for i in range(n_sw_rows):
        titles.append(
            _sw_title(int(sw["role"][i]), str(sw_team_type[i]), bool(sw_agency[i]), bool(asye[i]))
        )
    for i in range(n_other):
        name = PROFESSIONS[int(other["profession"][i])]
        title = _OTHER_TITLES[name]
        if name == "residential" and other["seat"][i] % 6 == 0:
            title = "Senior Residential Care Worker"
        titles.append(title)
    hourly = np.where(
        all_agency,
        np.round(
            np.select(
                [role_all <= 3, role_all == 4],
                [rng.uniform(50, 65, n_rows), rng.uniform(42, 52, n_rows)],
                rng.uniform(36, 48, n_rows),
            ),
            2,
        ),
        np.nan,
    )
    agency_name = np.where(  # type: ignore[call-overload]
        all_agency,
        np.array(_AGENCIES, dtype=object)[rng.integers(0, len(_AGENCIES), n_rows)],
        None,
    )
    origin = np.concatenate([sw["origin"], np.zeros(n_other, np.int64)])
    spells = pd.DataFrame(
        {
            "person_key": all_person,
            "profession": np.array(PROFESSIONS, dtype=object)[profession],
            "contract": np.array(CONTRACTS, dtype=object)[contract],
            "team_key": teams["team_key"].to_numpy()[team_idx],
            "fte": fte_all / 100,
            "start_date": all_start,
            "end_date": all_end,
            "job_title": np.array(titles, dtype=object),
            "org_role": _int_col(role_all, ~all_sw),
            "start_origin": _int_col(origin, ~all_sw | all_agency),
            "leaving_reason": _int_col(reason, ~ended),
            "leaver_destination": _int_col(dest, ~ended),
            "agency_name": agency_name,
            "hourly_rate": hourly,
        }
    )

    # --- posts ----------------------------------------------------------------------------
    pr = np.array(post_rows, dtype=np.int64).reshape(-1, 6)
    other_posts = []
    for i in range(n_other):
        e = int(other["end"][i])  # type: ignore[assignment]
        other_posts.append(
            (
                int(other["start"][i]),
                e - 1 if e < OPEN else OPEN - 1,
                n_sw_rows + i,
                int(other["fte"][i]),
                0,
                int(other["team"][i]),
            )
        )
    op = np.array(other_posts, dtype=np.int64).reshape(-1, 6)
    posts_arr = np.concatenate([pr, op])
    sw_post = np.arange(len(posts_arr)) < len(pr)
    holder_row = posts_arr[:, 2]
    holder = np.where(holder_row >= 0, all_person[np.maximum(holder_row, 0)], 0)
    post_title = [
        _ROLE_TITLE[int(r)] if s else titles[int(h)]
        for r, s, h in zip(posts_arr[:, 4], sw_post, holder_row, strict=True)
    ]
    funded_to = posts_arr[:, 1]
    posts = pd.DataFrame(
        {
            "team_key": teams["team_key"].to_numpy()[posts_arr[:, 5]],
            "title": np.array(post_title, dtype=object),
            "fte": posts_arr[:, 3] / 100,
            "social_work_post": sw_post,
            "funded_from": posts_arr[:, 0],
            "funded_to": np.where(funded_to >= OPEN - 1, OPEN, funded_to),
            "holder_person_key": _int_col(holder, holder_row < 0),
        }
    )
    posts = posts[posts["funded_to"] >= posts["funded_from"]]
    posts = posts.sort_values(["funded_from", "team_key"], kind="stable").reset_index(drop=True)

    # --- people frame, keyed in order of first start ---------------------------------------
    rank = np.argsort(np.lexsort((rng.random(n_people), first_start)))
    key = rank + 1
    prefix = _staff_prefix(la_code)
    people_df = pd.DataFrame(
        {
            "person_key": key,
            "staff_id": [f"{prefix}-{k:06d}" for k in key],
            "first_name": people["first_name"],
            "last_name": people["last_name"],
            "date_of_birth": _to_dates(people["date_of_birth"]),
            "gender": people["gender"].astype(np.int64),
            "ethnicity": people["ethnicity"],
            "qualification_level": _int_col(people["qualification_level"], ~is_sw),
            "qualification_institution": np.where(is_sw, people["qualification_institution"], None),  # type: ignore[call-overload]
            "qualified_on": _to_dates(np.where(is_sw, people["qualified_on"], OPEN)),
            "step_up_grad": pd.array(
                np.where(is_sw, people["step_up_grad"], False), dtype="boolean"
            ),
            "frontline_grad": pd.array(
                np.where(is_sw, people["frontline_grad"], False), dtype="boolean"
            ),
            "swe_number": people["swe_number"],
        }
    )
    people_df.loc[~is_sw, ["step_up_grad", "frontline_grad"]] = pd.NA
    people_df = people_df.sort_values("person_key").reset_index(drop=True)

    def rekey(frame: pd.DataFrame, col: str) -> None:
        values = frame[col]
        if values.dtype == "Int64":
            frame[col] = pd.array(
                np.where(values.isna(), 0, key[values.fillna(0).to_numpy(dtype=np.int64)]),
                dtype="Int64",
            )
            frame.loc[values.isna(), col] = pd.NA
        else:
            frame[col] = key[values.to_numpy(dtype=np.int64)]

    rekey(spells, "person_key")
    rekey(absences, "person_key")
    rekey(allocations, "person_key")
    rekey(posts, "holder_person_key")
    for frame, cols in (
        (spells, ("start_date", "end_date")),
        (absences, ("start_date", "end_date")),
        (allocations, ("start_date", "end_date")),
        (posts, ("funded_from", "funded_to")),
    ):
        for col in cols:
            frame[col] = _to_dates(frame[col].to_numpy())
    post_ids = [f"{prefix}-P{i + 1:05d}" for i in range(len(posts))]
    posts.insert(0, "post_id", post_ids)
    spells = spells.sort_values(["person_key", "start_date"], kind="stable").reset_index(drop=True)
    absences = absences.sort_values(["start_date", "person_key"], kind="stable").reset_index(
        drop=True
    )
    allocations = allocations.sort_values(["start_date", "child_id"], kind="stable").reset_index(
        drop=True
    )
    return SynthRegister(
        teams=teams,
        people=people_df,
        spells=spells,
        posts=posts,
        absences=absences,
        allocations=allocations,
        la_code=la_code,
        census_year=cal.census_year,
    )


# ---------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------


def measure_frames(
    reg: SynthRegister,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The register as :func:`analytics.measures.compute_measures`' inputs.

    Parameters
    ----------
    reg : SynthRegister
        A generated register.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(spells, posts, absences, allocations)`` with ``person_key`` renamed ``person_id`` and
        ``holder_person_key`` renamed ``holder_person_id``; dates as ``datetime64``.
    """

    def dated(frame: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
        out = frame.rename(
            columns={"person_key": "person_id", "holder_person_key": "holder_person_id"}
        )
        for col in cols:
            out[col] = pd.to_datetime(out[col])
        return out

    return (
        dated(reg.spells, ("start_date", "end_date")),
        dated(reg.posts, ("funded_from", "funded_to")),
        dated(reg.absences, ("start_date", "end_date")),
        dated(reg.allocations, ("start_date", "end_date")),
    )


def expected_measures(targets: Targets) -> dict[str, float | None]:
    """The measures a register calibrated to *targets* should produce (unrounded).

    Parameters
    ----------
    targets : Targets
        Published figures (missing ones are filled from :data:`NATIONAL_2025`).

    Returns
    -------
    dict
        FTEs, cases, days lost and the rates derived from them, keyed by DfE column name.
    """
    comp = targets.components()
    comp["agency_cover_fte"] = min(
        comp["agency_cover_fte"], comp["agency_fte"], comp["vacancy_fte"]
    )
    comp["case_holders_fte"] = min(
        comp["case_holders_fte"], comp["inpost_fte"] + comp["agency_fte"]
    )
    comp["cases"] = float(round(comp["cases"]))
    out: dict[str, float | None] = {**comp}
    out.update(rates_from_components(comp))
    return out


def fit_report(
    reg: SynthRegister, targets: Targets, published: Mapping[str, object] | None = None
) -> pd.DataFrame:
    """Target against generated figure for every calibrated measure.

    Parameters
    ----------
    reg : SynthRegister
        A generated register.
    targets : Targets
        What it was calibrated to.
    published : Mapping, optional
        The published row; where it holds a number for a measure, that number is the target
        (otherwise the figure implied by the filled targets is).

    Returns
    -------
    pandas.DataFrame
        Indexed by measure: ``target``, ``generated``, ``error`` (points, or relative for FTEs),
        ``tolerance`` and ``ok``.
    """
    got = compute_measures(*measure_frames(reg), reg.census_year)
    want = round_measures(expected_measures(targets))
    rows = []
    for m, tol in TOLERANCES.items():
        target: float | None = None
        if published is not None:
            parsed = _parse(published.get(m))
            target = parsed if isinstance(parsed, float) else None
        if target is None:
            w = want[m]
            target = None if w is None else float(w)
        g = got[m]
        generated = None if g is None else float(g)
        if target is None or generated is None:
            error = 0.0 if target is None and generated is None else math.inf
            # A rate that is "not applicable" as published and zero as generated agrees.
            if target is None and generated == 0.0:
                error = 0.0
        elif m in RELATIVE_TOLERANCE:
            error = abs(generated - target) / max(abs(target), 1.0)
        else:
            error = abs(generated - target)
        rows.append((m, target, generated, error, tol, error <= tol + 1e-9))
    return pd.DataFrame(
        rows, columns=["measure", "target", "generated", "error", "tolerance", "ok"]
    ).set_index("measure")


def generate_register(
    targets: Targets,
    *,
    la_code: str,
    seed: int,
    years: int = 5,
    census_year: int = 2025,
) -> SynthRegister:
    """A realistic register for one council, calibrated to its published census-year figures.

    Parameters
    ----------
    targets : Targets
        The council's published figures; ``None`` fields take England's 2025 rates.
    la_code : str
        The council's 3-digit DfE code (used in staff and post identifiers and the seed).
    seed : int
        Seed: the same (targets, la_code, seed, years, census_year) gives identical frames.
    years : int, default 5
        Census years of history, ending with *census_year* (at least 1).
    census_year : int, default 2025
        The census year (ending 30 September) whose figures are reproduced.

    Returns
    -------
    SynthRegister
        Teams, people, spells, posts, absences and allocations, such that
        ``compute_measures(*measure_frames(reg), census_year)`` is within :data:`TOLERANCES` of
        the targets.
    """
    if years < 1:
        raise ValueError("years must be at least 1")
    cal = _Calendar(census_year, years)
    filled = targets.filled()
    base = [int(seed) & 0xFFFFFFFF, zlib.crc32(la_code.encode()), census_year, years]
    reg = _build(filled, la_code, np.random.default_rng(base), cal)
    for attempt in range(1, 4):
        if bool(fit_report(reg, filled)["ok"].all()):
            break
        reg = _build(filled, la_code, np.random.default_rng([*base, attempt]), cal)
    return reg
