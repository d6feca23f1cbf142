"""Agency placements' endpoints: the council's placements, their check against the rules on a
date, the teams' exit strategies and the council's agency use against its region."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from thrive.agency.selectors import agency_check, exit_progress, placements_visible
from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
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


class AgencyFindingSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    detail = serializers.CharField()
    checked_on = serializers.DateField()
    values = serializers.DictField()


class AgencyPlacementCheckSerializer(serializers.Serializer[Any]):
    placement_id = serializers.CharField()
    checked_on = serializers.ListField(child=serializers.DateField())
    breaches = AgencyFindingSerializer(many=True)
    unknown = AgencyFindingSerializer(many=True)
    signed_off_above_cap = AgencyFindingSerializer(many=True)
    cost_to_date = serializers.CharField()
    committed = serializers.CharField()


class AgencyCheckSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    placements = AgencyPlacementCheckSerializer(many=True)


class AgencyCheck(OrgAPIView):
    """Every placement in force on ``?on=YYYY-MM-DD`` (default today) checked against the national
    and regional rules in force: breaches (rule, source, detail, values), facts not recorded,
    signed-off placements above the cap, cost to date and committed."""

    capability = Cap.AGENCY_VIEW
    serializer_class = AgencyCheckSerializer

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


class AgencyExitStrategySerializer(serializers.Serializer[Any]):
    team = serializers.CharField(source="team.name")
    agency_fte_now = serializers.DecimalField(max_digits=8, decimal_places=2)
    target_fte = serializers.DecimalField(
        source="strategy.target_fte", max_digits=6, decimal_places=2, allow_null=True, default=None
    )
    target_date = serializers.DateField(
        source="strategy.target_date", allow_null=True, default=None
    )
    planned_conversions = serializers.IntegerField(
        source="strategy.planned_conversions", allow_null=True, default=None
    )
    academy_newly_qualified = serializers.IntegerField(
        source="strategy.academy_newly_qualified", allow_null=True, default=None
    )
    vacancies_recruiting = serializers.IntegerField(
        source="strategy.vacancies_recruiting", allow_null=True, default=None
    )
    conversions = serializers.IntegerField()
    to_go = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)


class AgencyExitStrategies(OrgAPIView):
    """Each team with agency cover or an exit strategy: agency FTE now, the target and date, the
    plan (conversions, academy newly qualified, vacancies) and the conversions made."""

    capability = Cap.AGENCY_VIEW
    serializer_class = AgencyExitStrategySerializer
    pagination_class = None  # one row a team: a short list

    @extend_schema(responses=AgencyExitStrategySerializer(many=True))
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        rows = exit_progress(request.organisation, clock.today())
        return Response(AgencyExitStrategySerializer(rows, many=True).data)


class AgencyRateYearSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    council = serializers.FloatField(allow_null=True)
    region = serializers.FloatField(allow_null=True)
    england = serializers.FloatField(allow_null=True)


class AgencyQuarterSerializer(serializers.Serializer[Any]):
    quarter = serializers.CharField()
    spend = serializers.DecimalField(max_digits=12, decimal_places=2)
    placements = serializers.IntegerField()
    fte_at_end = serializers.DecimalField(max_digits=8, decimal_places=2)
    conversions = serializers.IntegerField()


class AgencyAgainstRegionSerializer(serializers.Serializer[Any]):
    agency_fte_now = serializers.DecimalField(max_digits=8, decimal_places=2)
    conversions_total = serializers.IntegerField()
    rate_years = AgencyRateYearSerializer(many=True)
    quarters = AgencyQuarterSerializer(many=True)


class AgencyAgainstRegion(OrgAPIView):
    """The council's agency rate beside its region's and England's (published), and its own
    spend, agency FTE and conversions to permanent for the last four complete quarters."""

    capability = Cap.AGENCY_VIEW
    serializer_class = AgencyAgainstRegionSerializer
    pagination_class = None

    @extend_schema(responses=AgencyAgainstRegionSerializer)
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.selectors import agency_against_region

        data = agency_against_region(request.organisation, clock.today())
        return Response(AgencyAgainstRegionSerializer(data).data)
