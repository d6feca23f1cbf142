"""Carry a synthetic register on from its census date to a later day (the demo's today).

:func:`analytics.synth.generate_register` calibrates a register to a census year that has been
published; the days since then are not published yet, so :func:`continue_register` lives them with
the council's own rhythm, measured from the calibrated year: social workers leave at its turnover
rate (most replaced a month or few later, in the same post), and so do the staff who are not social
workers (family support, residential, adult specialists, personal advisers), at their own rate in
the calibrated year; agency assignments end and are replaced, children's cases close and new
families are allocated, cases move from a leaver to a colleague, and people are off sick at its
absence rate. Nothing on or before the census date changes, so the calibrated figures stay as they
were.

A plain library: numpy, pandas and :mod:`analytics.synth` only, never Django.
"""

from __future__ import annotations

import zlib
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from analytics.measures import WORKING_DAYS_PER_YEAR, census_year_bounds
from analytics.synth.assembly import _leaving, _staff_prefix
from analytics.synth.constants import OPEN, YEAR
from analytics.synth.helpers import _day, _to_dates
from analytics.synth.people import _people
from analytics.synth.targets import SynthRegister
from analytics.synth_forward_days import _EMPLOYEE, _absences, _allocations, _days, _number

__all__ = ["continue_register"]

Arr = Any

_TITLE_ROLE = {
    "Head of Service": 1,
    "Service Manager": 2,
    "Team Manager": 3,
    "Senior Practitioner": 4,
    "Independent Reviewing Officer": 6,
}


def continue_register(reg: SynthRegister, *, until: date, seed: int) -> SynthRegister:
    """*reg* lived on from its census date to *until* (inclusive).

    Parameters
    ----------
    reg : SynthRegister
        A register from :func:`analytics.synth.generate_register`.
    until : datetime.date
        The last day to live; nothing happens after it (no start, end or absence later).
    seed : int
        Seed: the same register, *until* and seed give identical frames.

    Returns
    -------
    SynthRegister
        The same register with leavers, starters, agency changes, posts, cases and absences
        between the census date and *until*; unchanged when *until* is not after the census date.
    """
    ys, census = census_year_bounds(reg.census_year)
    d, y0, end = _day(census), _day(ys), _day(until)
    if end <= d:
        return reg
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(reg.la_code.encode()), end])
    span = (end - d) / YEAR

    spells = reg.spells.copy()
    s_start, s_end = _days(spells["start_date"]), _days(spells["end_date"])
    person = spells["person_key"].to_numpy(dtype=np.int64)
    fte = spells["fte"].to_numpy(dtype=float)
    sw = (spells["profession"] == "social_worker").to_numpy()
    employee = spells["contract"].isin(_EMPLOYEE).to_numpy()
    agency = (spells["contract"] == "agency").to_numpy()
    role = spells["org_role"].fillna(0).to_numpy(dtype=np.int64)

    # The council's own rhythm in the calibrated year.
    in_post = sw & employee & (s_start <= d) & (s_end > d)
    inpost_fte = float(fte[in_post].sum()) or 1.0
    left = sw & employee & (s_end >= y0) & (s_end <= d)
    turnover = float(np.clip(fte[left].sum() / inpost_fte, 0.05, 0.35))
    sw_people = set(person[sw & employee].tolist())
    sick = reg.absences[
        (reg.absences["reason"] == "SIC") & reg.absences["person_key"].isin(sw_people)
    ]
    sick_start = _days(sick["start_date"])
    sick_rate = float(
        np.clip(
            sick["working_days"].to_numpy(dtype=float)[(sick_start >= y0) & (sick_start <= d)].sum()
            / (inpost_fte * WORKING_DAYS_PER_YEAR),
            0.01,
            0.08,
        )
    )

    new_spells: list[dict[str, Any]] = []
    ends: dict[int, int] = {}  # spell row -> new end day
    # --- employees who leave, and who replaces them ----------------------------------------
    open_emp = np.flatnonzero(sw & employee & (s_end > d))
    leave_p = 1 - np.exp(-turnover * span)
    leaving = open_emp[rng.random(len(open_emp)) < leave_p]
    leaving = leaving[role[leaving] != 1]  # heads of service stay
    for row in leaving:
        ends[int(row)] = d + 1 + int(rng.integers(0, end - d))
    # --- agency assignments that end ---------------------------------------------------------
    open_ag = np.flatnonzero(sw & agency & (s_end > d))
    ag_p = 1 - np.exp(-span * YEAR / 300)
    for row in open_ag[rng.random(len(open_ag)) < ag_p]:
        ends[int(row)] = d + 1 + int(rng.integers(0, end - d))
    # --- staff who are not social workers leave too, at their own rate in the calibrated year --
    other = ~sw & ~agency
    other_in = other & (s_start <= d) & (s_end > d)
    other_left = other & (s_end >= y0) & (s_end <= d)
    other_turnover = float(
        np.clip(fte[other_left].sum() / (float(fte[other_in].sum()) or 1.0), 0.08, 0.3)
    )
    open_other = np.flatnonzero(other & (s_end > d))
    leave_other = 1 - np.exp(-other_turnover * span)
    for row in open_other[rng.random(len(open_other)) < leave_other]:
        ends[int(row)] = d + 1 + int(rng.integers(0, end - d))

    next_key = int(reg.people["person_key"].max()) + 1
    starters: list[dict[str, Any]] = []
    for row, left_on in sorted(ends.items()):
        # Most leavers are replaced in their post a month or few later; agency workers by
        # another agency worker within weeks.
        is_agency, social_worker = bool(agency[row]), bool(sw[row])
        if rng.random() >= (0.75 if is_agency else (0.92 if social_worker else 0.85)):
            continue
        start = left_on + int(
            rng.integers(0, 30)
            if is_agency
            else (rng.integers(14, 120) if social_worker else rng.integers(21, 150))
        )
        if start > end:
            continue
        template = spells.iloc[row]
        starters.append(
            {
                "row": int(row),
                "post": -1,
                "start": start,
                "key": next_key,
                "agency": is_agency,
                "profession": str(template["profession"]),
                "contract": None if social_worker else str(template["contract"]),
                "team_key": template["team_key"],
                "fte": float(template["fte"]),
                "role": (int(role[row]) if role[row] in (1, 2, 3, 6) else 5)
                if social_worker
                else 0,
                "title": template["job_title"],
                "agency_name": template["agency_name"],
                "hourly_rate": template["hourly_rate"],
            }
        )
        next_key += 1
    # Posts vacant on the census date with no one covering them: most are filled in the months
    # after (the recruitment that was under way).
    posts_d = reg.posts
    vacant = np.flatnonzero(
        posts_d["holder_person_key"].isna().to_numpy()
        & posts_d["funded_to"].isna().to_numpy()
        & posts_d["social_work_post"].astype(bool).to_numpy()
        & (_days(posts_d["funded_from"]) <= d)
    )
    for p in vacant[rng.random(len(vacant)) < 1 - np.exp(-span * 1.2)]:
        start = d + 1 + int(rng.integers(0, 240))
        if start > end:
            continue
        post = posts_d.iloc[p]
        starters.append(
            {
                "row": -1,
                "post": int(p),
                "start": start,
                "key": next_key,
                "agency": False,
                "profession": "social_worker",
                "contract": None,
                "team_key": post["team_key"],
                "fte": float(post["fte"]),
                "role": _TITLE_ROLE.get(str(post["title"]), 5),
                "title": str(post["title"]),
                "agency_name": None,
                "hourly_rate": np.nan,
            }
        )
        next_key += 1

    # --- the new people ------------------------------------------------------------------------
    n_new = len(starters)
    new_start = np.array([s["start"] for s in starters], dtype=np.int64)
    new_agency = np.array([s["agency"] for s in starters], dtype=bool)
    new_role = np.array([s["role"] for s in starters], dtype=np.int64)
    new_sw = np.array([s["profession"] == "social_worker" for s in starters], dtype=bool)
    nq = new_sw & ~new_agency & (new_role == 5) & (rng.random(n_new) < 0.35)
    details = _people(
        n_new,
        new_start,
        np.full(n_new, end, dtype=np.int64),
        new_sw,
        new_agency,
        nq,
        rng.random(n_new) < 0.05,
        np.zeros(n_new, dtype=np.int64),
        np.select([new_role <= 2, new_role == 3], [8.0, 4.0], 0.0),
        rng,
    )
    taken = set(reg.people["swe_number"].dropna())
    swe: list[str | None] = []
    for number in details["swe_number"]:
        if number is None:  # not a social worker
            swe.append(None)
            continue
        while number in taken:
            number = f"SW{int(rng.integers(10_000, 1_000_000)):06d}"
        taken.add(number)
        swe.append(number)
    prefix = _staff_prefix(reg.la_code)
    keys = np.array([s["key"] for s in starters], dtype=np.int64)
    people = pd.concat(
        [
            reg.people,
            pd.DataFrame(
                {
                    "person_key": keys,
                    "staff_id": [f"{prefix}-{k:06d}" for k in keys],
                    "first_name": details["first_name"],
                    "last_name": details["last_name"],
                    "date_of_birth": _to_dates(details["date_of_birth"]),
                    "gender": details["gender"].astype(np.int64),
                    "ethnicity": details["ethnicity"],
                    # Qualifications are a social worker's (as the generator gives them).
                    "qualification_level": pd.array(
                        [
                            int(x) if w else None
                            for x, w in zip(details["qualification_level"], new_sw, strict=True)
                        ],
                        dtype="Int64",
                    ),
                    "qualification_institution": [
                        x if w else None
                        for x, w in zip(details["qualification_institution"], new_sw, strict=True)
                    ],
                    "qualified_on": _to_dates(np.where(new_sw, details["qualified_on"], OPEN)),
                    "step_up_grad": pd.array(
                        [
                            bool(x) if w else None
                            for x, w in zip(details["step_up_grad"], new_sw, strict=True)
                        ],
                        dtype="boolean",
                    ),
                    "frontline_grad": pd.array(
                        [
                            bool(x) if w else None
                            for x, w in zip(details["frontline_grad"], new_sw, strict=True)
                        ],
                        dtype="boolean",
                    ),
                    "swe_number": np.array(swe, dtype=object),
                }
            ),
        ],
        ignore_index=True,
    )

    # --- spells: leavers' ends, and the starters -----------------------------------------------
    end_rows = np.array(sorted(ends), dtype=np.int64)
    reason, dest = _leaving(rng, len(end_rows), agency[end_rows], sw[end_rows])
    new_end = s_end.copy()
    new_end[end_rows] = [ends[int(r)] for r in end_rows]
    spells["end_date"] = _to_dates(new_end)
    for col, values in (("leaving_reason", reason), ("leaver_destination", dest)):
        column = spells[col].astype("Int64").copy()
        column.iloc[end_rows] = values  # type: ignore[call-overload]
        spells[col] = column
    origin = np.where(
        nq,
        1,
        rng.choice(
            [2, 3, 4, 5, 6, 7, 8, 9], n_new, p=[0.42, 0.07, 0.14, 0.08, 0.08, 0.08, 0.03, 0.10]
        ),
    )
    for i, starter in enumerate(starters):
        is_agency = starter["agency"]
        r = int(new_role[i])
        title = starter["title"]
        if not new_sw[i]:
            # Someone in the leaver's own job: the same profession, title and contract.
            new_spells.append(
                {
                    "person_key": starter["key"],
                    "profession": starter["profession"],
                    "contract": starter["contract"],
                    "team_key": starter["team_key"],
                    "fte": starter["fte"],
                    "start_date": _to_dates(np.array([starter["start"]]))[0],
                    "end_date": None,
                    "job_title": title,
                    "org_role": None,
                    "start_origin": None,
                    "leaving_reason": None,
                    "leaver_destination": None,
                    "agency_name": None,
                    "hourly_rate": np.nan,
                }
            )
            continue
        if r == 5:
            title = ("Locum " if is_agency else "") + (
                "Social Worker (ASYE)" if nq[i] else "Social Worker"
            )
        new_spells.append(
            {
                "person_key": starter["key"],
                "profession": "social_worker",
                "contract": "agency"
                if is_agency
                else ("fixed_term" if rng.random() < 0.08 else "permanent"),
                "team_key": starter["team_key"],
                "fte": starter["fte"],
                "start_date": _to_dates(np.array([starter["start"]]))[0],
                "end_date": None,
                "job_title": title,
                "org_role": r,
                "start_origin": None if is_agency else int(origin[i]),
                "leaving_reason": None,
                "leaver_destination": None,
                "agency_name": starter["agency_name"] if is_agency else None,
                "hourly_rate": starter["hourly_rate"] if is_agency else np.nan,
            }
        )
    added = pd.DataFrame(new_spells, columns=spells.columns)
    for col in ("org_role", "start_origin", "leaving_reason", "leaver_destination"):
        added[col] = added[col].astype("Int64")
    if len(added):
        spells = pd.concat([spells, added], ignore_index=True)
    spells = spells.sort_values(["person_key", "start_date"], kind="stable").reset_index(drop=True)

    posts = _posts(reg.posts, person, ends, starters, prefix)
    allocations = _allocations(reg.allocations, spells, ends, person, starters, d, end, rng)
    absences = _absences(reg.absences, spells, d, end, sick_rate, rng)
    return replace(
        reg,
        people=people,
        spells=spells,
        posts=posts,
        absences=absences,
        allocations=allocations,
    )


def _posts(
    posts: pd.DataFrame,
    person: Arr,
    ends: dict[int, int],
    starters: list[dict[str, Any]],
    prefix: str,
) -> pd.DataFrame:
    """A leaver's post row ends the day before they leave; the post runs on vacant, until the
    person replacing them takes it."""
    posts = posts.copy()
    holder = posts["holder_person_key"]
    open_to = posts["funded_to"].isna().to_numpy()
    replaced = {s["row"]: (s["start"], s["key"]) for s in starters if s["row"] >= 0}
    number = max((_number(p) for p in posts["post_id"]), default=0)
    extra = []
    funded_to = posts["funded_to"].to_numpy(dtype=object).copy()
    for row, left_on in ends.items():
        key = int(person[row])
        mine = np.flatnonzero(open_to & (holder.fillna(-1).to_numpy(dtype=np.int64) == key))
        for p in mine:
            base = posts.iloc[p]
            if _day(base["funded_from"]) >= left_on:
                continue
            funded_to[p] = _to_dates(np.array([left_on - 1]))[0]
            taken = replaced.get(row)
            pieces: list[tuple[int, int, int | None]] = []
            if taken is None:
                pieces.append((left_on, OPEN, None))
            else:
                start, new_key = taken
                if start > left_on:
                    pieces.append((left_on, start - 1, None))
                pieces.append((start, OPEN, new_key))
            for a, b, who in pieces:
                number += 1
                extra.append(
                    {
                        "post_id": f"{prefix}-P{number:05d}",
                        "team_key": base["team_key"],
                        "title": base["title"],
                        "fte": base["fte"],
                        "social_work_post": base["social_work_post"],
                        "funded_from": _to_dates(np.array([a]))[0],
                        "funded_to": _to_dates(np.array([b]))[0],
                        "holder_person_key": who,
                    }
                )
    for starter in starters:
        p = starter["post"]
        if p < 0:
            continue
        base = posts.iloc[p]
        funded_to[p] = _to_dates(np.array([starter["start"] - 1]))[0]
        number += 1
        extra.append(
            {
                "post_id": f"{prefix}-P{number:05d}",
                "team_key": base["team_key"],
                "title": base["title"],
                "fte": base["fte"],
                "social_work_post": base["social_work_post"],
                "funded_from": _to_dates(np.array([starter["start"]]))[0],
                "funded_to": None,
                "holder_person_key": starter["key"],
            }
        )
    posts["funded_to"] = funded_to
    added = pd.DataFrame(extra, columns=posts.columns)
    added["holder_person_key"] = added["holder_person_key"].astype("Int64")
    return pd.concat([posts, added], ignore_index=True) if len(added) else posts
