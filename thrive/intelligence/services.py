"""The statutory measures for an organisation or a team, from the register."""

from __future__ import annotations

from collections.abc import Iterable

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


def measures_trend(
    organisation: Organisation, years: list[int], *, team_ids: Iterable[int] | None = None
) -> pd.DataFrame:
    f = _frames(organisation, team_ids)
    return compute_measures_series(f.spells, f.posts, f.absences, f.allocations, years)


__all__ = ["MEASURES", "measures_for", "measures_trend"]
