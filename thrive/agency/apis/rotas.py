"""A home's rota endpoints: the rota (latest, from a day, or one by id) with its cover and
gaps, the caller's own shifts, the home's shift swaps and publishing a rota."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from thrive.agency.apis.scope import ClockTimeField, home_asked, managed_body, rota_of
from thrive.api.changes import VersionField
from thrive.api.endpoints import OrgAPIView
from thrive.api.http import AuthedApiRequest
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap


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

        home = home_asked(request)
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

        rows = home_swaps(home_asked(request))
        return Response(ShiftSwapSerializer(rows, many=True).data)

    @extend_schema(request=SwapDecisionInSerializer, responses=ShiftSwapSerializer)
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.rota_selectors import home_swap
        from thrive.agency.services import swap_decide

        home, d = managed_body(self, SwapDecisionInSerializer)
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
        from thrive.agency.services import rota_publish

        home, d = managed_body(self, RotaPublishInSerializer)
        done = rota_publish(rota=rota_of(home, d["rota"]), version=d["version"], actor=request.user)
        return Response(HomeRotaSerializer(_rota_body(home, done)).data)
