"""Learning endpoints: the catalogue, your bookings (book and cancel), your CPD and where you
stand in the registration year — with the pages' permissions and rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from thrive.api.changes import CancelSerializer, ChangedSerializer, VersionField, within_reach
from thrive.api.endpoints import OrgAPIView, OrgListAPIView, OrgListCreateAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.learning.models import (
    Booking,
    CpdRecord,
    CpdType,
    LearningSession,
)
from thrive.learning.policy import (
    cpd_teams,
    learning_gap_teams,
    only_through_the_exchange,
    sees_learning_gaps,
    sees_team_cpd,
)
from thrive.learning.registration import CPD_STATUSES, cpd_check
from thrive.learning.selectors import (
    cpd_records_of,
    places_held,
    published,
    registration_rules,
    upcoming_sessions,
)
from thrive.learning.services import book, cancel, cpd_save
from thrive.learning.team_reports import (
    RUNNING_OUT_DAYS,
    CpdTeam,
    cpd_status_by_team,
    mandatory_gaps_by_team,
)
from thrive.people.models import EmploymentSpell, Organisation, StaffMember, Team
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
        return places_held(self.request.organisation, self.request.user)

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
        records = cpd_records_of(me)
        check = cpd_check(records, clock.today(), registration_rules(me.organisation))
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
#
# Both reports have one shape: the learning policy says whether the caller sees them and for which
# teams; the report is built for those teams; ``?team=`` narrows the people to one of them; each
# team and each person is named the same way. One helper and one pair of serializers serve both.


class _Grouped(Protocol):
    @property
    def team(self) -> Team: ...


class _TeamReport(Protocol):
    @property
    def teams(self) -> Sequence[_Grouped]: ...


class _PersonRow(Protocol):
    @property
    def spell(self) -> EmploymentSpell: ...

    @property
    def person(self) -> Any: ...


R = TypeVar("R", bound=_TeamReport)


def _team_report(
    request: AuthedApiRequest,
    *,
    sees: Callable[[Access], bool],
    refusal: str,
    teams: Callable[[Access], QuerySet[Any] | None],
    build: Callable[[Organisation, date, QuerySet[Any] | None], R],
) -> tuple[R, int | None]:
    """The report for the teams the caller may see (``PermissionDenied`` with *refusal* when the
    policy says they see none) and the team asked for with ``?team=``, which must be one of
    them."""
    access = request.access
    if not sees(access):
        raise PermissionDenied(refusal)
    report = build(request.organisation, clock.today(), teams(access))
    raw = request.query_params.get("team", "").strip()
    if not raw:
        return report, None
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        raise NotFound("No such team.")
    if not any(t.team.pk == int(raw) for t in report.teams):
        raise NotFound("No such team among those you may see.")
    return report, int(raw)


def _team(group: _Grouped) -> dict[str, Any]:
    return {"team_id": group.team.pk, "team": group.team.name}


def _person(row: _PersonRow) -> dict[str, Any]:
    return {
        "person_id": row.person.pk,
        "staff_id": row.person.staff_id,
        "name": row.person.full_name,
        "team_id": row.spell.team_id,
    }


# A person in a team report, as ``_person`` names them (no docstring: it would become the
# description of each report's person in the OpenAPI document).
class TeamPersonSerializer(serializers.Serializer[Any]):
    person_id = serializers.IntegerField()
    staff_id = serializers.CharField()
    name = serializers.CharField()
    team_id = serializers.IntegerField()


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


class GapsPersonSerializer(TeamPersonSerializer):
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
        report, team_id = _team_report(
            request,
            sees=sees_learning_gaps,
            refusal="You may not see mandatory learning gaps in this council.",
            teams=learning_gap_teams,
            build=mandatory_gaps_by_team,
        )
        items = report.items
        data = {
            "on": report.on,
            "running_out_days": RUNNING_OUT_DAYS,
            "items": [{"id": i.pk, "title": i.title, "rule": r} for i, r in report.item_rules()],
            "teams": [
                {
                    **_team(t),
                    "people": len(t.people),
                    "with_gaps": t.with_gaps,
                    "items": [
                        {"item_id": i.pk, **c.__dict__}
                        for i, c in zip(items, t.cells(items), strict=True)
                        if c.applies
                    ],
                }
                for t in report.teams
            ],
            "people": [
                {
                    **_person(p),
                    "stage": p.stage,
                    "missing": [i.pk for i in p.missing] + [i.pk for i, _ in p.lapsed],
                    "running_out": [
                        {"item_id": i.pk, "ends": d.isoformat()} for i, d in p.running_out
                    ],
                }
                for t in report.teams
                if team_id in (None, t.team.pk)
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


class CpdPersonSerializer(TeamPersonSerializer):
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


def _cpd_count(t: CpdTeam) -> dict[str, Any]:
    return {
        **_team(t),
        "social_workers": len(t.rows),
        "on_track": t.on_track,
        "met": t.met,
        "at_risk": t.at_risk,
        "not_started": t.not_started,
    }


class CpdByTeam(OrgAPIView):
    """CPD status by team against the registration year (on track, at risk, not started, with
    their definitions), then the people, filtered with ``?team=`` and ``?status=`` — the same
    figures as the page, to the same people (managers their teams; the PSW and workforce
    development the council)."""

    capability = Cap.CPD_VIEW
    serializer_class = CpdTeamsSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        report, team_id = _team_report(
            request,
            sees=sees_team_cpd,
            refusal="You may see only your own CPD: use the cpd endpoint.",
            teams=cpd_teams,
            build=cpd_status_by_team,
        )
        status_ = request.query_params.get("status", "")
        if status_ and status_ not in CPD_STATUSES:
            raise ThriveError(f"status must be one of: {', '.join(CPD_STATUSES)}.")
        data = {
            "on": report.on,
            "year_start": report.year_start,
            "year_end": report.year_end,
            "definitions": report.definitions,
            "teams": [_cpd_count(t) for t in report.teams],
            "all_teams": _cpd_count(report.total),
            "people": [
                {
                    **_person(r),
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


class SessionMoveSerializer(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField(validators=[within_reach])
    ends_at = serializers.DateTimeField(
        required=False, validators=[within_reach], help_text="Default: the same length as before."
    )
    venue = serializers.CharField(
        required=False, allow_blank=True, max_length=160, help_text="Default: unchanged."
    )
    online = serializers.BooleanField(required=False, help_text="Default: unchanged.")
    version = VersionField()


def _session_changed(session: LearningSession, told: int) -> Response:
    session.refresh_from_db()
    status_ = "cancelled" if session.cancelled else "scheduled"
    data = {"id": session.pk, "version": session.version, "status": status_, "told": told}
    return Response(ChangedSerializer(data).data)


def _learning_session_or_404(org: Organisation, pk: int) -> LearningSession:
    from thrive.learning.selectors import learning_session

    found = learning_session(org, pk)
    if found is None:
        raise Http404("No such session")
    return found


class LearningSessionMove(OrgAPIView):
    """POST moves a session still to come to a new start (and end, venue, online), as the
    session's *Move* page does (those who run the council's learning): everyone with a place is
    sent the updated calendar invitation (same event, higher SEQUENCE), the waiting list an
    email. ``version``: the session's version you saw (a change since is refused)."""

    capability = Cap.LEARNING_MANAGE
    serializer_class = SessionMoveSerializer

    @extend_schema(request=SessionMoveSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.learning.services.moves import session_move

        session = _learning_session_or_404(request.organisation, pk)
        form = SessionMoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        told = session_move(
            session=session,
            starts_at=d["starts_at"],
            ends_at=d.get("ends_at") or d["starts_at"] + (session.ends_at - session.starts_at),
            venue=d.get("venue", session.venue),
            online=d.get("online", session.online),
            actor=request.user,
            version=d["version"],
        )
        return _session_changed(session, told)


class LearningSessionCancel(OrgAPIView):
    """POST cancels a session still to come, as its *Cancel* page does: ``reason`` is told to
    everyone booked or waiting; a place's calendar event is removed (METHOD:CANCEL)."""

    capability = Cap.LEARNING_MANAGE
    serializer_class = CancelSerializer

    @extend_schema(request=CancelSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.learning.services.booking import session_cancel

        session = _learning_session_or_404(request.organisation, pk)
        form = CancelSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        told = session_cancel(
            session=session,
            reason=form.validated_data["reason"],
            actor=request.user,
            version=form.validated_data["version"],
        )
        return _session_changed(session, told)


urlpatterns = [
    org_path("learning/catalogue/", Catalogue.as_view(), name="learning_catalogue"),
    org_path("learning/bookings/", Bookings.as_view(), name="learning_bookings"),
    org_path(
        "learning/bookings/<int:pk>/cancel/",
        BookingCancel.as_view(),
        name="learning_booking_cancel",
    ),
    org_path(
        "learning/sessions/<int:pk>/move/",
        LearningSessionMove.as_view(),
        name="learning_session_move",
    ),
    org_path(
        "learning/sessions/<int:pk>/cancel/",
        LearningSessionCancel.as_view(),
        name="learning_session_cancel",
    ),
    org_path("cpd/", Cpd.as_view(), name="cpd"),
    org_path("cpd/teams/", CpdByTeam.as_view(), name="cpd_teams"),
    org_path("learning/gaps/", MandatoryGaps.as_view(), name="learning_gaps"),
]
