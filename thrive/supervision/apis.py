"""Supervision endpoints: schedules and compliance, with the pages' permissions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from thrive.api.changes import ChangedSerializer, VersionField, within_reach
from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.core import clock
from thrive.core.params import date_param
from thrive.core.roles import Cap, Scope
from thrive.people.selectors import staff_member_for
from thrive.supervision.policy import compliance_team_ids
from thrive.supervision.selectors import (
    WINDOWS,
    compliance_report,
    invitation_recipients,
    schedules,
    supervised_spells,
)


class ScheduleSerializer(serializers.Serializer[Any]):
    staff_id = serializers.CharField(source="person.staff_id")
    name = serializers.CharField(source="person.full_name")
    team = serializers.CharField(source="spell.team.name")
    frequency = serializers.CharField(source="rule.frequency")
    minimum_minutes_per_month = serializers.IntegerField(source="rule.minimum_minutes_per_month")
    asye_start = serializers.DateField(allow_null=True)
    in_asye = serializers.BooleanField()
    last_session = serializers.DateField(allow_null=True)
    next_due = serializers.DateField()
    overdue_days = serializers.IntegerField(allow_null=True)
    booked_for = serializers.DateTimeField(source="booked.starts_at", allow_null=True, default=None)


class SupervisionSchedule(OrgListAPIView):
    """Who is due supervision when (``?on=YYYY-MM-DD``): managers see their teams (or service,
    or council); anyone else sees themselves and the people they supervise."""

    capability = Cap.SUPERVISION_VIEW
    serializer_class = ScheduleSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        org = self.request.organisation
        access = self.request.access
        on = date_param(self.request.query_params)
        me = staff_member_for(self.request.user, org)
        me_id = me.pk if me is not None else None

        def visible(spell: Any) -> bool:
            if me_id is not None and me_id in (spell.person_id, spell.line_manager_id):
                return True
            team = spell.team
            return access.scope(Cap.SUPERVISION_VIEW) >= Scope.TEAM and access.allows(
                Cap.SUPERVISION_VIEW,
                team_id=spell.team_id,
                service_id=team.service_id if team else None,
            )

        return schedules(org, [s for s in supervised_spells(org, on) if visible(s)], on)


class WindowSerializer(serializers.Serializer[Any]):
    months = serializers.IntegerField()
    people = serializers.IntegerField()
    within_policy = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    overdue = serializers.IntegerField()
    average_interval_days = serializers.FloatField(allow_null=True)
    minutes_per_month_average = serializers.FloatField(allow_null=True)
    below_minimum = serializers.IntegerField()


class TrendPointSerializer(serializers.Serializer[Any]):
    """The 3-month share at a month end (the last point is the day asked about)."""

    date = serializers.DateField()
    people = serializers.IntegerField()
    within_policy = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class TeamComplianceSerializer(serializers.Serializer[Any]):
    team_id = serializers.IntegerField(allow_null=True)
    team = serializers.CharField()
    windows = WindowSerializer(many=True)
    trend = TrendPointSerializer(many=True)


class OverdueSerializer(serializers.Serializer[Any]):
    staff_id = serializers.CharField()
    name = serializers.CharField()
    team_id = serializers.IntegerField(allow_null=True)
    team = serializers.CharField(allow_null=True)
    days_overdue = serializers.IntegerField()


class ComplianceSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    grace_days = serializers.IntegerField()
    teams = TeamComplianceSerializer(many=True)
    all_teams = TeamComplianceSerializer()
    overdue = OverdueSerializer(many=True)


def _row(row: Any) -> dict[str, Any]:
    return {
        "team_id": row.team_id,
        "team": row.label,
        "windows": [{"months": m, **row.windows[m].__dict__} for m in WINDOWS],
        "trend": [
            {
                "date": p["date"],
                "people": p["compliance"].people,
                "within_policy": p["compliance"].within_policy,
                "share": p["compliance"].share,
            }
            for p in row.trend
        ],
    }


def _overdue(spell: Any, days: int) -> dict[str, Any]:
    return {
        "staff_id": spell.person.staff_id,
        "name": spell.person.full_name,
        "team_id": spell.team_id,
        "team": spell.team.name if spell.team else None,
        "days_overdue": days,
    }


class SupervisionCompliance(OrgAPIView):
    """The share supervised within policy over 3, 6 and 12 months, per team and overall, each
    with its 12-point trend at month ends, and everyone overdue — as the compliance page shows
    them to the same people (the caller's teams, or the council)."""

    capability = Cap.SUPERVISION_COMPLIANCE
    serializer_class = ComplianceSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        org = request.organisation
        access = request.access
        on = date_param(request.query_params) if request.query_params.get("on") else clock.today()
        teams = compliance_team_ids(access)
        report = compliance_report(org, teams, on)
        data = {
            "on": on,
            "grace_days": report["grace_days"],
            "teams": [_row(r) for r in report["rows"]],
            "all_teams": _row(report["total"]),
            "overdue": [_overdue(spell, days) for spell, days in report["overdue"]],
        }
        return Response(ComplianceSerializer(data).data)


class SupervisionMoveSerializer(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField(validators=[within_reach])
    planned_minutes = serializers.IntegerField(
        required=False, min_value=10, max_value=480, help_text="Default: unchanged."
    )
    location = serializers.CharField(
        required=False, allow_blank=True, max_length=120, help_text="Default: unchanged."
    )
    version = VersionField()


class VersionSerializer(serializers.Serializer[Any]):
    version = VersionField()


def _managed_session(request: AuthedApiRequest, pk: int) -> Any:
    """The council's session, to its supervisor or a manager of its team or service only (as on
    its page; a refusal is logged against the record)."""
    from django.http import Http404
    from rest_framework.exceptions import PermissionDenied

    from thrive.supervision.selectors.records import supervision_session
    from thrive.supervision.services.sessions import may_manage_session

    session = supervision_session(request.organisation, pk)
    if session is None:
        raise Http404("No such session")
    if not may_manage_session(request.access, session):
        raise PermissionDenied("Only the supervisor or a manager of the team can do this.")
    return session


def _changed(session: Any, told: int) -> Response:
    data = {"id": session.pk, "version": session.version, "status": session.status, "told": told}
    return Response(ChangedSerializer(data).data)


class SupervisionSessionMove(OrgAPIView):
    """POST moves a booked session still to come to a new start (length, place), as its *Move*
    page does: the supervisor or a manager of its team or service; everyone in it is sent the
    updated calendar invitation (same event, higher SEQUENCE)."""

    capability = Cap.SUPERVISION_RECORD
    serializer_class = SupervisionMoveSerializer

    @extend_schema(request=SupervisionMoveSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.supervision.services.sessions import session_move

        session = _managed_session(request, pk)
        form = SupervisionMoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        moved = session_move(
            access=request.access,
            session=session,
            starts_at=d["starts_at"],
            planned_minutes=d.get("planned_minutes", session.planned_minutes),
            location=d.get("location", session.location),
            version=d["version"],
        )
        return _changed(moved, len(invitation_recipients(moved)))


class SupervisionSessionCancel(OrgAPIView):
    """POST cancels a booked session, as its page does: everyone in it is sent the
    cancellation (METHOD:CANCEL)."""

    capability = Cap.SUPERVISION_RECORD
    serializer_class = VersionSerializer

    @extend_schema(request=VersionSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.supervision.services.sessions import session_cancel

        session = _managed_session(request, pk)
        form = VersionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cancelled = session_cancel(
            access=request.access, session=session, version=form.validated_data["version"]
        )
        return _changed(cancelled, len(invitation_recipients(cancelled)))


urlpatterns = [
    org_path("supervision/schedule/", SupervisionSchedule.as_view(), name="supervision_schedule"),
    org_path(
        "supervision/compliance/",
        SupervisionCompliance.as_view(),
        name="supervision_compliance",
    ),
    org_path(
        "supervision/sessions/<int:pk>/move/",
        SupervisionSessionMove.as_view(),
        name="supervision_session_move",
    ),
    org_path(
        "supervision/sessions/<int:pk>/cancel/",
        SupervisionSessionCancel.as_view(),
        name="supervision_session_cancel",
    ),
]
