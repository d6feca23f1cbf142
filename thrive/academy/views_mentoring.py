"""Strengths-based mentoring's pages: a person's own mentoring (offer a skill, ask for one, the
suggested mentors and their choice, their pairs), one pair's meetings and closing reflection,
practice champion networks, and coverage and outcomes for the workforce lead."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.academy import policy, selectors
from thrive.academy import selectors_mentoring as sel
from thrive.academy.forms_growth import (
    ChampionForm,
    CloseForm,
    MeetingForm,
    NetworkForm,
    OfferForm,
    RequestForm,
)
from thrive.academy.selectors_pipeline import programme_people
from thrive.academy.services.mentoring import (
    champion_add,
    champion_network_add,
    champion_step_down,
    mentoring_close,
    mentoring_meeting_add,
    mentoring_pair_start,
    skill_offer_add,
    skill_offer_withdraw,
    skill_request_add,
)
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import form_submit
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id, posted_version
from thrive.core.roles import Cap
from thrive.people.models import StaffMember


@org_view(Cap.ACADEMY_VIEW)
def mine(request: AuthedRequest) -> HttpResponse:
    """Offer a skill, ask for one, choose a mentor from the suggestions, see your pairs."""
    org, today = request.organisation, clock.today()
    person = selectors.staff_of(request.access)
    skills = {str(s.pk): s for s in sel.skills(org, today)}
    here = reverse("academy:mentoring", kwargs={"org_code": org.code})
    action = request.POST.get("action", "") if request.method == "POST" else ""
    offer_form = OfferForm(
        request.POST if action == "offer" else None, skills=skills.values(), prefix="offer"
    )
    request_form = RequestForm(
        request.POST if action == "ask" else None, skills=skills.values(), prefix="ask"
    )
    if request.method == "POST":
        if person is None:
            raise PermissionDenied(Cap.ACADEMY_VIEW)
        done = None
        if action == "offer":
            done = form_submit(
                request,
                offer_form,
                lambda d: skill_offer_add(
                    person=person,
                    skill=skills[d["skill"]],
                    capacity=d["capacity"],
                    note=d["note"],
                    actor=request.user,
                ),
                done="Thank you: colleagues can now choose you as a mentor.",
                then=here,
            )
        elif action == "ask":
            done = form_submit(
                request,
                request_form,
                lambda d: skill_request_add(
                    person=person, skill=skills[d["skill"]], note=d["note"], actor=request.user
                ),
                done="Your request is recorded: choose a mentor from the suggestions.",
                then=here,
            )
        else:
            done = _act(request, person, here)
        if done is not None:
            return done
    mentoring = sel.own_mentoring(person, today) if person is not None else None
    return render(
        request,
        "academy/mentoring.html",
        {
            "person": person,
            "m": mentoring,
            "offer_form": offer_form,
            "request_form": request_form,
            "has_skills": bool(skills),
        },
    )


def _act(request: AuthedRequest, person: StaffMember, here: str) -> HttpResponse:
    """The small posts of the page: choose a mentor, withdraw an offer, offer a suggested skill."""
    org = request.organisation
    action = request.POST.get("action")
    try:
        if action == "choose":
            asked = sel.own_request(person, posted_id(request, "request") or 0)
            offer = sel.offer_of(org, posted_id(request, "offer") or 0)
            if asked is None or offer is None:
                raise Http404("No such request or offer")
            pair = mentoring_pair_start(request=asked, offer=offer, actor=request.user)
            messages.success(request, f"{pair.mentor} is your mentor in {pair.skill}.")
            return redirect("academy:mentoring_pair", org_code=org.code, pk=pair.pk)
        if action == "withdraw":
            offer = sel.offer_of(org, posted_id(request, "offer") or 0)
            if offer is None or offer.person_id != person.pk:
                raise Http404("No such offer")
            skill_offer_withdraw(offer=offer, version=posted_version(request), actor=request.user)
            messages.success(request, "You no longer offer that skill.")
        elif action == "offer_suggested":
            skill = sel.skill_of(org, posted_id(request, "skill") or 0, clock.today())
            if skill is None:
                raise Http404("No such skill")
            skill_offer_add(person=person, skill=skill, capacity=1, actor=request.user)
            messages.success(request, f"You offer {skill} to one colleague at a time.")
    except ThriveError as exc:
        messages.error(request, str(exc))
    return redirect(here)


@org_view(Cap.ACADEMY_VIEW)
def pair(request: AuthedRequest, pk: int) -> HttpResponse:
    """A mentoring pair: why it was suggested, meetings, and the closing reflection."""
    org = request.organisation
    found = sel.pair_of(org, pk)
    if found is None or not policy.sees_pair(request.access, found):
        raise Http404("No such mentoring")
    if request.method == "GET" and not policy.keeps_pair(request.access, found):
        # The meetings' notes and the closing reflection are the pair's: anyone else's reading
        # (the academy lead) is in the audit trail.
        audit_log(
            action="academy.mentoring_pair_read",
            user=request.user,
            organisation=org,
            obj=found,
            summary=f"Read the mentoring of {found.mentee} by {found.mentor}",
            request=request,
        )
    here = reverse("academy:mentoring_pair", kwargs={"org_code": org.code, "pk": pk})
    action = request.POST.get("action", "") if request.method == "POST" else ""
    meeting_form = MeetingForm(
        request.POST if action == "meeting" else None,
        initial={"held_on": clock.today()},
        prefix="meeting",
    )
    close_form = CloseForm(
        request.POST if action == "close" else None,
        initial={"on": clock.today()},
        prefix="close",
    )
    if action == "meeting":
        if not policy.keeps_pair(request.access, found):
            raise PermissionDenied(Cap.ACADEMY_VIEW)
        done = form_submit(
            request,
            meeting_form,
            lambda d: mentoring_meeting_add(
                pair=found, held_on=d["held_on"], note=d["note"], actor=request.user
            ),
            done="The meeting is recorded.",
            then=here,
        )
        if done is not None:
            return done
    elif action == "close":
        if not policy.closes_pair(request.access, found):
            raise PermissionDenied(Cap.ACADEMY_VIEW)
        done = form_submit(
            request,
            close_form,
            lambda d: mentoring_close(
                pair=found,
                on=d["on"],
                reflection=d["reflection"],
                outcome=d["outcome"],
                version=posted_version(request),
                actor=request.user,
            ),
            done="The mentoring is closed with your reflection.",
            then=here,
        )
        if done is not None:
            return done
    return render(
        request,
        "academy/mentoring_pair.html",
        {
            "pair": found,
            "meeting_form": meeting_form,
            "close_form": close_form,
            "keeps": policy.keeps_pair(request.access, found) and found.ended_on is None,
            "closes": policy.closes_pair(request.access, found) and found.ended_on is None,
        },
    )


@org_view(Cap.ACADEMY_MANAGE)
def coverage(request: AuthedRequest) -> HttpResponse:
    """Coverage and outcomes of mentoring for the workforce lead."""
    return render(
        request,
        "academy/mentoring_coverage.html",
        {"c": sel.coverage(request.organisation, clock.today()), "min_group": sel.MIN_GROUP},
    )


@org_view(Cap.ACADEMY_VIEW)
def champions(request: AuthedRequest) -> HttpResponse:
    """Practice champion networks with their members; the academy lead adds networks and
    champions and records a champion stepping down."""
    org, today = request.organisation, clock.today()
    runs = policy.runs_academy(request.access)
    here = reverse("academy:champions", kwargs={"org_code": org.code})
    skills = {str(s.pk): s for s in sel.skills(org, today)}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    network_form = NetworkForm(
        request.POST if action == "network" else None, skills=skills.values(), prefix="network"
    )
    people = list(programme_people(org)) if runs else []
    by_pk = {str(p.pk): p for p in people}
    networks = {str(n.pk): n for n in sel.networks(org)}
    champion_form = ChampionForm(
        request.POST if action == "champion" else None,
        networks=networks.values(),
        people=people,
        prefix="champion",
    )
    if request.method == "POST":
        if not runs:
            raise PermissionDenied(Cap.ACADEMY_MANAGE)
        done = None
        if action == "network":
            done = form_submit(
                request,
                network_form,
                lambda d: champion_network_add(
                    organisation=org,
                    topic=d["topic"],
                    skill=skills.get(d["skill"]),
                    description=d["description"],
                    actor=request.user,
                ),
                done="The network is added.",
                then=here,
            )
        elif action == "champion":
            done = form_submit(
                request,
                champion_form,
                lambda d: champion_add(
                    network=networks[d["network"]], person=by_pk[d["person"]], actor=request.user
                ),
                done="The champion is added.",
                then=here,
            )
        elif action == "step_down":
            member = sel.network_member_of(org, posted_id(request, "member") or 0)
            if member is None:
                raise Http404("No such champion")
            try:
                champion_step_down(
                    member=member, version=posted_version(request), actor=request.user
                )
            except ThriveError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"{member.person} has stepped down.")
            return redirect(here)
        if done is not None:
            return done
    return render(
        request,
        "academy/champions.html",
        {
            "networks": list(networks.values()),
            "runs": runs,
            "network_form": network_form,
            "champion_form": champion_form,
        },
    )
