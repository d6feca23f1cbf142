"""Recruitment endpoints, with the pages' permissions: the council's vacancies and campaigns;
the panels the caller sits on, and a panel's score sheets (a panellist's own always, the others'
only once every panellist has sent theirs for that candidate, as on the pages)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import serializers
from rest_framework.response import Response

from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.recruitment import services
from thrive.recruitment.models import Panel, Panellist
from thrive.recruitment.selectors import VacancyFilters, vacancies_visible
from thrive.recruitment.selectors.campaigns import CampaignRow, campaign_report
from thrive.recruitment.selectors.panels import (
    Board,
    my_seat,
    my_seats,
    panel_board,
    panel_candidate,
    panel_for,
)


class VacancySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    team = serializers.CharField(source="team.name")
    post_id = serializers.CharField(source="post.post_id", allow_null=True, default=None)
    grade = serializers.CharField()
    salary_min = serializers.IntegerField()
    salary_max = serializers.IntegerField()
    fte = serializers.DecimalField(max_digits=7, decimal_places=6)
    social_work_post = serializers.BooleanField()
    closing_date = serializers.DateField()
    tests = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()


class Vacancies(OrgListAPIView):
    """The council's vacancies the caller may see (their service's, or the council's), soonest
    closing first; ``?status=open`` narrows to one status."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = VacancySerializer

    def get_queryset(self) -> Any:
        status = self.request.query_params.get("status", "")
        return vacancies_visible(self.request.access, VacancyFilters(status=status))


class CampaignSerializer(serializers.Serializer[Any]):
    """Counts of one to four are ``null`` (as the page shows "fewer than 5"); the cost per
    starter is ``null`` under five starters."""

    id = serializers.IntegerField(source="campaign.pk")
    name = serializers.CharField(source="campaign.name")
    channel = serializers.CharField(source="campaign.channel.name")
    channel_kind = serializers.CharField(source="campaign.channel.kind")
    starts_on = serializers.DateField(source="campaign.starts_on")
    ends_on = serializers.DateField(source="campaign.ends_on")
    cost = serializers.DecimalField(source="campaign.cost", max_digits=10, decimal_places=2)
    applications = serializers.SerializerMethodField()
    shortlisted = serializers.SerializerMethodField()
    offered = serializers.SerializerMethodField()
    starters = serializers.SerializerMethodField()
    still_in_post_at_12_months = serializers.SerializerMethodField()
    cost_per_starter = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)

    @staticmethod
    def _hide(n: int) -> int | None:
        return None if 0 < n < 5 else n

    def get_applications(self, row: CampaignRow) -> int | None:
        return self._hide(row.applications)

    def get_shortlisted(self, row: CampaignRow) -> int | None:
        return self._hide(row.shortlisted)

    def get_offered(self, row: CampaignRow) -> int | None:
        return self._hide(row.offered)

    def get_starters(self, row: CampaignRow) -> int | None:
        return self._hide(row.starters)

    def get_still_in_post_at_12_months(self, row: CampaignRow) -> int | None:
        return self._hide(row.still_in_post)


class Campaigns(OrgListAPIView):
    """The council's campaigns with their yield: applications, shortlisted, offered, starters,
    still in post at 12 months, cost per starter (counts under five are null)."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = CampaignSerializer

    def get_queryset(self) -> Any:
        return campaign_report(self.request.access)


class PanelQuestionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    value = serializers.CharField()
    text = serializers.CharField()
    rubric = serializers.CharField()


class SeatSerializer(serializers.Serializer[Any]):
    panel = serializers.IntegerField(source="panel.pk")
    name = serializers.CharField(source="panel.name")
    vacancy = serializers.CharField(source="panel.vacancy.title")
    sits_on = serializers.DateField(source="panel.sits_on")
    kind = serializers.CharField()


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


class ScoreLineSerializer(serializers.Serializer[Any]):
    question = serializers.IntegerField()
    score = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SheetSerializer(serializers.Serializer[Any]):
    application = serializers.IntegerField()
    scores = ScoreLineSerializer(many=True)


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
        form = SheetSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        application = panel_candidate(seat.panel, form.validated_data["application"])
        if application is None:
            raise ThriveError("That candidate is not before this panel.")
        lines = form.validated_data["scores"]
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


urlpatterns = [
    org_path("recruitment/vacancies/", Vacancies.as_view(), name="recruitment_vacancies"),
    org_path("recruitment/campaigns/", Campaigns.as_view(), name="recruitment_campaigns"),
    org_path("recruitment/panels/mine/", MyPanels.as_view(), name="recruitment_my_panels"),
    org_path(
        "recruitment/panels/<int:pk>/scores/", PanelScores.as_view(), name="recruitment_scores"
    ),
]
