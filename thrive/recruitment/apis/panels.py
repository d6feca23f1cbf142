"""Selection panels through the API: the panels the caller sits on, a panel's score sheets (a
panellist's own always, the others' only once every panellist has sent theirs for that
candidate, as on the pages), and moving or calling off a panel."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from thrive.api.changes import (
    CancelSerializer,
    ChangedSerializer,
    VersionField,
    day_within_reach,
)
from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.models import (
    Panel,
    Panellist,
)
from thrive.recruitment.selectors.panels import (
    Board,
    my_seat,
    my_seats,
    panel_board,
    panel_candidate,
    panel_for,
)
from thrive.recruitment.serializers import (
    PanelQuestionSerializer,
    SeatSerializer,
    SheetSerializer,
)


class MyPanels(OrgListAPIView):
    """The open panels the caller sits on, soonest first (a panel drops off once decided)."""

    capability = Cap.RECRUITMENT_PANEL
    serializer_class = SeatSerializer

    def get_queryset(self) -> Any:
        return my_seats(self.request.user, self.request.organisation)


def _board_json(board: Board, *, viewer: Panellist | None) -> dict[str, Any]:
    return {
        "panel": board.panel.pk,
        "name": board.panel.name,
        "vacancy": board.panel.vacancy.title,
        "sits_on": board.panel.sits_on,
        "status": board.panel.status,
        "your_seat": viewer.pk if viewer is not None else None,
        "questions": PanelQuestionSerializer(board.questions, many=True).data,
        "candidates": [
            {
                "application": c.application.pk,
                "name": c.application.candidate_name,
                "revealed": c.revealed,
                "sheets": [
                    {
                        "panellist": s.panellist.pk,
                        "kind": s.panellist.kind,
                        "sent": s.sent,
                        "scores": [
                            None
                            if cell is None
                            else {"question": cell.question_id, "score": cell.score}
                            for cell in s.cells
                        ]
                        if s.scores
                        else None,
                    }
                    for s in c.sheets
                ],
            }
            for c in board.candidates
        ],
    }


class PanelScores(OrgAPIView):
    """A panel's questions, candidates and score sheets: a panellist on an open panel sees their
    own scores and the others' once every sheet for that candidate is in; a recruiter who may
    see the vacancy sees who has sent, and the scores once revealed. POST (the panellist
    themselves) sends a whole sheet for one candidate:
    ``{"application": id, "scores": [{"question": id, "score": 1-5, "note": ""}]}``."""

    capability = Cap.RECRUITMENT_PANEL
    serializer_class = SheetSerializer

    def _seat(self, request: AuthedApiRequest, pk: int) -> Panellist | None:
        return my_seat(request.user, request.organisation, pk)

    def get(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        seat = self._seat(request, pk)
        panel: Panel | None = seat.panel if seat is not None else None
        if panel is None and request.access.can(Cap.RECRUITMENT_VIEW):
            panel = panel_for(request.access, pk)
        if panel is None:
            raise Http404("No such panel")
        return Response(_board_json(panel_board(panel, viewer=seat), viewer=seat))

    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        seat = self._seat(request, pk)
        if seat is None:
            raise Http404("You do not sit on that open panel")
        d = self.valid(SheetSerializer)
        application = panel_candidate(seat.panel, d["application"])
        if application is None:
            raise ThriveError("That candidate is not before this panel.")
        lines = d["scores"]
        if len({line["question"] for line in lines}) != len(lines):
            raise ThriveError("Give each question one score.")
        services.scores_submit(
            panellist=seat,
            application=application,
            actor=request.user,
            scores={line["question"]: (line["score"], line["note"]) for line in lines},
        )
        board = panel_board(seat.panel, viewer=seat)
        return Response(_board_json(board, viewer=seat), status=201)


class PanelMoveSerializer(serializers.Serializer[Any]):
    sits_on = serializers.DateField(validators=[day_within_reach])
    version = VersionField()


def _managed_panel(request: AuthedApiRequest, pk: int) -> Panel:
    found = panel_for(request.access, pk)
    if found is None:
        raise Http404("No such panel")
    if not policy.manages_recruitment_in(request.access, found.vacancy.team):
        raise PermissionDenied("You do not manage the recruitment of this vacancy's team.")
    return found


def _panel_changed(panel: Panel, told: int) -> Response:
    panel.refresh_from_db()
    data = {"id": panel.pk, "version": panel.version, "status": panel.status, "told": told}
    return Response(ChangedSerializer(data).data)


class PanelMove(OrgAPIView):
    """POST moves an open panel that has not sat to ``sits_on``, as the panel's page does
    (those who manage its vacancy's team): every panellist and candidate is sent the updated
    calendar invitation (same event, higher SEQUENCE)."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = PanelMoveSerializer

    @extend_schema(request=PanelMoveSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        panel = _managed_panel(request, pk)
        d = self.valid(PanelMoveSerializer)
        told = services.panel_move(
            panel=panel,
            sits_on=d["sits_on"],
            actor=request.user,
            version=d["version"],
        )
        return _panel_changed(panel, told)


class PanelCallOff(OrgAPIView):
    """POST calls off an open panel before anyone has scored, as the panel's page does: it is
    kept, *called off* with who, when and ``reason``; everyone on it is sent the cancellation
    (METHOD:CANCEL)."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = CancelSerializer

    @extend_schema(request=CancelSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        panel = _managed_panel(request, pk)
        d = self.valid(CancelSerializer)
        told = services.panel_call_off(
            panel=panel,
            actor=request.user,
            reason=d["reason"],
            version=d["version"],
        )
        return _panel_changed(panel, told)
