"""Writes for allocating a family's children through the assistant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from analytics.allocation import Advice, advise
from thrive.caseloads.models import (
    Allocation,
    AllocationDecision,
    ChildStatus,
    Family,
    FamilyMember,
)
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation, StaffMember, Team


@dataclass(frozen=True)
class ChildToAllocate:
    child_id: str
    case_type: str = ""


def allocation_advice(
    *,
    organisation: Organisation,
    team: Team,
    on: date,
    family_id: str,
    children: list[ChildToAllocate],
) -> Advice:
    """What the assistant suggests for these children of a family (new, returning or moving)."""
    from thrive.caseloads.selectors import Policies, allocation_candidates

    family = Family.objects.for_org(organisation).filter(family_id=family_id).first()
    family_children = {c.child_id for c in children}
    if family is not None:
        family_children |= set(
            family.members.filter(is_child=True).values_list("member_id", flat=True)
        )
    candidates = allocation_candidates(
        organisation,
        team.pk,
        on,
        family_child_ids=family_children,
        moving=[c.child_id for c in children],
    )
    weights = Policies(organisation).on(team.pk, on).weights
    return advise(candidates, [c.case_type for c in children], weights)


def allocation_refusal(
    *, access: Any, family_id: str, child_ids: list[str], on: date
) -> tuple[str, list[Family]] | None:
    """Why *access*'s person may not allocate these children (None if they may).

    Children move only from teams you may allocate in. A new family, or one coming back after its
    case closed, may be allocated by any manager who allocates in the receiving team. A chosen
    child held now must be held in a team you may allocate in (where the holder works now, or
    last worked if they have left); and a family whose children are held now — the one named, or a
    chosen child's present family — must have at least one of them held in such a team. Typing an
    ID from the case system never opens another team's family."""
    from thrive.core.roles import Cap
    from thrive.people.models import EmploymentSpell

    organisation = access.organisation
    start, end = sorted([on, clock.today()])
    members = FamilyMember.objects.for_org(organisation).filter(is_child=True)
    family = Family.objects.for_org(organisation).filter(family_id=family_id).first()
    involved = set(members.filter(member_id__in=child_ids).values_list("family_id", flat=True))
    if family is not None:
        involved.add(family.pk)
    family_of = dict(members.filter(family_id__in=involved).values_list("member_id", "family_id"))
    held = list(
        Allocation.objects.for_org(organisation)
        .not_ended(start)
        .filter(Q(child_id__in=child_ids) | Q(child_id__in=list(family_of)))
        .values_list("child_id", "worker_id")
    )
    if not held:
        return None
    spells: dict[int, list[Any]] = {}
    for spell in (
        EmploymentSpell.objects.for_org(organisation)
        .filter(person_id__in={w for _, w in held}, start_date__lte=end)
        .select_related("team")
        .order_by("start_date")
    ):
        spells.setdefault(spell.person_id, []).append(spell)

    def teams_of(worker_id: int) -> list[Team]:
        mine = spells.get(worker_id, [])
        now = [s for s in mine if s.end_date is None or s.end_date > start]
        return [s.team for s in now or mine[-1:]]

    def may(team: Team) -> bool:
        return access.allows(Cap.ALLOCATE, team_id=team.pk, service_id=team.service_id)

    # The same answer whichever team holds it and whatever the family is called: the person may
    # not see that family, so the message names only the IDs they typed (no enumeration).
    typed = ", ".join([f"family {family_id}"] * bool(family_id) + [f"child {c}" for c in child_ids])
    refusal = (
        f"You cannot allocate {typed} from here: it is held by a team where you cannot "
        "allocate. If it is held elsewhere, ask that team's manager to transfer it."
    )
    refused: list[Family] = []
    refused_without_family = False  # a child held in the register but in no family record yet
    for child_id, worker_id in held:
        if child_id in child_ids and not all(may(t) for t in teams_of(worker_id)):
            if child_id in family_of:
                refused.extend(Family.objects.filter(pk=family_of[child_id]))
            else:
                refused_without_family = True
    for pk in involved:
        teams = [t for c, w in held if family_of.get(c) == pk for t in teams_of(w)]
        if teams and not any(may(t) for t in teams):
            refused.extend(Family.objects.filter(pk=pk))
    if not refused and not refused_without_family:
        return None
    unique = {f.pk: f for f in refused}
    return refusal, list(unique.values())


def refuse_allocation(
    access: Any, family_id: str, child_ids: list[str], on: date, *, request: Any = None
) -> None:
    """Raise if :func:`allocation_refusal` finds a reason, logging the probe against every real
    family it touched (never only against the typed ID), with the address it came from."""
    refusal = allocation_refusal(access=access, family_id=family_id, child_ids=child_ids, on=on)
    if refusal is None:
        return
    message, families = refusal
    typed = ", ".join([family_id] + child_ids)
    targets: list[Family | None] = list(families) or [None]
    for family in targets:
        audit_log(
            action="family.refused",
            user=access.user,
            organisation=access.organisation,
            obj=family,
            object_type="caseloads.family",
            object_id="" if family else family_id[:64],
            summary=f"Tried to allocate family {family_id}, held by a team they cannot allocate "
            f"in (typed: {typed})",
            detail={"typed_family_id": family_id, "typed_child_ids": child_ids},
            request=request,
        )
    raise ThriveError(message)


def family_allocate(
    *,
    access: Any,
    team: Team,
    worker: StaffMember,
    family_id: str,
    children: list[ChildToAllocate],
    start_date: date,
    family_name: str = "",
    override_reason: str = "",
) -> AllocationDecision:
    """Allocate a family's children to a worker from *start_date*: a new family, a returning one,
    or a transfer (each child's current allocation ends that day; history is kept).

    The worker must be one the assistant suggests, unless the manager gives a reason for choosing
    someone it did not (for example going over a cap for a short time)."""
    from thrive.core.roles import Cap

    organisation = access.organisation
    if team.organisation_id != organisation.pk or not access.allows(
        Cap.ALLOCATE, team_id=team.pk, service_id=team.service_id
    ):
        raise ThriveError("You cannot allocate work in that team.")
    family_id = family_id.strip()
    if not family_id:
        raise ThriveError(
            "Enter the family's ID from the case-management system.", field="family_id"
        )
    if not children:
        raise ThriveError("Choose at least one child to allocate.", field="children")
    refuse_allocation(access, family_id, [c.child_id for c in children], start_date)
    advice = allocation_advice(
        organisation=organisation, team=team, on=start_date, family_id=family_id, children=children
    )
    ranked = {s.candidate.worker_id: s for s in advice.suggestions}
    refused = {n.candidate.worker_id: n for n in advice.not_suggested}
    if worker.pk not in ranked and worker.pk not in refused:
        raise ThriveError("Choose a worker in the team.", field="worker")
    chosen = ranked.get(worker.pk)
    override_reason = override_reason.strip()
    if chosen is None and not override_reason:
        raise ThriveError(
            f"{worker.full_name} was not suggested ({refused[worker.pk].reason}) Give the reason "
            "for allocating to them anyway.",
            field="override_reason",
        )
    with transaction.atomic():
        family, _ = Family.objects.get_or_create(
            organisation=organisation, family_id=family_id, defaults={"name": family_name.strip()}
        )
        # One allocation at a time per family: a second manager allocating the same (perhaps
        # brand-new) child waits here, then finds the first allocation below.
        family = lock_checked(family, version=None)
        existing = {
            m.member_id: m
            for m in FamilyMember.objects.for_org(organisation).filter(
                is_child=True, member_id__in=[c.child_id for c in children]
            )
        }
        transfer = False
        for child in children:
            member = existing.get(child.child_id)
            if member is None:
                member = FamilyMember.objects.create(
                    organisation=organisation,
                    family=family,
                    is_child=True,
                    member_id=child.child_id,
                )
            elif member.family_id != family.pk:
                member.family = family
                member.save(update_fields=["family", "updated_at"])
            if (
                child.case_type
                and not ChildStatus.objects.filter(child=member, end_date__isnull=True).exists()
            ):
                ChildStatus.objects.create(
                    organisation=organisation,
                    child=member,
                    status=child.case_type,
                    start_date=start_date,
                )
            current = list(
                Allocation.objects.for_org(organisation)
                .select_for_update()
                .filter(child_id=child.child_id)
                .not_ended(start_date)
            )
            for allocation in current:
                if allocation.start_date >= start_date:
                    raise ThriveError(
                        f"Child {child.child_id} already has an allocation from "
                        f"{allocation.start_date:%-d %B %Y}; choose a later date.",
                        field="start_date",
                    )
                if allocation.worker_id == worker.pk:
                    raise ThriveError(
                        f"{worker.full_name} already holds child {child.child_id}.", field="worker"
                    )
                allocation.end_date = start_date
                allocation.version += 1
                allocation.save(update_fields=["end_date", "version", "updated_at"])
                transfer = True
            Allocation.objects.create(
                organisation=organisation,
                child_id=child.child_id,
                family_id=family_id,
                worker=worker,
                case_type=child.case_type,
                start_date=start_date,
            )
        decision = AllocationDecision.objects.create(
            organisation=organisation,
            family=family,
            worker=worker,
            team=team,
            children=[c.child_id for c in children],
            start_date=start_date,
            transfer=transfer,
            suggested_rank=chosen.rank if chosen else None,
            override_reason=override_reason if chosen is None else "",
            suggestions=[
                {"worker": s.candidate.name, "rank": s.rank, "reasons": list(s.reasons)}
                for s in advice.suggestions
            ],
            decided_by=access.user,
        )
        how = (
            f"suggestion {chosen.rank}"
            if chosen
            else f"not suggested; manager's reason: {override_reason}"
        )
        audit_log(
            action="family.allocated",
            user=access.user,
            organisation=organisation,
            obj=family,
            summary=f"{len(children)} child(ren) of {family} to {worker.full_name} ({how})",
            detail={"decision": decision.pk},
        )
    return decision
