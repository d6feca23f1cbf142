"""Engagement pages: staff surveys (to answer, and for the leads to run), results that never
identify anyone, and the council's minimum group."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.engagement import policy, services
from thrive.engagement.forms import AnswerForm, MinimumGroupForm, ResultsFilterForm, SurveyForm
from thrive.engagement.models import Survey
from thrive.engagement.results import BREAKDOWNS, Results, survey_results, trend, with_region
from thrive.engagement.selectors import (
    library,
    minimum_group,
    org_teams,
    response_rates,
    survey_by_id,
    survey_items,
    surveys,
    surveys_for_person,
)
from thrive.people.selectors import staff_member_for


def _survey_or_404(request: AuthedRequest, pk: int) -> Survey:
    found = survey_by_id(request.organisation, pk)
    if found is None:
        raise Http404("No such survey")
    return found


def _runs(request: AuthedRequest) -> None:
    if not policy.runs_surveys(request.access):
        raise PermissionDenied(Cap.ENGAGEMENT_MANAGE)


@org_view(Cap.ENGAGEMENT_ANSWER)
def survey_list(request: AuthedRequest) -> HttpResponse:
    """The surveys open to the person; for the engagement leads, every wave with its responses."""
    org = request.organisation
    person = staff_member_for(request.user, org)
    runs = policy.runs_surveys(request.access)
    return render(
        request,
        "engagement/surveys.html",
        {
            "mine": surveys_for_person(org, person, clock.today()),
            "has_record": person is not None,
            "runs": runs,
            "waves": list(surveys(org)) if runs else [],
            "minimum": minimum_group(org),
        },
    )


@org_view(Cap.ENGAGEMENT_ANSWER)
def survey_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    """Answer one survey (on a phone as well as a desk)."""
    org = request.organisation
    survey = _survey_or_404(request, pk)
    person = staff_member_for(request.user, org)
    open_to_me = {s.survey.pk: s for s in surveys_for_person(org, person, clock.today())}
    if person is None or survey.pk not in open_to_me:
        raise Http404("This survey is not open to you")
    if open_to_me[survey.pk].answered:
        return render(request, "engagement/answered.html", {"survey": survey, "already": True})
    form = AnswerForm(request.POST or None, items=survey_items(survey))
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_respond(
                survey=survey, person=person, answers=form.answers(), actor=request.user
            )
        except ThriveError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "engagement/answered.html", {"survey": survey})
    return render(request, "engagement/answer.html", {"survey": survey, "form": form})


@org_view(Cap.ENGAGEMENT_MANAGE)
def survey_add(request: AuthedRequest) -> HttpResponse:
    """Start a survey wave from the question library."""
    _runs(request)
    org = request.organisation
    if request.method == "POST" and "start_library" in request.POST:
        services.library_ensure(organisation=org, actor=request.user)
        return redirect("engagement:survey_add", org_code=org.code)
    questions = list(library(org, active_only=True))
    teams = [(str(t.pk), t.name) for t in org_teams(org)]
    form = SurveyForm(request.POST or None, questions=questions, teams=teams)
    if request.method == "POST" and form.is_valid():
        chosen = {int(x) for x in form.cleaned_data["questions"]}
        team_ids = {int(x) for x in form.cleaned_data["teams"]}
        try:
            survey = services.survey_create(
                organisation=org,
                name=form.cleaned_data["name"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                anonymous=form.cleaned_data["anonymous"],
                questions=[q for q in questions if q.pk in chosen],
                teams=[t for t in org_teams(org) if t.pk in team_ids],
                professions=form.cleaned_data["professions"],
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, f"'{survey.name}' is ready.")
            return redirect("engagement:survey", org_code=org.code, pk=survey.pk)
    return render(request, "engagement/survey_add.html", {"form": form, "empty": not questions})


@org_view(Cap.ENGAGEMENT_MANAGE)
def survey_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One wave: its questions, response rates by team and the reminder to those yet to answer."""
    _runs(request)
    survey = _survey_or_404(request, pk)
    if request.method == "POST":
        try:
            sent = services.survey_remind(survey=survey, actor=request.user)
        except ThriveError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Reminders sent to {sent} people who have not answered.")
        return redirect("engagement:survey", org_code=request.organisation.code, pk=survey.pk)
    rows, total = response_rates(survey, clock.today())
    return render(
        request,
        "engagement/survey.html",
        {
            "survey": survey,
            "items": survey_items(survey),
            "rates": rows,
            "total": total,
            "is_open": survey.is_open(clock.today()),
        },
    )


def _chosen_results(request: AuthedRequest) -> tuple[ResultsFilterForm, Results | None, str]:
    org = request.organisation
    waves = list(surveys(org))
    form = ResultsFilterForm(request.GET or None, surveys=[(str(s.pk), s.name) for s in waves])
    by, survey = "team", waves[0] if waves else None
    if form.is_valid():
        by = form.cleaned_data.get("by") or "team"
        chosen = form.cleaned_data.get("survey")
        if chosen:
            survey = next((s for s in waves if str(s.pk) == chosen), survey)
    if by not in BREAKDOWNS:
        by = "team"
    return form, (with_region(survey_results(survey)) if survey is not None else None), by


@org_view(Cap.ENGAGEMENT_RESULTS)
def results(request: AuthedRequest) -> HttpResponse:
    """A wave's results by team, service or profession, with the trend across waves."""
    if not policy.reads_results(request.access):
        raise PermissionDenied(Cap.ENGAGEMENT_RESULTS)
    form, res, by = _chosen_results(request)
    org = request.organisation
    rows = trend(org, list(surveys(org))) if res is not None else []
    return render(
        request,
        "engagement/results.html",
        {
            "form": form,
            "res": res,
            "by": by,
            "groups": res.breakdown(by) if res else [],
            "trend": rows,
            "trend_waves": [s for s, _ in rows[0].waves] if rows else [],
        },
    )


def _region_sheet(sheet: Any, res: Results) -> None:
    """The council beside the partnership's other councils on the same questions, each hidden
    by the same rules as the page (a council figure under the minimum group; the region's
    where fewer than two other councils have enough answers), with the reason."""
    sheet.append(
        [
            "Question",
            "Council mean",
            "Council favourable %",
            "Council eNPS",
            "Council: why hidden",
            "Other councils' mean",
            "Other councils' favourable %",
            "Other councils' eNPS",
            "Other councils: why hidden",
        ]
    )
    for q in res.scale_questions:
        mine = res.council.figures[q.pk]
        theirs = res.region.get(q.pk)
        sheet.append(
            [
                q.text,
                mine.mean,
                mine.favourable,
                mine.enps,
                mine.reason or "",
                theirs.mean if theirs else None,
                theirs.favourable if theirs else None,
                theirs.enps if theirs else None,
                (theirs.reason or "") if theirs else "not compared",
            ]
        )


@org_view(Cap.ENGAGEMENT_RESULTS)
def results_export(request: AuthedRequest) -> HttpResponse:
    """The same results as an Excel workbook: a sheet per breakdown, and the comments shown."""
    from openpyxl import Workbook

    if not policy.reads_results(request.access):
        raise PermissionDenied(Cap.ENGAGEMENT_RESULTS)
    _form, res, _by = _chosen_results(request)
    book = Workbook()
    first = True
    for by in BREAKDOWNS if res is not None else ():
        assert res is not None
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = f"By {by}"
        sheet.append(
            [
                "Group",
                "Within",
                "Respondents",
                "Question",
                "Mean",
                "Favourable %",
                "eNPS",
                "Why hidden",
            ]
        )
        for g in [res.council, *res.breakdown(by)]:
            for q in res.scale_questions:
                f = g.figures[q.pk]
                sheet.append(
                    [
                        g.label,
                        g.parent_label,
                        g.respondents,
                        q.text,
                        f.mean,
                        f.favourable,
                        f.enps,
                        f.reason or "",
                    ]
                )
    if res is not None:
        _region_sheet(book.create_sheet("Region"), res)
    comments = book.create_sheet("Comments") if res is not None else book.active
    comments.title = "Comments"
    comments.append(["Group", "Comment"])
    if res is not None:
        for g in [res.council, *(g for by in BREAKDOWNS for g in res.breakdown(by))]:
            for c in g.comments if g.shown else []:
                comments.append([g.label, c])
    out = io.BytesIO()
    book.save(out)
    audit_log(
        action="engagement.results_exported",
        user=request.user,
        organisation=request.organisation,
        obj=res.survey if res is not None else None,
        request=request,
    )
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"survey-{res.survey.pk}-results.xlsx" if res is not None else "survey-results.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@org_view(Cap.ENGAGEMENT_MANAGE)
def minimum_group_page(request: AuthedRequest) -> HttpResponse:
    """The smallest group any result is shown for (five or more)."""
    _runs(request)
    org = request.organisation
    form = MinimumGroupForm(request.POST or None, initial={"minimum_group": minimum_group(org)})
    if request.method == "POST" and form.is_valid():
        try:
            services.minimum_group_set(
                organisation=org, minimum=form.cleaned_data["minimum_group"], actor=request.user
            )
        except ThriveError as exc:
            form.add_error("minimum_group", str(exc))
        else:
            messages.success(request, "The smallest group is saved.")
            return redirect("engagement:surveys", org_code=org.code)
    return render(request, "engagement/minimum_group.html", {"form": form})
