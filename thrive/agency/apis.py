"""Agency endpoints: the council's placements and their check against the rules on a date, and
the residential rotas' reads and writes. This module is long because the rota endpoints share
its scope helpers (the home asked for, who manages it) with the placements'; split it by
sub-area (placements, rotas) when it grows again."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from thrive.agency.selectors import agency_check, exit_progress, placements_visible
from thrive.api.changes import VersionField
from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_paths
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "23:00:00"}
)
class ClockTimeField(serializers.TimeField):
    """A time of day as "HH:MM:SS" (local, no offset). OpenAPI's ``format: time`` is RFC 3339's,
    which wants an offset, so the schema says the pattern instead."""


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
    starts = ClockTimeField(source="shift.starts")
    ends = ClockTimeField(source="shift.ends")
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


class RotaChangeSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    shift = serializers.CharField(source="shift.code")
    off = serializers.ListField(child=serializers.CharField())
    on = serializers.ListField(child=serializers.CharField())


class HomeRotaSerializer(serializers.Serializer[Any]):
    home = serializers.CharField()
    id = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    revision = serializers.IntegerField(allow_null=True)
    revises = serializers.IntegerField(allow_null=True)
    solver_status = serializers.CharField(allow_null=True)
    revisions = serializers.ListField(child=serializers.DictField())
    changes = RotaChangeSerializer(many=True)
    starts = serializers.DateField(allow_null=True)
    weeks = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    agency_shifts = serializers.IntegerField(allow_null=True)
    agency_cost = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    assignments = RotaAssignmentSerializer(many=True)
    gaps = RotaGapSerializer(many=True)


def _rota_body(home: Any, rota: Any) -> dict[str, Any]:
    """The home rota endpoint's answer for *rota* of *home* (None: the home has none)."""
    from thrive.agency.rota_selectors import rota_changes, rota_weeks, rotas_of_home

    assignments: list[Any] = []
    gaps: list[Any] = []
    changes: list[dict[str, Any]] = []
    if rota is not None:
        _weeks, assignments, gaps = rota_weeks(rota)
        changes = [
            {
                "day": c["day"],
                "shift": c["shift"],
                "off": [a.worker.name for a in c.get("off", [])],
                "on": [a.worker.name for a in c.get("on", [])],
            }
            for c in rota_changes(rota)
        ]
    return {
        "home": home.code,
        "id": rota.pk if rota else None,
        "version": rota.version if rota else None,
        "revision": rota.revision if rota else None,
        "revises": rota.revises_id if rota else None,
        "solver_status": rota.solver_status if rota else None,
        "revisions": [
            {"id": r.pk, "revision": r.revision, "status": r.status, "version": r.version}
            for r in rotas_of_home(home)
            if rota is not None and r.starts == rota.starts
        ],
        "changes": changes,
        "starts": rota.starts if rota else None,
        "weeks": rota.weeks if rota else None,
        "status": rota.status if rota else None,
        "agency_shifts": rota.agency_shifts if rota else None,
        "agency_cost": rota.agency_cost if rota else None,
        "assignments": assignments,
        "gaps": gaps,
    }


class HomeRota(OrgAPIView):
    """A home's (``?home=CODE``) latest rota (or ``&from=YYYY-MM-DD``'s, or ``&rota=ID``): who
    works each shift, the cover chosen and why, agency shifts and cost, the gaps no one could
    fill; its revision (``revision``, ``revises``), the home's rotas for the same start
    (``revisions``: id, revision, status, version) and, for a revision, what it changes from the
    rota it revises (``changes``: who comes off and who goes on each shift)."""

    capability = Cap.ROTA_VIEW
    serializer_class = HomeRotaSerializer
    pagination_class = None

    @extend_schema(responses=HomeRotaSerializer)
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import rotas_of_home

        home = _home_asked(request)
        rotas = rotas_of_home(home)
        wanted = request.query_params.get("from")
        if wanted:
            try:
                on = date.fromisoformat(wanted)
            except ValueError as exc:
                raise ThriveError(f"from: '{wanted}' is not a date (YYYY-MM-DD).") from exc
            rotas = [r for r in rotas if r.starts == on]
        asked = request.query_params.get("rota")
        if asked:
            rotas = [r for r in rotas if str(r.pk) == asked]
        rota = rotas[0] if rotas else None
        return Response(HomeRotaSerializer(_rota_body(home, rota)).data)


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


class WorkingPatternSerializer(serializers.Serializer[Any]):
    effective_from = serializers.DateField()
    weekdays = serializers.ListField(child=serializers.IntegerField())
    day_starts = ClockTimeField(allow_null=True)
    day_ends = ClockTimeField(allow_null=True)
    note = serializers.CharField()


class RotaWorkerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    version = serializers.IntegerField()
    name = serializers.CharField()
    tier = serializers.CharField()
    from_service = serializers.CharField()
    staff_id = serializers.CharField(source="staff_member.staff_id", allow_null=True, default=None)
    senior = serializers.BooleanField()
    driver = serializers.BooleanField()
    waking_night = serializers.BooleanField()
    contracted_hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    contract_fte = serializers.SerializerMethodField()
    extra_hours_week = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    max_hours_week = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    hourly_cost = serializers.DecimalField(max_digits=7, decimal_places=2)
    opted_out = serializers.BooleanField()
    pattern = WorkingPatternSerializer(allow_null=True)
    patterns = WorkingPatternSerializer(many=True, source="pattern_rows")
    extra_hours_as = serializers.CharField()
    toil_hours = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    leave = RotaLeaveSerializer(many=True)

    def get_contract_fte(self, worker: Any) -> str | None:
        """The home's own staff's contract as FTE (hours a week over 37, as the register)."""
        from decimal import Decimal

        from thrive.agency.rota_selectors import FULL_TIME_HOURS

        if worker.tier != "own":
            return None
        return f"{Decimal(worker.contracted_hours) / FULL_TIME_HOURS:.2f}"


class HomeRotaWorkers(OrgAPIView):
    """A home's (``?home=CODE``) rota workers: who they are in the register, their skills, their
    contract (hours and FTE), the extra hours a week they will work and the hours they offer,
    their working pattern in force today and every dated one (``patterns``), their leave from
    today and their time off in lieu earned and not taken; ``id`` and ``version`` for a change."""

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
    version = serializers.IntegerField()
    status = serializers.CharField()
    worker = serializers.CharField(source="asker.name")
    day = serializers.DateField(source="give.day")
    shift = serializers.CharField(source="give.shift.code")
    colleague = serializers.CharField(source="colleague.name")
    in_return_day = serializers.DateField(source="take.day", allow_null=True, default=None)
    in_return_shift = serializers.CharField(source="take.shift.code", allow_null=True, default=None)
    reason = serializers.CharField()
    decision_note = serializers.CharField()


class SwapDecisionInSerializer(serializers.Serializer[Any]):
    swap = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=["approve", "refuse"])
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    version = VersionField()


class HomeSwaps(OrgAPIView):
    """Shift swaps asked for on a home's (``?home=CODE``) rotas, waiting ones first. POST
    ``{"swap", "decision": "approve"/"refuse", "note", "version"}``: the home's rota manager
    decides one (the rules checked again; a stale ``version`` refused), as on the rota page."""

    capability = Cap.ROTA_VIEW
    serializer_class = ShiftSwapSerializer
    pagination_class = None

    @extend_schema(responses=ShiftSwapSerializer(many=True))
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import home_swaps

        rows = home_swaps(_home_asked(request))
        return Response(ShiftSwapSerializer(rows, many=True).data)

    @extend_schema(request=SwapDecisionInSerializer, responses=ShiftSwapSerializer)
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import home_swap
        from thrive.agency.services import swap_decide

        home = _home_managed(request)
        d = self.valid(SwapDecisionInSerializer)
        swap = home_swap(home, d["swap"])
        if swap is None:
            raise NotFound("No such swap at this home.")
        done = swap_decide(
            swap=swap,
            approve=d["decision"] == "approve",
            version=d["version"],
            note=d["note"],
            actor=request.user,
        )
        return Response(ShiftSwapSerializer(home_swap(home, done.pk)).data)


def _home_managed(request: AuthedApiRequest) -> Any:
    """The home asked for (``?home=CODE``), when the caller manages its rota (else 403)."""
    from thrive.agency.policy import manages_rota

    home = _home_asked(request)
    if not manages_rota(request.access, home):
        raise PermissionDenied("Only the home's rota managers change it.")
    return home


def _worker_of(home: Any, pk: int) -> Any:
    from thrive.agency.rota_selectors import rota_worker_at

    worker = rota_worker_at(home, pk)
    if worker is None:
        raise NotFound("No such worker at this home.")
    return worker


def _workers_now(home: Any, pk: int) -> Any:
    from thrive.agency.rota_selectors import home_setup

    _shifts, workers = home_setup(home, clock.today())
    return next(w for w in workers if w.pk == pk)


class WorkerHoursInSerializer(serializers.Serializer[Any]):
    worker = serializers.IntegerField()
    version = VersionField()
    contracted_hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True, default=None
    )
    extra_hours_week = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True, default=None
    )
    max_hours_week = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True, default=None
    )


class HomeRotaWorkerHours(OrgAPIView):
    """POST ``{"worker", "version", "contracted_hours", "extra_hours_week", "max_hours_week"}``
    (``?home=CODE``): the hours a rota may give a worker, as the set-up page's *Change a
    worker's hours* (a contract from the register refused; a blank extra or offered: no limit
    of their own; a stale ``version`` refused). Answers the worker as ``rota/workers/``."""

    capability = Cap.ROTA_MANAGE
    serializer_class = WorkerHoursInSerializer

    @extend_schema(request=WorkerHoursInSerializer, responses=RotaWorkerSerializer)
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.services import rota_worker_hours_set

        home = _home_managed(request)
        d = self.valid(WorkerHoursInSerializer)
        worker = rota_worker_hours_set(
            worker=_worker_of(home, d["worker"]),
            version=d["version"],
            contracted_hours=d["contracted_hours"],
            extra_hours_week=d["extra_hours_week"],
            max_hours_week=d["max_hours_week"],
            actor=request.user,
        )
        return Response(RotaWorkerSerializer(_workers_now(home, worker.pk)).data)


class WorkingPatternInSerializer(serializers.Serializer[Any]):
    worker = serializers.IntegerField()
    version = VersionField()
    effective_from = serializers.DateField()
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), allow_empty=False
    )
    day_starts = ClockTimeField(required=False, allow_null=True, default=None)
    day_ends = ClockTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class HomeRotaWorkerPattern(OrgAPIView):
    """POST ``{"worker", "version", "effective_from", "weekdays": [0..6], "day_starts",
    "day_ends", "note"}`` (``?home=CODE``): the days (0 Monday to 6 Sunday) and, optionally,
    hours a worker works from a date (dated: a pattern from the same date is corrected; a
    stale ``version`` refused). Answers the worker as ``rota/workers/``."""

    capability = Cap.ROTA_MANAGE
    serializer_class = WorkingPatternInSerializer

    @extend_schema(request=WorkingPatternInSerializer, responses=RotaWorkerSerializer)
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.services import working_pattern_set

        home = _home_managed(request)
        d = self.valid(WorkingPatternInSerializer)
        row = working_pattern_set(
            worker=_worker_of(home, d["worker"]),
            version=d["version"],
            effective_from=d["effective_from"],
            weekdays=d["weekdays"],
            day_starts=d["day_starts"],
            day_ends=d["day_ends"],
            note=d["note"],
            actor=request.user,
        )
        return Response(
            RotaWorkerSerializer(_workers_now(home, row.worker_id)).data,
            status=status.HTTP_201_CREATED,
        )


class RotaPublishInSerializer(serializers.Serializer[Any]):
    rota = serializers.IntegerField()
    version = VersionField()


class HomeRotaPublish(OrgAPIView):
    """POST ``{"rota", "version"}`` (``?home=CODE``): publish a draft rota or revision of the
    home, as the rota page's *Publish* (the home's rota managers; the ``version`` read from
    ``rota/``, a stale one refused; a revision replaces the rota it revises and emails each
    worker whose shifts it changes, after commit). Answers the rota as ``rota/``."""

    capability = Cap.ROTA_MANAGE
    serializer_class = RotaPublishInSerializer

    @extend_schema(request=RotaPublishInSerializer, responses=HomeRotaSerializer)
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import rota_of_home
        from thrive.agency.services import rota_publish

        home = _home_managed(request)
        d = self.valid(RotaPublishInSerializer)
        rota = rota_of_home(home, d["rota"])
        if rota is None:
            raise NotFound("No such rota at this home.")
        done = rota_publish(rota=rota, version=d["version"], actor=request.user)
        return Response(HomeRotaSerializer(_rota_body(home, done)).data)


class HoursWorkedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    version = serializers.IntegerField()
    worker = serializers.IntegerField(source="worker_id")
    worker_name = serializers.CharField(source="worker.name")
    week_starts = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    note = serializers.CharField()


class HoursWorkedInSerializer(serializers.Serializer[Any]):
    worker = serializers.IntegerField()
    week_starts = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="To correct a week already recorded: the version read from the list.",
    )


class HomeHoursWorked(OrgAPIView):
    """Hours a home's (``?home=CODE``) workers worked in weeks before Thrive held a published
    rota for it. POST ``{"worker", "week_starts", "hours", "note", "version"}`` records one week
    (the home's rota managers; recording a week again corrects it, the old figure audited, and
    needs the week's ``version`` as listed: a missing or stale one is refused)."""

    capability = Cap.ROTA_VIEW
    serializer_class = HoursWorkedSerializer
    pagination_class = None

    @extend_schema(responses=HoursWorkedSerializer(many=True))
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import hours_recorded

        rows = hours_recorded(_home_asked(request), clock.today())
        return Response(HoursWorkedSerializer(rows, many=True).data)

    @extend_schema(request=HoursWorkedInSerializer, responses={201: HoursWorkedSerializer})
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.services import rota_hours_record

        home = _home_managed(request)
        d = self.valid(HoursWorkedInSerializer)
        worker = _worker_of(home, d["worker"])
        (row,) = rota_hours_record(
            home=home,
            rows=[(worker, d["week_starts"], d["hours"], d["note"])],
            actor=request.user,
            versions={(worker.pk, d["week_starts"]): d["version"]},
        )
        return Response(HoursWorkedSerializer(row).data, status=status.HTTP_201_CREATED)


class WorkingTimeRulesSerializer(serializers.Serializer[Any]):
    effective_from = serializers.DateField()
    daily_rest_hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    weekly_rest_hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    max_average_weekly_hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    reference_weeks = serializers.IntegerField(min_value=1, max_value=52, default=17)
    opted_out_weekly_hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    night_average_hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, required=False, default=None
    )
    night_starts = ClockTimeField(required=False, default=time(23, 0))
    night_ends = ClockTimeField(required=False, default=time(6, 0))
    night_minimum_hours = serializers.DecimalField(
        max_digits=3, decimal_places=1, required=False, default=Decimal("3")
    )
    source = serializers.CharField(max_length=300)  # type: ignore[assignment]


class WorkingTimeRulesList(OrgAPIView):
    """The working-time rules rotas keep, dated (latest first): the daily and weekly rest, the
    average week and its reference weeks, the opted-out ceiling, the night workers' average,
    the night period (``night_starts``, ``night_ends``) and the hours of a shift in it that make
    night work (``night_minimum_hours``). POST the same fields to add a set from a date (those
    who manage agency; a date already set refused: history is kept)."""

    capability = Cap.ROTA_VIEW
    serializer_class = WorkingTimeRulesSerializer
    pagination_class = None

    @extend_schema(responses=WorkingTimeRulesSerializer(many=True))
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import working_time_rules_all
        from thrive.agency.services import working_time_rules_ensure

        working_time_rules_ensure()
        return Response(WorkingTimeRulesSerializer(working_time_rules_all(), many=True).data)

    @extend_schema(request=WorkingTimeRulesSerializer, responses={201: WorkingTimeRulesSerializer})
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.policy import manages_placements
        from thrive.agency.services import working_time_rules_add

        if not manages_placements(request.access):
            raise PermissionDenied("Those who manage agency change the working-time rules.")
        d = self.valid(WorkingTimeRulesSerializer)
        row = working_time_rules_add(**d, actor=request.user)
        return Response(WorkingTimeRulesSerializer(row).data, status=status.HTTP_201_CREATED)


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
    *org_paths(
        "agency/",
        ("placements/", AgencyPlacements, "agency_placements"),
        ("check/", AgencyCheck, "agency_check"),
        ("exit-strategies/", AgencyExitStrategies, "agency_exit_strategies"),
        ("rota/", HomeRota, "agency_home_rota"),
        ("my-shifts/", MyShifts, "agency_my_shifts"),
        ("rota/workers/", HomeRotaWorkers, "agency_rota_workers"),
        ("rota/swaps/", HomeSwaps, "agency_rota_swaps"),
        ("rota/workers/hours/", HomeRotaWorkerHours, "agency_rota_worker_hours"),
        ("rota/workers/pattern/", HomeRotaWorkerPattern, "agency_rota_worker_pattern"),
        ("rota/publish/", HomeRotaPublish, "agency_rota_publish"),
        ("rota/hours-worked/", HomeHoursWorked, "agency_rota_hours"),
        ("rota/working-time/", WorkingTimeRulesList, "agency_rota_working_time"),
        ("against-region/", AgencyAgainstRegion, "agency_against_region"),
    ),
]
