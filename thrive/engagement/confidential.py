"""A confidential survey's linked answers: read only by the people the engagement lead names for
that survey, each reading in the audit trail. (Results, for everyone else with the capability,
stay the suppressed figures of :mod:`thrive.engagement.results`.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.core.roles import GRANTS, Cap, Scope
from thrive.engagement.models import Answer, Response, Survey


def possible_readers(organisation: Any) -> list[Any]:
    """The people who may be named: those holding a role that reads the council's results."""
    from django.contrib.auth import get_user_model

    roles = [
        r for r, grants in GRANTS.items() if grants.get(Cap.ENGAGEMENT_RESULTS, 0) >= Scope.ORG
    ]
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__organisation=organisation,
            role_assignments__role__in=roles,
        )
        .distinct()
        .order_by("full_name", "email")
    )


@transaction.atomic
def survey_readers_set(
    *, survey: Survey, readers: list[Any], actor: Any, version: int | None = None
) -> None:
    """Name who may read a confidential survey's linked answers (*version*: the survey's
    version the user saw; readers named by someone else since are not overwritten)."""
    if survey.anonymous:
        raise ThriveError("An anonymous survey keeps no link to anyone, so it has no readers.")
    allowed = {u.pk for u in possible_readers(survey.organisation)}
    if any(u.pk not in allowed for u in readers):
        raise ThriveError(
            "Only people who read the council's results can be named.", field="readers"
        )
    with versioned_change(
        survey, version=version, actor=actor, action="engagement.readers_named"
    ) as change:
        change.obj.readers.set(readers)
        change.fields = []
        change.summary = str(survey)
        change.detail = {"readers": sorted(u.pk for u in readers)}


def may_read_linked(survey: Survey, user: Any) -> bool:
    return not survey.anonymous and survey.readers.filter(pk=user.pk).exists()


@dataclass
class LinkedResponse:
    person: Any
    team: Any
    answers: list[tuple[str, str]]


def linked_answers_read(*, survey: Survey, user: Any, request: Any = None) -> list[LinkedResponse]:
    """The confidential survey's answers with who gave them, for a named reader only; the
    reading is audited."""
    if not may_read_linked(survey, user):
        raise ThriveError(
            "Only the people named for this confidential survey can read its answers."
        )
    responses = list(
        Response.objects.filter(survey=survey, person__isnull=False)
        .select_related("person", "team")
        .order_by("person__last_name", "person__first_name")
    )
    answers: dict[Any, list[tuple[str, str]]] = {}
    for a in (
        Answer.objects.filter(response__in=responses)
        .select_related("question__scale")
        .order_by("question__code")
    ):
        q = a.question
        shown = (
            a.text
            if q.free_text
            else (q.scale.label(a.value) if q.scale and a.value is not None else "")
        )
        answers.setdefault(a.response_id, []).append((q.text, shown))
    audit_log(
        action="engagement.linked_answers_read",
        user=user,
        organisation=survey.organisation,
        obj=survey,
        detail={"responses": len(responses)},
        request=request,
    )
    return [LinkedResponse(r.person, r.team, answers.get(r.pk, [])) for r in responses]
