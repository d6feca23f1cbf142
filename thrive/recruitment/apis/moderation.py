"""A panel's moderation through the API: GET the candidates ranked by their agreed scores, with
each one's outcome and who shaped it (a panellist of the open panel, or a recruiter who may see
the vacancy); POST, the panel's chair only, once every sheet for the candidate is in:
``{"application": id, "scores": [{"question": id, "score": 1-5, "note": ""}], "outcome":
"appointable|reserve|not_appointable", "reasons": "...", "shaped_by": [panellist ids],
"version": null or the outcome's version}``."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from thrive.api.endpoints import OrgAPIView
from thrive.api.http import AuthedApiRequest
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.recruitment import services
from thrive.recruitment.models import Outcome, Panel
from thrive.recruitment.selectors.moderation import panel_ranking
from thrive.recruitment.selectors.panels import my_seat, panel_candidate, panel_for
from thrive.recruitment.serializers import ScoreLineSerializer


class ModerationSerializer(serializers.Serializer[Any]):
    application = serializers.IntegerField()
    scores = ScoreLineSerializer(many=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reasons = serializers.CharField(max_length=4000)
    shaped_by = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    version = serializers.IntegerField(allow_null=True, required=False, default=None)


def _ranking_json(panel: Panel) -> dict[str, Any]:
    questions = list(panel.questions.order_by("value", "pk"))
    return {
        "panel": panel.pk,
        "status": panel.status,
        "questions": [{"id": q.pk, "value": q.value} for q in questions],
        "candidates": [
            {
                "application": r.application.pk,
                "name": r.application.candidate_name,
                "rank": r.rank,
                "total": r.total,
                "scores": [
                    None
                    if c is None
                    else {"question": c.question_id, "score": c.score, "note": c.note}
                    for c in r.cells
                ],
                "outcome": r.outcome.outcome if r.outcome else None,
                "reasons": r.outcome.reasons if r.outcome else None,
                "shaped_by": sorted(p.pk for p in r.outcome.shaped_by.all()) if r.outcome else [],
                "version": r.outcome.version if r.outcome else None,
            }
            for r in panel_ranking(panel, questions)
        ],
    }


class PanelModeration(OrgAPIView):
    capability = Cap.RECRUITMENT_PANEL
    serializer_class = ModerationSerializer

    def get(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        seat = my_seat(request.user, request.organisation, pk)
        panel: Panel | None = seat.panel if seat is not None else None
        if panel is None and request.access.can(Cap.RECRUITMENT_VIEW):
            panel = panel_for(request.access, pk)
        if panel is None:
            raise Http404("No such panel")
        return Response(_ranking_json(panel))

    @extend_schema(request=ModerationSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        seat = my_seat(request.user, request.organisation, pk)
        if seat is None:
            raise Http404("You do not sit on that open panel")
        d = self.valid(ModerationSerializer)
        application = panel_candidate(seat.panel, d["application"])
        if application is None:
            raise ThriveError("That candidate is not before this panel.")
        lines = d["scores"]
        if len({line["question"] for line in lines}) != len(lines):
            raise ThriveError("Give each question one agreed score.")
        wanted = set(d["shaped_by"])
        services.candidate_moderate(
            panel=seat.panel,
            application=application,
            actor=request.user,
            scores={line["question"]: (line["score"], line["note"]) for line in lines},
            outcome=d["outcome"],
            reasons=d["reasons"],
            shaped_by=[p for p in seat.panel.panellists.all() if p.pk in wanted]
            if wanted <= {p.pk for p in seat.panel.panellists.all()}
            else [],
            version=d["version"],
        )
        return Response(_ranking_json(seat.panel), status=201)
