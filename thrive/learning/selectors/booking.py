"""Reads for places: a session's bookings, a person's own places and their waiting-list position."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from thrive.learning.models import (
    Booking,
    BookingStatus,
    ExchangeOffer,
    LearningItem,
    LearningSession,
)
from thrive.people.models import Organisation, StaffMember


def waiting_ahead() -> Coalesce:
    """For annotating bookings: how many people are ahead on the same session's waiting list
    (the list is offered in the order people joined it), so a place shows its position."""
    ahead = (
        Booking.objects.filter(session=OuterRef("session"), status=BookingStatus.WAITING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("session")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(ahead), Value(0))


def _mine(user: Any, person: StaffMember | None) -> Q:
    """Bookings that are the person's: made by them, or for their record in the register."""
    return Q(user_id=user.pk) | (Q(person=person) if person is not None else Q(pk__in=[]))


def bookings_of(
    organisation: Organisation,
    user: Any,
    person: StaffMember | None,
    *,
    item: LearningItem | None = None,
) -> list[Booking]:
    """The person's places and waiting-list places (not cancelled), newest session first, each
    with ``waiting_ahead``; only on *item*'s sessions if given."""
    bookings = Booking.objects.for_org(organisation).filter(_mine(user, person))
    if item is not None:
        bookings = bookings.filter(session__item=item)
    return list(
        bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("session__item", "feedback")
        .annotate(waiting_ahead=waiting_ahead())
        .order_by("-session__starts_at")
    )


def places_held(organisation: Organisation, user: Any) -> QuerySet[Booking]:
    """The places and waiting-list places *user* holds (not cancelled), soonest session first:
    what the API's bookings list shows."""
    return (
        Booking.objects.filter(user=user, organisation=organisation)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("session__item")
        .order_by("session__starts_at")
    )


def my_booking(
    organisation: Organisation, user: Any, person: StaffMember | None, pk: int | None
) -> Booking | None:
    """One of the person's own bookings, or None."""
    if pk is None:
        return None
    return (
        Booking.objects.for_org(organisation)
        .filter(_mine(user, person))
        .select_related("session__item")
        .filter(pk=pk)
        .first()
    )


def attended_booking(organisation: Organisation, pk: int) -> Booking | None:
    """A booking whose person came, with what a certificate needs."""
    return (
        Booking.objects.for_org(organisation)
        .select_related("session__item", "person", "user")
        .filter(pk=pk, attended=True)
        .first()
    )


def learning_session(organisation: Organisation, pk: int | None) -> LearningSession | None:
    """One of the council's sessions, with its item, or None."""
    if pk is None:
        return None
    return (
        LearningSession.objects.for_org(organisation).select_related("item").filter(pk=pk).first()
    )


def session_of_item(item: LearningItem, pk: int | str | None) -> LearningSession | None:
    """One of *item*'s sessions, or None."""
    if pk is None:
        return None
    return item.sessions.select_related("item").filter(pk=pk).first()


def session_bookings(session: LearningSession) -> list[Booking]:
    """Who has a place or is waiting on *session* (not the cancelled)."""
    return list(
        session.bookings.exclude(status=BookingStatus.CANCELLED).select_related(
            "user", "person", "partner"
        )
    )


def session_booking(session: LearningSession, pk: int | None) -> Booking | None:
    if pk is None:
        return None
    return session.bookings.filter(pk=pk).first()


def session_offers(session: LearningSession) -> QuerySet[ExchangeOffer]:
    """Places on *session* offered to partners in the exchange."""
    return ExchangeOffer.objects.filter(session=session).select_related("partner")


def booked_or_waiting(session: LearningSession) -> int:
    """How many people have a place on *session* or are on its waiting list."""
    return session.bookings.filter(status__in=[BookingStatus.BOOKED, BookingStatus.WAITING]).count()
