"""The statutory measures for an organisation or a team, from the register."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analytics.measures import MEASURES, Measures, compute_measures, compute_measures_series
from thrive.intelligence.selectors import RegisterFrames, register_frames
from thrive.people.models import Organisation


def _frames(organisation: Organisation, team_ids: Iterable[int] | None) -> RegisterFrames:
    frames = register_frames(organisation)
    return frames if team_ids is None else frames.for_teams(team_ids)


def measures_for(
    organisation: Organisation, year: int, *, team_ids: Iterable[int] | None = None
) -> Measures:
    """The DfE measures for census *year* (ending 30 September), rounded as published."""
    f = _frames(organisation, team_ids)
    return compute_measures(f.spells, f.posts, f.absences, f.allocations, year)


@dataclass(frozen=True)
class YearMeasures:
    """A census year's measures as the API and ``thrive metrics`` give them: for a year the
    register holds no data for, every measure is None and ``note`` says why ("No register data
    before 2021"), as the workforce page does; the year still running says "2026: year to date"."""

    measures: Measures
    note: str | None
    year_to_date: bool


def measures_for_year(
    organisation: Organisation, year: int, *, team_ids: Iterable[int] | None = None
) -> YearMeasures:
    """The measures for census *year*, or none and the reason (the register's coverage, from
    :func:`thrive.intelligence.dashboard.register_coverage`: the web page's source of truth)."""
    from thrive.core import clock
    from thrive.intelligence.dashboard import register_coverage

    whole = register_frames(organisation)
    coverage = register_coverage(whole, clock.today())
    f = whole if team_ids is None else whole.for_teams(team_ids)
    measures = compute_measures(f.spells, f.posts, f.absences, f.allocations, year)
    if coverage.gap(year):
        measures = dict.fromkeys(measures)
    return YearMeasures(
        measures=measures,
        note=coverage.note(year) or None,
        year_to_date=coverage.year_to_date(year),
    )


def measures_trend(
    organisation: Organisation, years: list[int], *, team_ids: Iterable[int] | None = None
) -> pd.DataFrame:
    f = _frames(organisation, team_ids)
    return compute_measures_series(f.spells, f.posts, f.absences, f.allocations, years)


__all__ = ["MEASURES", "YearMeasures", "measures_for", "measures_for_year", "measures_trend"]
