"""The academy's pages: a newly qualified worker's own academy page (calendar, ASYE progress,
evidence, reviews), the academy lead's cohorts and a cohort's progress, one worker's ASYE record
with its reviews, evidence, outcome and move to a team, and the academy's dated rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.academy import policy, selectors, services
from thrive.academy.forms import (
    CohortForm,
    EvidenceForm,
    OutcomeForm,
    PeopleForm,
    ProgrammeForm,
    ReflectionForm,
    ReviewForm,
    RuleForm,
    TransitionForm,
)
from thrive.academy.models import Enrolment
from thrive.academy.report import grown_our_own, grown_our_own_over_time, retention_table
from thrive.academy.services.peer_groups import PEER_GROUP
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.charts import Series, line_chart
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import seen_version, shown_version
from thrive.core.roles import Cap


def _enrolment_or_404(request: AuthedRequest, pk: int) -> Enrolment:
    found = selectors.enrolment_for(request.access, pk)
    if found is None:
        raise Http404("No such enrolment")
    return found


@org_view(Cap.ACADEMY_VIEW)
def mine(request: AuthedRequest) -> HttpResponse:
    """The worker's own academy: the calendar, their ASYE at a glance, reviews and evidence."""
    today = clock.today()
    enrolment = selectors.own_enrolment(request.access)
    context: dict[str, Any] = {"enrolment": enrolment, "today": today}
    if enrolment is not None:
        (glance,) = selectors.progress(request.organisation, [enrolment], today)
        context.update(
            glance=glance,
            sessions=selectors.my_sessions(enrolment.cohort, enrolment.person),
            rule=selectors.rule_on(request.organisation, today),
        )
    context["runs_academy"] = policy.runs_academy(request.access)
    return render(request, "academy/mine.html", context)


@org_view(Cap.ACADEMY_MANAGE)
def cohorts(request: AuthedRequest) -> HttpResponse:
    """The academy lead's cohorts, and enrolling newly qualified starters already in the
    register."""
    org = request.organisation
    if request.method == "POST":
        done = services.enrol_newly_qualified(organisation=org, actor=request.user)
        messages.success(
            request,
            f"Enrolled {len(done)} newly qualified social worker{'s' if len(done) != 1 else ''}.",
        )
        return redirect("academy:cohorts", org_code=org.code)
    waiting = selectors.newly_qualified_spells(org, clock.today())
    over_time = grown_our_own_over_time(org, clock.today())
    chart = line_chart(
        chart_id="grown-our-own",
        title="Grown our own: share of social workers, each 30 September and today",
        categories=[row["on"][:4] if row is not over_time[-1] else "Today" for row in over_time],
        series=[
            Series(
                "Grown by the council (%)",
                [None if r["share"] is None else round(100 * r["share"], 1) for r in over_time],
            )
        ],
        unit="%",
        description="The share of the council's social workers who came through its academy, "
        "Step Up, Frontline, apprenticeships or internal progression; the table below gives "
        "the same figures (a year with fewer than five social workers is not shown)",
    )
    retention = retention_table(org, clock.today())
    retention_chart = line_chart(
        chart_id="retention-by-cohort",
        title="Still with the council a year after starting, by the year they started",
        categories=[str(r["year"]) for r in retention],
        series=[
            Series("Academy cohort (%)", [r["cohort_1y"] for r in retention]),
            Series("Joined qualified (%)", [r["comparators_1y"] for r in retention]),
        ],
        unit="%",
        description="Kaplan–Meier retention at one year of each academy cohort beside the "
        "social workers who joined the council qualified that year; a group of fewer than five, "
        "or a year not yet reached, is a gap",
    )
    return render(
        request,
        "academy/cohorts.html",
        {
            "cohorts": list(selectors.cohorts(org)),
            "waiting": waiting,
            "over_time": over_time,
            "chart": chart,
            "retention": retention,
            "retention_chart": retention_chart,
            "by_team": grown_our_own(org, clock.today())["by_team"],
        },
    )


@org_view(Cap.ACADEMY_MANAGE)
def cohort_add(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    teams = {str(t.pk): t for t in selectors.academy_teams(org)}
    staff = {str(p.pk): p for p in selectors.staff_choices(org, clock.today())}
    form = CohortForm(request.POST or None, teams=teams.values(), staff=staff.values())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            cohort = services.cohort_add(
                organisation=org,
                name=d["name"],
                starts_on=d["starts_on"],
                team=teams.get(d["team"] or ""),
                practice_educators=[staff[k] for k in d["practice_educators"] if k in staff],
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, f"The cohort {cohort} is added.")
            return redirect("academy:cohort", org_code=org.code, pk=cohort.pk)
    return render(request, "academy/cohort_add.html", {"form": form})


@org_view(Cap.ACADEMY_MANAGE)
def cohort(request: AuthedRequest, pk: int) -> HttpResponse:
    """A cohort's progress at a glance, its practice educators and its academy days with
    attendance."""
    org = request.organisation
    found = selectors.cohort_for(org, pk)
    if found is None:
        raise Http404("No such cohort")
    if request.method == "POST":
        peer = request.POST.get("action") == "peer_groups"
        try:
            if peer:
                added = services.peer_groups_plan(cohort=found, actor=request.user)
            else:
                added = services.recall_days_plan(cohort=found, actor=request.user)
        except ThriveError as exc:
            messages.error(request, str(exc))
        else:
            what = "peer group" if peer else "academy day"
            messages.success(request, f"Planned {added} {what}{'s' if added != 1 else ''}.")
        return redirect("academy:cohort", org_code=org.code, pk=found.pk)
    today = clock.today()
    rows = selectors.progress(org, selectors.cohort_enrolments(found), today)
    sessions = list(selectors.cohort_sessions(found))
    return render(
        request,
        "academy/cohort.html",
        {
            "cohort": found,
            "rows": rows,
            "sessions": sessions,
            "peer_planned": any(s.venue == PEER_GROUP for s in sessions),
            "rule": selectors.rule_on(org, today),
            "today": today,
            "now": clock.now(),
        },
    )


@org_view(Cap.ACADEMY_VIEW)
def enrolment(request: AuthedRequest, pk: int) -> HttpResponse:
    """One worker's assessed year: the people around it, reviews, the portfolio, the outcome and
    the move to a substantive team. The academy lead changes these here."""
    found = _enrolment_or_404(request, pk)
    org, today = request.organisation, clock.today()
    runs = policy.runs_academy(request.access)
    if not policy.is_own(request.access, found):
        audit_log(
            action="academy.record_read",
            user=request.user,
            organisation=org,
            obj=found,
            summary=f"Read the ASYE record of {found.person}",
            request=request,
        )
    staff = {str(p.pk): p for p in selectors.staff_choices(org, today)} if runs else {}
    teams = {str(t.pk): t for t in selectors.academy_teams(org)} if runs else {}
    people_form = PeopleForm(
        None,
        staff=staff.values(),
        initial={
            "assessor": found.assessor_id or "",
            "practice_educator": found.practice_educator_id or "",
            "line_manager": found.line_manager_id or "",
        },
        prefix="people",
    )
    outcome_form = OutcomeForm(None, prefix="outcome")
    transition_form = TransitionForm(None, teams=teams.values(), prefix="move")
    if request.method == "POST":
        if not runs:
            raise PermissionDenied(Cap.ACADEMY_MANAGE)
        action = request.POST.get("action", "")
        try:
            if action == "people":
                people_form = PeopleForm(request.POST, staff=staff.values(), prefix="people")
                if people_form.is_valid():
                    d = people_form.cleaned_data
                    services.people_set(
                        enrolment=found,
                        assessor=staff.get(d["assessor"]),
                        practice_educator=staff.get(d["practice_educator"]),
                        line_manager=staff.get(d["line_manager"]),
                        actor=request.user,
                        version=seen_version(request),
                    )
                    messages.success(request, "The people around the assessed year are saved.")
                    return redirect("academy:enrolment", org_code=org.code, pk=found.pk)
            elif action == "outcome":
                outcome_form = OutcomeForm(request.POST, prefix="outcome")
                if outcome_form.is_valid():
                    d = outcome_form.cleaned_data
                    services.outcome_record(
                        enrolment=found,
                        outcome=d["outcome"],
                        on=today,
                        reasons=d["reasons"],
                        extended_to=d["extended_to"],
                        actor=request.user,
                        version=seen_version(request),
                    )
                    messages.success(request, "The outcome is recorded.")
                    return redirect("academy:enrolment", org_code=org.code, pk=found.pk)
            elif action == "move":
                transition_form = TransitionForm(request.POST, teams=teams.values(), prefix="move")
                if transition_form.is_valid():
                    d = transition_form.cleaned_data
                    services.transition_record(
                        enrolment=found,
                        team=teams[d["team"]],
                        on=d["on"],
                        actor=request.user,
                        version=seen_version(request),
                    )
                    messages.success(request, "The move to a substantive team is recorded.")
                    return redirect("academy:enrolment", org_code=org.code, pk=found.pk)
            else:
                raise Http404("No such action")
        except ThriveError as exc:
            messages.error(request, str(exc))
    (glance,) = selectors.progress(org, [found], today)
    return render(
        request,
        "academy/enrolment.html",
        {
            "enrolment": found,
            "version": shown_version(request, found),
            "glance": glance,
            "runs": runs,
            "adds_evidence": policy.adds_evidence(request.access, found),
            "people_form": people_form,
            "outcome_form": outcome_form,
            "transition_form": transition_form,
            "today": today,
        },
    )


@org_view(Cap.ACADEMY_VIEW)
def evidence_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add a piece of evidence to a portfolio (the worker's own, or as their assessor)."""
    found = _enrolment_or_404(request, pk)
    if not policy.adds_evidence(request.access, found):
        raise PermissionDenied(Cap.ACADEMY_VIEW)
    form = EvidenceForm(
        request.POST or None, request.FILES or None, kinds=list(found.programme.evidence or {})
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.evidence_add(
                enrolment=found,
                kind=d["kind"],
                title=d["title"],
                on=d["on"],
                note=d["note"],
                file=d["file"] or None,
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, "The evidence is added to the portfolio.")
            if policy.is_own(request.access, found):
                return redirect("academy:mine", org_code=request.organisation.code)
            return redirect("academy:enrolment", org_code=request.organisation.code, pk=found.pk)
    return render(request, "academy/evidence_add.html", {"form": form, "enrolment": found})


@org_view(Cap.ACADEMY_VIEW)
def evidence_file(request: AuthedRequest, pk: int) -> HttpResponse:
    piece = selectors.evidence_for(request.access, pk)
    if piece is None or not piece.file:
        raise Http404("No such evidence")
    audit_log(
        action="academy.evidence_read",
        user=request.user,
        organisation=request.organisation,
        obj=piece,
        summary=f"Opened evidence: {piece.title}",
        request=request,
    )
    return FileResponse(piece.file.open("rb"), as_attachment=True)  # type: ignore[return-value]


@org_view(Cap.ACADEMY_VIEW)
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    """A review: the worker reads it and writes their critical reflection; the assessor records
    it and signs it off."""
    found = selectors.review_for(request.access, pk)
    if found is None:
        raise Http404("No such review")
    enrolment = _enrolment_or_404(request, found.enrolment_id)
    own = policy.is_own(request.access, enrolment)
    assesses = policy.assesses(request.access, enrolment)
    review_form = ReviewForm(
        None, initial={"held_on": found.held_on, "summary": found.summary}, prefix="review"
    )
    reflection_form = ReflectionForm(
        None, initial={"critical_reflection": found.critical_reflection}, prefix="reflection"
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if (action == "reflection" and not own) or (
            action in ("review", "sign_off") and not assesses
        ):
            raise PermissionDenied(Cap.ACADEMY_VIEW)
        try:
            if action == "reflection":
                reflection_form = ReflectionForm(request.POST, prefix="reflection")
                if reflection_form.is_valid():
                    services.review_record(
                        review=found,
                        critical_reflection=reflection_form.cleaned_data["critical_reflection"],
                        actor=request.user,
                        version=seen_version(request),
                    )
                    messages.success(request, "Your critical reflection is saved.")
                    return redirect("academy:review", org_code=request.organisation.code, pk=pk)
            elif action == "review":
                review_form = ReviewForm(request.POST, prefix="review")
                if review_form.is_valid():
                    services.review_record(
                        review=found,
                        held_on=review_form.cleaned_data["held_on"],
                        summary=review_form.cleaned_data["summary"],
                        actor=request.user,
                        version=seen_version(request),
                    )
                    messages.success(request, "The review is saved.")
                    return redirect("academy:review", org_code=request.organisation.code, pk=pk)
            elif action == "sign_off":
                services.review_sign_off(
                    review=found, actor=request.user, version=seen_version(request)
                )
                messages.success(request, "The review is signed off.")
                return redirect("academy:review", org_code=request.organisation.code, pk=pk)
            else:
                raise Http404("No such action")
        except ThriveError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "academy/review.html",
        {
            "review": found,
            "version": shown_version(request, found),
            "enrolment": enrolment,
            "own": own,
            "assesses": assesses,
            "review_form": review_form,
            "reflection_form": reflection_form,
        },
    )


@org_view(Cap.ACADEMY_MANAGE)
def rules(request: AuthedRequest) -> HttpResponse:
    """The academy's rules and programme definitions, each from a date."""
    org = request.organisation
    return render(
        request,
        "academy/rules.html",
        {
            "rules": list(selectors.rules(org)),
            "programmes": list(selectors.programmes(org)),
            "in_force": selectors.rule_on(org, clock.today()),
        },
    )


@org_view(Cap.ACADEMY_MANAGE)
def rule_add(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    current = selectors.rule_on(org, clock.today())
    form = RuleForm(
        request.POST or None,
        initial={
            f: getattr(current, f)
            for f in (
                "recall_every_months",
                "induction_days",
                "development_percent",
                "weekly_hours",
                "transition_months",
                "peer_group_every_weeks",
                "shortlist_email",
            )
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_add(organisation=org, actor=request.user, **form.cleaned_data)
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, "The academy rule is added.")
            return redirect("academy:rules", org_code=org.code)
    return render(request, "academy/rule_add.html", {"form": form, "title": "Add an academy rule"})


@org_view(Cap.ACADEMY_MANAGE)
def programme_add(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    form = ProgrammeForm(
        request.POST or None,
        initial={
            "review_months": "3, 6, 12",
            "reflection_months": "6, 12",
            "direct_observation": 3,
            "family_feedback": 3,
            "professional_feedback": 3,
            "written_report": 3,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        kinds = ("direct_observation", "family_feedback", "professional_feedback", "written_report")
        try:
            services.programme_add(
                organisation=org,
                name=d["name"],
                effective_from=d["effective_from"],
                review_months=d["review_months"],
                reflection_months=d["reflection_months"],
                evidence={k: d[k] for k in kinds},
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, "The programme definition is added.")
            return redirect("academy:rules", org_code=org.code)
    return render(
        request, "academy/rule_add.html", {"form": form, "title": "Add a programme definition"}
    )
