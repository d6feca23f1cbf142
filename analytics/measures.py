"""The DfE statutory children's social work workforce measures, computed from a register.

Column names are DfE's own (``domain-facts.md`` §1), so figures can be laid beside the published
ones. The rules are those of ``formats.md`` ("The workforce measures"). For census year ``Y`` the
year runs 1 October ``Y-1`` to 30 September ``Y`` (both inclusive) and the census date ``D`` is
30 September ``Y``.

- Only ``profession == "social_worker"`` counts, everywhere.
- *In post* on D: a ``permanent`` or ``fixed_term`` spell with ``start_date <= D`` and
  (``end_date`` blank or ``end_date > D``); ``agency``, ``secondee``, ``apprentice`` and
  ``student`` are not in post. FTE sums the spells; a person counts once in a headcount.
- *Starter* / *leaver*: a permanent or fixed-term spell whose ``start_date`` / ``end_date`` is
  inside the census year (ending on 30 September is leaving that year, and is not being in post
  on it). A spell starting and ending in the year is both. FTE is the spell's FTE; headcounts
  count distinct people.
- *Agency* on D: an ``agency`` spell covering D (the in-post covering rule).
- *Vacancy* on D: a post with ``social_work_post`` true, funded on D (``funded_from <= D`` and
  (``funded_to`` blank or ``funded_to >= D``): ``funded_to`` is the last funded day), whose
  ``holder_person_id`` is blank or is not in post on D. A holder holds the post for the whole of
  each of their spells. ``vacancy_fte`` sums the posts' FTE. *Agency cover*: an agency worker on
  D who holds such a vacant post; ``agency_cover_fte`` sums those agency workers' FTE (their
  agency spells covering D), not the posts' FTE: DfE publishes it as "agency workers covering
  vacancies (FTE)", its rate is over ``agency_fte``, and in 16 published LA rows and one
  region's it is larger than ``vacancy_fte``, which a sum of vacant posts could never be.
- *Case holders*: people in post or agency on D who hold at least one allocation on D (held when
  ``start_date <= D`` and (``end_date`` blank or ``end_date > D``), so an allocation ending on D
  is not counted). ``case_holders_fte`` sums each case holder's spells covering D (in-post and
  agency). ``cases`` counts distinct (``child_id``, ``person_id``) pairs held on D by case
  holders: a duplicated row counts once, while a child allocated to two case holders counts once
  for each of them (a case is "a child allocated to a worker").
- *Working days lost*: ``working_days`` of ``SIC`` absences of a person who has a permanent or
  fixed-term social worker spell overlapping the absence (both inclusive: a spell
  ``[start_date, end_date]`` against ``[absence start, absence end]``; an open spell never ends).
  Only the part of each absence inside the census year counts, pro rata by calendar days, both
  ends inclusive: ``working_days * overlapping days / days of the absence``.
- Rates are computed from unrounded components (:func:`rates_from_components`), then rounded
  half up (:func:`round_half_up`); a rate whose denominator is zero is ``None``.

Inputs are DataFrames. Dates may be ``datetime.date`` objects, ISO strings or datetime64 (any
unit); they are normalised with :func:`pandas.to_datetime`, and a missing end (``None``/``NaT``)
means open. Identifiers (``person_id``, ``holder_person_id``) must be of one type across frames.

``spells``
    ``person_id``, ``profession``, ``contract``, ``fte``, ``start_date``, ``end_date``; and
    optionally ``valid_from``, ``valid_to`` when a spell is given as several dated states (rows
    sharing the spell's ``start_date``/``end_date``, each valid from ``valid_from`` until
    ``valid_to``, exclusive; blank ``valid_to`` = the last state). The census date uses the state
    then, starters the first state, leavers the last.
``posts``
    ``post_id``, ``fte``, ``social_work_post`` (bool; blank = not a social work post),
    ``funded_from``, ``funded_to``, ``holder_person_id`` (``None`` = vacant).
``absences``
    ``person_id``, ``reason``, ``start_date``, ``end_date``, ``working_days``.
``allocations``
    ``child_id``, ``person_id``, ``start_date``, ``end_date``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

MEASURES: list[str] = [
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "agency_cover_fte",
    "agency_cover_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
]
"""The 20 DfE column names, in the order DfE publishes them."""

COUNT_MEASURES = {
    "inpost_headcount",
    "starters_headcount",
    "leavers_headcount",
    "agency_headcount",
    "cases",
}
"""Measures published as whole numbers; every other measure is to one decimal place."""

RATE_MEASURES = {m for m in MEASURES if "rate" in m} | {"caseload_fte"}
"""Measures derived from others by :func:`rates_from_components`."""

EMPLOYEE = ("permanent", "fixed_term")
"""Contracts of the council's own social work employees (*in post*)."""

WORKING_DAYS_PER_YEAR = 253
"""Working days in a year, the denominator DfE uses for ``absence_rate_fte``."""

SIGNIFICANT_DIGITS = 12
"""Digits kept before rounding half up, to shed binary floating-point noise (see
:func:`round_half_up`)."""

Measures = dict[str, float | int | None]


def census_year_bounds(year: int) -> tuple[date, date]:
    """Return the first and last day of the census year ending 30 September *year*.

    Parameters
    ----------
    year : int
        The census year, named by the year of its census date.

    Returns
    -------
    tuple of datetime.date
        ``(1 October year-1, 30 September year)``, both inclusive; the second is the census date.
    """
    return date(year - 1, 10, 1), date(year, 9, 30)


def _dates(series: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return series
    return pd.to_datetime(series, errors="coerce")


def _covers(start: pd.Series, end: pd.Series, day: pd.Timestamp) -> pd.Series:
    """Held on *day*: started on or before it and not ended on or before it."""
    return (start <= day) & (end.isna() | (end > day))


def _is_true(series: pd.Series) -> pd.Series:
    """A boolean mask that is False for blanks (None/NaN/NA), which ``astype(bool)`` makes True."""
    return series.eq(True).fillna(False).astype(bool)


def _ratio(numerator: float, denominator: float, scale: float = 100.0) -> float | None:
    """``numerator / denominator * scale``, or None if either is unknown or the denominator is 0."""
    if not (math.isfinite(numerator) and math.isfinite(denominator)) or denominator == 0:
        return None
    return numerator / denominator * scale


def rates_from_components(components: Mapping[str, float | None]) -> dict[str, float | None]:
    """Derive the published rates from their unrounded components.

    Parameters
    ----------
    components : mapping of str to float or None
        FTEs and counts keyed by DfE column name: ``inpost_fte``, ``leavers_fte``,
        ``agency_fte``, ``agency_cover_fte``, ``vacancy_fte``, ``case_holders_fte``, ``cases``
        and ``working_days_lost_fte``. A component that is absent, ``None`` or NaN (for example
        suppressed in a published file) makes the rates that use it ``None``.

    Returns
    -------
    dict of str to float or None
        ``turnover_rate_fte``, ``agency_rate_fte``, ``agency_cover_rate_fte``,
        ``vacancy_rate_fte``, ``vacancy_agency_cover_rate_fte``, ``caseload_fte`` and
        ``absence_rate_fte``, unrounded; ``None`` where the denominator is zero or unknown.

    Examples
    --------
    England 2025: 4,276.3 leavers FTE over 36,186.3 in post, published as 11.8.

    >>> rate = rates_from_components({"leavers_fte": 4276.3, "inpost_fte": 36186.3})
    >>> round_half_up(rate["turnover_rate_fte"])
    11.8
    """

    def get(name: str) -> float:
        value = components.get(name)
        return math.nan if value is None else float(value)

    inpost, agency, vacancy = get("inpost_fte"), get("agency_fte"), get("vacancy_fte")
    cover = get("agency_cover_fte")
    return {
        "turnover_rate_fte": _ratio(get("leavers_fte"), inpost),
        "agency_rate_fte": _ratio(agency, agency + inpost),
        "agency_cover_rate_fte": _ratio(cover, agency),
        "vacancy_rate_fte": _ratio(vacancy, vacancy + inpost),
        "vacancy_agency_cover_rate_fte": _ratio(cover, vacancy),
        "caseload_fte": _ratio(get("cases"), get("case_holders_fte"), scale=1.0),
        "absence_rate_fte": _ratio(get("working_days_lost_fte"), inpost * WORKING_DAYS_PER_YEAR),
    }


def round_half_up(value: float, places: int = 1) -> float:
    """Round as the published figures are: halves away from zero, not to even.

    The value is first written to :data:`SIGNIFICANT_DIGITS` significant digits, which sheds the
    noise of binary arithmetic (three 0.35 FTEs sum to 1.0499999999999998, which is 1.05), then
    rounded with :data:`decimal.ROUND_HALF_UP`. So ``12.25`` becomes ``12.3`` and ``3 * 0.35``
    becomes ``1.1`` where Python's ``round`` gives ``12.2`` and ``1.0``.

    Parameters
    ----------
    value : float
        A finite number.
    places : int, default 1
        Decimal places to keep.

    Returns
    -------
    float
        The rounded value.
    """
    written = Decimal(f"{float(value):.{SIGNIFICANT_DIGITS}g}")
    return float(written.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def round_measures(raw: Mapping[str, float | None]) -> Measures:
    """Round unrounded measures as DfE publishes them.

    Parameters
    ----------
    raw : mapping of str to float or None
        Measures keyed by DfE column name, as from :func:`compute_measures_raw`. Missing keys,
        ``None``, NaN and infinities become ``None``.

    Returns
    -------
    dict of str to float, int or None
        Exactly the :data:`MEASURES` keys in order: headcounts and ``cases`` as ``int``, FTEs and
        rates to one decimal place (half up).
    """
    out: Measures = {}
    for name in MEASURES:
        value = raw.get(name)
        if value is None or not math.isfinite(value):
            out[name] = None
        elif name in COUNT_MEASURES:
            out[name] = int(round(value))
        else:
            out[name] = round_half_up(float(value))
    return out


GROUP = "_group"
"""The column :func:`compute_measures_grouped` groups by when given no other."""


def _pairs(group: pd.Series, person: pd.Series) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays([group.to_numpy(), person.to_numpy()])


def compute_measures_grouped(
    spells: pd.DataFrame,
    posts: pd.DataFrame,
    absences: pd.DataFrame,
    allocations: pd.DataFrame,
    year: int,
    *,
    by: str = GROUP,
    groups: Sequence[object] | None = None,
) -> pd.DataFrame:
    """Compute every measure for census *year* for many registers at once, unrounded.

    One set-based pass: each frame carries a column *by* naming the register a row belongs to
    (a council, or a team), and the measures of each register are exactly those
    :func:`compute_measures_raw` gives for its rows alone. A person is identified by
    (*by*, ``person_id``), so the same ``person_id`` in two groups is two people.

    Parameters
    ----------
    spells, posts, absences, allocations : pandas.DataFrame
        The registers, with the columns described in the module docstring and *by*.
    year : int
        The census year (ending 30 September *year*).
    by : str
        The grouping column, present in all four frames.
    groups : sequence, optional
        The groups wanted, in order (a group with no rows gets its zeros and ``None`` rates);
        by default every group found in the frames, sorted.

    Returns
    -------
    pandas.DataFrame
        One row per group (indexed by *by*), one column per :data:`MEASURES` entry; counts are
        whole-valued floats and a rate is NaN where its denominator is zero.
    """
    year_start, year_end = (pd.Timestamp(d) for d in census_year_bounds(year))
    day = year_end
    if groups is None:
        found = pd.concat(
            [frame[by] for frame in (spells, posts, absences, allocations)], ignore_index=True
        )
        groups = sorted(found.dropna().unique().tolist())
    index = pd.Index(list(groups), name=by)

    sw = spells[spells["profession"] == "social_worker"]
    g = sw[by]
    s_start, s_end = _dates(sw["start_date"]), _dates(sw["end_date"])
    fte = sw["fte"].astype(float)
    employee = sw["contract"].isin(EMPLOYEE)
    agency = sw["contract"] == "agency"
    # A spell whose FTE, team or contract changed is given as dated states: rows sharing the
    # spell's start and end, each valid from ``valid_from`` until the next one's (``valid_to``,
    # exclusive). Starters count the first state, leavers the last, the census date the one then.
    no_date = pd.Series(pd.NaT, index=sw.index, dtype="datetime64[ns]")
    if "valid_from" in sw.columns:
        v_from = _dates(sw["valid_from"])
        v_to = _dates(sw["valid_to"]) if "valid_to" in sw.columns else no_date
    else:
        v_from, v_to = s_start, no_date
    first_state, last_state = v_from <= s_start, v_to.isna()
    covers = _covers(s_start, s_end, day) & _covers(v_from, v_to, day)

    inpost = employee & covers
    starters = employee & first_state & (s_start >= year_start) & (s_start <= year_end)
    leavers = employee & last_state & s_end.notna() & (s_end >= year_start) & (s_end <= year_end)
    on_agency = agency & covers

    def fte_sum(mask: pd.Series) -> pd.Series:
        return fte[mask].groupby(g[mask]).sum()

    def heads(mask: pd.Series) -> pd.Series:
        return sw.loc[mask, "person_id"].groupby(g[mask]).nunique()

    c = pd.DataFrame(index=index)
    c["inpost_fte"] = fte_sum(inpost)
    c["inpost_headcount"] = heads(inpost)
    c["starters_fte"] = fte_sum(starters)
    c["starters_headcount"] = heads(starters)
    c["leavers_fte"] = fte_sum(leavers)
    c["leavers_headcount"] = heads(leavers)
    c["agency_fte"] = fte_sum(on_agency)
    c["agency_headcount"] = heads(on_agency)

    # Vacancies: funded social work posts not held by an employed social worker in post on D.
    employed = _pairs(g[inpost], sw.loc[inpost, "person_id"])
    on_agency_pairs = _pairs(g[on_agency], sw.loc[on_agency, "person_id"])
    swp = posts[_is_true(posts["social_work_post"])]
    funded_to = _dates(swp["funded_to"])
    funded = (_dates(swp["funded_from"]) <= day) & (funded_to.isna() | (funded_to >= day))
    funded_posts = swp[funded]
    holder = funded_posts["holder_person_id"]
    held_by = _pairs(funded_posts[by], holder)
    vacant = holder.isna().to_numpy() | ~held_by.isin(employed)
    covered = vacant & holder.notna().to_numpy() & held_by.isin(on_agency_pairs)
    post_fte = funded_posts["fte"].astype(float)
    c["vacancy_fte"] = post_fte[vacant].groupby(funded_posts[by][vacant]).sum()
    # Agency cover is the covering agency workers' FTE (DfE's "agency workers covering
    # vacancies"), each counted once however many vacant posts they hold.
    covering = on_agency & pd.Series(
        _pairs(g, sw["person_id"]).isin(held_by[covered]), index=sw.index
    )
    c["agency_cover_fte"] = fte_sum(covering)

    # Case holders: social workers in post or agency on D holding a case on D.
    working_mask = inpost | on_agency
    working = sw[working_mask]
    working_pairs = _pairs(working[by], working["person_id"])
    a_held = _covers(_dates(allocations["start_date"]), _dates(allocations["end_date"]), day)
    candidates = allocations[a_held]
    held = candidates[
        _pairs(candidates[by], candidates["person_id"]).isin(working_pairs)
    ].drop_duplicates([by, "child_id", "person_id"])
    holders = _pairs(held[by], held["person_id"])
    holding = working_pairs.isin(holders)
    c["case_holders_fte"] = (
        working["fte"].astype(float)[holding].groupby(working[by][holding]).sum()
    )
    c["cases"] = held.groupby(by).size()

    # Working days lost: sickness of permanent or fixed-term social workers, pro rata by
    # calendar days for the part inside the census year.
    sick = absences[absences["reason"] == "SIC"].reset_index(drop=True)
    sick = sick.assign(
        _absence=np.arange(len(sick)),
        _a_start=_dates(sick["start_date"]),
        _a_end=_dates(sick["end_date"]),
    )
    employee_spells = pd.DataFrame(
        {
            by: g[employee],
            "person_id": sw.loc[employee, "person_id"],
            "_s_start": s_start[employee],
            "_s_end": s_end[employee],
        }
    )
    joined = sick.merge(employee_spells, on=[by, "person_id"], how="inner")
    overlapping = (joined["_s_start"] <= joined["_a_end"]) & (
        joined["_s_end"].isna() | (joined["_s_end"] >= joined["_a_start"])
    )
    sick = joined[overlapping].drop_duplicates("_absence")
    a_start, a_end = sick["_a_start"], sick["_a_end"]
    overlap_start = a_start.where(a_start > year_start, year_start)
    overlap_end = a_end.where(a_end < year_end, year_end)
    overlap_days = ((overlap_end - overlap_start).dt.days + 1).clip(lower=0)
    total_days = ((a_end - a_start).dt.days + 1).clip(lower=1)
    lost = sick["working_days"].astype(float) * overlap_days / total_days
    c["working_days_lost_fte"] = lost.groupby(sick[by]).sum()

    c = c.astype(float).fillna(0.0)
    rates = _rates_frame(c)
    out = pd.concat([c, rates], axis=1)
    return out[MEASURES]


def _rates_frame(c: pd.DataFrame) -> pd.DataFrame:
    """:func:`rates_from_components` over a frame of components, a rate NaN where undefined."""

    def ratio(num: pd.Series, den: pd.Series, scale: float = 100.0) -> pd.Series:
        return (num / den.where(den != 0) * scale).astype(float)

    inpost, agency, vacancy = c["inpost_fte"], c["agency_fte"], c["vacancy_fte"]
    cover = c["agency_cover_fte"]
    return pd.DataFrame(
        {
            "turnover_rate_fte": ratio(c["leavers_fte"], inpost),
            "agency_rate_fte": ratio(agency, agency + inpost),
            "agency_cover_rate_fte": ratio(cover, agency),
            "vacancy_rate_fte": ratio(vacancy, vacancy + inpost),
            "vacancy_agency_cover_rate_fte": ratio(cover, vacancy),
            "caseload_fte": ratio(c["cases"], c["case_holders_fte"], 1.0),
            "absence_rate_fte": ratio(c["working_days_lost_fte"], inpost * WORKING_DAYS_PER_YEAR),
        },
        index=c.index,
    )


def _with_group(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{GROUP: 0})


def compute_measures_raw(
    spells: pd.DataFrame,
    posts: pd.DataFrame,
    absences: pd.DataFrame,
    allocations: pd.DataFrame,
    year: int,
) -> dict[str, float | None]:
    """Compute every measure for census *year*, unrounded (for aggregation and charts).

    The one register's case of :func:`compute_measures_grouped`.

    Parameters
    ----------
    spells, posts, absences, allocations : pandas.DataFrame
        The register, with the columns described in the module docstring.
    year : int
        The census year (ending 30 September *year*).

    Returns
    -------
    dict of str to float or None
        Exactly the :data:`MEASURES` keys in order. Counts are whole-valued floats; a rate is
        ``None`` where its denominator is zero.
    """
    frame = compute_measures_grouped(
        _with_group(spells),
        _with_group(posts),
        _with_group(absences),
        _with_group(allocations),
        year,
        groups=[0],
    )
    return raw_row(frame.iloc[0])


def raw_row(row: pd.Series) -> dict[str, float | None]:
    """One group's row of :func:`compute_measures_grouped` as :func:`compute_measures_raw`
    gives it (NaN rates as ``None``)."""
    return {name: (None if pd.isna(row[name]) else float(row[name])) for name in MEASURES}


def round_frame(frame: pd.DataFrame) -> dict[object, Measures]:
    """Each group's row of :func:`compute_measures_grouped`, rounded as DfE publishes them."""
    return {key: round_measures(raw_row(row)) for key, row in frame.iterrows()}


def compute_measures(
    spells: pd.DataFrame,
    posts: pd.DataFrame,
    absences: pd.DataFrame,
    allocations: pd.DataFrame,
    year: int,
) -> Measures:
    """Compute every measure for census *year*, rounded as DfE publishes them.

    Parameters
    ----------
    spells, posts, absences, allocations : pandas.DataFrame
        The register, with the columns described in the module docstring.
    year : int
        The census year (ending 30 September *year*).

    Returns
    -------
    dict of str to float, int or None
        Exactly the 20 :data:`MEASURES` keys in order: FTEs and rates to one decimal place
        (half up, rates from unrounded components), headcounts and ``cases`` as ``int``,
        ``None`` where a rate's denominator is zero.
    """
    return round_measures(compute_measures_raw(spells, posts, absences, allocations, year))


def compute_measures_series(
    spells: pd.DataFrame,
    posts: pd.DataFrame,
    absences: pd.DataFrame,
    allocations: pd.DataFrame,
    years: Sequence[int],
) -> pd.DataFrame:
    """Compute the rounded measures for several census years (for trend charts).

    Parameters
    ----------
    spells, posts, absences, allocations : pandas.DataFrame
        The register, with the columns described in the module docstring.
    years : sequence of int
        Census years, in the order wanted.

    Returns
    -------
    pandas.DataFrame
        One row per year, indexed by ``year``, one column per :data:`MEASURES` entry, each
        value as :func:`compute_measures` gives it.
    """
    rows = [compute_measures(spells, posts, absences, allocations, y) for y in years]
    return pd.DataFrame(rows, index=pd.Index(list(years), name="year"), columns=MEASURES)
