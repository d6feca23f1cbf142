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
are generated backwards from the census year. Given their published rows (``history=``), each
year's leavers, starters, agency, vacancies, agency cover, case holders, cases and sickness are
calibrated to them too, and in post on each earlier census date follows from the flows (it is
right where the published stocks and flows add up; see ``benchmarks/demo_fit_by_year.py``);
without, those years have plausible turnover, vacancies, agency use, caseloads and sickness
from the census year's rates.

This module is a plain library: numpy, pandas and :mod:`analytics.measures` only, never Django.
Output frames use ``datetime.date`` (or ``None``) for dates, pandas nullable ``Int64`` for
optional codes and keys, and ``None``/``NaN`` for missing text and numbers.

The package is split by section, in the order a register is built: :mod:`.constants` and
:mod:`.reference` (what is drawn from), :mod:`.targets` (what it is calibrated to),
:mod:`.plan`, :mod:`.spells`, :mod:`.establishment`, :mod:`.people`, :mod:`.allocations`,
:mod:`.absences`, :mod:`.other_staff`, :mod:`.history` (earlier census dates),
:mod:`.assembly` (one register from every section), :mod:`.fit` and
:mod:`.generate`. Everything public is imported here, so ``from analytics.synth import ...``
is the one way in.
"""

from __future__ import annotations

from analytics.synth.constants import (
    CASE_TYPES,
    NATIONAL_2025,
    OPEN,
    PROFESSIONS,
    RELATIVE_TOLERANCE,
    TEAM_TYPES,
    TOLERANCES,
    YEAR,
)
from analytics.synth.fit import expected_measures, fit_report, measure_frames, year_misses
from analytics.synth.generate import generate_register
from analytics.synth.targets import SynthRegister, Targets
from analytics.synth.targets import _parse as _parse  # for benchmarks/demo_fit_by_year.py

__all__ = [
    "CASE_TYPES",
    "NATIONAL_2025",
    "OPEN",
    "PROFESSIONS",
    "RELATIVE_TOLERANCE",
    "TEAM_TYPES",
    "TOLERANCES",
    "YEAR",
    "SynthRegister",
    "Targets",
    "expected_measures",
    "fit_report",
    "generate_register",
    "measure_frames",
    "year_misses",
]
