"""Reads for caseload measures: each worker's load against their own cap, for a team, a council,
a person; trends and leavers with cases.

Every page reads the people, their spells and their allocations in a fixed number of queries and
works the caps out in Python with ``analytics.caseload``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from analytics.caseload import CapPolicy, status, weighted_load, worker_cap
from thrive.caseloads.models import (
    Allocation,
    CaseloadPolicy,
    ChildStatus,
    Family,
    FamilyMember,
)
from thrive.core.models import current_q
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import EmploymentSpell, Organisation, Team

NEWLY_QUALIFIED_ORIGIN = 1


class Policies:
    """The policies of one organisation, to look up the one in force for a team on a date."""

    def __init__(self, organisation: Organisation) -> None:
        rows = list(CaseloadPolicy.objects.for_org(organisation).order_by("-effective_from"))
        self.by_team: dict[int | None, list[CaseloadPolicy]] = defaultdict(list)
        for row in rows:
            self.by_team[row.team_id].append(row)

    def record(self, team_id: int | None, on: date) -> CaseloadPolicy | None:
        for key in (team_id, None):
            for row in self.by_team.get(key, []):
                if row.effective_from <= on:
                    return row
        return None

    def on(self, team_id: int | None, on: date) -> CapPolicy:
        row = self.record(team_id, on)
        if row is None:
            return CapPolicy()
        return CapPolicy(
            full_time_cap=float(row.full_time_cap),
            ramp_months=row.ramp_months,
            ramp_cap=float(row.ramp_cap),
            asye_months=row.asye_months,
            asye_reduction=float(row.asye_reduction_percent) / 100,
            weights=row.weights or {},
        )


def asye_start(spell: EmploymentSpell) -> date | None:
    """When a newly qualified worker's assessed year began: a spell that started as newly
    qualified, or within a year of qualifying."""
    person = spell.person
    if spell.profession != "social_worker":
        return None
    if spell.start_origin == NEWLY_QUALIFIED_ORIGIN:
        return spell.start_date
    qualified = person.qualified_on
    if qualified and timedelta(0) <= spell.start_date - qualified <= timedelta(days=365):
        return spell.start_date
    return None


def asye_starts(
    organisation: Organisation, spells: Iterable[EmploymentSpell]
) -> dict[int, date | None]:
    """When each spell's person began their assessed year, judged on their *first* social work
    spell with the council — a newly qualified worker who moves team in their first year keeps
    their ramp and reduction, rather than starting again. One query."""
    people = {s.person_id for s in spells}
    first: dict[int, EmploymentSpell] = {}
    for spell in (
        EmploymentSpell.objects.for_org(organisation)
        .filter(person_id__in=people, profession="social_worker")
        .select_related("person")
        .order_by("person_id", "start_date")
    ):
        first.setdefault(spell.person_id, spell)
    return {pid: asye_start(spell) for pid, spell in first.items()}


@dataclass
class WorkerLoad:
    spell: EmploymentSpell
    cases: int
    load: float
    cap: float
    status: str
    colour: str
    newly_qualified: bool
    percent: int | None = None
    children: list[Allocation] = field(default_factory=list)


def _held(on: date) -> Q:
    return current_q(Allocation, on)


def _in_post(on: date) -> Q:
    return current_q(EmploymentSpell, on)


History = dict[str, list[tuple[date, date | None, str]]]


def status_history(
    organisation: Organisation, allocations: QuerySet[Allocation], since: date, until: date
) -> History:
    """The case statuses in force at some time from *since* to *until* of the children of
    *allocations* (one query, with the allocations as a subquery however many): the family
    record's status, changed in the app, outranks the allocation's case type."""
    history: History = defaultdict(list)
    for child_id, start, end, value in (
        ChildStatus.objects.for_org(organisation)
        .filter(
            child__member_id__in=allocations.values("child_id"),
            child__is_child=True,
            start_date__lte=until,
        )
        .not_ended(since)
        .values_list("child__member_id", "start_date", "end_date", "status")
    ):
        history[child_id].append((start, end, value))
    return history


def case_type_on(history: History, child_id: str, day: date, fallback: str) -> str:
    """The child's case status on *day* from *history*, else the allocation's case type."""
    for start, end, value in history.get(child_id, ()):
        if start <= day and (end is None or end > day):
            return value
    return fallback


def worker_loads(
    organisation: Organisation,
    spells: list[EmploymentSpell],
    on: date,
    *,
    keep_children: bool = False,
) -> list[WorkerLoad]:
    """Load against cap for each spell's worker on *on* (one query for the allocations)."""
    policies = Policies(organisation)
    people = {s.person_id for s in spells}
    held: dict[int, list[Allocation]] = defaultdict(list)
    held_now = Allocation.objects.for_org(organisation).filter(_held(on), worker_id__in=people)
    allocations = list(held_now)
    history = status_history(organisation, held_now, on, on)
    for a in allocations:
        # Weighted by the status in force that day (shown so, too; never saved).
        a.case_type = case_type_on(history, a.child_id, on, a.case_type)
        held[a.worker_id].append(a)
    result = []
    starts = asye_starts(organisation, spells)
    for s in spells:
        policy = policies.on(s.team_id, on)
        start = starts.get(s.person_id)
        cap = worker_cap(policy, fte=float(s.fte), on=on, asye_start=start)
        children = held.get(s.person_id, [])
        load = weighted_load([a.case_type for a in children], policy.weights)
        words, colour = status(load, cap)
        newly = start is not None and on < start + timedelta(days=policy.asye_months * 30.44)
        result.append(
            WorkerLoad(
                spell=s,
                cases=len(children),
                load=load,
                cap=cap,
                status=words,
                colour=colour,
                newly_qualified=newly,
                percent=round(load / cap * 100) if cap else None,
                children=children if keep_children else [],
            )
        )
    return result


# Census OrgRole: 4 senior practitioner, 5 case holder (a blank role is taken as case holding).
CASE_HOLDING_ROLES = (4, 5)
CASE_HOLDING_CONTRACTS = ("permanent", "fixed_term", "agency")


def holds_cases_by_role(spell: EmploymentSpell) -> bool:
    """Whether the spell's role is a case-holding one (not a manager's, nor qualified without
    cases): the workers the allocation assistant may suggest."""
    return spell.org_role is None or spell.org_role in CASE_HOLDING_ROLES


@dataclass(frozen=True)
class CaseHolders:
    """The case holders on a day, by the one definition the Caseloads page, its trend, the team
    board and the statutory measures share (``docs/caseloads.md``, ``analytics/measures.py``):
    social workers in post or on agency that day holding at least one child that day. ``people``
    counts each person once, ``fte`` sums their spells covering the day and ``children`` counts
    each child once per case holder."""

    people: int
    fte: float
    children: int

    @property
    def average(self) -> float | None:
        """Children per case-holding FTE, to one decimal place (``caseload_fte``)."""
        return round(self.children / self.fte, 1) if self.fte else None


def case_holders(rows: Iterable[tuple[int, float, Iterable[str]]]) -> CaseHolders:
    """Case holders from (person, spell FTE, children held) rows, one per spell in post or on
    agency on the day: a person with no children is not one."""
    fte = 0.0
    held: dict[int, set[str]] = defaultdict(set)
    for person, spell_fte, children in rows:
        mine = set(children)
        if mine:
            held[person] |= mine
            fte += float(spell_fte)
    return CaseHolders(len(held), round(fte, 6), sum(len(c) for c in held.values()))


def loads_case_holders(loads: Iterable[WorkerLoad]) -> CaseHolders:
    """:func:`case_holders` of a board's loads (made with ``keep_children=True``)."""
    return case_holders(
        (w.spell.person_id, float(w.spell.fte), [a.child_id for a in w.children]) for w in loads
    )


def case_holding_spells(
    organisation: Organisation, on: date, **filters: Any
) -> list[EmploymentSpell]:
    """Social workers in post or on agency on *on* in a case-holding role — plus anyone else
    (a manager, say) who holds a case that day, so every child held is counted somewhere."""
    holding_today = Allocation.objects.for_org(organisation).filter(_held(on)).values("worker_id")
    return list(
        EmploymentSpell.objects.for_org(organisation)
        .filter(
            _in_post(on),
            profession="social_worker",
            contract__in=CASE_HOLDING_CONTRACTS,
            **filters,
        )
        .filter(
            Q(org_role__isnull=True)
            | Q(org_role__in=CASE_HOLDING_ROLES)
            | Q(person_id__in=holding_today)
        )
        .select_related("person", "team")
        .order_by("person__last_name", "person__first_name")
    )


def month_ends(on: date, count: int = 12) -> list[date]:
    """The last day of each of the *count* months up to *on* (the last being *on* itself)."""
    days = [on]
    current = on.replace(day=1) - timedelta(days=1)
    while len(days) < count:
        days.insert(0, current)
        current = current.replace(day=1) - timedelta(days=1)
    return days


def team_trend(organisation: Organisation, team_id: int, on: date) -> list[dict[str, Any]]:
    """Total load and total cap of a team at each of the last twelve month ends."""
    return caseload_trend(organisation, on, team_ids={team_id})


def caseload_trend(
    organisation: Organisation, on: date, *, team_ids: set[int] | None = None
) -> list[dict[str, Any]]:
    """At each of the last twelve month ends, for the teams given (or the whole council): the
    board's people that day (``workers``: case-holding roles, or holding a case), the case
    holders among them (``holders``, ``holders_fte``: :class:`CaseHolders`, the measures'
    definition) and those holding none (``not_holding``), the case holders' total weighted load
    and total cap, the children held, the average per case-holding FTE and how many were over
    their cap. Four queries, whatever the size of the council."""
    dates = month_ends(on)
    spell_rows = EmploymentSpell.objects.for_org(organisation).filter(
        profession="social_worker", contract__in=CASE_HOLDING_CONTRACTS, start_date__lte=on
    )
    if team_ids is not None:
        spell_rows = spell_rows.filter(team_id__in=team_ids)
    spells = list(spell_rows.not_ended(dates[0]))
    people = {s.person_id for s in spells}
    in_window = (
        Allocation.objects.for_org(organisation)
        .filter(worker_id__in=people, start_date__lte=on)
        .not_ended(dates[0])
    )
    allocations = list(
        in_window.values_list("worker_id", "child_id", "case_type", "start_date", "end_date")
    )
    history = status_history(organisation, in_window, dates[0], on)
    starts = asye_starts(organisation, spells)
    policies = Policies(organisation)
    points = []
    for day in dates:
        by_child: dict[int, dict[str, str]] = defaultdict(dict)
        for w, c, t, s, e in allocations:
            if s <= day and (e is None or e > day):
                by_child[w][c] = case_type_on(history, c, day, t)
        held = {w: list(types.values()) for w, types in by_child.items()}
        # The same people as the board on that day (case-holding roles, or holding a case).
        current = [
            s
            for s in spells
            if s.start_date <= day
            and (s.end_date is None or s.end_date > day)
            and (holds_cases_by_role(s) or s.person_id in held)
        ]
        load = cap = 0.0
        over = 0
        for spell in current:
            mine = held.get(spell.person_id, [])
            if not mine:
                continue  # not a case holder: the total cap is the case holders' alone
            policy = policies.on(spell.team_id, day)
            worker_load = weighted_load(mine, policy.weights)
            worker_limit = worker_cap(
                policy, fte=float(spell.fte), on=day, asye_start=starts.get(spell.person_id)
            )
            load += worker_load
            cap += worker_limit
            over += status(worker_load, worker_limit)[1] == "red"
        holders = case_holders(
            (s.person_id, float(s.fte), by_child.get(s.person_id, {}).keys()) for s in current
        )
        points.append(
            {
                "date": day,
                "load": round(load, 2),
                "cap": round(cap, 1),
                "workers": len(current),
                "holders": holders.people,
                "holders_fte": round(holders.fte, 1),
                "not_holding": len({s.person_id for s in current} - set(held)),
                "children": holders.children,
                "average": holders.average,
                "over": over,
            }
        )
    return points


# --- Families: who may see them --------------------------------------------------------------


def left_from(organisation: Organisation, on: date, where: Q) -> QuerySet[EmploymentSpell]:
    """The last spells (matching *where*, e.g. a team) of people who are in post nowhere on *on*:
    the leavers whose cases a team still answers for until they are transferred. One subquery."""
    spells = EmploymentSpell.objects.for_org(organisation)
    later = spells.filter(
        person_id=OuterRef("person_id"), start_date__gt=OuterRef("start_date"), start_date__lte=on
    )
    return (
        spells.filter(where, start_date__lte=on, end_date__isnull=False, end_date__lte=on)
        .exclude(Exists(later))
        .exclude(person_id__in=spells.filter(_in_post(on)).values("person_id"))
    )


@dataclass
class LeaverCases:
    """Children still allocated to someone who has left, and the families they belong to."""

    spell: EmploymentSpell
    children: int
    families: list[Family]
    hidden: int = 0


def leavers_with_cases(
    organisation: Organisation, on: date, team_ids: Iterable[int]
) -> list[LeaverCases]:
    """People who left from the teams *team_ids* — their last spell was there — and still hold
    cases on *on*: the children a manager must transfer. Starts from the children held by people
    in post nowhere (few), so it is quick whatever the size of the council. Three queries."""
    teams = set(team_ids)
    in_post = EmploymentSpell.objects.for_org(organisation).filter(_in_post(on))
    held_by_leavers = list(
        Allocation.objects.for_org(organisation)
        .filter(_held(on))
        .exclude(worker_id__in=in_post.values("person_id"))
        .values_list("worker_id", "child_id")
    )
    last: dict[int, EmploymentSpell] = {}
    for spell in (
        EmploymentSpell.objects.for_org(organisation)
        .filter(person_id__in={w for w, _ in held_by_leavers}, start_date__lte=on)
        .select_related("person", "team")
        .order_by("start_date")
    ):
        last[spell.person_id] = spell
    spells = {p: s for p, s in last.items() if s.team_id in teams}
    held = [(w, c) for w, c in held_by_leavers if w in spells]
    family_of: dict[str, Family] = {
        m.member_id: m.family
        for m in FamilyMember.objects.for_org(organisation)
        .filter(is_child=True, member_id__in={c for _, c in held})
        .select_related("family")
    }
    result: dict[int, LeaverCases] = {}
    for worker_id, child_id in held:
        row = result.setdefault(worker_id, LeaverCases(spells[worker_id], 0, []))
        row.children += 1
        family = family_of.get(child_id)
        if family is not None and family not in row.families:
            row.families.append(family)
    return sorted(result.values(), key=lambda r: (r.spell.end_date, r.spell.person.last_name))


BANDS = [(0, 5), (6, 10), (11, 15), (16, 20), (21, 25), (26, None)]


def caseload_summary(access: Access, on: date) -> dict[str, Any]:
    """The organisation view for the teams *access* may see: per team workers, children, over and
    near cap and the average; the distribution of caseloads; the average per case-holding FTE;
    who is over cap, and newly qualified workers over their ramp. A fixed number of queries."""

    organisation = access.organisation
    teams = list(Team.objects.visible_to(access, Cap.CASELOAD_VIEW).order_by("name"))
    team_ids = {t.pk for t in teams}
    spells = [s for s in case_holding_spells(organisation, on) if s.team_id in team_ids]
    loads = worker_loads(organisation, spells, on, keep_children=True)
    holders = [w for w in loads if w.cases]
    counted = loads_case_holders(loads)
    left = leavers_with_cases(organisation, on, team_ids)
    by_team: dict[int, list[WorkerLoad]] = {t.pk: [] for t in teams}
    for w in loads:
        by_team[w.spell.team_id].append(w)
    rows = []
    for team in teams:
        ws = by_team[team.pk]
        holding = [w for w in ws if w.cases]
        rows.append(
            {
                "team": team,
                "workers": len(ws),
                "holders": len({w.spell.person_id for w in holding}),
                "cases": sum(w.cases for w in ws),
                "over": sum(1 for w in ws if w.colour == "red"),
                "near": sum(1 for w in ws if w.colour == "yellow"),
                "average": round(sum(w.cases for w in holding) / max(1, len(holding)), 1),
                "left": sum(r.children for r in left if r.spell.team_id == team.pk),
            }
        )
    labels = [(f"{lo}–{hi}" if hi else f"{lo} or more") for lo, hi in BANDS]
    counts = dict.fromkeys(labels, 0)
    for w in holders:
        for (low, high), label in zip(BANDS, labels, strict=True):
            if w.cases >= low and (high is None or w.cases <= high):
                counts[label] += 1
    return {
        "on": on,
        "rows": rows,
        "distribution": [{"band": b, "count": c} for b, c in counts.items()],
        "average": counted.average,
        "holders": counted.people,
        "holders_fte": round(counted.fte, 1),
        "children": counted.children,
        "not_holding": [w for w in loads if not w.cases],
        "over": [w for w in loads if w.colour == "red"],
        "newly_over": [w for w in loads if w.newly_qualified and w.colour == "red"],
        "loads": loads,
        "left": left,
    }


def caseload_team(access: Access, pk: int) -> Team | None:
    """The team numbered *pk* when *access* may see its caseloads, else None."""
    return Team.objects.visible_to(access, Cap.CASELOAD_VIEW).filter(pk=pk).first()


def caseload_policies(organisation: Organisation) -> QuerySet[CaseloadPolicy]:
    """Every caseload policy of the council, the whole council's and each team's, latest first."""
    return CaseloadPolicy.objects.for_org(organisation).select_related("team")
