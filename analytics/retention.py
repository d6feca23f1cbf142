"""Retention of permanent social workers: Kaplan–Meier survival by group, median tenure,
1/2/3/5-year retention, early leavers and where leavers go.

A *tenure* is one person's continuous permanent employment as a social worker: their permanent
social-worker spells joined where one starts within a day of the last ending (a change of grade
recorded as a new spell is not a leaving). Time is counted in years of 365.25 days from the
tenure's start to the day it ended (a leaving, the event) or to the date of the analysis
(censored: still in post).

Left truncation
    A register holds nobody who left before it was kept. Someone who started in 2005 and is in a
    register kept from October 2020 survived fifteen years to be seen at all; counting those
    fifteen years as if we had watched them would make tenure look longer than it is. Each tenure
    therefore *enters* the analysis on ``observed_from`` (or its start, if later): the risk set at
    time *t* holds only the people we were watching at *t* (lifelines' ``entry``).

Never beyond the follow-up
    Survival at a time longer than the group's longest observed tenure is not estimated (None,
    with the reason): the curve stops at the follow-up.

Groups under five
    A group of fewer than five people shows no figure. When that leaves fewer than five people
    hidden in all — so that the others' figures and the total would give them away by
    subtraction — the next smallest groups are hidden too.

The confidence band is lifelines' 95% exponential Greenwood interval (log(−log) scale).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from analytics.codes import LEAVER_DESTINATION, ORG_ROLE, REASON_LEAVE, START_ORIGIN

SMALLEST_GROUP = 5
YEAR_DAYS = 365.25
HORIZONS = (1, 2, 3, 5)
EARLY_MONTHS = 12
JOIN_GAP_DAYS = 1
BY_FIELDS = ("all", "cohort", "team", "start_origin", "academy", "grade", "route")
BY_LABELS = {
    "all": "All permanent social workers",
    "cohort": "Year started",
    "team": "Team at start",
    "start_origin": "Where they came from",
    "academy": "Through the academy or not",
    "grade": "Grade at start",
    "route": "Qualifying route",
}
ACADEMY = "Through the council's academy"
NOT_ACADEMY = "Not through the academy"
# An academy enrolment belongs to a tenure when it started within the tenure or up to this many
# days before its first day (a place offered and enrolled just before the contract began).
ACADEMY_LEAD_DAYS = 31
NOT_FOLLOWED = "not followed that long"
HIDDEN = "fewer than five people"
TOO_FEW_WATCHED = "too few people watched at some lengths of service to estimate"
NOT_WATCHED = "nobody watched this early in their tenure"


@dataclass(frozen=True)
class Spell:
    """One employment spell, as the register holds it (``end`` is None while in post)."""

    person: int | str
    start: date
    end: date | None
    contract: str = "permanent"
    profession: str = "social_worker"
    team: str = ""
    org_role: int | None = None
    start_origin: int | None = None
    leaving_reason: int | None = None
    leaver_destination: int | None = None
    step_up: bool | None = None
    frontline: bool | None = None
    academy_started: date | None = None


@dataclass(frozen=True)
class Tenure:
    person: int | str
    start: date
    end: date | None
    team: str
    org_role: int | None
    start_origin: int | None
    leaving_reason: int | None
    leaver_destination: int | None
    route: str
    academy: bool = False

    def group(self, by: str) -> str:
        if by == "cohort":
            return str(self.start.year)
        if by == "team":
            return self.team or "No team recorded"
        if by == "start_origin":
            return START_ORIGIN.get(self.start_origin or 0, "Not recorded")
        if by == "academy":
            return ACADEMY if self.academy else NOT_ACADEMY
        if by == "grade":
            return ORG_ROLE.get(self.org_role or 0, "Not recorded")
        if by == "route":
            return self.route
        return BY_LABELS["all"]


def tenures_from_spells(spells: Iterable[Spell]) -> list[Tenure]:
    """Each person's permanent social-worker tenures, contiguous spells joined."""
    by_person: dict[int | str, list[Spell]] = defaultdict(list)
    for s in spells:
        if s.contract == "permanent" and s.profession == "social_worker":
            by_person[s.person].append(s)
    out: list[Tenure] = []
    for person, rows in by_person.items():
        rows.sort(key=lambda s: s.start)
        first = rows[0]
        last = rows[0]
        for s in rows[1:]:
            if last.end is not None and s.start <= last.end + timedelta(days=JOIN_GAP_DAYS):
                last = s
                continue
            out.append(_tenure(person, first, last))
            first = last = s
        out.append(_tenure(person, first, last))
    return out


def _route(s: Spell) -> str:
    if s.frontline:
        return "Frontline"
    if s.step_up:
        return "Step Up to Social Work"
    return "Other routes"


def _tenure(person: int | str, first: Spell, last: Spell) -> Tenure:
    return Tenure(
        person=person,
        start=first.start,
        end=last.end,
        team=first.team,
        org_role=first.org_role,
        start_origin=first.start_origin,
        leaving_reason=last.leaving_reason,
        leaver_destination=last.leaver_destination,
        route=_route(first),
        academy=_through_academy(first, last),
    )


def _through_academy(first: Spell, last: Spell) -> bool:
    """The person's academy enrolment (one per council) started within this tenure, or up to
    :data:`ACADEMY_LEAD_DAYS` before its first day."""
    began = first.academy_started
    if began is None:
        return False
    return first.start - timedelta(days=ACADEMY_LEAD_DAYS) <= began and (
        last.end is None or began <= last.end
    )


@dataclass(frozen=True)
class Estimate:
    estimate: float
    low: float
    high: float


@dataclass
class GroupRetention:
    group: str
    people: int
    leavers: int
    in_post: int
    follow_up_years: float = 0.0
    curve: list[tuple[float, float, float, float]] = field(default_factory=list)
    at: dict[int, Estimate | None] = field(default_factory=dict)
    at_note: dict[int, str] = field(default_factory=dict)
    median_years: float | None = None
    median_note: str = ""
    early_leavers: int | None = None
    early_base: int | None = None
    suppressed: str = ""

    @property
    def early_rate(self) -> float | None:
        if not self.early_base or self.early_leavers is None:
            return None
        return round(100 * self.early_leavers / self.early_base, 1)

    def as_dict(self) -> dict[str, Any]:
        def est(e: Estimate | None) -> dict[str, float] | None:
            return None if e is None else {"estimate": e.estimate, "low": e.low, "high": e.high}

        hidden = self.suppressed == HIDDEN
        return {
            "group": self.group,
            "at_risk": None if hidden else self.people,
            "leavers": None if hidden else self.leavers,
            "in_post": None if hidden else self.in_post,
            "follow_up_years": None if hidden else round(self.follow_up_years, 2),
            "survival": {str(h): est(self.at.get(h)) for h in HORIZONS},
            "survival_notes": {str(h): self.at_note.get(h, "") for h in HORIZONS},
            "median_years": self.median_years,
            "median_note": self.median_note,
            "early_leavers": self.early_leavers,
            "early_base": self.early_base,
            "early_leaver_rate": self.early_rate,
            "suppressed": self.suppressed or None,
        }


@dataclass
class Count:
    code: int | None
    label: str
    count: int | None  # None: hidden (fewer than five)


@dataclass
class Retention:
    by: str
    on: date
    observed_from: date | None
    groups: list[GroupRetention]
    destinations: list[Count]
    reasons: list[Count]
    leavers_counted: int
    # What leavers said in their exit conversations, by the same groups (where recorded).
    exit_reasons: ExitReasons | None = None
    # People who left the council's employment and came back by ``on`` (boomerangs), where counted.
    returners: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "on": self.on.isoformat(),
            "observed_from": self.observed_from.isoformat() if self.observed_from else None,
            "groups": [g.as_dict() for g in self.groups],
            "destinations": [c.__dict__ for c in self.destinations],
            "reasons": [c.__dict__ for c in self.reasons],
            "exit_reasons": self.exit_reasons.as_dict() if self.exit_reasons else None,
            "returners": self.returners,
        }


def _years(a: date, b: date) -> float:
    return max((b - a).days, 0) / YEAR_DAYS


def _observation(t: Tenure, on: date, observed_from: date | None) -> tuple[float, int, float]:
    """(duration, event, entry) in years for one tenure on *on*."""
    left = t.end is not None and t.end <= on
    end = t.end if left and t.end is not None else on
    entry = _years(t.start, observed_from) if observed_from and observed_from > t.start else 0.0
    return _years(t.start, end), int(left), entry


def survival(
    tenures: Sequence[Tenure],
    *,
    on: date,
    by: str = "all",
    observed_from: date | None = None,
) -> Retention:
    """Kaplan–Meier retention on *on* of *tenures*, grouped *by* one of :data:`BY_FIELDS`.

    Tenures that started after *on*, or ended before *observed_from* (outside what the register
    watched), are left out.
    """
    if by not in BY_FIELDS:
        raise ValueError(f"by must be one of {', '.join(BY_FIELDS)}")
    kept = [
        t
        for t in tenures
        if t.start <= on and not (observed_from and t.end is not None and t.end < observed_from)
    ]
    grouped: dict[str, list[Tenure]] = defaultdict(list)
    for t in kept:
        grouped[t.group(by)].append(t)
    groups = [_group(name, rows, on, observed_from) for name, rows in sorted(grouped.items())]
    _hide_small(groups, lambda g: g.people, lambda g: setattr(g, "suppressed", HIDDEN))
    for g in groups:
        if g.suppressed:
            _blank(g)
    since = observed_from or date.min
    leavers = [t for t in kept if t.end is not None and since <= t.end <= on]
    return Retention(
        by=by,
        on=on,
        observed_from=observed_from,
        groups=groups,
        destinations=_counts([t.leaver_destination for t in leavers], LEAVER_DESTINATION),
        reasons=_counts([t.leaving_reason for t in leavers], REASON_LEAVE),
        leavers_counted=len(leavers),
    )


def _blank(g: GroupRetention) -> None:
    g.curve, g.at, g.median_years, g.median_note = [], dict.fromkeys(HORIZONS), None, ""
    g.at_note = dict.fromkeys(HORIZONS, g.suppressed)
    g.early_leavers = g.early_base = None


def _hide_small(items: list[Any], size: Callable[[Any], int], hide: Callable[[Any], None]) -> None:
    """Hide items under five, then the next smallest until what is hidden is none or five+."""
    hidden = [i for i in items if 0 < size(i) < SMALLEST_GROUP]
    shown = sorted((i for i in items if size(i) >= SMALLEST_GROUP), key=size)
    while hidden and sum(size(i) for i in hidden) < SMALLEST_GROUP and shown:
        hidden.append(shown.pop(0))
    for i in hidden:
        hide(i)


def _group(
    name: str, rows: Sequence[Tenure], on: date, observed_from: date | None
) -> GroupRetention:
    obs = [_observation(t, on, observed_from) for t in rows]
    durations = [o[0] for o in obs]
    events = [o[1] for o in obs]
    entries = [o[2] for o in obs]
    g = GroupRetention(
        name, len(rows), sum(events), sum(1 for e in events if not e), max(durations, default=0)
    )
    if len(rows) < SMALLEST_GROUP:
        return g
    if all(d <= e for d, e in zip(durations, entries, strict=True)):
        g.suppressed = "no time observed"
        return g
    from lifelines import KaplanMeierFitter
    from lifelines.exceptions import StatError

    try:
        km = KaplanMeierFitter().fit(durations, events, entry=entries, label=name)
    except StatError:
        # Left truncation with nobody at risk at some length of service: no estimate.
        g.suppressed = TOO_FEW_WATCHED
        return g
    table = km.survival_function_.join(km.confidence_interval_)
    for t, row in table.iterrows():
        g.curve.append(
            (
                round(float(t), 4),
                round(float(row.iloc[0]), 4),
                _clean(row.iloc[1]),
                _clean(row.iloc[2]),
            )
        )
    for h in HORIZONS:
        if h > g.follow_up_years:
            g.at[h] = None
            g.at_note[h] = NOT_FOLLOWED
            continue
        before = table[table.index <= h]
        first_entry = min(entries)
        if before.empty or h < first_entry:
            g.at[h] = None
            g.at_note[h] = NOT_WATCHED
            continue
        upto = before.iloc[-1]
        g.at[h] = Estimate(
            round(float(upto.iloc[0]), 4), _clean(upto.iloc[1]), _clean(upto.iloc[2])
        )
    median = float(km.median_survival_time_)
    if math.isinf(median) or math.isnan(median):
        g.median_note = "not reached: more than half still in post"
    else:
        g.median_years = round(median, 2)
    # Early leavers: of those who started at least twelve months ago, and whom the register
    # watched from their first day, how many left within twelve months.
    year_ago = on - timedelta(days=365)
    base = [
        t for t in rows if t.start <= year_ago and not (observed_from and t.start < observed_from)
    ]
    if len(base) >= SMALLEST_GROUP:
        g.early_base = len(base)
        g.early_leavers = sum(1 for t in base if t.end is not None and (t.end - t.start).days < 365)
    return g


def _clean(value: Any) -> float:
    v = float(value)
    return 0.0 if math.isnan(v) else round(v, 4)


def _counts(codes: Sequence[int | None], labels: dict[int, str]) -> list[Count]:
    tally = Counter(codes)
    rows = [
        Count(code, labels.get(code, "Not recorded") if code else "Not recorded", n)
        for code, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0] or 99))
    ]
    _hide_small(rows, lambda c: c.count or 0, lambda c: setattr(c, "count", None))
    return rows


def early_leaver_share(groups: Sequence[GroupRetention]) -> float | None:
    """The early-leaver rate over every group shown (for a headline)."""
    base = sum(g.early_base or 0 for g in groups if not g.suppressed)
    left = sum(g.early_leavers or 0 for g in groups if not g.suppressed)
    return round(100 * left / base, 1) if base else None


@dataclass
class ExitReasons:
    """Why leavers said they left (the main reason they gave in their exit conversation), by
    group: ``rows`` is (group, leavers with a conversation, counts by reason in ``reasons``'
    order); a ``None`` is hidden. Every row and column, and the totals, hide either nothing or
    five or more people between them, so nothing hidden can be worked out by subtraction."""

    by: str
    reasons: list[tuple[str, str]]
    rows: list[tuple[str, int | None, list[int | None]]]
    totals: list[int | None]
    conversations: int | None
    leavers: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "leavers": self.leavers,
            "conversations": self.conversations,
            "reasons": [{"code": c, "label": label} for c, label in self.reasons],
            "groups": [
                {
                    "group": g,
                    "conversations": n,
                    "main_reason": dict(zip(self._codes, cells, strict=True)),
                }
                for g, n, cells in self.rows
            ],
            "main_reason_totals": dict(zip(self._codes, self.totals, strict=True)),
            "hidden": "null: under five, or hidden so that one under five cannot be worked out",
        }

    @property
    def _codes(self) -> list[str]:
        return [c for c, _ in self.reasons]


def _balance(
    cells: list[tuple[int, int]], counts: dict[tuple[int, int], int], hidden: set[tuple[int, int]]
) -> bool:
    """Within one line of cells whose total is shown: hide the smallest shown ones until the
    hidden sum is none or five or more. True when it hid something."""
    hidden_sum = sum(counts[c] for c in cells if c in hidden)
    if hidden_sum == 0 or hidden_sum >= SMALLEST_GROUP:
        return False
    shown = sorted((c for c in cells if c not in hidden and counts[c] > 0), key=lambda c: counts[c])
    if not shown:
        return False
    hidden.add(shown[0])
    return True


def exit_reasons_by_group(
    tenures: Sequence[Tenure],
    reasons: Mapping[tuple[Any, Any], list[str]],
    labels: dict[str, str],
    *,
    on: date,
    by: str = "all",
    observed_from: date | None = None,
) -> ExitReasons:
    """The main reason each leaver gave in their exit conversation (*reasons*: (person, last
    day) → reason codes, main first), counted by the tenure's group *by*, for tenures that ended
    on or before *on* (and after *observed_from*). A group of fewer than five leavers with a
    conversation shows nothing; a count of one to four is hidden; then, row by row and column by
    column against the totals shown, more is hidden until nothing hidden can be worked out."""
    if by not in BY_FIELDS:
        raise ValueError(f"by must be one of {', '.join(BY_FIELDS)}")
    since = observed_from or date.min
    leavers = [t for t in tenures if t.end is not None and since <= t.end <= on]
    spoken: dict[str, Counter[str]] = defaultdict(Counter)
    for t in leavers:
        said = reasons.get((t.person, t.end))
        if said:
            spoken[t.group(by)][said[0]] += 1
    codes = [c for c in labels if any(spoken[g][c] for g in spoken)]
    groups = sorted(spoken)
    counts = {(i, j): spoken[g][c] for i, g in enumerate(groups) for j, c in enumerate(codes)}
    hidden = {cell for cell, n in counts.items() if 0 < n < SMALLEST_GROUP}
    sizes = {i: sum(spoken[g].values()) for i, g in enumerate(groups)}
    small_groups: set[int] = set()
    rows_hidden: list[int] = []
    _hide_small(list(sizes), lambda i: sizes[i], rows_hidden.append)
    small_groups.update(rows_hidden)
    changed = True
    while changed:
        changed = False
        for i in small_groups:
            for j in range(len(codes)):
                if (i, j) not in hidden:
                    hidden.add((i, j))
                    changed = True
        for i in range(len(groups)):
            if i not in small_groups:
                changed |= _balance([(i, j) for j in range(len(codes))], counts, hidden)
        for j in range(len(codes)):
            changed |= _balance([(i, j) for i in range(len(groups))], counts, hidden)
    total = sum(sizes.values())
    column_totals = [sum(counts[(i, j)] for i in range(len(groups))) for j in range(len(codes))]
    # A column's total is hidden with the rule of the rest (one to four), and then so many
    # more that the hidden totals are none or five or more.
    total_cells = {(0, j): n for j, n in enumerate(column_totals)}
    totals_hidden = {c for c, n in total_cells.items() if 0 < n < SMALLEST_GROUP}
    while _balance(list(total_cells), total_cells, totals_hidden):
        pass
    return ExitReasons(
        by=by,
        reasons=[(c, labels[c]) for c in codes],
        rows=[
            (
                g,
                None if i in small_groups else sizes[i],
                [None if (i, j) in hidden else counts[(i, j)] for j in range(len(codes))],
            )
            for i, g in enumerate(groups)
        ],
        totals=[None if (0, j) in totals_hidden else n for j, n in enumerate(column_totals)],
        conversations=total if total >= SMALLEST_GROUP else None,
        leavers=len(leavers),
    )
