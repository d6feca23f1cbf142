"""Matching people to openings, with the reasons in words.

Two rankings, both plain functions over small dataclasses (no Django):

- :func:`rank_shortlist` orders the internal talent pool for a vacant manager post by readiness,
  experience of the team type, development completed and stated interest;
- :func:`rank_mentors` orders the colleagues who offer a practice skill for a person who asked
  for it, leaving out anyone who is the person's line manager, is the person, or has no room.

Each result carries a score and the sentences that explain it, so a recruiter or a mentee sees
why someone is suggested, not just that they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

READINESS_POINTS = {"ready_now": 3, "ready_12": 1}


@dataclass(frozen=True)
class PoolCandidate:
    """One person in the talent pool, as the shortlist sees them.

    Attributes
    ----------
    person_id, name : the person.
    readiness : ``"ready_now"`` or ``"ready_12"``.
    interest : team types they said they would like to manage (may be empty: any).
    months_by_team_type : months they have worked in teams of each type.
    development : programmes and panels completed, in words (e.g. "Firstline (2025)").
    """

    person_id: int
    name: str
    readiness: str
    interest: tuple[str, ...] = ()
    months_by_team_type: dict[str, int] = field(default_factory=dict)
    development: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranked:
    """A suggestion: who, how strongly (higher first), and why in words."""

    person_id: int
    name: str
    score: int
    reasons: tuple[str, ...]


def _months(n: int) -> str:
    if n >= 24:
        return f"{n // 12} years"
    return f"{n} month{'s' if n != 1 else ''}"


def rank_shortlist(
    candidates: list[PoolCandidate], *, team_type: str, team_type_label: str
) -> list[Ranked]:
    """Rank the pool for a manager post in a team of *team_type*.

    Points: ready now 3, ready in 12 months 1; a year or more in that type of team 2, less than a
    year 1; each piece of development completed 1 (at most 2); interest in that type of team 1.
    Ties go to the longer experience of the team type, then the name.

    Returns
    -------
    list of :class:`Ranked`, best first.
    """
    ranked = []
    for c in candidates:
        score = READINESS_POINTS.get(c.readiness, 0)
        reasons = ["Ready now" if c.readiness == "ready_now" else "Ready in 12 months"]
        months = c.months_by_team_type.get(team_type, 0)
        if months >= 12:
            score += 2
            reasons.append(f"{_months(months)} in {team_type_label.lower()} teams")
        elif months > 0:
            score += 1
            reasons.append(f"{_months(months)} in {team_type_label.lower()} teams (under a year)")
        else:
            reasons.append(f"No experience of {team_type_label.lower()} teams yet")
        if c.development:
            score += min(len(c.development), 2)
            reasons.append("Completed " + ", ".join(c.development))
        else:
            reasons.append("No leadership development recorded")
        if team_type in c.interest:
            score += 1
            reasons.append(f"Interested in managing {team_type_label.lower()} teams")
        elif c.interest:
            reasons.append("Interested in other kinds of team")
        ranked.append((score, months, c, tuple(reasons)))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2].name))
    return [Ranked(c.person_id, c.name, score, reasons) for score, _, c, reasons in ranked]


@dataclass(frozen=True)
class MentorOffer:
    """A colleague's offer of a skill, as the matching sees it.

    Attributes
    ----------
    offer_id, person_id, name : the offer and who made it.
    capacity : how many mentees they take at a time; ``current`` how many they have now.
    seen_in_supervision : held supervision sessions where the skill was recorded in their work.
    champion : a practice champion for the skill.
    """

    offer_id: int
    person_id: int
    name: str
    capacity: int
    current: int = 0
    seen_in_supervision: int = 0
    champion: bool = False
    same_team: bool = False


def rank_mentors(
    offers: list[MentorOffer], *, mentee_id: int, line_manager_ids: frozenset[int], skill: str
) -> list[Ranked]:
    """Rank who could mentor a person in *skill*.

    Left out: the person themselves, their line managers, and anyone already at capacity.
    Points: a practice champion for the skill 2; seen in supervision 1 a session (at most 3);
    room for more than one more 1. A colleague outside the mentee's own team is preferred on a
    tie (a fresh view). ``Ranked.person_id`` is the offer's id, so the choice names the offer.
    """
    ranked = []
    for o in offers:
        if o.person_id == mentee_id or o.person_id in line_manager_ids:
            continue
        room = o.capacity - o.current
        if room <= 0:
            continue
        score = 0
        reasons = [f"Offers to mentor in {skill.lower()}"]
        if o.champion:
            score += 2
            reasons.append(f"A practice champion for {skill.lower()}")
        if o.seen_in_supervision:
            score += min(o.seen_in_supervision, 3)
            times = o.seen_in_supervision
            sessions = f"{times} session{'s' if times != 1 else ''}"
            reasons.append(f"Their supervisors recorded this skill in {sessions}")
        if room > 1:
            score += 1
        reasons.append(f"Has room for {room} more" if room > 1 else "Has room for one more")
        reasons.append("Not your line manager")
        if o.same_team:
            reasons.append("Works in your team")
        ranked.append((score, o.same_team, o, tuple(reasons)))
    ranked.sort(key=lambda r: (-r[0], r[1], r[2].name))
    return [Ranked(o.offer_id, o.name, score, reasons) for score, _, o, reasons in ranked]
