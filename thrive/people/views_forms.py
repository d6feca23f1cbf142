"""Register forms, each ending in "check your answers": add a person, change a spell, record a
leaver, record absence."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse

from thrive.core.decorators import org_view
from thrive.core.flows import answers_check, answers_form
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.people import selectors
from thrive.people.forms import AbsenceForm, LeaverForm, PersonAddForm, SpellChangeForm
from thrive.people.models import EmploymentSpell, StaffMember
from thrive.people.services import absence_record, spell_change, spell_end, staff_add


def _person_url(org_code: str, person: StaffMember) -> str:
    return reverse("people:person", args=[org_code, person.pk])


# --- add a person ------------------------------------------------------------------------------


def _add_context(request: AuthedRequest) -> dict[str, Any]:
    org = request.organisation
    return {
        "title": "Add a person",
        "caption": org.name,
        "back_url": reverse("people:staff_list", args=[org.code]),
        "form_url": reverse("people:person_add", args=[org.code]),
        "confirm_heading": "Add this person to the register",
        "confirm_text": "They will appear in the register, the team and the statutory measures.",
        "confirm_button": "Add person",
    }


@org_view(Cap.REGISTER_EDIT)
def person_add(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    return answers_form(
        request,
        key=f"{org.code}:person_add",
        form=partial(PersonAddForm, organisation=org),
        check_url=reverse("people:person_add_check", args=[org.code]),
        context=_add_context(request),
    )


@org_view(Cap.REGISTER_EDIT)
def person_add_check(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    return answers_check(
        request,
        key=f"{org.code}:person_add",
        form=partial(PersonAddForm, organisation=org),
        form_url=reverse("people:person_add", args=[org.code]),
        confirm=lambda d: staff_add(
            organisation=org, actor=request.user, **{**d, "ethnicity": d.get("ethnicity") or ""}
        ),
        done_url=lambda person: _person_url(org.code, person),
        done_message=lambda person: f"{person.full_name} has been added to the register.",
        context=_add_context(request),
    )


# --- a spell: change, leaver -------------------------------------------------------------------


def _spell(request: AuthedRequest, pk: int, spell_pk: int) -> EmploymentSpell:
    access = request.access
    person = selectors.person_detail(access, pk)
    if person is None:
        raise Http404
    spell = selectors.person_spell(person, spell_pk)
    if spell is None:
        raise Http404
    return spell


def _spell_context(request: AuthedRequest, spell: EmploymentSpell, what: str) -> dict[str, Any]:
    org = request.organisation
    name = "people:spell_change" if what == "change" else "people:spell_leaver"
    return {
        "title": "Change team, FTE or role" if what == "change" else "Record a leaver",
        "caption": spell.person.full_name,
        "back_url": _person_url(org.code, spell.person),
        "form_url": reverse(name, args=[org.code, spell.person_id, spell.pk]),
        "intro": None
        if what == "change"
        else "Their record is kept: only the end of this "
        "employment is added, with the census reason and destination.",
        "confirm_text": "The earlier values are kept in the record's history."
        if what == "change"
        else "They will count as a leaver in the census year of this date.",
        "confirm_button": "Save the change" if what == "change" else "Record leaver",
    }


@org_view(Cap.REGISTER_EDIT)
def spell_change_view(request: AuthedRequest, pk: int, spell_pk: int) -> HttpResponse:
    org = request.organisation
    spell = _spell(request, pk, spell_pk)
    initial = {
        "version": spell.version,
        "team": spell.team_id,
        "fte": spell.fte.normalize(),
        "org_role": spell.org_role,
        "job_title": spell.job_title,
    }
    return answers_form(
        request,
        key=f"{org.code}:spell_change:{spell.pk}",
        form=partial(SpellChangeForm, organisation=org),
        check_url=reverse("people:spell_change_check", args=[org.code, pk, spell.pk]),
        context=_spell_context(request, spell, "change"),
        initial=initial,
    )


@org_view(Cap.REGISTER_EDIT)
def spell_change_check(request: AuthedRequest, pk: int, spell_pk: int) -> HttpResponse:
    org = request.organisation
    spell = _spell(request, pk, spell_pk)
    return answers_check(
        request,
        key=f"{org.code}:spell_change:{spell.pk}",
        form=partial(SpellChangeForm, organisation=org),
        form_url=reverse("people:spell_change", args=[org.code, pk, spell.pk]),
        confirm=lambda d: spell_change(
            spell=spell,
            effective_date=d["effective_date"],
            version=d["version"],
            team=d["team"],
            fte=d["fte"],
            org_role=d["org_role"],
            job_title=d["job_title"],
            actor=request.user,
        ),
        done_url=lambda s: _person_url(org.code, s.person),
        done_message=lambda s: f"The change for {s.person.full_name} has been saved.",
        context=_spell_context(request, spell, "change"),
    )


@org_view(Cap.REGISTER_EDIT)
def spell_leaver(request: AuthedRequest, pk: int, spell_pk: int) -> HttpResponse:
    org = request.organisation
    spell = _spell(request, pk, spell_pk)
    return answers_form(
        request,
        key=f"{org.code}:leaver:{spell.pk}",
        form=LeaverForm,
        check_url=reverse("people:spell_leaver_check", args=[org.code, pk, spell.pk]),
        context=_spell_context(request, spell, "leaver"),
        initial={"version": spell.version},
    )


@org_view(Cap.REGISTER_EDIT)
def spell_leaver_check(request: AuthedRequest, pk: int, spell_pk: int) -> HttpResponse:
    org = request.organisation
    spell = _spell(request, pk, spell_pk)
    return answers_check(
        request,
        key=f"{org.code}:leaver:{spell.pk}",
        form=LeaverForm,
        form_url=reverse("people:spell_leaver", args=[org.code, pk, spell.pk]),
        confirm=lambda d: spell_end(
            spell=spell,
            end_date=d["end_date"],
            leaving_reason=d["leaving_reason"],
            leaver_destination=d["leaver_destination"],
            version=d["version"],
            actor=request.user,
        ),
        done_url=lambda s: _person_url(org.code, s.person),
        done_message=lambda s: (
            f"{s.person.full_name} is recorded as leaving on {s.end_date:%-d %B %Y}."
        ),
        context=_spell_context(request, spell, "leaver"),
    )


# --- absence -----------------------------------------------------------------------------------


def _absence_person(request: AuthedRequest, pk: int) -> StaffMember:
    """The person, if the asker may record absence for them (their team, service or council)."""
    access = request.access
    person = selectors.person_detail(access, pk)
    if person is None:
        raise Http404
    teams = selectors.person_team_ids(person)
    if not any(
        access.allows(Cap.ABSENCE_RECORD, team_id=t, service_id=s) for t, s in teams
    ) and not access.allows(Cap.ABSENCE_RECORD):
        raise PermissionDenied
    return person


def _absence_context(request: AuthedRequest, person: StaffMember) -> dict[str, Any]:
    org = request.organisation
    return {
        "title": "Record absence",
        "caption": person.full_name,
        "back_url": _person_url(org.code, person),
        "form_url": reverse("people:absence_add", args=[org.code, person.pk]),
        "confirm_text": "Sickness counts towards the working days lost in the census return.",
        "confirm_button": "Record absence",
    }


@org_view(Cap.ABSENCE_RECORD)
def absence_add(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organisation
    person = _absence_person(request, pk)
    return answers_form(
        request,
        key=f"{org.code}:absence:{person.pk}",
        form=AbsenceForm,
        check_url=reverse("people:absence_add_check", args=[org.code, person.pk]),
        context=_absence_context(request, person),
    )


@org_view(Cap.ABSENCE_RECORD)
def absence_add_check(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organisation
    person = _absence_person(request, pk)
    return answers_check(
        request,
        key=f"{org.code}:absence:{person.pk}",
        form=AbsenceForm,
        form_url=reverse("people:absence_add", args=[org.code, person.pk]),
        confirm=lambda d: absence_record(person=person, actor=request.user, **d),
        done_url=lambda a: _person_url(org.code, person),
        done_message=lambda a: f"The absence for {person.full_name} has been recorded.",
        context=_absence_context(request, person),
    )


# --- census items: the Fix form ----------------------------------------------------------------


@org_view(Cap.REGISTER_EDIT)
def census_fix(request: AuthedRequest, pk: int) -> HttpResponse:
    """Exactly the census items a record is missing (``?items=PersonBirthDate,Ethnicity``, and
    ``spell`` for the items kept on an employment spell), then back to the census page."""
    from django.contrib import messages
    from django.shortcuts import redirect, render
    from django.utils.http import url_has_allowed_host_and_scheme

    from thrive.core.errors import ThriveError
    from thrive.people.forms import CensusFixForm
    from thrive.people.services import (
        CENSUS_PERSON_ITEMS,
        CENSUS_SPELL_ITEMS,
        person_census_fix,
    )

    org = request.organisation  # type: ignore[attr-defined]
    person = selectors.person_detail(request.access, pk)  # type: ignore[attr-defined]
    if person is None:
        raise Http404
    known = [*CENSUS_PERSON_ITEMS, *CENSUS_SPELL_ITEMS]
    asked = [i for i in request.GET.get("items", "").split(",") if i]
    items = [i for i in known if i in asked] or list(CENSUS_PERSON_ITEMS)
    spell = None
    if any(i in CENSUS_SPELL_ITEMS for i in items):
        asked_spell = request.GET.get("spell", "")
        spell = selectors.person_spell(person, int(asked_spell) if asked_spell.isdigit() else 0)
        if spell is None:
            raise Http404
    back = request.GET.get("next") or _person_url(org.code, person)
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = _person_url(org.code, person)
    form = CensusFixForm(request.POST or None, items=items, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_census_fix(
                person=person,
                spell=spell,
                values={i: data[i] for i in items},
                version=data.get("version"),
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"{person.full_name}'s census items are saved.")
            return redirect(back)
    return render(
        request,
        "govuk/flow_form.html",
        {
            "form": form,
            "button_text": "Save the census items",
            "title": "Fill in the census items",
            "caption": person.full_name,
            "back_url": back,
            "intro": "The census return needs these for "
            f"{person.full_name}"
            + (
                f" ({spell.get_contract_display()} from {spell.start_date:%-d %B %Y})"
                if spell
                else ""
            )
            + ". The earlier values are kept in the record's history.",
        },
    )
