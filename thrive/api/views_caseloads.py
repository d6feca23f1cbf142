"""Caseload and workbook endpoints: the same selectors, permissions and access log as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from thrive.api.permissions import HasOrgCapability
from thrive.api.serializers import WorkerLoadSerializer
from thrive.caseloads.selectors import (
    case_holding_spells,
    caseload_summary,
    families_visible_to,
    worker_loads,
)
from thrive.caseloads.views_families import log_family_list, visible_family_or_404
from thrive.core import clock
from thrive.core.params import date_param
from thrive.core.roles import Cap, Scope
from thrive.people.selectors import staff_member_for
from thrive.workbook.models import MonthlySummary
from thrive.workbook.selectors import direction_points, travel_in_words


class TeamRowSerializer(serializers.Serializer[Any]):
    team_id = serializers.IntegerField(source="team.pk")
    team = serializers.CharField(source="team.name")
    workers = serializers.IntegerField()
    cases = serializers.IntegerField()
    over_cap = serializers.IntegerField(source="over")
    near_cap = serializers.IntegerField(source="near")
    average_per_holder = serializers.FloatField(source="average")


class BandSerializer(serializers.Serializer[Any]):
    band = serializers.CharField()
    count = serializers.IntegerField()


class CaseloadSummarySerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    case_holders = serializers.IntegerField(source="holders")
    case_holders_fte = serializers.FloatField(source="holders_fte")
    children = serializers.IntegerField()
    holding_no_children = serializers.SerializerMethodField()
    average_per_case_holding_fte = serializers.FloatField(source="average", allow_null=True)
    over_cap = serializers.SerializerMethodField()
    newly_qualified_over_ramp = serializers.SerializerMethodField()
    teams = TeamRowSerializer(many=True, source="rows")
    distribution = BandSerializer(many=True)

    def get_holding_no_children(self, obj: dict[str, Any]) -> int:
        return len(obj["not_holding"])

    def get_over_cap(self, obj: dict[str, Any]) -> int:
        return len(obj["over"])

    def get_newly_qualified_over_ramp(self, obj: dict[str, Any]) -> int:
        return len(obj["newly_over"])


class CaseloadSummary(generics.GenericAPIView[Any]):
    """The caseload picture for the teams the caller may see (``?on=YYYY-MM-DD``, default today):
    per team, the distribution, the average per case-holding FTE and breaches."""

    permission_classes = [HasOrgCapability]
    capability = Cap.CASELOAD_VIEW
    serializer_class = CaseloadSummarySerializer

    def get(self, request: Request, org_code: str) -> Response:
        access = request.access  # type: ignore[attr-defined]
        if access.scope(Cap.CASELOAD_VIEW) < Scope.TEAM:
            return Response({"detail": "Use caseloads/mine/ for your own caseload."}, status=403)
        summary = caseload_summary(access, date_param(request.query_params))
        return Response(CaseloadSummarySerializer(summary).data)


class HeldChildSerializer(serializers.Serializer[Any]):
    child_id = serializers.CharField()
    family_id = serializers.CharField()
    case_type = serializers.CharField()
    start_date = serializers.DateField()


class MyLoadSerializer(WorkerLoadSerializer):
    children = HeldChildSerializer(many=True)


class MyCaseload(generics.ListAPIView[Any]):
    """The caller's own caseload: the children they hold, their load and their own cap."""

    permission_classes = [HasOrgCapability]
    capability = Cap.CASELOAD_VIEW
    pagination_class = None
    serializer_class = MyLoadSerializer

    def get_queryset(self) -> Any:
        org = self.request.organisation  # type: ignore[attr-defined]
        on = date_param(self.request.query_params)
        person = staff_member_for(self.request.user, org)
        if person is None:
            return []
        loads = worker_loads(
            org, case_holding_spells(org, on, person=person), on, keep_children=True
        )
        log_family_list(
            self.request, sum(w.cases for w in loads), "API: my caseload", children=True
        )
        return loads


class FamilySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    family_id = serializers.CharField()
    name = serializers.CharField()


class FamilyList(generics.ListAPIView[Any]):
    """The families the caller works with or whose workers they manage (today)."""

    permission_classes = [HasOrgCapability]
    capability = Cap.HOME
    serializer_class = FamilySerializer

    def get_queryset(self) -> Any:
        access = self.request.access  # type: ignore[attr-defined]
        return families_visible_to(access, clock.today()).order_by("family_id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        shown = response.data.get("results", response.data) if response.data else []
        log_family_list(request, len(shown), "API: families")
        return response


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


class WorkbookSummaries(generics.GenericAPIView[Any]):
    """A family's monthly shared summaries, newest first, and the direction of travel in words.
    Only for people connected to the family (anyone else: 404); every read is logged."""

    permission_classes = [HasOrgCapability]
    capability = Cap.HOME
    serializer_class = WorkbookSummariesSerializer

    @extend_schema(responses=WorkbookSummariesSerializer)
    def get(self, request: Request, org_code: str, pk: int) -> Response:
        try:
            family = visible_family_or_404(
                request,  # type: ignore[arg-type]
                pk,
                action="family.workbook.read",
                what="(through the API) the summaries of",
            )
        except Http404:
            return Response({"detail": "Not found."}, status=404)
        summaries = list(
            MonthlySummary.objects.filter(family=family)
            .select_related("author")
            .prefetch_related("tools")
            .order_by("-month")
        )
        data = {
            "family_id": family.family_id,
            "direction_of_travel": travel_in_words(direction_points(summaries)),
            "summaries": summaries,
        }
        return Response(WorkbookSummariesSerializer(data).data)
