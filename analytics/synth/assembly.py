"""Assembly: one register built from every section (staff who are not social workers are in
``other_staff``, the earlier census dates' case holders and cases in ``history``).

``_build`` is long because it is the one place the sections meet, in the order they depend on
each other; each step is a call into its section's module."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from analytics.measures import (
    WORKING_DAYS_PER_YEAR,
)
from analytics.synth.absences import _bus_start, _busdays, _other_absences, _sickness
from analytics.synth.agency_hours import _agency_hours
from analytics.synth.allocations import _allocations, _Workers
from analytics.synth.constants import (
    _AGENCY,
    _DEST,
    _DEST_RESIGN_P,
    _REASON_LEAVE,
    _REASON_LEAVE_P,
    CONTRACTS,
    NATIONAL_2025,
    OPEN,
    PROFESSIONS,
    YEAR,
    Arr,
    Rng,
)
from analytics.synth.establishment import _ROLE_TITLE, _establishment, _history_agency
from analytics.synth.helpers import _apportion, _Calendar, _concat, _to_dates
from analytics.synth.history import _history_case_holders, _history_cases, _history_holders
from analytics.synth.hours import _changes_frame, _hours_changes
from analytics.synth.other_staff import _other_staff
from analytics.synth.people import _people
from analytics.synth.plan import _make_teams, _plan
from analytics.synth.reference import _AGENCIES
from analytics.synth.spells import (
    _assign_roles,
    _assign_teams,
    _census_blocks,
    _date_starters,
    _history_blocks,
)
from analytics.synth.targets import SynthRegister, Targets

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


def _build(
    t: Targets,
    la_code: str,
    rng: Rng,
    cal: _Calendar,
    history: dict[int, dict[str, float]] | None = None,
) -> SynthRegister:
    plan = _plan(t, rng)
    plan.history = history or {}
    d = cal.d
    tenure = float(np.clip(1 / max(plan.turnover, 0.02), 4, 12))
    c = t.components()
    teams = _make_teams(c["inpost_fte"] + c["agency_fte"], rng)
    team_types = teams["team_type"].to_numpy()

    # --- social workers' spells -----------------------------------------------------------
    blocks = _history_blocks(_census_blocks(plan, cal, rng, tenure), plan, cal, rng, tenure)
    sw = _concat(blocks)
    _date_starters(sw, plan, cal, rng, tenure)
    # cases on the census date, shared among its case holders
    _assign_roles(sw, len(teams), cal, rng)
    _assign_teams(sw, teams, cal, rng)
    sw, post_rows = _establishment(sw, plan, teams, cal, rng)
    sw = _history_agency(sw, plan, teams, cal, rng)
    sw = _agency_hours(
        sw, post_rows, plan, cal, rng
    )  # part-time agency: earlier years' agency and cover
    # changes of hours that bring in post on earlier census dates to their published figures
    hours = _hours_changes(sw, plan, cal, rng)
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
    _history_case_holders(
        sw, practitioner, cases_d, window_start, window_end, plan, cal, rng, hours
    )
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
    allocations = _history_holders(allocations, sw, person_of, practitioner, plan, cal, rng, hours)
    allocations = _history_cases(allocations, sw, person_of, plan, cal, rng, hours)

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
            published = plan.history.get(year, {}).get("working_days_lost_fte")
            if published is not None:
                target = round(published, 2)  # the year's published days lost, exactly
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

    fte_changes = _changes_frame(hours, all_person, all_start)
    rekey(spells, "person_key")
    rekey(fte_changes, "person_key")
    rekey(absences, "person_key")
    rekey(allocations, "person_key")
    rekey(posts, "holder_person_key")
    for frame, cols in (
        (spells, ("start_date", "end_date")),
        (absences, ("start_date", "end_date")),
        (allocations, ("start_date", "end_date")),
        (posts, ("funded_from", "funded_to")),
        (fte_changes, ("start_date", "effective_date")),
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
        fte_changes=fte_changes,
    )
