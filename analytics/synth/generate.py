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
        Earlier census years' published rows (DfE column names), by year: those years'
        leavers, vacancies, agency cover and sickness are calibrated to them where published
        (otherwise they are plausible, from the census year's rates).

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
    _balance_flows(earlier, filled, cal)
    reg = _build(filled, la_code, np.random.default_rng(base), cal, earlier)
    for attempt in range(1, 4):
        if bool(fit_report(reg, filled)["ok"].all()):
            break
        reg = _build(filled, la_code, np.random.default_rng([*base, attempt]), cal, earlier)
    return reg


def _balance_flows(earlier: dict[int, dict[str, float]], census: Targets, cal: _Calendar) -> None:
    """Each earlier year's starters and leavers (in place), within 3% of those published, chosen
    so that in post on the census date before is as near to its published figure as they allow.

    In post on one census date is in post on the next, less that year's starters, plus its
    leavers; the published figures do not always add up (changes of hours and contract, late
    returns), so where they cannot all be met the starters and leavers are kept near theirs."""
    inpost = float(census.inpost_fte)
    flows = {cal.census_year: (float(census.starters_fte or 0), float(census.leavers_fte or 0))}
    for year in [cal.census_year, *cal.history]:
        if year != cal.census_year:
            row = earlier.get(year, {})
            if "starters_fte" not in row or "leavers_fte" not in row:
                return
            flows[year] = (row["starters_fte"], row["leavers_fte"])
        starters, leavers = flows[year]
        before = earlier.get(year - 1, {}).get("inpost_fte")
        if year != cal.census_year and before is not None:
            # net = starters - leavers should be inpost - before
            want = inpost - before
            lo = starters * 0.97 - leavers * 1.03
            hi = starters * 1.03 - leavers * 0.97
            net = min(max(want, lo), hi)
            # each moved in proportion, so neither leaves its band
            share = (net - (starters - leavers)) / (starters + leavers or 1.0)
            starters, leavers = starters * (1 + share), leavers * (1 - share)
            earlier[year]["starters_fte"], earlier[year]["leavers_fte"] = starters, leavers
        inpost = inpost - starters + leavers


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
