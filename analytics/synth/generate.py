"""Generate a calibrated register for one council."""

from __future__ import annotations

import zlib
from collections.abc import Mapping

import numpy as np

from analytics.synth.assembly import _build
from analytics.synth.fit import fit_report
from analytics.synth.helpers import _Calendar
from analytics.synth.targets import SynthRegister, Targets, _parse


def generate_register(
    targets: Targets,
    *,
    la_code: str,
    seed: int,
    years: int = 5,
    census_year: int = 2025,
    history: Mapping[int, Mapping[str, object]] | None = None,
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
    history : Mapping, optional
        Earlier census years' published rows (DfE column names), by year: every measure of
        those years is calibrated to them where published (starters and leavers placed
        exactly; in post reached by changes of hours of continuing staff, returned as
        ``fte_changes``; agency, cover and vacancies by the hours of assignments and vacant
        posts around one census date), otherwise plausible, from the census year's rates.

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
    earlier = _history_components(history or {}, cal)
    reg = _build(filled, la_code, np.random.default_rng(base), cal, earlier)
    for attempt in range(1, 4):
        if bool(fit_report(reg, filled)["ok"].all()):
            break
        reg = _build(filled, la_code, np.random.default_rng([*base, attempt]), cal, earlier)
    return reg


def _history_components(
    history: Mapping[int, Mapping[str, object]], cal: _Calendar
) -> dict[int, dict[str, float]]:
    """Each earlier year's published components (only those published, or derived from its own
    published rates), for the years the register holds."""
    out: dict[int, dict[str, float]] = {}
    for year in cal.history:
        row = history.get(year)
        if not row or _parse(row.get("inpost_fte")) is None:
            continue
        derived = Targets.from_measures(row)
        out[year] = {
            name: float(value)
            for name in (
                "inpost_fte",
                "starters_fte",
                "leavers_fte",
                "vacancy_fte",
                "agency_fte",
                "agency_cover_fte",
                "working_days_lost_fte",
                "case_holders_fte",
                "cases",
            )
            if (value := getattr(derived, name)) is not None
        }
    return out
