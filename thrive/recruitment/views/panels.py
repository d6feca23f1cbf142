"""The question bank, a vacancy's panels, a panel (the recruiter's side), and the panellist's
own pages: their open panels and a candidate's score sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.models import Panel, PanelStatus
from thrive.recruitment.panel_forms import (
    DecisionForm,
    ModerationForm,
    MovePanelForm,
    PanelForm,
    PanellistForm,
    QuestionForm,
    ScoreSheetForm,
)
from thrive.recruitment.selectors import (
    applications_for,
    council_user,
    my_seat,
    my_seats,
    panel_board,
    panel_candidate,
    panel_for,
    panels_of,
    questions_of,
)
from thrive.recruitment.selectors.moderation import panel_ranking
from thrive.recruitment.views.vacancies import vacancy_or_404


@org_view(Cap.RECRUITMENT_VIEW)
def questions(request: AuthedRequest) -> HttpResponse:
    """The council's question bank; those who manage recruitment add to it."""
    may_add = policy.raises_vacancies(request.access)
    form = QuestionForm(request.POST or None, initial={"effective_from": clock.today()})
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.question_add(
                    organisation=request.organisation,
                    actor=request.user,
                    text=d["text"],
                    value=d["value"],
                    rubric=d["rubric"],
                    role=d["role"],
                    effective_from=d["effective_from"],
                    effective_to=d["effective_to"],
                )
            except ThriveError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The question is in the bank.")
                return redirect("recruitment:questions", org_code=request.organisation.code)
    return render(
        request,
        "recruitment/questions.html",
        {
            "questions": list(questions_of(request.organisation)),
            "today": clock.today(),
            "form": form,
            "may_add": may_add,
        },
    )


@org_view(Cap.RECRUITMENT_VIEW)
def vacancy_panels(request: AuthedRequest, pk: int) -> HttpResponse:
    """A vacancy's panels; its managers set one up."""
    vacancy = vacancy_or_404(request, pk)
    manages = policy.manages_recruitment_in(request.access, vacancy.team)
    bank = {str(q.pk): q for q in questions_of(request.organisation)}
    shortlisted = {
        str(a.pk): a for a in applications_for(vacancy) if a.stage in services.PANEL_STAGES
    }
    form = PanelForm(
        request.POST or None,
        questions=[(k, f"{q.value}: {q.text[:80]}") for k, q in bank.items()],
        candidates=[(k, a.candidate_name) for k, a in shortlisted.items()],
        steps=list(vacancy.selection_steps or []),
    )
    if request.method == "POST":
        if not manages:
            raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
        if form.is_valid():
            d = form.cleaned_data
            try:
                panel = services.panel_add(
                    vacancy=vacancy,
                    actor=request.user,
                    name=d["name"],
                    step=d.get("step") or None,
                    sits_on=d["sits_on"],
                    questions=[bank[k] for k in d["questions"]],
                    candidates=[shortlisted[k] for k in d["candidates"]],
                )
            except ThriveError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The panel is set up. Now invite its panellists.")
                return redirect(
                    "recruitment:panel", org_code=request.organisation.code, pk=panel.pk
                )
    return render(
        request,
        "recruitment/vacancy_panels.html",
        {"vacancy": vacancy, "panels": list(panels_of(vacancy)), "form": form, "manages": manages},
    )


def _panel_or_404(request: AuthedRequest, pk: int) -> Panel:
    found = panel_for(request.access, pk)
    if found is None:
        raise Http404("No such panel")
    return found


@org_view(Cap.RECRUITMENT_VIEW)
def panel(request: AuthedRequest, pk: int) -> HttpResponse:
    """A panel for the recruiter: its panellists (invite one), who has sent each sheet, the
    scores once all are in, and the decision."""
    found = _panel_or_404(request, pk)
    manages = policy.manages_recruitment_in(request.access, found.vacancy.team)
    board = panel_board(found)
    form = PanellistForm(request.POST or None, prefix="p")
    decision = DecisionForm(
        request.POST or None,
        prefix="d",
        panellists=[(str(p.pk), p.user.email) for p in board.panellists],
    )
    move = MovePanelForm(
        request.POST if request.POST.get("action") == "move" else None,
        prefix="m",
        initial={"sits_on": found.sits_on, "version": found.version},
    )
    if request.method == "POST":
        if not manages:
            raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
        action = request.POST.get("action")
        here = redirect("recruitment:panel", org_code=request.organisation.code, pk=pk)
        if action == "move" and move.is_valid():
            try:
                told = services.panel_move(
                    panel=found,
                    sits_on=move.cleaned_data["sits_on"],
                    actor=request.user,
                    version=move.cleaned_data["version"],
                )
            except ThriveError as exc:
                move.add_error(exc.field if exc.field in move.fields else None, exc.message)
            else:
                messages.success(
                    request, f"The panel is moved; {told} sent the updated calendar invitation."
                )
                return here
        if action == "call_off":
            try:
                told = services.panel_call_off(
                    panel=found,
                    actor=request.user,
                    reason=request.POST.get("reason", "")[:300],
                    version=posted_id(request, "version"),
                )
            except ThriveError as exc:
                messages.error(request, exc.message)
                return here
            messages.success(request, f"The panel is called off; {told} told.")
            return redirect(
                "recruitment:vacancy_panels",
                org_code=request.organisation.code,
                pk=found.vacancy_id,
            )
        if action == "invite" and form.is_valid():
            d = form.cleaned_data
            user = council_user(request.organisation, d["email"])
            if user is None:
                form.add_error("email", "Nobody with that email has a role at the council")
            else:
                try:
                    services.panellist_add(
                        panel=found,
                        actor=request.user,
                        user=user,
                        kind=d["kind"],
                        represents=d["represents"],
                        trained_on=d["trained_on"],
                        paid_amount=d["paid_amount"],
                        paid_on=d["paid_on"],
                        chair=d["chair"],
                    )
                except ThriveError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, f"{user.email} is invited to the panel.")
                    return redirect("recruitment:panel", org_code=request.organisation.code, pk=pk)
        elif action == "decide" and decision.is_valid():
            chosen = set(decision.cleaned_data["shaped_by"])
            try:
                services.panel_decide(
                    panel=found,
                    actor=request.user,
                    decision=decision.cleaned_data["decision"],
                    shaped_by=[p for p in board.panellists if str(p.pk) in chosen],
                )
            except ThriveError as exc:
                decision.add_error(None, str(exc))
            else:
                messages.success(request, "The decision is recorded and the panel closed.")
                return redirect("recruitment:panel", org_code=request.organisation.code, pk=pk)
        if action != "invite":
            form = PanellistForm(prefix="p")
        if action != "decide":
            decision = DecisionForm(
                prefix="d", panellists=[(str(p.pk), p.user.email) for p in board.panellists]
            )
    return render(
        request,
        "recruitment/panel.html",
        {
            "panel": found,
            "board": board,
            "ranking": panel_ranking(found, board.questions),
            "manages": manages and found.status == PanelStatus.OPEN,
            "form": form,
            "decision": decision,
            "move": move,
            "may_move": manages
            and found.status == PanelStatus.OPEN
            and found.sits_on >= clock.today(),
        },
    )


@org_view(Cap.RECRUITMENT_PANEL)
def my_panels(request: AuthedRequest) -> HttpResponse:
    """The open panels the person sits on."""
    seats = list(my_seats(request.user, request.organisation))
    return render(request, "recruitment/my_panels.html", {"seats": seats})


@org_view(Cap.RECRUITMENT_PANEL)
def my_panel(request: AuthedRequest, pk: int) -> HttpResponse:
    """One of the person's open panels: its questions and candidates, and their sheets."""
    seat = my_seat(request.user, request.organisation, pk)
    if seat is None:
        raise Http404("No such panel")
    board = panel_board(seat.panel, viewer=seat)
    audit_log(
        action="recruitment.panel_read",
        user=request.user,
        organisation=request.organisation,
        obj=seat.panel,
        request=request,
    )
    return render(
        request,
        "recruitment/my_panel.html",
        {"seat": seat, "board": board, "ranking": panel_ranking(seat.panel, board.questions)},
    )


@org_view(Cap.RECRUITMENT_PANEL)
def score_sheet(request: AuthedRequest, pk: int, application_pk: int) -> HttpResponse:
    """The panellist's score sheet for one candidate: sent whole, once; others' scores shown
    only when every panellist has sent theirs."""
    seat = my_seat(request.user, request.organisation, pk)
    candidate = panel_candidate(seat.panel, application_pk) if seat else None
    if seat is None or candidate is None:
        raise Http404("No such candidate before your panel")
    board = panel_board(seat.panel, viewer=seat)
    row = next(c for c in board.candidates if c.application.pk == candidate.pk)
    mine = next(s for s in row.sheets if s.panellist.pk == seat.pk)
    form = ScoreSheetForm(request.POST or None, questions=board.questions)
    if request.method == "POST" and not mine.sent and form.is_valid():
        try:
            services.scores_submit(
                panellist=seat,
                application=candidate,
                actor=request.user,
                scores=form.scores(board.questions),
            )
        except ThriveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Your scores are sent.")
            return redirect(
                "recruitment:score_sheet",
                org_code=request.organisation.code,
                pk=pk,
                application_pk=application_pk,
            )
    return render(
        request,
        "recruitment/score_sheet.html",
        {"seat": seat, "board": board, "row": row, "mine": mine, "form": form},
    )


@org_view(Cap.RECRUITMENT_PANEL)
def moderate(request: AuthedRequest, pk: int, application_pk: int) -> HttpResponse:
    """The chair's page for one candidate once every sheet is in: the panellists' scores, and
    the agreed score per question with the outcome and who shaped it (against the version the
    chair saw)."""
    seat = my_seat(request.user, request.organisation, pk)
    candidate = panel_candidate(seat.panel, application_pk) if seat else None
    if seat is None or candidate is None:
        raise Http404("No such candidate before your panel")
    if not seat.chair:
        raise PermissionDenied("Only the panel's chair moderates.")
    board = panel_board(seat.panel, viewer=seat)
    row = next(c for c in board.candidates if c.application.pk == candidate.pk)
    found = next(
        r for r in panel_ranking(seat.panel, board.questions) if r.application == candidate
    )
    ranges = {
        q.pk: (min(given), max(given))
        for i, q in enumerate(board.questions)
        if (given := [c.score for s in row.sheets if s.cells and (c := s.cells[i]) is not None])
    }
    initial: dict[str, object] = {"version": found.outcome.version if found.outcome else None}
    if found.outcome is not None:
        initial |= {
            "outcome": found.outcome.outcome,
            "reasons": found.outcome.reasons,
            "shaped_by": [str(p.pk) for p in found.outcome.shaped_by.all()],
        }
        for q, cell in zip(board.questions, found.cells, strict=True):
            if cell is not None:
                initial |= {f"score_{q.pk}": str(cell.score), f"note_{q.pk}": cell.note}
    form = ModerationForm(
        request.POST or None,
        initial=initial,
        questions=board.questions,
        ranges=ranges,
        panellists=[(str(p.pk), p.user.email) for p in board.panellists],
    )
    if request.method == "POST" and row.revealed and form.is_valid():
        d = form.cleaned_data
        try:
            services.candidate_moderate(
                panel=seat.panel,
                application=candidate,
                actor=request.user,
                scores=form.scores(board.questions),
                outcome=d["outcome"],
                reasons=d["reasons"],
                shaped_by=[p for p in board.panellists if str(p.pk) in set(d["shaped_by"])],
                version=d["version"],
            )
        except ThriveError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"The agreed scores for {candidate.candidate_name} are kept.")
            return redirect("recruitment:my_panel", org_code=request.organisation.code, pk=pk)
    return render(
        request,
        "recruitment/moderate.html",
        {"seat": seat, "board": board, "row": row, "form": form, "moderated": found},
    )
