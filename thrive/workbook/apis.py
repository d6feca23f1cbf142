"""The workbook endpoint: a family's monthly shared summaries, for the people connected to it."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from thrive.api.endpoints import OrgAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.caseloads.views_families import visible_family_or_404
from thrive.core.roles import Cap
from thrive.workbook.models import MonthlySummary
from thrive.workbook.selectors import direction_points, summaries_of, travel_in_words


class MonthlySummarySerializer(serializers.ModelSerializer[MonthlySummary]):
    tools: Any = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    author = serializers.CharField(source="author.email")

    class Meta:
        model = MonthlySummary
        fields = [
            "month",
            "strengths",
            "concerns",
            "family_shares",
            "tools",
            "direction",
            "next_steps",
            "author",
            "updated_at",
            "version",
        ]


class WorkbookSummariesSerializer(serializers.Serializer[Any]):
    family_id = serializers.CharField()
    direction_of_travel = serializers.CharField()
    summaries = MonthlySummarySerializer(many=True)


class WorkbookSummaries(OrgAPIView):
    """A family's monthly shared summaries, newest first, and the direction of travel in words.
    Only for people connected to the family (anyone else: 404); every read is logged."""

    capability = Cap.HOME
    serializer_class = WorkbookSummariesSerializer

    @extend_schema(responses=WorkbookSummariesSerializer)
    def get(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        try:
            family = visible_family_or_404(
                request,
                pk,
                action="family.workbook.read",
                what="(through the API) the summaries of",
            )
        except Http404:
            return Response({"detail": "Not found."}, status=404)
        summaries = summaries_of(family)
        data = {
            "family_id": family.family_id,
            "direction_of_travel": travel_in_words(direction_points(summaries)),
            "summaries": summaries,
        }
        return Response(WorkbookSummariesSerializer(data).data)


urlpatterns = [
    org_path(
        "families/<int:pk>/workbook/summaries/",
        WorkbookSummaries.as_view(),
        name="workbook_summaries",
    ),
]
