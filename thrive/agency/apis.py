"""Agency endpoints: the council's placements and their check against the rules on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from thrive.agency.selectors import agency_check, exit_progress, placements_visible
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


class RotaAssignmentSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    shift = serializers.CharField(source="shift.code")
    shift_name = serializers.CharField(source="shift.name")
    starts = serializers.TimeField(source="shift.starts")
    ends = serializers.TimeField(source="shift.ends")
    worker = serializers.CharField(source="worker.name")
    tier = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    cost = serializers.DecimalField(max_digits=9, decimal_places=2)
    reason = serializers.CharField()


class RotaGapSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    shift = serializers.CharField(source="shift.code")
    need = serializers.CharField()
    missing = serializers.IntegerField()


class HomeRotaSerializer(serializers.Serializer[Any]):
    home = serializers.CharField()
    starts = serializers.DateField(allow_null=True)
    weeks = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    agency_shifts = serializers.IntegerField(allow_null=True)
    agency_cost = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    assignments = RotaAssignmentSerializer(many=True)
    gaps = RotaGapSerializer(many=True)


class HomeRota(OrgAPIView):
    """A home's (``?home=CODE``) latest rota (or ``&from=YYYY-MM-DD``'s): who works each
    shift, the cover chosen and why, agency shifts and cost, and the gaps no one could fill."""

    capability = Cap.ROTA_VIEW
    serializer_class = HomeRotaSerializer
    pagination_class = None

    @extend_schema(responses=HomeRotaSerializer)
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from django.http import Http404

        from thrive.agency.rota_selectors import home_for, rota_weeks, rotas_of_home

        code = request.query_params.get("home", "")
        if not code:
            raise ThriveError("home: give the home's code (?home=CODE).")
        home = home_for(request.access, code)
        if home is None:
            raise Http404("No such home")
        rotas = rotas_of_home(home)
        wanted = request.query_params.get("from")
        if wanted:
            try:
                on = date.fromisoformat(wanted)
            except ValueError as exc:
                raise ThriveError(f"from: '{wanted}' is not a date (YYYY-MM-DD).") from exc
            rotas = [r for r in rotas if r.starts == on]
        rota = rotas[0] if rotas else None
        assignments: list[Any] = []
        gaps: list[Any] = []
        if rota is not None:
            _weeks, assignments, gaps = rota_weeks(rota)
        data = {
            "home": home.code,
            "starts": rota.starts if rota else None,
            "weeks": rota.weeks if rota else None,
            "status": rota.status if rota else None,
            "agency_shifts": rota.agency_shifts if rota else None,
            "agency_cost": rota.agency_cost if rota else None,
            "assignments": assignments,
            "gaps": gaps,
        }
        return Response(HomeRotaSerializer(data).data)


class MyShifts(OrgAPIView):
    """The caller's published shifts from today."""

    capability = Cap.ROTA_MY_SHIFTS
    serializer_class = RotaAssignmentSerializer
    pagination_class = None

    @extend_schema(responses=RotaAssignmentSerializer(many=True))
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import my_shifts

        rows = my_shifts(request.user, request.organisation, clock.today())
        return Response(RotaAssignmentSerializer(rows, many=True).data)


def _home_asked(request: AuthedApiRequest) -> Any:
    from django.http import Http404

    from thrive.agency.rota_selectors import home_for

    code = request.query_params.get("home", "")
    if not code:
        raise ThriveError("home: give the home's code (?home=CODE).")
    home = home_for(request.access, code)
    if home is None:
        raise Http404("No such home")
    return home


class RotaLeaveSerializer(serializers.Serializer[Any]):
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    reason = serializers.CharField()


class RotaWorkerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    tier = serializers.CharField()
    from_service = serializers.CharField()
    staff_id = serializers.CharField(source="staff_member.staff_id", allow_null=True, default=None)
    senior = serializers.BooleanField()
    driver = serializers.BooleanField()
    waking_night = serializers.BooleanField()
    contracted_hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    max_hours_week = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    opted_out = serializers.BooleanField()
    extra_hours_as = serializers.CharField()
    toil_hours = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    leave = RotaLeaveSerializer(many=True)


class HomeRotaWorkers(OrgAPIView):
    """A home's (``?home=CODE``) rota workers: who they are in the register, their skills and
    hours, their leave from today and their time off in lieu earned and not taken."""

    capability = Cap.ROTA_VIEW
    serializer_class = RotaWorkerSerializer
    pagination_class = None

    @extend_schema(responses=RotaWorkerSerializer(many=True))
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import home_setup

        _shifts, workers = home_setup(_home_asked(request), clock.today())
        return Response(RotaWorkerSerializer(workers, many=True).data)


class ShiftSwapSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    worker = serializers.CharField(source="asker.name")
    day = serializers.DateField(source="give.day")
    shift = serializers.CharField(source="give.shift.code")
    colleague = serializers.CharField(source="colleague.name")
    in_return_day = serializers.DateField(source="take.day", allow_null=True, default=None)
    in_return_shift = serializers.CharField(source="take.shift.code", allow_null=True, default=None)
    reason = serializers.CharField()
    decision_note = serializers.CharField()


class HomeSwaps(OrgAPIView):
    """Shift swaps asked for on a home's (``?home=CODE``) rotas, waiting ones first."""

    capability = Cap.ROTA_VIEW
    serializer_class = ShiftSwapSerializer
    pagination_class = None

    @extend_schema(responses=ShiftSwapSerializer(many=True))
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import home_swaps

        rows = home_swaps(_home_asked(request))
        return Response(ShiftSwapSerializer(rows, many=True).data)


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


urlpatterns = [
    org_path("agency/placements/", AgencyPlacements.as_view(), name="agency_placements"),
    org_path("agency/check/", AgencyCheck.as_view(), name="agency_check"),
    org_path(
        "agency/exit-strategies/", AgencyExitStrategies.as_view(), name="agency_exit_strategies"
    ),
    org_path("agency/rota/", HomeRota.as_view(), name="agency_home_rota"),
    org_path("agency/my-shifts/", MyShifts.as_view(), name="agency_my_shifts"),
    org_path("agency/rota/workers/", HomeRotaWorkers.as_view(), name="agency_rota_workers"),
    org_path("agency/rota/swaps/", HomeSwaps.as_view(), name="agency_rota_swaps"),
    org_path("agency/against-region/", AgencyAgainstRegion.as_view(), name="agency_against_region"),
]
