"""The leadership pipeline's pages: the talent pool with its figures and the manager vacancies
within reach, a vacancy's ranked shortlist (offered to the recruiter, an appointment recorded),
recording a career conversation, and one person's place in the pool."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.academy import policy
from thrive.academy import selectors_pipeline as sel
from thrive.academy.forms_growth import ConversationForm, CourseForm, PoolOutcomeForm
from thrive.academy.models import PoolStatus
from thrive.academy.services.pipeline import (
    career_conversation_record,
    pool_appoint,
    pool_outcome_record,
    shortlist_offer,
)
from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import form_submit
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id, posted_version
from thrive.core.roles import Cap


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(Cap.ACADEMY_MANAGE)


@org_view(Cap.RECRUITMENT_VIEW)
def talent(request: AuthedRequest) -> HttpResponse:
    """The talent pool by readiness and what became of each person, the pipeline's figures, and
    the manager vacancies within reach with their shortlists."""
    _require(policy.sees_talent_pool(request.access))
    org, today = request.organisation, clock.today()
    vacancies = sel.manager_vacancies(request.access)
    offers = sel.offers_for([v.pk for v in vacancies])
    return render(
        request,
        "academy/talent.html",
        {
            "figures": sel.figures(org, today),
            "pool": list(sel.pool(org)),
            "awaiting": sel.awaiting_conversation(org, today),
            "vacancies": [(v, offers.get(v.pk)) for v in vacancies],
            "runs": policy.runs_pipeline(request.access),
            "programmes": sel.programmes_planned(org)
            if policy.runs_pipeline(request.access)
            else [],
            "min_group": sel.MIN_GROUP,
        },
    )


@org_view(Cap.RECRUITMENT_VIEW)
def shortlist(request: AuthedRequest, pk: int) -> HttpResponse:
    """A manager vacancy's ranked shortlist from the pool, with reasons in words; the academy
    lead offers it to the recruiter, and an appointment from it is recorded here."""
    _require(policy.sees_talent_pool(request.access))
    org, today = request.organisation, clock.today()
    vacancy = sel.manager_vacancy_for(request.access, pk)
    if vacancy is None:
        raise Http404("No such manager vacancy")
    here = reverse("academy:shortlist", kwargs={"org_code": org.code, "pk": pk})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "offer":
                _require(policy.runs_pipeline(request.access))
                shortlist_offer(vacancy=vacancy, on=today, actor=request.user)
                messages.success(request, "The shortlist is offered to the recruiter.")
            else:
                _require(policy.records_appointment(request.access))
                member = next(
                    (m for m in sel.in_pool(org) if m.person_id == posted_id(request, "person")),
                    None,
                )
                if member is None:
                    raise Http404("Not in the pool")
                pool_appoint(
                    member=member,
                    vacancy=vacancy,
                    on=today,
                    version=posted_version(request),
                    actor=request.user,
                )
                messages.success(
                    request,
                    f"{member.person} is appointed: their new post is in the register "
                    "and the vacancy is filled.",
                )
        except ThriveError as exc:
            messages.error(request, str(exc))
        return redirect(here)
    members = {m.person_id: m for m in sel.in_pool(org)}
    return render(
        request,
        "academy/shortlist.html",
        {
            "vacancy": vacancy,
            "ranked": [(r, members.get(r.person_id)) for r in sel.shortlist(vacancy, today)],
            "offer": sel.offers_for([pk]).get(pk),
            "runs": policy.runs_pipeline(request.access),
        },
    )


@org_view(Cap.ACADEMY_VIEW)
def conversation_add(request: AuthedRequest) -> HttpResponse:
    """Record a career conversation (the academy lead, or a line manager for their own staff)."""
    org = request.organisation
    runs = policy.runs_pipeline(request.access)
    people = list(sel.conversation_people(request.access))
    _require(runs or bool(people))
    by_pk = {str(p.pk): p for p in people}
    programmes = {str(p.pk): p for p in sel.leadership_programmes(org)}
    form = ConversationForm(
        request.POST or None,
        people=people,
        programmes=programmes.values(),
        initial={"held_on": clock.today()},
        prefix="talk",
    )

    def save(d: dict[str, Any]) -> object:
        person = by_pk[str(d["person"])]
        if not policy.has_conversation_with(request.access, person):
            raise ThriveError("You cannot record your own career conversation.", field="person")
        return career_conversation_record(
            person=person,
            held_on=d["held_on"],
            readiness=str(d["readiness"]),
            interest=list(d["interest"]),
            other_path=str(d["other_path"]),
            notes=str(d["notes"]),
            programme=programmes.get(str(d["programme"])),
            actor=request.user,
        )

    done = form_submit(
        request,
        form,
        save,
        done="The career conversation is recorded.",
        then=reverse(
            "academy:talent" if policy.sees_talent_pool(request.access) else "academy:progression",
            kwargs={"org_code": org.code},
        ),
    )
    if done is not None:
        return done
    return render(request, "academy/conversation_add.html", {"form": form})


@org_view(Cap.ACADEMY_MANAGE)
def pool_member(request: AuthedRequest, pk: int) -> HttpResponse:
    """One person's place in the pool: their career conversations, and what became of them."""
    org = request.organisation
    member = sel.pool_member_of(org, pk)
    if member is None:
        raise Http404("No such pool member")
    form = PoolOutcomeForm(
        request.POST or None,
        vacancies=sel.manager_vacancies(request.access),
        initial={"on": clock.today()},
        prefix="outcome",
    )
    vacancies = {str(v.pk): v for v in sel.manager_vacancies(request.access)}

    def save(d: dict[str, Any]) -> object:
        vacancy = vacancies.get(d["vacancy"])
        if vacancy is not None and d["status"] == PoolStatus.APPOINTED:
            # Appointed to a vacancy: the register and the vacancy change with the pool entry.
            return pool_appoint(
                member=member,
                vacancy=vacancy,
                on=d["on"],
                note=d["note"],
                version=posted_version(request),
                actor=request.user,
            )
        return pool_outcome_record(
            member=member,
            status=d["status"],
            on=d["on"],
            vacancy=vacancy,
            note=d["note"],
            version=posted_version(request),
            actor=request.user,
        )

    done = form_submit(
        request,
        form,
        save,
        done="Recorded.",
        then=reverse("academy:pool_member", kwargs={"org_code": org.code, "pk": pk}),
    )
    if done is not None:
        return done
    return render(
        request,
        "academy/pool_member.html",
        {"member": member, "conversations": sel.conversations_of(member.person), "form": form},
    )


@org_view(Cap.ACADEMY_MANAGE)
def course(request: AuthedRequest, pk: int) -> HttpResponse:
    """A leadership programme (the aspiring managers') planned as one course: its sessions in
    date order with places and attendance, more sessions added at once, and its cohort (the
    programme's participants) enrolled on every session to come."""
    from thrive.academy.services.courses import course_cohort_enrol, course_sessions_plan

    org = request.organisation
    programme = sel.leadership_programme_of(org, pk)
    if programme is None:
        raise Http404("No such leadership programme")
    here = reverse("academy:course", kwargs={"org_code": org.code, "pk": pk})
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = CourseForm(request.POST if action == "plan" else None, prefix="course")
    if action == "enrol":
        try:
            n = course_cohort_enrol(programme=programme, actor=request.user)
            messages.success(request, f"{n} place{'s' if n != 1 else ''} booked for the cohort.")
        except ThriveError as exc:
            messages.error(request, str(exc))
        return redirect(here)
    if action == "plan":
        done = form_submit(
            request,
            form,
            lambda d: course_sessions_plan(
                programme=programme,
                days=d["days"],
                starts=d["starts"],
                ends=d["ends"],
                venue=d["venue"],
                actor=request.user,
            ),
            done="The sessions are planned.",
            then=here,
        )
        if done is not None:
            return done
    return render(
        request,
        "academy/course.html",
        {
            "programme": programme,
            "sessions": sel.course_sessions(programme),
            "cohort": sel.programme_cohort(programme),
            "form": form,
        },
    )
