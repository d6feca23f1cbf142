"""Agency endpoints: the council's placements and their check against the rules on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from rest_framework import serializers
from rest_framework.response import Response

from thrive.agency.selectors import agency_check, placements_visible
from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap


class AgencyPlacementSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    placement_id = serializers.CharField()
    staff_id = serializers.CharField()
    agency = serializers.CharField()
    job_type = serializers.CharField()
    team = serializers.CharField(source="team.name")
    covers_post_id = serializers.CharField()
    over_establishment = serializers.BooleanField()
    start_date = serializers.DateField()
    planned_end_date = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    notice_weeks = serializers.IntegerField(allow_null=True)
    hourly_pay = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    employer_ni_and_levy = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    hourly_charge = serializers.DecimalField(max_digits=8, decimal_places=2)
    hours_per_week = serializers.DecimalField(max_digits=5, decimal_places=2)
    project_team = serializers.BooleanField()
    signed_off = serializers.BooleanField()


class AgencyPlacements(OrgListAPIView):
    """The council's agency placements, newest first."""

    capability = Cap.AGENCY_VIEW
    serializer_class = AgencyPlacementSerializer

    def get_queryset(self) -> Any:
        return placements_visible(self.request.access)


class AgencyCheck(OrgAPIView):
    """Every placement in force on ``?on=YYYY-MM-DD`` (default today) checked against the national
    and regional rules in force: breaches (rule, source, detail, values), facts not recorded,
    signed-off placements above the cap, cost to date and committed."""

    capability = Cap.AGENCY_VIEW

    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        raw = request.query_params.get("on", "")
        try:
            on = date.fromisoformat(raw) if raw else clock.today()
        except ValueError as exc:
            raise ThriveError(f"on must be a date as YYYY-MM-DD, not '{raw}'.") from exc
        checks = agency_check(request.organisation, on)
        rows = []
        for c in checks:
            row = c.result.as_dict()
            row["cost_to_date"] = f"{c.cost_to_date:.2f}"
            row["committed"] = f"{c.committed:.2f}"
            rows.append(row)
        return Response({"on": on.isoformat(), "placements": rows})


urlpatterns = [
    org_path("agency/placements/", AgencyPlacements.as_view(), name="agency_placements"),
    org_path("agency/check/", AgencyCheck.as_view(), name="agency_check"),
]
