"""Reads for CPD: whose records (and evidence) someone may open, a person's own records, the
council's registration rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from thrive.learning.models import (
    CpdRecord,
    RegistrationRule,
)
from thrive.people.models import EmploymentSpell, Organisation, StaffMember


def cpd_records_visible_to(access: Any, on: date) -> QuerySet[CpdRecord]:
    """The CPD records (and so evidence files) *access*'s person may open on *on*: their own, and
    — for managers — those of people in their teams or services *now*. A manager someone has left
    behind no longer reads their CPD."""
    from thrive.core.roles import Cap, Scope

    organisation = access.organisation
    records = CpdRecord.objects.for_org(organisation)
    scope = access.scope(Cap.CPD_VIEW)
    if scope >= Scope.ORG:
        return records
    current = EmploymentSpell.objects.for_org(organisation).current(on)
    condition = Q(person__user_id=access.user.pk)
    if services := access.services_for(Cap.CPD_VIEW):
        condition |= Q(
            person_id__in=current.filter(team__service_id__in=services).values("person_id")
        )
    if teams := access.teams_for(Cap.CPD_VIEW):
        condition |= Q(person_id__in=current.filter(team_id__in=teams).values("person_id"))
    return records.filter(condition)


def cpd_records_of(person: StaffMember) -> list[CpdRecord]:
    """A person's own CPD records."""
    return list(CpdRecord.objects.filter(person=person))


def cpd_record_of(person: StaffMember, pk: int | None) -> CpdRecord | None:
    if pk is None:
        return None
    return CpdRecord.objects.filter(person=person, pk=pk).first()


def cpd_drafts(person: StaffMember | None) -> QuerySet[CpdRecord]:
    """Drafts made from the sessions the person attended, to finish."""
    if person is None:
        return CpdRecord.objects.none()
    return CpdRecord.objects.filter(person=person, draft=True)


def registration_rules(organisation: Organisation) -> QuerySet[RegistrationRule]:
    """The council's registration rules as it records them, each from its date."""
    return RegistrationRule.objects.for_org(organisation)


def cpd_record_visible_to(access: Any, on: date, pk: int) -> CpdRecord | None:
    """One CPD record *access*'s person may open on *on* (see :func:`cpd_records_visible_to`)."""
    return cpd_records_visible_to(access, on).select_related("person").filter(pk=pk).first()
