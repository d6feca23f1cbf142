"""The allocation assistant: which workers in a team could take a family's children, best first.

Rules, in order:

1. **Never over a cap.** Nobody is suggested whose load after the allocation would exceed their
   own cap (already pro rata for part-time workers and ramped for newly qualified ones), nor
   anyone absent on the date, nor anyone whose cap is 0, nor — in a transfer — anyone who already
   holds a child being moved. Everyone else in the team is listed as
   *not suggested*, with the reason in words.
2. **Siblings together.** A worker who already holds other children of the family comes first
   (the more of them, the earlier).
3. **Someone who knew the family.** Next, a worker who held one of its children before (the more
   recently, the earlier).
4. **Room to spare.** Then the most room left after the allocation as a share of the worker's cap,
   so part-time workers are compared fairly; ties go by name, then by worker id. The order never
   depends on the order of the input.

Each suggestion says why, in sentences a manager can read out to the worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from analytics.caseload import weighted_load

TOLERANCE = 1e-9


@dataclass(frozen=True)
class Candidate:
    worker_id: int
    name: str
    fte: float
    cap: float
    load: float
    siblings_held: int = 0
    knew_family_until: date | None = None
    newly_qualified: bool = False
    absent: bool = False
    holds_moving: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    rank: int
    load_after: float
    room_after: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NotSuggested:
    candidate: Candidate
    reason: str


@dataclass(frozen=True)
class Advice:
    suggestions: tuple[Suggestion, ...]
    not_suggested: tuple[NotSuggested, ...]
    summary: str


def number(value: float) -> str:
    """17 not 17.0; 10.2 with one decimal place otherwise."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def _children(count: int) -> str:
    return f"{count} child" if count == 1 else f"{count} children"


def over_cap_words(
    candidate: Candidate, case_types: Sequence[str], weights: Mapping[str, float] | None = None
) -> str | None:
    """None when the allocation fits the worker; otherwise why they are not suggested."""
    new = weighted_load(case_types, weights or {})
    if candidate.holds_moving:
        held = ", ".join(candidate.holds_moving)
        return f"Already holds {held}, so a transfer must go to someone else."
    if candidate.absent:
        return "Absent on the date of the allocation."
    if candidate.cap <= 0:
        return "Not expected to hold cases yet (a cap of 0)."
    after = candidate.load + new
    if after > candidate.cap + TOLERANCE:
        return (
            f"Would go over their cap: {number(candidate.load)} + {number(new)} = "
            f"{number(after)} against a cap of {number(candidate.cap)}."
        )
    return None


def _reasons(c: Candidate, after: float) -> tuple[str, ...]:
    reasons = []
    if c.siblings_held:
        reasons.append(
            f"Already works with {_children(c.siblings_held)} of the family, "
            "so the siblings stay together."
        )
    if c.knew_family_until is not None:
        reasons.append(f"Knows the family: worked with them until {c.knew_family_until:%-d %B %Y}.")
    spare = c.cap - after
    reasons.append(
        f"Would hold {number(after)} of a cap of {number(c.cap)} ({number(spare)} to spare)."
    )
    if c.fte < 1:
        reasons.append(f"Part-time ({number(c.fte * 100)}% FTE), so their cap is {number(c.cap)}.")
    if c.newly_qualified:
        reasons.append("Newly qualified: their cap is building up, so keep the work manageable.")
    return tuple(reasons)


def _order(c: Candidate, after: float) -> tuple[object, ...]:
    share_left = (c.cap - after) / c.cap
    knew = -c.knew_family_until.toordinal() if c.knew_family_until else 0
    return (
        -c.siblings_held,
        c.knew_family_until is None,
        knew,
        -round(share_left, 9),
        c.name,
        c.worker_id,
    )


def advise(
    candidates: Iterable[Candidate],
    case_types: Sequence[str],
    weights: Mapping[str, float] | None = None,
) -> Advice:
    """Rank the team's workers for children of the given case types (see the module rules)."""
    new = weighted_load(case_types, weights or {})
    fits, refused = [], []
    for c in candidates:
        why = over_cap_words(c, case_types, weights)
        if why is None:
            fits.append(c)
        else:
            refused.append(NotSuggested(c, why))
    fits.sort(key=lambda c: _order(c, c.load + new))
    suggestions = tuple(
        Suggestion(
            candidate=c,
            rank=i,
            load_after=round(c.load + new, 2),
            room_after=round(max(c.cap - c.load - new, 0.0), 2),
            reasons=_reasons(c, c.load + new),
        )
        for i, c in enumerate(fits, start=1)
    )
    refused.sort(key=lambda n: (n.candidate.name, n.candidate.worker_id))
    children = _children(len(case_types))
    if suggestions:
        who = "1 worker has" if len(suggestions) == 1 else f"{len(suggestions)} workers have"
        summary = f"{who} room for {'this child' if len(case_types) == 1 else f'these {children}'}."
    else:
        summary = (
            f"Nobody in the team has room for {children}: a manager may override with a "
            "reason, or look in another team."
        )
    return Advice(suggestions, tuple(refused), summary)
