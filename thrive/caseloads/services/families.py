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
from thrive.core.staging import dialect, execute, now_value, selected, staged
from thrive.people.models import Organisation, StaffMember
from thrive.people.services import full_clean_or_raise, record_add


@transaction.atomic
def families_sync(*, organisation: Organisation) -> dict[str, int]:
    """Create the families, children and case-status history that the allocations describe.

    Set-based in the database: each child's family is the one on their latest allocation (a
    child the case system gives no family is a household of their own); then one statement
    each adds the new families, adds the new children, moves children the case system moved to
    another family, and adds the case statuses not yet recorded. Existing records are kept.
    """
    org = organisation.pk
    now = now_value()
    allocations = Allocation._meta.db_table
    families = Family._meta.db_table
    members = FamilyMember._meta.db_table
    statuses = ChildStatus._meta.db_table
    latest_query = (
        "SELECT child_id, fkey FROM (SELECT child_id, "  # noqa: S608 (names from the models, values as parameters)
        "CASE WHEN family_id = '' THEN 'child-' || child_id ELSE family_id END AS fkey, "
        "ROW_NUMBER() OVER (PARTITION BY child_id ORDER BY start_date DESC, id DESC) AS rn "
        f"FROM {allocations} WHERE organisation_id = %s) ranked WHERE rn = 1"
    )
    with selected("latest_family", latest_query, [org]) as latest:
        new_families = execute(
            f"INSERT INTO {families} (organisation_id, family_id, name, created_at, updated_at, "  # noqa: S608 (names from the models, values as parameters)
            "version) SELECT %s, l.fkey, '', %s, %s, 1 "
            f"FROM (SELECT DISTINCT fkey FROM {latest}) l "
            f"WHERE NOT EXISTS (SELECT 1 FROM {families} f WHERE f.organisation_id = %s "
            "AND f.family_id = l.fkey) ORDER BY l.fkey",
            [org, now, now, org],
        )
        new_children = execute(
            f"INSERT INTO {members} (organisation_id, family_id, is_child, member_id, first_name, "  # noqa: S608 (names from the models, values as parameters)
            "date_of_birth, relationship, created_at, updated_at, version) "
            "SELECT %s, f.id, TRUE, l.child_id, '', NULL, '', %s, %s, 1 "
            f"FROM {latest} l JOIN {families} f ON f.organisation_id = %s AND f.family_id = l.fkey "
            f"WHERE NOT EXISTS (SELECT 1 FROM {members} m WHERE m.organisation_id = %s "
            "AND m.is_child AND m.member_id = l.child_id) ORDER BY l.child_id",
            [org, now, now, org, org],
        )
        moved = execute(
            f"UPDATE {members} AS m SET family_id = f.id, updated_at = %s "  # noqa: S608 (names from the models, values as parameters)
            f"FROM {latest} l JOIN {families} f ON f.organisation_id = %s AND f.family_id = l.fkey "
            "WHERE m.organisation_id = %s AND m.is_child AND m.member_id = l.child_id "
            "AND m.family_id <> f.id",
            [now, org, org],
        )
    # A child's status from each allocation with a case type (the earliest end where workers
    # share a start).
    added_statuses = execute(
        f"INSERT INTO {statuses} (organisation_id, child_id, status, start_date, end_date, "  # noqa: S608 (names from the models, values as parameters)
        "created_at, updated_at, version) "
        "SELECT %s, m.id, a.case_type, a.start_date, MIN(a.end_date), %s, %s, 1 "
        f"FROM {allocations} a JOIN {members} m ON m.organisation_id = %s AND m.is_child "
        "AND m.member_id = a.child_id "
        "WHERE a.organisation_id = %s AND a.case_type <> '' "
        f"AND NOT EXISTS (SELECT 1 FROM {statuses} c WHERE c.child_id = m.id "
        "AND c.status = a.case_type AND c.start_date = a.start_date) "
        "GROUP BY m.id, a.case_type, a.start_date",
        [org, now, now, org, org],
    )
    return {
        "families": new_families,
        "children": new_children,
        "moved": moved,
        "statuses": added_statuses,
    }


def children_details_set(*, organisation: Organisation, details: dict[str, Any]) -> int:
    """First names and dates of birth from the case system (child ID -> (name, date)); a blank
    value keeps what the record has. Set-based (a staging table and one update); returns how
    many children changed."""
    if not details:
        return 0
    sql = dialect()
    members = FamilyMember._meta.db_table
    rows = ((child, name or None, born) for child, (name, born) in details.items())
    columns = [("member_id", "varchar(64)"), ("first_name", "varchar(100)"), ("born", "date")]
    new_name = "COALESCE(s.first_name, m.first_name)"
    new_born = "COALESCE(s.born, m.date_of_birth)"
    with staged("child_details", columns, rows) as stage:
        return execute(
            f"UPDATE {members} AS m SET first_name = COALESCE(s.first_name, m.first_name), "  # noqa: S608 (names from the models, values as parameters)
            "date_of_birth = COALESCE(s.born, m.date_of_birth), version = m.version + 1, "
            f"updated_at = %s FROM {stage} s "
            "WHERE m.organisation_id = %s AND m.is_child AND m.member_id = s.member_id AND ("
            f"{sql.distinct(new_name, 'm.first_name')} "
            f"OR {sql.distinct(new_born, 'm.date_of_birth')})",
            [now_value(), organisation.pk],
        )


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


def family_assignment_end(
    *, access: Any, assignment: FamilyAssignment, end_date: date, version: int | None = None
) -> None:
    """End a specialist's work with a family on *end_date* (they no longer see it after);
    *version* is the assignment's as the page showed it (a change made meanwhile is refused)."""
    family = assignment.family
    _may_write_record(access, family, clock.today())
    if end_date < assignment.start_date:
        raise ThriveError(
            f"The last day cannot be before they started ({assignment.start_date:%-d %B %Y}).",
            field="end_date",
        )
    with versioned_change(
        assignment,
        version=version,
        actor=access.user,
        action="family.assignment_ended",
        stale="Someone else changed this specialist's work with the family while you were "
        "looking; check it again.",
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
