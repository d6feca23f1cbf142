"""Record a returner (a "boomerang"): a person who left the council's employment coming back,
their new spell linked to their earlier ones through the person (``spell_return``), then
"check your answers"."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse

from thrive.core.decorators import org_view
from thrive.core.flows import answers_check, answers_form
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.people import selectors
from thrive.people.forms import ReturnerForm
from thrive.people.models import EmploymentSpell, StaffMember
from thrive.people.services import spell_return


def _person(request: AuthedRequest, pk: int) -> tuple[StaffMember, EmploymentSpell | None]:
    """The person (in the asker's reach) and the spell they left last (None: none ended)."""
    person = selectors.person_detail(request.access, pk)
    if person is None:
        raise Http404
    return person, selectors.person_last_ended_spell(person)


def _context(request: AuthedRequest, person: StaffMember, left: EmploymentSpell | None) -> Any:
    org = request.organisation
    if left is None:
        before = "They have no spell that has ended: a return starts after they have left."
    else:
        before = (
            f"They left {left.team.name} ({left.get_contract_display().lower()}, "
            f"{left.job_title or left.get_profession_display()}) on {left.end_date:%-d %B %Y}, "
            f"after starting on {left.start_date:%-d %B %Y}. That spell stays as it was; the "
            "return is linked to it and counted as a returner (a boomerang)."
        )
    return {
        "title": "Record a returner",
        "caption": person.full_name,
        "back_url": reverse("people:person", args=[org.code, person.pk]),
        "form_url": reverse("people:returner", args=[org.code, person.pk]),
        "intro": before,
        "confirm_text": "They will count as a starter on this date and as a returner in the "
        "retention analysis and the stay and exit conversations.",
        "confirm_button": "Record their return",
    }


@org_view(Cap.REGISTER_EDIT)
def returner(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organisation
    person, left = _person(request, pk)
    initial: dict[str, Any] = {}
    if left is not None:
        initial = {
            "team": left.team_id,
            "contract": left.contract if left.contract != "agency" else "permanent",
            "fte": left.fte.normalize(),
            "org_role": left.org_role,
            "job_title": left.job_title,
        }
    return answers_form(
        request,
        key=f"{org.code}:returner:{person.pk}",
        form=partial(ReturnerForm, organisation=org),
        check_url=reverse("people:returner_check", args=[org.code, person.pk]),
        context=_context(request, person, left),
        initial=initial,
    )


@org_view(Cap.REGISTER_EDIT)
def returner_check(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organisation
    person, left = _person(request, pk)
    return answers_check(
        request,
        key=f"{org.code}:returner:{person.pk}",
        form=partial(ReturnerForm, organisation=org),
        form_url=reverse("people:returner", args=[org.code, person.pk]),
        confirm=lambda d: spell_return(
            person=person,
            team=d["team"],
            start_date=d["start_date"],
            contract=d["contract"],
            fte=d["fte"],
            org_role=d["org_role"],
            job_title=d["job_title"],
            start_origin=d["start_origin"],
            actor=request.user,
        ),
        done_url=lambda s: reverse("people:person", args=[org.code, person.pk]),
        done_message=lambda s: (
            f"{person.full_name} is recorded as coming back on {s.start_date:%-d %B %Y}."
        ),
        context=_context(request, person, left),
    )
