"""Programme evaluation pages: programmes, participants and their questionnaire, and the report
(also as a PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from analytics.programmes import Curve
from thrive.core import clock
from thrive.core.charts import Series, line_chart
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.learning.forms import ParticipantsForm, ProgrammeForm, QuestionForm
from thrive.learning.models import Programme
from thrive.learning.programmes import (
    answers_save,
    participants_add,
    programme_create,
    programme_report,
    question_add,
)
from thrive.learning.selectors import (
    invitation_of,
    people_to_join,
    programme_invitations,
    programme_of,
    programmes_of,
    questions_of,
)


def _programme_or_404(org: Any, pk: int) -> Programme:
    prog = programme_of(org, pk)
    if prog is None:
        raise Http404
    return prog


@org_view(Cap.LEARNING_MANAGE)
def programmes(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(organisation=org, actor=request.user, **form.cleaned_data)
        except ThriveError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"{programme} is set up with the standard questions and measurement points.",
            )
            return redirect("learning:programme", org_code=org.code, pk=programme.pk)
    return render(
        request,
        "learning/programmes.html",
        {"programmes": programmes_of(org), "form": form},
    )


@org_view(Cap.LEARNING_MANAGE)
def programme(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organisation
    prog = _programme_or_404(org, pk)
    people_form = ParticipantsForm(
        request.POST if request.POST.get("action") == "participants" else None,
        initial={"joined_on": prog.starts_on},
        people=people_to_join(prog, clock.today()),
    )
    question_form = QuestionForm(request.POST if request.POST.get("action") == "question" else None)
    if request.method == "POST":
        if request.POST.get("action") == "participants" and people_form.is_valid():
            ids = people_form.chosen_staff_ids()
            try:
                participants_add(
                    programme=prog,
                    staff_ids=ids,
                    joined_on=people_form.cleaned_data["joined_on"],
                    actor=request.user,
                )
            except ThriveError as exc:
                people_form.add_error("staff_ids", exc.message)
            else:
                messages.success(
                    request,
                    f"{len(ids)} participant{'s' if len(ids) != 1 else ''} added; "
                    "their questionnaires are scheduled.",
                )
                return redirect("learning:programme", org_code=org.code, pk=pk)
        if request.POST.get("action") == "question" and question_form.is_valid():
            try:
                question_add(
                    programme=prog, text=question_form.cleaned_data["text"], actor=request.user
                )
            except ThriveError as exc:
                question_form.add_error("text", exc.message)
            else:
                messages.success(request, "The question is added.")
                return redirect("learning:programme", org_code=org.code, pk=pk)
    invitations = programme_invitations(prog)
    return render(
        request,
        "learning/programme.html",
        {
            "programme": prog,
            "people_form": people_form,
            "question_form": question_form,
            "invitations": invitations,
            "today": clock.today(),
        },
    )


@org_view(Cap.LEARNING_VIEW)
def questionnaire(request: AuthedRequest, pk: int) -> HttpResponse:
    """A participant answers their questionnaire (1 disagree … 5 agree)."""
    org = request.organisation
    invitation = invitation_of(org, pk)
    if invitation is None or invitation.participant.person.user_id != request.user.pk:
        raise Http404
    questions = questions_of(invitation.participant.programme)
    error = None
    if request.method == "POST":
        scores = {
            q.pk: int(request.POST[f"q{q.pk}"])
            for q in questions
            if request.POST.get(f"q{q.pk}", "") in {"1", "2", "3", "4", "5"}
        }
        try:
            answers_save(invitation=invitation, user=request.user, scores=scores)
        except ThriveError as exc:
            error = exc.message
        else:
            messages.success(request, "Thank you: your answers are saved.")
            return redirect("learning:mine", org_code=org.code)
    return render(
        request,
        "learning/questionnaire.html",
        {
            "invitation": invitation,
            "questions": questions,
            "error": error,
            "selected": {q.pk: request.POST.get(f"q{q.pk}", "") for q in questions},
        },
    )


def _survival_at(curve: Curve, month: int) -> tuple[float, float, float] | None:
    """The Kaplan–Meier estimate at *month* with its 95% confidence limits, as percentages; None
    past the longest follow-up (nobody has been followed that long, so there is no estimate)."""
    if curve.suppressed or not curve.points:
        return None
    if month > curve.points[-1][0]:
        return None
    value = (1.0, 1.0, 1.0)
    for t, s, low, high in curve.points:
        if t <= month:
            value = (s, low, high)
    return (round(value[0] * 100, 1), round(value[1] * 100, 1), round(value[2] * 100, 1))


def _report_context(prog: Programme) -> dict[str, Any]:
    report = programme_report(prog, clock.today())
    means_chart = line_chart(
        chart_id="outcomes",
        title=f"{prog.name}: average answer to each question at each point (1 to 5)",
        categories=report["points"],
        series=[
            Series(q, [m for _, _, m in report["means"].get(q, [])]) for q in report["questions"]
        ],
        description="The average answer to each outcome question at each measurement point; "
        "points with fewer than five answers are left out",
    )
    months = list(range(0, 25, 3))
    ret = report["retention"]
    curves = {"participants": ret.participants, "comparators": ret.comparators}
    estimates = {key: [_survival_at(c, m) for m in months] for key, c in curves.items()}
    notes = {
        key: "" if c.suppressed or not c.points else "not yet followed up"
        for key, c in curves.items()
    }
    retention_rows: list[dict[str, Any]] = [
        {
            "month": m,
            "participants": estimates["participants"][i],
            "comparators": estimates["comparators"][i],
            "cells": [(estimates[key][i], notes[key]) for key in curves],
        }
        for i, m in enumerate(months)
    ]

    def column(key: str, part: int) -> list[float | None]:
        return [e[part] if e is not None else None for e in estimates[key]]

    retention_chart = line_chart(
        chart_id="retention",
        title=f"{prog.name}: still working here, participants and comparable colleagues (%)",
        categories=[str(m) for m in months],
        series=[
            Series("Participants", column("participants", 0)),
            Series("Comparable colleagues", column("comparators", 0)),
            Series("Participants, lower 95% limit", column("participants", 1)),
            Series("Comparable colleagues, lower 95% limit", column("comparators", 1)),
            Series("Participants, upper 95% limit", column("participants", 2)),
            Series("Comparable colleagues, upper 95% limit", column("comparators", 2)),
        ],
        unit="%",
        description="Kaplan-Meier estimates of the share still in post, by months since "
        "joining the programme, each with its 95% confidence limits; no estimate past the "
        "longest follow-up",
    )
    return {
        "programme": prog,
        **report,
        "means_chart": means_chart,
        "retention_chart": retention_chart,
        "retention_rows": retention_rows,
    }


@org_view(Cap.LEARNING_MANAGE)
def programme_report_page(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organisation
    prog = _programme_or_404(org, pk)
    context = _report_context(prog)
    if request.GET.get("format") == "pdf":
        from weasyprint import HTML

        html = render_to_string(
            "learning/programme_report_pdf.html", {**context, "organisation": org}
        )
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="evaluation-{prog.pk}.pdf"'
        return response
    return render(
        request,
        "learning/programme_report.html",
        {
            **context,
            "pdf_url": reverse("learning:programme_report", args=[org.code, pk]) + "?format=pdf",
        },
    )
