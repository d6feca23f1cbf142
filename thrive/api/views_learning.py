"""Learning endpoints: the catalogue, your bookings (book and cancel), your CPD and where you
stand in the registration year — with the pages' permissions and rules."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from thrive.api.permissions import HasOrgCapability
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


def _staff_only(request: Request) -> None:
    access = request.access  # type: ignore[attr-defined]
    if only_through_the_exchange(access):
        raise PermissionDenied("Partner organisations book through the exchange page.")


class Catalogue(generics.ListAPIView[Any]):
    """Published learning with its upcoming sessions and places."""

    permission_classes = [HasOrgCapability]
    capability = Cap.LEARNING_VIEW
    serializer_class = ItemSerializer

    def get_queryset(self) -> Any:
        _staff_only(self.request)
        org = self.request.organisation  # type: ignore[attr-defined]
        items = list(published(org, clock.today()).order_by("title"))
        sessions: dict[int, list[LearningSession]] = {}
        for s in upcoming_sessions(org):
            sessions.setdefault(s.item_id, []).append(s)
        for item in items:
            item.upcoming = sessions.get(item.pk, [])  # type: ignore[attr-defined]
        return items


class BookingSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk", read_only=True)
    session = serializers.IntegerField(source="session_id")
    title = serializers.CharField(source="session.item.title", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    status = serializers.CharField(read_only=True)
    attended = serializers.BooleanField(allow_null=True, read_only=True)


class Bookings(generics.ListCreateAPIView[Any]):
    """Your places and waiting-list places; POST ``{"session": id}`` to book (a place if one is
    free, otherwise the waiting list)."""

    permission_classes = [HasOrgCapability]
    capability = Cap.LEARNING_VIEW
    serializer_class = BookingSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return (
            Booking.objects.filter(user=self.request.user, organisation=self.request.organisation)  # type: ignore[attr-defined,misc]
            .exclude(status=BookingStatus.CANCELLED)
            .select_related("session__item")
            .order_by("session__starts_at")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _staff_only(request)
        org = request.organisation  # type: ignore[attr-defined]
        serializer = BookingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = get_object_or_404(
            LearningSession, pk=serializer.validated_data["session_id"], organisation=org
        )
        me = staff_member_for(request.user, org)
        booking = book(session=session, user=request.user, person=me)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class BookingCancel(generics.GenericAPIView[Any]):
    """Cancel one of your bookings; a freed place goes to the next person waiting."""

    permission_classes = [HasOrgCapability]
    capability = Cap.LEARNING_VIEW
    serializer_class = BookingSerializer

    @extend_schema(request=None, responses=BookingSerializer)
    def post(self, request: Request, org_code: str, pk: int) -> Response:
        org = request.organisation  # type: ignore[attr-defined]
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


class Cpd(generics.GenericAPIView[Any]):
    """Your CPD records and the registration-year check; POST a record to add one."""

    permission_classes = [HasOrgCapability]
    capability = Cap.CPD_VIEW
    serializer_class = CpdSerializer

    def _me(self, request: Request) -> StaffMember:
        org = request.organisation  # type: ignore[attr-defined]
        me = staff_member_for(request.user, org)
        if me is None:
            raise ThriveError("You have no record in this council's register.")
        return me

    @extend_schema(responses=CpdListSerializer)
    def get(self, request: Request, org_code: str) -> Response:
        me = self._me(request)
        records = list(CpdRecord.objects.filter(person=me))
        check = cpd_check(
            records, clock.today(), RegistrationRule.objects.for_org(me.organisation)
        )
        return Response(
            CpdListSerializer({"registration_year": check.__dict__, "records": records}).data
        )

    @extend_schema(responses=CpdSerializer)
    def post(self, request: Request, org_code: str) -> Response:
        me = self._me(request)
        serializer = CpdSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = cpd_save(person=me, user=request.user, **serializer.validated_data)
        return Response(CpdSerializer(record).data, status=status.HTTP_201_CREATED)
