"""Programme evaluation: did people's answers change, and did participants stay longer than
comparable colleagues?

Paired change
    For each questionnaire item and each later measurement point, only participants who answered
    both the baseline and that point count. We report n, the means before and after, the mean
    change, its standard deviation, a 95% confidence interval from the t distribution (n − 1
    degrees of freedom) and the paired t-test p-value. With fewer than five pairs nothing is
    shown but the count: groups smaller than five are never shown.

Retention
    Participants are compared with colleagues who did not take part and were comparable on the
    participant's index date (when they joined the programme): the same role, the same team type
    and the same length-of-service band (under 2, 2–5, 5–10, 10 or more years). Each group's
    time from the index date to leaving (or to today, censored) is drawn as a Kaplan–Meier
    survival curve with its 95% confidence band (lifelines), and the curves are compared with a
    log-rank test. A group with fewer than five people is not drawn.

p-values are kept as computed (an export carries the number) and written for people by
:func:`format_p_value`, as statisticians write them: "< 0.001" below one in a thousand,
otherwise three significant digits ("0.0123", "0.500").
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from scipy import stats

SMALLEST_GROUP = 5
SMALLEST_P_SHOWN = 0.001
"""Below this a p-value is written "< 0.001": more digits claim a precision the test lacks."""
SERVICE_BANDS = ((0, 2, "under 2 years"), (2, 5, "2 to 5 years"), (5, 10, "5 to 10 years"))


def format_p_value(p: float | None, *, with_p: bool = False) -> str:
    """A p-value as statisticians write it: "< 0.001", otherwise three significant digits.

    Parameters
    ----------
    p : float or None
        The p-value (None: no test was run).
    with_p : bool, default False
        Write it as a statement, "p < 0.001" or "p = 0.0123", for a sentence.

    Returns
    -------
    str
        ``"< 0.001"``, ``"0.0123"``, ``"0.500"``, ``"1.00"`` (or with ``"p "``/``"p = "`` in
        front); ``""`` for None or a value that is not a number.

    Examples
    --------
    >>> format_p_value(0.00002), format_p_value(0.012345), format_p_value(0.5)
    ('< 0.001', '0.0123', '0.500')
    >>> format_p_value(0.04, with_p=True), format_p_value(0.0, with_p=True)
    ('p = 0.0400', 'p < 0.001')
    """
    if p is None or not isinstance(p, int | float) or math.isnan(p):
        return ""
    value = min(max(float(p), 0.0), 1.0)
    if value < SMALLEST_P_SHOWN:
        return "p < 0.001" if with_p else "< 0.001"
    text = f"{value:#.3g}"
    return f"p = {text}" if with_p else text


@dataclass(frozen=True)
class Answer:
    participant: int | str
    item: str
    point: str
    score: float


@dataclass(frozen=True)
class PairedChange:
    item: str
    from_point: str
    to_point: str
    n: int
    mean_before: float | None = None
    mean_after: float | None = None
    mean_change: float | None = None
    sd_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    suppressed: str = ""


def paired_changes(
    answers: Iterable[Answer], baseline: str, later: Sequence[str]
) -> list[PairedChange]:
    """Paired change from *baseline* to each of *later*, per item."""
    by: dict[tuple[str, str], dict[int | str, float]] = defaultdict(dict)
    items: list[str] = []
    for a in answers:
        by[(a.item, a.point)][a.participant] = a.score
        if a.item not in items:
            items.append(a.item)
    out = []
    for item in items:
        before = by.get((item, baseline), {})
        for point in later:
            after = by.get((item, point), {})
            pairs = [(before[p], after[p]) for p in before if p in after]
            out.append(_paired(item, baseline, point, pairs))
    return out


def _paired(item: str, a: str, b: str, pairs: list[tuple[float, float]]) -> PairedChange:
    n = len(pairs)
    if n < SMALLEST_GROUP:
        return PairedChange(item, a, b, n, suppressed="Fewer than five people answered both")
    diffs = [y - x for x, y in pairs]
    mean = sum(diffs) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    p = (
        1.0
        if sd == 0 and mean == 0
        else (
            0.0
            if sd == 0
            else float(stats.ttest_rel([y for _, y in pairs], [x for x, _ in pairs]).pvalue)
        )
    )
    return PairedChange(
        item,
        a,
        b,
        n,
        mean_before=round(sum(x for x, _ in pairs) / n, 2),
        mean_after=round(sum(y for _, y in pairs) / n, 2),
        mean_change=round(mean, 2),
        sd_change=round(sd, 3),
        ci_low=round(mean - half, 2),
        ci_high=round(mean + half, 2),
        p_value=p,
    )


def means_over_time(
    answers: Iterable[Answer], points: Sequence[str]
) -> dict[str, list[tuple[str, int, float | None]]]:
    """Per item, each point's (point, n, mean) — the mean hidden under five answers."""
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    items: list[str] = []
    for a in answers:
        scores[(a.item, a.point)].append(a.score)
        if a.item not in items:
            items.append(a.item)
    out = {}
    for item in items:
        row = []
        for point in points:
            values = scores.get((item, point), [])
            shown = len(values) >= SMALLEST_GROUP
            row.append((point, len(values), round(sum(values) / len(values), 2) if shown else None))
        out[item] = row
    return out


# --- Retention ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A person on an index date: their role, team type, when they started, and when (if) they
    left. For a participant the index date is when they joined the programme."""

    id: int | str
    role: int | str | None
    team_type: str
    started: date
    left: date | None
    index: date | None = None


def service_band(started: date, on: date) -> str:
    years = (on - started).days / 365.25
    for low, high, label in SERVICE_BANDS:
        if low <= years < high:
            return label
    return "10 years or more"


def match_comparators(
    participants: Sequence[Person],
    pool: Sequence[Person] | Callable[[date], Sequence[Person]],
    *,
    per_participant: int = 3,
    seed: int = 0,
) -> list[Person]:
    """Up to *per_participant* comparable colleagues for each participant, each used once: in post
    on the participant's index date, same role, team type and service band. Deterministic.

    *pool* is either the colleagues as they were on every index date, or — when participants
    joined on different days — a function giving the colleagues as they were on a date (their
    role and team type that day), called once for each participant's own index date, so someone
    who started after the programme began can match a participant who joined later."""
    rng = random.Random(seed)
    taken_ids = {p.id for p in participants}
    used: set[int | str] = set()
    chosen = []
    pools: dict[date, Sequence[Person]] = {}
    for p in sorted(participants, key=lambda x: str(x.id)):
        assert p.index is not None
        if callable(pool):
            if p.index not in pools:
                pools[p.index] = pool(p.index)
            on_day = pools[p.index]
        else:
            on_day = pool
        band = service_band(p.started, p.index)
        candidates = [
            c
            for c in on_day
            if c.id not in taken_ids
            and c.id not in used
            and c.started <= p.index
            and (c.left is None or c.left > p.index)
            and c.role == p.role
            and c.team_type == p.team_type
            and service_band(c.started, p.index) == band
        ]
        candidates.sort(key=lambda c: str(c.id))
        for c in rng.sample(candidates, k=min(per_participant, len(candidates))):
            used.add(c.id)
            chosen.append(Person(c.id, c.role, c.team_type, c.started, c.left, index=p.index))
    return chosen


@dataclass
class Curve:
    label: str
    n: int
    events: int
    points: list[tuple[float, float, float, float]] = field(default_factory=list)
    at: dict[int, float | None] = field(default_factory=dict)
    suppressed: str = ""


@dataclass
class Retention:
    participants: Curve
    comparators: Curve
    logrank_p: float | None


def _durations(people: Sequence[Person], as_of: date) -> tuple[list[float], list[int]]:
    durations, events = [], []
    for p in people:
        assert p.index is not None
        end = p.left if p.left is not None and p.left <= as_of else as_of
        durations.append(max((end - p.index).days, 0) / 30.44)
        events.append(1 if p.left is not None and p.left <= as_of else 0)
    return durations, events


def _curve(
    label: str, people: Sequence[Person], as_of: date
) -> tuple[Curve, list[float], list[int]]:
    from lifelines import KaplanMeierFitter

    durations, events = _durations(people, as_of)
    curve = Curve(label, len(people), sum(events))
    if len(people) < SMALLEST_GROUP:
        curve.suppressed = "Fewer than five people"
        return curve, durations, events
    km = KaplanMeierFitter().fit(durations, events, label=label)
    table = km.survival_function_.join(km.confidence_interval_)
    for t, row in table.iterrows():
        curve.points.append(
            (
                round(float(t), 2),
                round(float(row.iloc[0]), 4),
                round(float(row.iloc[1]), 4),
                round(float(row.iloc[2]), 4),
            )
        )
    for months in (6, 12, 24):
        longest = max(durations) if durations else 0
        curve.at[months] = round(float(km.predict(months)), 3) if months <= longest else None
    return curve, durations, events


def retention(
    participants: Sequence[Person], comparators: Sequence[Person], as_of: date
) -> Retention:
    """Kaplan–Meier retention of participants and comparable colleagues, and a log-rank test."""
    from lifelines.statistics import logrank_test

    a, da, ea = _curve("Participants", participants, as_of)
    b, db, eb = _curve("Comparable colleagues", comparators, as_of)
    p = None
    if not a.suppressed and not b.suppressed and (sum(ea) + sum(eb)) > 0:
        p = float(logrank_test(da, db, event_observed_A=ea, event_observed_B=eb).p_value)
    return Retention(a, b, p)
