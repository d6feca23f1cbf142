"""Writes for families, children and specialists, from the case-management system's allocations."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, NoReturn

from django.db import transaction

from thrive.caseloads.models import (
    Allocation,
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
from thrive.people.models import Organisation, StaffMember
from thrive.people.services import full_clean_or_raise, record_add


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
        lock_checked(family, version=None)
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
        record_add(
            assignment,
            action="family.assign",
            actor=actor,
            audit_obj=family,
            organisation=family.organisation,
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
    with versioned_change(
        assignment,
        version=None,
        actor=access.user,
        action="family.assignment_ended",
        related=("person",),
    ) as change:
        locked = change.obj
        if locked.end_date is not None and locked.end_date <= end_date:
            raise ThriveError("This assignment has already ended.")
        locked.end_date = end_date
        change.fields = ["end_date"]
        change.audit_obj = family
        change.summary = f"{locked.person.full_name} ({locked.get_role_display()}) to {end_date}"


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


def family_write_refuse(access: Any, family: Family, *, tried: str, message: str) -> NoReturn:
    """Refuse a write to *family*'s records with *message*, after putting the attempt (what they
    *tried*) in the family access log. Call it outside any transaction, so the entry is kept."""
    audit_log(
        action="family.refused",
        user=access.user,
        organisation=access.organisation,
        obj=family,
        summary=f"Tried to {tried}",
    )
    raise ThriveError(message)


def _may_write_record(access: Any, family: Family, on: date) -> None:
    """Only the allocated worker(s) and their managers change the family's record; a refusal is
    logged (outside any transaction, so it is kept)."""
    from thrive.caseloads.selectors import family_connection

    connection = family_connection(access, family, on)
    if not (connection.allocated or connection.manages):
        family_write_refuse(
            access,
            family,
            tried="change the record of a family they do not hold or manage",
            message="Only the family's allocated workers and their managers can do this.",
        )


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
        record_add(
            adult,
            action="family.adult_added",
            actor=access.user,
            audit_obj=family,
            organisation=family.organisation,
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
    with versioned_change(
        child,
        version=version,
        actor=access.user,
        action="family.status_changed",
        stale="Someone else changed this child's status while you were looking; check it again.",
    ) as change:
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
        change.fields = []
        change.audit_obj = family
        change.summary = f"{child} is {new.get_status_display().lower()} from {from_date:%-d %B %Y}"
    return new


# --- Allocating through the assistant ----------------------------------------------------------
