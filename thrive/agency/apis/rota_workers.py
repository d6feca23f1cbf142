"""A home's rota workers' endpoints: who they are and their hours, patterns and leave; the
hours a rota may give them; their working patterns; hours worked before Thrive's rotas; and the
working-time rules every rota keeps."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from thrive.agency.apis.scope import (
    ClockTimeField,
    home_asked,
    managed_body,
    worker_of,
    workers_now,
)
from thrive.api.changes import VersionField
from thrive.api.endpoints import OrgAPIView
from thrive.api.http import AuthedApiRequest
from thrive.core import clock
from thrive.core.roles import Cap


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

        _shifts, workers = home_setup(home_asked(request), clock.today())
        return Response(RotaWorkerSerializer(workers, many=True).data)


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

        home, d = managed_body(self, WorkerHoursInSerializer)
        worker = rota_worker_hours_set(
            worker=worker_of(home, d["worker"]),
            version=d["version"],
            contracted_hours=d["contracted_hours"],
            extra_hours_week=d["extra_hours_week"],
            max_hours_week=d["max_hours_week"],
            actor=request.user,
        )
        return Response(RotaWorkerSerializer(workers_now(home, worker.pk)).data)


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

        home, d = managed_body(self, WorkingPatternInSerializer)
        row = working_pattern_set(
            worker=worker_of(home, d["worker"]),
            version=d["version"],
            effective_from=d["effective_from"],
            weekdays=d["weekdays"],
            day_starts=d["day_starts"],
            day_ends=d["day_ends"],
            note=d["note"],
            actor=request.user,
        )
        return Response(
            RotaWorkerSerializer(workers_now(home, row.worker_id)).data,
            status=status.HTTP_201_CREATED,
        )


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

        rows = hours_recorded(home_asked(request), clock.today())
        return Response(HoursWorkedSerializer(rows, many=True).data)

    @extend_schema(request=HoursWorkedInSerializer, responses={201: HoursWorkedSerializer})
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.services import rota_hours_record

        home, d = managed_body(self, HoursWorkedInSerializer)
        worker = worker_of(home, d["worker"])
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
