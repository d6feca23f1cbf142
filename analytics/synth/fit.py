"""The register as :func:`analytics.measures.compute_measures`' inputs, the figures it should
produce, and how close it came."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from analytics.measures import (
    compute_measures,
    rates_from_components,
    round_measures,
)
from analytics.synth.constants import RELATIVE_TOLERANCE, TOLERANCES
from analytics.synth.hours import spell_states
from analytics.synth.targets import SynthRegister, Targets, _parse


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
        ``holder_person_key`` renamed ``holder_person_id``; dates as ``datetime64``; a spell
        whose hours changed as its dated states (``valid_from``, ``valid_to``).
    """

    def dated(frame: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
        out = frame.rename(
            columns={"person_key": "person_id", "holder_person_key": "holder_person_id"}
        )
        for col in cols:
            out[col] = pd.to_datetime(out[col])
        return out

    return (
        dated(
            spell_states(reg.spells, reg.fte_changes),
            ("start_date", "end_date", "valid_from", "valid_to"),
        ),
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


def year_misses(
    reg: SynthRegister, published: Mapping[str, object], year: int
) -> list[tuple[str, float, float]]:
    """Each calibrated measure of census *year* outside :data:`TOLERANCES` of the published row.

    Parameters
    ----------
    reg : SynthRegister
        A generated (and perhaps forward-lived) register.
    published : Mapping
        The council's published row for *year*, keyed by DfE column name; a measure that is not
        published as a number (blank, ``c``, ``low``) is not compared.
    year : int
        The census year.

    Returns
    -------
    list of (measure, published, generated)
        Empty when every published measure is within tolerance. This is the one comparison
        ``benchmarks/demo_fit_by_year.py`` and the tests make.
    """
    got = compute_measures(*measure_frames(reg), year)
    misses = []
    for name, tolerance in TOLERANCES.items():
        want = _parse(published.get(name))
        value = got.get(name)
        if not isinstance(want, float) or value is None:
            continue
        error = abs(float(value) - want)
        if name in RELATIVE_TOLERANCE:
            error /= max(abs(want), 1.0)
        if error > tolerance + 1e-9:
            misses.append((name, want, float(value)))
    return misses
