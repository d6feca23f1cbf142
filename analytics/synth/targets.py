"""What a register is calibrated to (:class:`Targets`, from a council's published row) and what
it is (:class:`SynthRegister`)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from analytics.measures import (
    MEASURES,
    WORKING_DAYS_PER_YEAR,
)
from analytics.synth.constants import NATIONAL_2025

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
    fte_changes : pandas.DataFrame
        Changes of hours from a date: the spell (``person_key``, its ``start_date``),
        ``effective_date`` and the ``fte`` until then (the spell's ``fte`` is its latest).
    """

    teams: pd.DataFrame
    people: pd.DataFrame
    spells: pd.DataFrame
    posts: pd.DataFrame
    absences: pd.DataFrame
    allocations: pd.DataFrame
    la_code: str = ""
    census_year: int = 2025
    fte_changes: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["person_key", "start_date", "effective_date", "fte"]
        )
    )
