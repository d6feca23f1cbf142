"""Learning endpoints: the catalogue, your bookings (book and cancel), your CPD and where you
stand in the registration year — with the pages' permissions and rules."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from thrive.api.endpoints import OrgAPIView, OrgListAPIView, OrgListCreateAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.learning.models import (
    Booking,
    BookingStatus,
    CpdRecord,
    CpdType,
    LearningSession,
    RegistrationRule,
)
from thrive.learning.policy import only_through_the_exchange
from thrive.learning.registration import cpd_check
from thrive.learning.selectors import published, upcoming_sessions
from thrive.learning.services import book, cancel, cpd_save
from thrive.people.models import StaffMember
from thrive.people.selectors import staff_member_for


class SessionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.CharField()
    online = serializers.BooleanField()
    capacity = serializers.IntegerField()
    places_taken = serializers.IntegerField(source="taken")
    waiting = serializers.IntegerField()


class ItemSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    item_type = serializers.CharField()
    provider_kind = serializers.CharField()
    provider_name = serializers.CharField()
    description = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    career_stages = serializers.ListField(child=serializers.CharField())
    professions = serializers.ListField(child=serializers.CharField())
    mandatory = serializers.BooleanField()
    renewal_months = serializers.IntegerField(allow_null=True)
    sessions = SessionSerializer(many=True, source="upcoming")


def _staff_only(request: AuthedApiRequest) -> None:
    if only_through_the_exchange(request.access):
        raise PermissionDenied("Partner organisations book through the exchange page.")


class Catalogue(OrgListAPIView):
    """Published learning with its upcoming sessions and places."""

    capability = Cap.LEARNING_VIEW
    serializer_class = ItemSerializer

    def get_queryset(self) -> Any:
        _staff_only(self.request)
        org = self.request.organisation
        return (
            published(org, clock.today())
            .order_by("title")
            .prefetch_related(
                Prefetch("sessions", queryset=upcoming_sessions(org), to_attr="upcoming")
            )
        )


class BookingSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk", read_only=True)
    session = serializers.IntegerField(source="session_id")
    title = serializers.CharField(source="session.item.title", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    status = serializers.CharField(read_only=True)
    attended = serializers.BooleanField(allow_null=True, read_only=True)


class Bookings(OrgListCreateAPIView):
    """Your places and waiting-list places; POST ``{"session": id}`` to book (a place if one is
    free, otherwise the waiting list)."""

    capability = Cap.LEARNING_VIEW
    serializer_class = BookingSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return (
            Booking.objects.filter(user=self.request.user, organisation=self.request.organisation)
            .exclude(status=BookingStatus.CANCELLED)
            .select_related("session__item")
            .order_by("session__starts_at")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _staff_only(self.request)
        org = self.request.organisation
        serializer = BookingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = get_object_or_404(
            LearningSession, pk=serializer.validated_data["session_id"], organisation=org
        )
        me = staff_member_for(self.request.user, org)
        booking = book(session=session, user=self.request.user, person=me)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class BookingCancel(OrgAPIView):
    """Cancel one of your bookings; a freed place goes to the next person waiting."""

    capability = Cap.LEARNING_VIEW
    serializer_class = BookingSerializer

    @extend_schema(request=None, responses=BookingSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        org = request.organisation
        booking = get_object_or_404(Booking, pk=pk, user=request.user, organisation=org)
        cancel(booking=booking, actor=request.user)
        booking.refresh_from_db()
        return Response(BookingSerializer(booking).data)


class CpdSerializer(serializers.ModelSerializer[CpdRecord]):
    cpd_type = serializers.ChoiceField(choices=CpdType.choices)

    class Meta:
        model = CpdRecord
        fields = [
            "id",
            "cpd_type",
            "title",
            "on",
            "hours",
            "learned",
            "difference",
            "peer_reflected",
            "peer_name",
            "draft",
        ]
        read_only_fields = ["id", "draft"]


class CpdCheckSerializer(serializers.Serializer[Any]):
    year_start = serializers.DateField()
    year_end = serializers.DateField()
    records = serializers.IntegerField()
    peer_reflected = serializers.IntegerField()
    met = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())
    in_renewal_window = serializers.BooleanField()
    days_to_deadline = serializers.IntegerField()


class CpdListSerializer(serializers.Serializer[Any]):
    registration_year = CpdCheckSerializer()
    records = CpdSerializer(many=True)


class Cpd(OrgAPIView):
    """Your CPD records and the registration-year check; POST a record to add one."""

    capability = Cap.CPD_VIEW
    serializer_class = CpdSerializer

    def _me(self, request: AuthedApiRequest) -> StaffMember:
        me = staff_member_for(request.user, request.organisation)
        if me is None:
            raise ThriveError("You have no record in this council's register.")
        return me

    @extend_schema(responses=CpdListSerializer)
    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        me = self._me(request)
        records = list(CpdRecord.objects.filter(person=me))
        check = cpd_check(records, clock.today(), RegistrationRule.objects.for_org(me.organisation))
        return Response(
            CpdListSerializer({"registration_year": check.__dict__, "records": records}).data
        )

    @extend_schema(responses=CpdSerializer)
    def post(self, request: AuthedApiRequest, org_code: str) -> Response:
        me = self._me(request)
        serializer = CpdSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = cpd_save(person=me, user=request.user, **serializer.validated_data)
        return Response(CpdSerializer(record).data, status=status.HTTP_201_CREATED)


# --- Council-wide views: mandatory learning gaps and CPD status by team ------------------------


def _team_filter(request: AuthedApiRequest) -> int | None:
    raw = request.query_params.get("team", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        raise NotFound("No such team.")
    return int(raw)


class GapsItemSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    rule = serializers.CharField()


class GapsCountSerializer(serializers.Serializer[Any]):
    item_id = serializers.IntegerField()
    applies = serializers.IntegerField()
    missing = serializers.IntegerField()
    running_out = serializers.IntegerField()


class GapsTeamSerializer(serializers.Serializer[Any]):
    team_id = serializers.IntegerField()
    team = serializers.CharField()
    people = serializers.IntegerField()
    with_gaps = serializers.IntegerField()
    items = GapsCountSerializer(many=True)


class GapsPersonSerializer(serializers.Serializer[Any]):
    person_id = serializers.IntegerField()
    staff_id = serializers.CharField()
    name = serializers.CharField()
    team_id = serializers.IntegerField()
    stage = serializers.CharField()
    missing = serializers.ListField(child=serializers.IntegerField())
    running_out = serializers.ListField(child=serializers.DictField())


class GapsSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    running_out_days = serializers.IntegerField()
    items = GapsItemSerializer(many=True)
    teams = GapsTeamSerializer(many=True)
    people = GapsPersonSerializer(many=True)


class MandatoryGaps(OrgAPIView):
    """Mandatory learning gaps by team, as the page shows them to the same people: per team and
    mandatory item, the people it applies to, missing it (never done or run out) and running out
    within 60 days; and the people (of one team with ``?team=``). A manager gets their teams;
    the PSW and workforce development the council."""

    capability = Cap.LEARNING_GAPS
    serializer_class = GapsSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.learning.policy import learning_gap_teams, sees_learning_gaps
        from thrive.learning.team_reports import RUNNING_OUT_DAYS, mandatory_gaps_by_team

        access = request.access
        if not sees_learning_gaps(access):
            raise PermissionDenied("You may not see mandatory learning gaps in this council.")
        report = mandatory_gaps_by_team(
            request.organisation,
            clock.today(),
            learning_gap_teams(access),
        )
        team_id = _team_filter(request)
        selected = report.team(team_id) if team_id is not None else None
        if team_id is not None and selected is None:
            raise NotFound("No such team among those you may see.")
        data = {
            "on": report.on,
            "running_out_days": RUNNING_OUT_DAYS,
            "items": [{"id": i.pk, "title": i.title, "rule": r} for i, r in report.item_rules()],
            "teams": [
                {
                    "team_id": t.team.pk,
                    "team": t.team.name,
                    "people": len(t.people),
                    "with_gaps": t.with_gaps,
                    "items": [
                        {"item_id": i.pk, **c.__dict__}
                        for i, c in zip(report.items, t.cells(report.items), strict=True)
                        if c.applies
                    ],
                }
                for t in report.teams
            ],
            "people": [
                {
                    "person_id": p.person.pk,
                    "staff_id": p.person.staff_id,
                    "name": p.person.full_name,
                    "team_id": t.team.pk,
                    "stage": p.stage,
                    "missing": [i.pk for i in p.missing] + [i.pk for i, _ in p.lapsed],
                    "running_out": [
                        {"item_id": i.pk, "ends": d.isoformat()} for i, d in p.running_out
                    ],
                }
                for t in ([selected] if selected else report.teams)
                for p in t.people
            ],
        }
        return Response(GapsSerializer(data).data)


class CpdTeamCountSerializer(serializers.Serializer[Any]):
    team_id = serializers.IntegerField(allow_null=True)
    team = serializers.CharField()
    social_workers = serializers.IntegerField()
    on_track = serializers.IntegerField()
    met = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    not_started = serializers.IntegerField()


class CpdPersonSerializer(serializers.Serializer[Any]):
    person_id = serializers.IntegerField()
    staff_id = serializers.CharField()
    name = serializers.CharField()
    team_id = serializers.IntegerField()
    records = serializers.IntegerField()
    peer_reflected = serializers.IntegerField()
    status = serializers.CharField()
    met = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())


class CpdTeamsSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    year_start = serializers.DateField()
    year_end = serializers.DateField()
    definitions = serializers.DictField(child=serializers.CharField())
    teams = CpdTeamCountSerializer(many=True)
    all_teams = CpdTeamCountSerializer()
    people = CpdPersonSerializer(many=True)


class CpdByTeam(OrgAPIView):
    """CPD status by team against the registration year (on track, at risk, not started, with
    their definitions), then the people, filtered with ``?team=`` and ``?status=`` — the same
    figures as the page, to the same people (managers their teams; the PSW and workforce
    development the council)."""

    capability = Cap.CPD_VIEW
    serializer_class = CpdTeamsSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.learning.policy import cpd_teams, sees_team_cpd
        from thrive.learning.registration import CPD_STATUSES
        from thrive.learning.team_reports import CpdTeam, cpd_status_by_team

        access = request.access
        if not sees_team_cpd(access):
            raise PermissionDenied("You may see only your own CPD: use the cpd endpoint.")
        report = cpd_status_by_team(
            request.organisation,
            clock.today(),
            cpd_teams(access),
        )
        team_id = _team_filter(request)
        if team_id is not None and not any(t.team.pk == team_id for t in report.teams):
            raise NotFound("No such team among those you may see.")
        status_ = request.query_params.get("status", "")
        if status_ and status_ not in CPD_STATUSES:
            raise ThriveError(f"status must be one of: {', '.join(CPD_STATUSES)}.")

        def count(t: CpdTeam) -> dict[str, Any]:
            return {
                "team_id": t.team.pk,
                "team": t.team.name,
                "social_workers": len(t.rows),
                "on_track": t.on_track,
                "met": t.met,
                "at_risk": t.at_risk,
                "not_started": t.not_started,
            }

        data = {
            "on": report.on,
            "year_start": report.year_start,
            "year_end": report.year_end,
            "definitions": report.definitions,
            "teams": [count(t) for t in report.teams],
            "all_teams": count(report.total),
            "people": [
                {
                    "person_id": r.person.pk,
                    "staff_id": r.person.staff_id,
                    "name": r.person.full_name,
                    "team_id": r.spell.team_id,
                    "records": r.check.records,
                    "peer_reflected": r.check.peer_reflected,
                    "status": r.check.status,
                    "met": r.check.met,
                    "missing": list(r.check.missing),
                }
                for r in report.filtered(team_id, status_ or None)
            ],
        }
        return Response(CpdTeamsSerializer(data).data)


urlpatterns = [
    org_path("learning/catalogue/", Catalogue.as_view(), name="learning_catalogue"),
    org_path("learning/bookings/", Bookings.as_view(), name="learning_bookings"),
    org_path(
        "learning/bookings/<int:pk>/cancel/",
        BookingCancel.as_view(),
        name="learning_booking_cancel",
    ),
    org_path("cpd/", Cpd.as_view(), name="cpd"),
    org_path("cpd/teams/", CpdByTeam.as_view(), name="cpd_teams"),
    org_path("learning/gaps/", MandatoryGaps.as_view(), name="learning_gaps"),
]
