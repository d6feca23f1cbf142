"""Reads for the allocation assistant: a team's workers as candidates for a family."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from analytics.allocation import Candidate
from analytics.caseload import weighted_load
from thrive.caseloads.models import Allocation, ChildStatus, Family, FamilyMember
from thrive.caseloads.selectors.measures import (
    Policies,
    case_holding_spells,
    holds_cases_by_role,
    worker_loads,
)
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import Absence, Organisation, StaffMember, Team


def allocating_teams(access: Access) -> QuerySet[Team]:
    """The teams *access* may allocate families to, by name."""
    return Team.objects.visible_to(access, Cap.ALLOCATE).order_by("name")


def allocation_worker(organisation: Organisation, pk: int) -> StaffMember | None:
    """The council's person numbered *pk*, the worker a manager chose (None if not theirs)."""
    return StaffMember.objects.for_org(organisation).filter(pk=pk).first()


def children_to_allocate(family: Family) -> list[tuple[str, str, str]]:
    """(child ID, label, current case status) for each child of the family."""
    members = list(FamilyMember.objects.filter(family=family, is_child=True))
    current = dict(
        ChildStatus.objects.filter(child__in=members, end_date__isnull=True)
        .order_by("start_date")
        .values_list("child_id", "status")
    )
    return [(m.member_id, m.first_name or m.member_id, current.get(m.pk, "")) for m in members]


# --- The allocation assistant's view of a team ------------------------------------------------


def allocation_candidates(
    organisation: Organisation,
    team_id: int,
    on: date,
    *,
    family_child_ids: Iterable[str],
    moving: Iterable[str],
) -> list[Candidate]:
    """Each case holder in the team on *on* as the assistant sees them: cap and load, how many of
    the family's other children they hold now, when they last held one of its children, and
    whether they are absent. A fixed number of queries."""
    family_children = set(family_child_ids)
    moving_ids = set(moving)
    spells = [
        s for s in case_holding_spells(organisation, on, team_id=team_id) if holds_cases_by_role(s)
    ]
    loads = worker_loads(organisation, spells, on, keep_children=True)
    people = [w.spell.person_id for w in loads]
    weights = Policies(organisation).on(team_id, on).weights
    knew: dict[int, date] = {}
    for worker_id, end in (
        Allocation.objects.for_org(organisation)
        .filter(worker_id__in=people, child_id__in=family_children, end_date__lte=on)
        .values_list("worker_id", "end_date")
    ):
        if end is not None and (worker_id not in knew or end > knew[worker_id]):
            knew[worker_id] = end
    absent = set(
        Absence.objects.for_org(organisation)
        .filter(person_id__in=people, start_date__lte=on, end_date__gte=on)
        .values_list("person_id", flat=True)
    )
    candidates = []
    for w in loads:
        held_here = {a.child_id for a in w.children}
        siblings = len((held_here & family_children) - moving_ids)
        # A child being moved does not count against the worker who holds them now.
        staying = [a.case_type for a in w.children if a.child_id not in moving_ids]
        load = weighted_load(staying, weights)
        candidates.append(
            Candidate(
                worker_id=w.spell.person_id,
                name=w.spell.person.full_name,
                fte=float(w.spell.fte),
                cap=w.cap,
                load=load,
                siblings_held=siblings,
                knew_family_until=None
                if held_here & family_children
                else knew.get(w.spell.person_id),
                newly_qualified=w.newly_qualified,
                absent=w.spell.person_id in absent,
                holds_moving=tuple(sorted(held_here & moving_ids)),
            )
        )
    return candidates
