"""Caseload endpoints: the same selectors, permissions and access log as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.caseloads.selectors import (
    case_holding_spells,
    caseload_summary,
    families_visible_to,
    worker_loads,
)
from thrive.caseloads.views_families import log_family_list
from thrive.core import clock
from thrive.core.params import date_param
from thrive.core.roles import Cap, Scope
from thrive.people.selectors import staff_member_for, team_visible_for


class WorkerLoadSerializer(serializers.Serializer[Any]):
    staff_id = serializers.CharField(source="spell.person.staff_id")
    name = serializers.CharField(source="spell.person.full_name")
    team = serializers.CharField(source="spell.team.name")
    fte = serializers.DecimalField(source="spell.fte", max_digits=7, decimal_places=6)
    newly_qualified = serializers.BooleanField()
    cases = serializers.IntegerField()
    weighted_load = serializers.FloatField(source="load")
    cap = serializers.FloatField()
    status = serializers.CharField()


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


class CaseloadSummary(OrgAPIView):
    """The caseload picture for the teams the caller may see (``?on=YYYY-MM-DD``, default today):
    per team, the distribution, the average per case-holding FTE and breaches."""

    capability = Cap.CASELOAD_VIEW
    serializer_class = CaseloadSummarySerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        access = request.access
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


class MyCaseload(OrgListAPIView):
    """The caller's own caseload: the children they hold, their load and their own cap."""

    capability = Cap.CASELOAD_VIEW
    pagination_class = None
    serializer_class = MyLoadSerializer

    def get_queryset(self) -> Any:
        org = self.request.organisation
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


class TeamCaseloads(OrgListAPIView):
    """Each case-holding worker in a team: children held, weighted load, their own cap and status
    (``?on=YYYY-MM-DD``, default today)."""

    capability = Cap.CASELOAD_VIEW
    pagination_class = None
    serializer_class = WorkerLoadSerializer

    def get_queryset(self) -> Any:
        access = self.request.access
        found = team_visible_for(access, Cap.CASELOAD_VIEW, self.kwargs["pk"])
        if found is None or access.scope(Cap.CASELOAD_VIEW) < Scope.TEAM:
            raise Http404
        on = date_param(self.request.query_params)
        org = self.request.organisation
        return worker_loads(org, case_holding_spells(org, on, team=found), on)


class FamilySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    family_id = serializers.CharField()
    name = serializers.CharField()


class FamilyList(OrgListAPIView):
    """The families the caller works with or whose workers they manage (today)."""

    capability = Cap.HOME
    serializer_class = FamilySerializer

    def get_queryset(self) -> Any:
        return families_visible_to(self.request.access, clock.today()).order_by("family_id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        shown = response.data.get("results", response.data) if response.data else []
        log_family_list(request, len(shown), "API: families")
        return response


urlpatterns = [
    org_path("caseloads/", CaseloadSummary.as_view(), name="caseloads"),
    org_path("caseloads/mine/", MyCaseload.as_view(), name="my_caseload"),
    org_path("caseloads/teams/<int:pk>/", TeamCaseloads.as_view(), name="team_caseloads"),
    org_path("families/", FamilyList.as_view(), name="families"),
]
