"""Writes for caseload policy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from analytics.allocation import Advice, advise
from thrive.caseloads.models import (
    AllocationDecision,
    CaseloadPolicy,
    CaseStatus,
    ChildStatus,
    Family,
    FamilyAssignment,
    FamilyMember,
    SpecialistRole,
)
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked, versioned_change
from thrive.core.errors import ThriveError
from thrive.people.models import Allocation, Organisation, StaffMember, Team
from thrive.people.services import full_clean_or_raise


def policy_date_refusal(organisation: Organisation, effective_from: date) -> str | None:
    """Why a policy may not start on *effective_from* (None if it may)."""
    if effective_from < clock.today() and CaseloadPolicy.objects.for_org(organisation).exists():
        return (
            "A change to the policy must start today or later, so that judgements about past "
            "dates stay as they were."
        )
    return None


@transaction.atomic
def caseload_policy_add(
    *,
    organisation: Organisation,
    effective_from: date,
    full_time_cap: Decimal,
    ramp_months: int = 6,
    ramp_cap: Decimal = Decimal(10),
    asye_months: int = 12,
    asye_reduction_percent: Decimal = Decimal(10),
    weights: dict[str, float] | None = None,
    team: Team | None = None,
    note: str = "",
    actor: Any = None,
) -> CaseloadPolicy:
    """A policy from a date; earlier ones stay in force for earlier dates.

    A change starts today or later, so judgements already made about past dates stay as they
    were; only the council's first policy may be dated earlier, to record the one already in
    force."""
    if team is not None and team.organisation_id != organisation.pk:
        raise ThriveError("The team belongs to another council.")
    refusal = policy_date_refusal(organisation, effective_from)
    if refusal:
        raise ThriveError(refusal, field="effective_from")
    if CaseloadPolicy.objects.filter(
        organisation=organisation, team=team, effective_from=effective_from
    ).exists():
        raise ThriveError(
            "There is already a policy from that date; choose another date.",
            field="effective_from",
        )
    policy = CaseloadPolicy(
        organisation=organisation,
        team=team,
        effective_from=effective_from,
        full_time_cap=full_time_cap,
        ramp_months=ramp_months,
        ramp_cap=ramp_cap,
        asye_months=asye_months,
        asye_reduction_percent=asye_reduction_percent,
        weights=weights or {},
        note=note,
    )
    full_clean_or_raise(policy)
    policy.save()
    audit_log(
        action="caseload.policy_added",
        user=actor,
        organisation=organisation,
        obj=policy,
        summary=str(policy),
    )
    return policy


# --- Families, from the case-management system's allocations ---------------------------------


def _family_key(family_id: str, child_id: str) -> str:
    """A child the case system gives no family is a household of their own."""
    return family_id or f"child-{child_id}"


@transaction.atomic
def families_sync(*, organisation: Organisation) -> dict[str, int]:
    """Create the families, children and case-status history that the allocations describe.

    Set-based: a few queries and bulk inserts whatever the number of allocations. Existing records
    are kept; a child moved to another family by the case system moves with it.
    """
    rows = list(
        Allocation.objects.for_org(organisation)
        .order_by("child_id", "start_date")
        .values_list("child_id", "family_id", "case_type", "start_date", "end_date")
    )
    latest_family: dict[str, str] = {}
    for child_id, family_id, _type, _start, _end in rows:
        latest_family[child_id] = _family_key(family_id, child_id)
    families = {f.family_id: f for f in Family.objects.for_org(organisation)}
    new_families = [
        Family(organisation=organisation, family_id=key)
        for key in sorted(set(latest_family.values()) - set(families))
    ]
    Family.objects.bulk_create(new_families, batch_size=5000)
    families.update({f.family_id: f for f in Family.objects.for_org(organisation)})

    children = {
        m.member_id: m for m in FamilyMember.objects.for_org(organisation).filter(is_child=True)
    }
    new_children, moved = [], []
    for child_id, key in latest_family.items():
        member = children.get(child_id)
        if member is None:
            new_children.append(
                FamilyMember(
                    organisation=organisation,
                    family=families[key],
                    is_child=True,
                    member_id=child_id,
                )
            )
        elif member.family_id != families[key].pk:
            member.family = families[key]
            moved.append(member)
    FamilyMember.objects.bulk_create(new_children, batch_size=5000)
    FamilyMember.objects.bulk_update(moved, ["family"], batch_size=5000)
    children = {
        m.member_id: m for m in FamilyMember.objects.for_org(organisation).filter(is_child=True)
    }
    existing = set(
        ChildStatus.objects.for_org(organisation).values_list("child_id", "status", "start_date")
    )
    statuses = []
    for child_id, _family, case_type, start, end in rows:
        if not case_type:
            continue
        child = children[child_id]
        if (child.pk, case_type, start) not in existing:
            existing.add((child.pk, case_type, start))
            statuses.append(
                ChildStatus(
                    organisation=organisation,
                    child=child,
                    status=case_type,
                    start_date=start,
                    end_date=end,
                )
            )
    ChildStatus.objects.bulk_create(statuses, batch_size=5000)
    return {
        "families": len(new_families),
        "children": len(new_children),
        "moved": len(moved),
        "statuses": len(statuses),
    }


def children_details_set(*, organisation: Organisation, details: dict[str, Any]) -> int:
    """First names and dates of birth from the case system (child ID -> (name, date)); a blank
    value keeps what the record has. Set-based; returns how many children changed."""
    children = list(
        FamilyMember.objects.for_org(organisation).filter(
            is_child=True, member_id__in=list(details)
        )
    )
    changed = []
    for child in children:
        name, born = details[child.member_id]
        new_name, new_born = name or child.first_name, born or child.date_of_birth
        if (new_name, new_born) != (child.first_name, child.date_of_birth):
            child.first_name, child.date_of_birth = new_name, new_born
            child.version += 1
            changed.append(child)
    FamilyMember.objects.bulk_update(
        changed, ["first_name", "date_of_birth", "version"], batch_size=1000
    )
    return len(changed)


def family_assign(
    *,
    family: Family,
    person: StaffMember,
    role: str,
    start_date: date,
    actor: Any = None,
    access: Any = None,
) -> FamilyAssignment:
    """Assign an adult specialist to work with a family (they then see and write its records).
    Through the app (*access* given) only the allocated workers and their managers may; a refusal
    is logged (outside the transaction, so it is kept)."""
    if access is not None:
        _may_write_record(access, family, clock.today())
        actor = access.user
    if person.organisation_id != family.organisation_id:
        raise ThriveError("The person works for another council.", field="person")
    if role not in SpecialistRole.values:
        raise ThriveError("Choose their part in the work.", field="role")
    with transaction.atomic():
        Family.objects.select_for_update().filter(pk=family.pk).first()
        current = FamilyAssignment.objects.filter(
            family=family, person=person, role=role
        ).not_ended(start_date)
        if current.exists():
            raise ThriveError(
                f"{person.full_name} is already assigned to this family in that role.",
                field="person",
            )
        assignment = FamilyAssignment(
            organisation_id=family.organisation_id,
            family=family,
            person=person,
            role=role,
            start_date=start_date,
        )
        full_clean_or_raise(assignment)
        assignment.save()
        audit_log(
            action="family.assign",
            user=actor,
            organisation=family.organisation,
            obj=family,
            summary=f"{person.full_name} assigned as {role}",
        )
    return assignment


def family_assignment_end(*, access: Any, assignment: FamilyAssignment, end_date: date) -> None:
    """End a specialist's work with a family on *end_date* (they no longer see it after)."""
    family = assignment.family
    _may_write_record(access, family, clock.today())
    if end_date < assignment.start_date:
        raise ThriveError(
            f"The last day cannot be before they started ({assignment.start_date:%-d %B %Y}).",
            field="end_date",
        )
    with transaction.atomic():
        locked = FamilyAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.end_date is not None and locked.end_date <= end_date:
            raise ThriveError("This assignment has already ended.")
        locked.end_date = end_date
        locked.save(update_fields=["end_date", "updated_at"])
        audit_log(
            action="family.assignment_ended",
            user=access.user,
            organisation=family.organisation,
            obj=family,
            summary=f"{locked.person.full_name} ({locked.get_role_display()}) to {end_date}",
        )


def child_details_change(
    *,
    access: Any,
    child: FamilyMember,
    first_name: str,
    date_of_birth: date | None,
    version: int | None = None,
) -> FamilyMember:
    """A child's first name and date of birth, by the allocated workers and their managers."""
    family = child.family
    _may_write_record(access, family, clock.today())
    if date_of_birth is not None and date_of_birth > clock.today():
        raise ThriveError("The date of birth must be today or in the past.", field="date_of_birth")
    with versioned_change(
        child,
        version=version,
        actor=access.user,
        action="family.child_changed",
        stale="Someone else changed this child's details while you were looking; check them again.",
    ) as change:
        locked = change.obj
        locked.first_name = first_name.strip()
        locked.date_of_birth = date_of_birth
        full_clean_or_raise(locked)
        change.fields = ["first_name", "date_of_birth"]
        change.audit_obj = family
        change.summary = f"Changed the details of child {locked.member_id}"
    return locked


# --- Writes to a family's record by the people connected to it ---------------------------------


def _may_write_record(access: Any, family: Family, on: date) -> None:
    """Only the allocated worker(s) and their managers change the family's record; a refusal is
    logged (outside any transaction, so it is kept)."""
    from thrive.caseloads.selectors import family_connection

    connection = family_connection(access, family, on)
    if not (connection.allocated or connection.manages):
        audit_log(
            action="family.refused",
            user=access.user,
            organisation=access.organisation,
            obj=family,
            summary="Tried to change the record of a family they do not hold or manage",
        )
        raise ThriveError("Only the family's allocated workers and their managers can do this.")


def family_adult_add(
    *,
    access: Any,
    family: Family,
    first_name: str,
    relationship: str,
    member_id: str = "",
    date_of_birth: date | None = None,
) -> FamilyMember:
    """Add an adult to a family: a parent, carer, partner or other adult, with their relationship
    to the children."""
    today = clock.today()
    _may_write_record(access, family, today)
    member_id = member_id.strip() or f"adult-{uuid.uuid4().hex[:12]}"
    with transaction.atomic():
        if FamilyMember.objects.filter(family=family, member_id=member_id, is_child=False).exists():
            raise ThriveError(
                f"An adult with case system ID {member_id} is already recorded in this family.",
                field="member_id",
            )
        adult = FamilyMember(
            organisation_id=family.organisation_id,
            family=family,
            is_child=False,
            member_id=member_id,
            first_name=first_name.strip(),
            relationship=relationship,
            date_of_birth=date_of_birth,
        )
        full_clean_or_raise(adult)
        adult.save()
        audit_log(
            action="family.adult_added",
            user=access.user,
            organisation=family.organisation,
            obj=family,
            summary=f"Added an adult ({adult.get_relationship_display().lower()}) to {family}",
        )
    return adult


def child_status_change(
    *, access: Any, child: FamilyMember, status: str, from_date: date, version: int | None = None
) -> ChildStatus:
    """A child's case status from a date: the current status ends that day and the new one starts
    (history is kept, never overwritten)."""
    family = child.family
    _may_write_record(access, family, clock.today())
    if not child.is_child:
        raise ThriveError("Case status is recorded for children.")
    if status not in CaseStatus.values:
        raise ThriveError("Choose a case status.", field="status")
    with transaction.atomic():
        locked = lock_checked(
            child,
            version=version,
            stale="Someone else changed this child's status while you were looking; check it "
            "again.",
        )
        current = (
            ChildStatus.objects.filter(child=child, end_date__isnull=True)
            .order_by("-start_date")
            .first()
        )
        if current is not None:
            if from_date <= current.start_date:
                raise ThriveError(
                    f"The new status must start after the current one "
                    f"({current.get_status_display()} from {current.start_date:%-d %B %Y}).",
                    field="from_date",
                )
            if current.status == status:
                raise ThriveError(
                    f"The child is already {current.get_status_display().lower()}.",
                    field="status",
                )
            current.end_date = from_date
            current.save(update_fields=["end_date", "updated_at"])
        new = ChildStatus.objects.create(
            organisation_id=child.organisation_id, child=child, status=status, start_date=from_date
        )
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_log(
            action="family.status_changed",
            user=access.user,
            organisation=family.organisation,
            obj=family,
            summary=f"{child} is {new.get_status_display().lower()} from {from_date:%-d %B %Y}",
        )
    return new


# --- Allocating through the assistant ----------------------------------------------------------


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
        family = Family.objects.select_for_update().get(pk=family.pk)
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
