"""Reads for programme evaluation: programmes, their questionnaires, and those due to a person.
(The evaluation report itself is :func:`thrive.learning.programmes.programme_report`.)"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet

from thrive.learning.models import Invitation, OutcomeQuestion, Programme
from thrive.people.models import Organisation, StaffMember


def programmes_of(organisation: Organisation) -> QuerySet[Programme]:
    return Programme.objects.for_org(organisation)


def programme_of(organisation: Organisation, pk: int) -> Programme | None:
    return Programme.objects.for_org(organisation).filter(pk=pk).first()


def programme_invitations(programme: Programme) -> QuerySet[Invitation]:
    """Every participant's questionnaire at every measurement point, by person then point."""
    return (
        Invitation.objects.filter(participant__programme=programme)
        .select_related("participant__person", "point")
        .order_by("participant__person__last_name", "point__order")
    )


def questions_of(programme: Programme) -> list[OutcomeQuestion]:
    """A programme's outcome questions, in its order."""
    return list(programme.questions.all())


def invitation_of(organisation: Organisation, pk: int) -> Invitation | None:
    return (
        Invitation.objects.for_org(organisation)
        .select_related("participant__programme", "participant__person", "point")
        .filter(pk=pk)
        .first()
    )


def questionnaires_due(
    organisation: Organisation, person: StaffMember | None, on: date
) -> QuerySet[Invitation]:
    """The questionnaires *person* has been asked to answer by *on* and has not yet answered."""
    if person is None:
        return Invitation.objects.none()
    return (
        Invitation.objects.for_org(organisation)
        .filter(participant__person=person, due_on__lte=on, answered_at__isnull=True)
        .select_related("participant__programme", "point")
        .order_by("due_on", "id")
    )


def staff_by_staff_ids(
    organisation: Organisation, staff_ids: Iterable[str]
) -> dict[str, StaffMember]:
    """The council's people with these staff IDs, by staff ID (an ID not found is not a key)."""
    return {
        p.staff_id: p
        for p in StaffMember.objects.for_org(organisation).filter(staff_id__in=list(staff_ids))
    }


def people_to_join(programme: Programme, on: date) -> list[tuple[str, str]]:
    """The council's people in post on *on* who are not yet in *programme*, as picker choices:
    the name with the staff ID beside it (valued by staff ID), by surname."""
    joined = programme.participants.values("person_id")
    people = (
        StaffMember.objects.for_org(programme.organisation)
        .filter(spells__start_date__lte=on)
        .filter(Q(spells__end_date__isnull=True) | Q(spells__end_date__gt=on))
        .exclude(pk__in=joined)
        .distinct()
        .order_by("last_name", "first_name", "staff_id")
    )
    return [(p.staff_id, f"{p.first_name} {p.last_name} ({p.staff_id})") for p in people]
