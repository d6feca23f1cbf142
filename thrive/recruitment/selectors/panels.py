"""Reads for the question bank and panels. A panellist reaches a panel only through their own
seat on it, and only while it is open; scores are shown only once every panellist has sent their
sheet for that candidate (and a panellist always sees their own)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import Organisation
from thrive.recruitment.models import (
    Application,
    Panel,
    Panellist,
    PanelStatus,
    Question,
    Score,
    Vacancy,
)


def questions_of(organisation: Organisation, *, on: date | None = None) -> QuerySet[Question]:
    """The council's question bank (in use on *on*, when given), by value."""
    rows = Question.objects.filter(organisation=organisation)
    if on is not None:
        rows = rows.filter(effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )
    return rows.order_by("value", "pk")


def panels_of(vacancy: Vacancy) -> QuerySet[Panel]:
    return Panel.objects.filter(vacancy=vacancy).order_by("sits_on", "pk")


def panel_for(access: Access, pk: int) -> Panel | None:
    """A panel, to someone who may see its vacancy's recruitment."""
    return (
        Panel.objects.visible_to(access, Cap.RECRUITMENT_VIEW)
        .select_related("vacancy", "vacancy__team", "decided_by", "called_off_by")
        .filter(pk=pk)
        .first()
    )


def my_seats(user: Any, organisation: Organisation) -> QuerySet[Panellist]:
    """The open panels *user* sits on at the council, soonest first."""
    return (
        Panellist.objects.filter(
            user=user, organisation=organisation, panel__status=PanelStatus.OPEN
        )
        .select_related("panel", "panel__vacancy")
        .order_by("panel__sits_on", "panel_id")
    )


def my_seat(user: Any, organisation: Organisation, panel_pk: int) -> Panellist | None:
    return my_seats(user, organisation).filter(panel_id=panel_pk).first()


def panel_candidate(panel: Panel, application_pk: int) -> Application | None:
    return panel.candidates.filter(pk=application_pk).first()


@dataclass
class SheetRow:
    panellist: Panellist
    sent: bool
    scores: dict[int, Score] = field(default_factory=dict)  # by question id
    cells: list[Score | None] = field(default_factory=list)  # in the order of the questions


@dataclass
class CandidateBoard:
    application: Application
    sheets: list[SheetRow]
    revealed: bool  # every panellist has sent their sheet

    @property
    def sent_count(self) -> int:
        return sum(1 for s in self.sheets if s.sent)

    def total(self, sheet: SheetRow) -> int:
        return sum(s.score for s in sheet.scores.values())


@dataclass
class Board:
    panel: Panel
    questions: list[Question]
    panellists: list[Panellist]
    candidates: list[CandidateBoard]


def panel_board(panel: Panel, *, viewer: Panellist | None = None) -> Board:
    """Each candidate's sheets: who has sent theirs, and the scores once all are in. A
    *viewer* panellist sees their own scores always, others' only once revealed; the recruiter
    (no viewer) sees who has sent, and the scores once revealed."""
    questions = list(panel.questions.order_by("value", "pk"))
    panellists = list(panel.panellists.select_related("user").order_by("pk"))
    candidates = list(panel.candidates.order_by("candidate_name", "pk"))
    scores = list(Score.objects.filter(panellist__panel=panel))
    by: dict[tuple[int, int], dict[int, Score]] = {}
    for s in scores:
        by.setdefault((s.panellist_id, s.application_id), {})[s.question_id] = s
    boards = []
    for a in candidates:
        sheets = [SheetRow(p, (p.pk, a.pk) in by) for p in panellists]
        revealed = bool(sheets) and all(s.sent for s in sheets)
        for sheet in sheets:
            own = viewer is not None and sheet.panellist.pk == viewer.pk
            if revealed or own:
                sheet.scores = by.get((sheet.panellist.pk, a.pk), {})
            sheet.cells = [sheet.scores.get(q.pk) for q in questions]
        boards.append(CandidateBoard(a, sheets, revealed))
    return Board(panel, questions, panellists, boards)


def council_user(organisation: Organisation, email: str) -> Any:
    """The person signing in with *email* who holds a role at the council, or None."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), role_assignments__organisation=organisation)
        .distinct()
        .first()
    )
