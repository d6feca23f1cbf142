"""Writes for sessions and places: adding and cancelling a session, a place or the waiting list
(a freed place goes to the next person automatically), nominations, attendance (which offers a
CPD draft), feedback."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from thrive.core import clock
from thrive.core.audit import audit_log, audit_log_many
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.learning.models import (
    Booking,
    BookingStatus,
    CpdRecord,
    ExchangeOffer,
    Feedback,
    LearningItem,
    LearningSession,
    Partner,
)
from thrive.learning.services.common import _invite, _mail
from thrive.people.models import StaffMember
from thrive.people.services import full_clean_or_raise


@transaction.atomic
def session_add(
    *,
    item: LearningItem,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    venue: str = "",
    online: bool = False,
    actor: Any = None,
) -> LearningSession:
    session = LearningSession(
        organisation=item.organisation,
        item=item,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        venue=venue,
        online=online,
    )
    if ends_at <= starts_at:
        raise ThriveError("The session must end after it starts.", field="ends_at")
    full_clean_or_raise(session)
    session.save()
    audit_log(
        action="learning.session_added",
        user=actor,
        organisation=item.organisation,
        obj=session,
        summary=str(session),
    )
    return session


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"


def _booked_addresses(session: LearningSession) -> list[str]:
    """The email addresses of everyone with a place or on the waiting list."""
    out = []
    for b in session.bookings.filter(
        status__in=[BookingStatus.BOOKED, BookingStatus.WAITING]
    ).select_related("user", "person__user"):
        if b.address and b.address not in out:
            out.append(b.address)
    return out


@transaction.atomic
def session_cancel(
    *, session: LearningSession, reason: str, actor: Any, version: int | None = None
) -> int:
    """Cancel a session that has not started: nobody can book it, everyone booked or waiting is
    emailed, and no place passes to the waiting list (there is no session to go to). The
    bookings stay as they were, as the record of who had a place. Returns how many were told."""
    with versioned_change(
        session,
        version=version,
        actor=actor,
        action="learning.session_cancelled",
        stale="Someone else changed this session while you were looking; look again.",
        related=("item",),
    ) as change:
        locked = change.obj
        if locked.cancelled:
            raise ThriveError("This session is already cancelled.")
        if locked.starts_at <= clock.now():
            raise ThriveError(
                f"This session began on {_when(locked.starts_at)}: a session that has started "
                "cannot be cancelled."
            )
        reason = reason.strip()
        if not reason:
            raise ThriveError(
                "Enter why the session is cancelled: the people booked are told.", field="reason"
            )
        locked.cancelled = True
        locked.cancelled_reason = reason
        change.fields = ["cancelled", "cancelled_reason"]
        told = _booked_addresses(locked)
        subject = (
            f"Cancelled: {locked.item.title}, {timezone.localtime(locked.starts_at):%-d %B %Y}"
        )
        lines = [
            f"{locked.item.title} on {_when(locked.starts_at)} is cancelled.",
            f"Why: {reason}",
            "",
            "Your place (or your place on the waiting list) ends with it. Look in the "
            "catalogue for another date.",
        ]
        invited = set()
        for booked in locked.bookings.filter(status=BookingStatus.BOOKED).select_related(
            "user", "person__user"
        ):
            booked.session = locked
            # The session's version rises with this change: the CANCEL's SEQUENCE with it.
            _invite(booked, "CANCEL", subject, lines, later=1)
            invited.add(booked.address)
        for address in told:
            if address not in invited:  # on the waiting list: no invitation to cancel
                _mail([address], subject, lines, locked.organisation)
        change.summary = f"Cancelled {locked}; {len(told)} person(s) told"
        change.detail = {"reason": reason}
    return len(told)


def places_taken(session: LearningSession) -> int:
    return session.bookings.filter(status=BookingStatus.BOOKED).count()


def _partner_places_left(session: LearningSession, partner: Partner) -> int:
    offer = ExchangeOffer.objects.filter(session=session, partner=partner).first()
    if offer is None:
        return 0
    used = session.bookings.filter(
        partner=partner, status__in=[BookingStatus.BOOKED, BookingStatus.WAITING]
    ).count()
    return offer.places - used


def _check_bookable(
    session: LearningSession,
    *,
    user: Any,
    person: StaffMember | None,
    partner: Partner | None,
    already: bool,
    partner_places_left: int,
    guest_name: str = "",
) -> None:
    """What any place on a session needs: a session not cancelled, of an item open for booking,
    not already booked by the same person, and for a partner's person a place offered to their
    organisation still free (*already* and *partner_places_left* as the caller counted them)."""
    if session.cancelled:
        raise ThriveError("This session has started or been cancelled; choose another date.")
    item = session.item
    withdrawn = item.withdrawn_on is not None and item.withdrawn_on <= clock.today()
    if item.published_at is None or withdrawn:
        raise ThriveError(f"{item} is not open for booking.")
    if already and guest_name:
        raise ThriveError(
            f"{guest_name} already has a place or is on the waiting list for this session.",
            field="guest_email",
        )
    if already:
        raise ThriveError(
            "You already have a place or are on the waiting list for this session."
            if user is not None and (person is None or person.user_id == user.pk)
            else "They already have a place or are on the waiting list for this session."
        )
    if partner is not None and partner_places_left <= 0:
        raise ThriveError(f"There are no places left for {partner} on this session.")


def book(
    *,
    session: LearningSession,
    user: Any,
    person: StaffMember | None = None,
    partner: Partner | None = None,
    nominated_by: Any = None,
    guest_name: str = "",
    guest_email: str = "",
) -> Booking:
    """A place if one is free, otherwise a place on the waiting list. Partner users book only
    places offered to their organisation, for themselves or for a named colleague (*guest_name*,
    *guest_email*) who has no Thrive account and is sent the details."""
    guest_name, guest_email = guest_name.strip(), guest_email.strip().lower()
    if guest_name or guest_email:
        _check_guest(partner, guest_name, guest_email)
    with transaction.atomic():
        # Judged on the rows as they are now, not as the caller last read them.
        locked = (
            LearningSession.objects.select_for_update().select_related("item").get(pk=session.pk)
        )
        if locked.starts_at <= clock.now():
            raise ThriveError("This session has started or been cancelled; choose another date.")
        who: dict[str, Any] = (
            {"guest_email": guest_email}
            if guest_email
            else {"person": person}
            if person is not None
            else {"user": user, "guest_email": ""}
        )
        _check_bookable(
            locked,
            user=user,
            person=person,
            partner=partner,
            already=Booking.objects.filter(session=locked, **who)
            .exclude(status=BookingStatus.CANCELLED)
            .exists(),
            partner_places_left=_partner_places_left(locked, partner) if partner else 0,
            guest_name=guest_name,
        )
        status = (
            BookingStatus.BOOKED
            if places_taken(locked) < locked.capacity
            else BookingStatus.WAITING
        )
        booking = Booking.objects.create(
            organisation=locked.organisation,
            session=locked,
            user=user,
            person=person,
            partner=partner,
            status=status,
            nominated_by=nominated_by,
            guest_name=guest_name,
            guest_email=guest_email,
        )
        placed = "Booked" if status == BookingStatus.BOOKED else "Waiting list"
        audit_log(
            action="learning.booked" if status == BookingStatus.BOOKED else "learning.waiting",
            user=nominated_by or user,
            organisation=locked.organisation,
            obj=booking,
            summary=f"{placed}: {locked}" + (f" for {guest_name}, {partner}" if guest_name else ""),
        )
        booker = (user.full_name or user.email) if user is not None else ""
        # A colleague booked by a partner hears who booked them; anyone else, that they have a
        # place. A place comes with the calendar invitation; the waiting list without.
        lines = (
            [
                f"{booker} of {partner} has booked you a place on {locked}."
                if status == BookingStatus.BOOKED
                else f"{booker} of {partner} has put you on the waiting list for {locked}; "
                "you will be told if a place comes free.",
                "Where: online." if locked.online else f"Where: {locked.venue or 'to follow'}.",
                f"If you cannot go, ask {booker} to cancel it so someone else can have it.",
            ]
            if guest_email
            else [f"You have a place on {locked.item.title} on {_when(locked.starts_at)}."]
        )
        if status == BookingStatus.BOOKED:
            _invite(
                booking,
                "REQUEST",
                f"Booked: {locked.item.title}, {timezone.localtime(locked.starts_at):%-d %B %Y}",
                [
                    *lines,
                    "The invitation is attached: open it to add the session to your calendar.",
                ],
            )
        elif guest_email:
            _mail(
                [guest_email],
                f"You are on the waiting list: {locked.item.title}",
                lines,
                locked.organisation,
            )
    return booking


ATTACHED = "The invitation is attached: open it to add the session to your calendar."


def _check_guest(partner: Partner | None, name: str, email: str) -> None:
    """A colleague's place: booked by a partner's user, with a name and an address to write to."""
    if partner is None:
        raise ThriveError("Only a partner organisation's people book places for colleagues.")
    if not name:
        raise ThriveError("Enter your colleague's name", field="guest_name")
    try:
        validate_email(email)
    except ValidationError:
        raise ThriveError(
            "Enter your colleague's email address, like name@example.org", field="guest_email"
        ) from None


def nominate(*, access: Access, session: LearningSession, person: StaffMember) -> Booking:
    """A manager puts someone in their team forward (a place, or the waiting list) and they are
    told."""
    spell = person.spells.current(clock.today()).select_related("team").first()
    team = spell.team if spell else None
    if team is None or not access.allows(
        Cap.LEARNING_NOMINATE, team_id=team.pk, service_id=team.service_id
    ):
        raise ThriveError("You can nominate only people in the teams you manage.")
    booking = book(session=session, user=person.user, person=person, nominated_by=access.user)
    _mail(
        [person.user.email] if person.user else [],
        f"You have been put forward for {session.item.title}",
        [
            f"{access.user.full_name or access.user.email} has put you forward for {session}.",
            f"Status: {booking.get_status_display()}.",
        ],
        session.organisation,
    )
    return booking


def cancel(*, booking: Booking, actor: Any) -> Booking | None:
    """Give up a place (or leave the waiting list). A freed place goes to the first person on the
    waiting list, who is told. Returns the booking that got the place, if any."""
    with transaction.atomic():
        locked = Booking.objects.select_for_update().select_related("session").get(pk=booking.pk)
        if locked.status == BookingStatus.CANCELLED:
            raise ThriveError("This booking is already cancelled.")
        session = locked.session
        if session.cancelled:
            raise ThriveError("The session itself was cancelled: there is no place to give up.")
        if session.starts_at <= clock.now():
            # Handing the place on now would give someone a place on a session already under
            # way (or over), and rewrite who was there; attendance records who came.
            raise ThriveError(
                f"The session began on {_when(session.starts_at)}: a place cannot be cancelled "
                "once the session has started. Record who came in the attendance instead."
            )
        freed = locked.status == BookingStatus.BOOKED
        locked.status = BookingStatus.CANCELLED
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
        if freed:
            _invite(
                locked,
                "CANCEL",
                f"Place given up: {session.item.title}, "
                f"{timezone.localtime(session.starts_at):%-d %B %Y}",
                [f"Your place on {session.item.title} on {_when(session.starts_at)} is cancelled."],
            )
        audit_log(
            action="learning.cancelled",
            user=actor,
            organisation=locked.organisation,
            obj=locked,
            summary=f"Cancelled a place on {locked.session}",
        )
        promoted = _fill_from_waiting_list(locked.session) if freed else None
    return promoted


def _fill_from_waiting_list(session: LearningSession) -> Booking | None:
    session = LearningSession.objects.select_for_update().get(pk=session.pk)
    if places_taken(session) >= session.capacity:
        return None
    waiting = (
        session.bookings.filter(status=BookingStatus.WAITING).order_by("created_at", "id").first()
    )
    if waiting is None:
        return None
    waiting.status = BookingStatus.BOOKED
    waiting.version += 1
    waiting.save(update_fields=["status", "version", "updated_at"])
    audit_log(
        action="learning.place_offered",
        user=waiting.user,
        organisation=session.organisation,
        obj=waiting,
        summary=f"A freed place on {session} went to the waiting list",
    )
    _invite(
        waiting,
        "REQUEST",
        f"A place is yours: {session.item.title}",
        [
            f"A place has come free on {session} and it is now yours.",
            "If you can no longer go, cancel it so the next person can have it.",
            "The invitation is attached: open it to add the session to your calendar.",
        ],
    )
    return waiting


@transaction.atomic
def attendance_record(*, session: LearningSession, attended: Iterable[int], actor: Any) -> int:
    """Record who came. Each person who came gets a ready CPD draft for the session."""
    if session.cancelled:
        raise ThriveError("This session was cancelled: there is no attendance to record.")
    came = set(attended)
    bookings = list(session.bookings.filter(status=BookingStatus.BOOKED).select_related("person"))
    hours = session.item.cpd_hours or Decimal(
        round((session.ends_at - session.starts_at).total_seconds() / 3600, 1)
    )
    drafts = 0
    for booking in bookings:
        booking.attended = booking.pk in came
        booking.save(update_fields=["attended", "updated_at"])
        if (
            booking.attended
            and booking.person is not None
            and not CpdRecord.objects.filter(booking=booking).exists()
        ):
            CpdRecord.objects.create(
                organisation=session.organisation,
                person=booking.person,
                cpd_type="course",
                title=session.item.title,
                on=session.starts_at.date(),
                hours=hours,
                booking=booking,
                draft=True,
            )
            drafts += 1
    audit_log(
        action="learning.attendance",
        user=actor,
        organisation=session.organisation,
        obj=session,
        summary=f"Attendance for {session}: {len(came)} came",
    )
    return drafts


def _check_feedback(booking: Booking, useful: int, practice: int, already: bool) -> None:
    """The rules every piece of feedback meets, given one at a time or as history."""
    if not booking.attended:
        raise ThriveError("Feedback is for sessions you attended.")
    if already:
        raise ThriveError("You have already given feedback on this session.")
    for name, value in (("useful", useful), ("practice", practice)):
        if not 1 <= value <= 5:
            raise ThriveError("Choose a number from 1 to 5.", field=name)


@transaction.atomic
def feedback_save(
    *, booking: Booking, user: Any, useful: int, practice: int, comment: str = ""
) -> Feedback:
    mine = booking.user_id == user.pk or (
        booking.person is not None and booking.person.user_id == user.pk
    )
    if not mine:
        raise ThriveError("Only the person who went can give feedback.")
    _check_feedback(
        booking, useful, practice, already=Feedback.objects.filter(booking=booking).exists()
    )
    return Feedback.objects.create(
        organisation=booking.organisation,
        booking=booking,
        useful=useful,
        practice=practice,
        comment=comment.strip(),
    )


@transaction.atomic
def bookings_history_add(*, bookings: list[Booking], actor: Any = None) -> list[Booking]:
    """Record many places at once, as a council bringing its learning history to Thrive does
    (and the demo): each booked as `book` books it (the same checks, a place while the session
    has one, otherwise the waiting list, in the order given) and, for a session that has
    happened, whether they came, as `attendance_record` records it. The same entries in the
    audit trail, written together. Bookings made before a session started, so a past session
    may be given; each booking's session (with its item) must be set."""
    sessions = {b.session.pk: b.session for b in bookings}
    # Who already holds a place or waits (a person, or a partner's user), and places booked.
    taken: dict[int, set[tuple[str, int | None]]] = {pk: set() for pk in sessions}
    booked: dict[int, int] = dict.fromkeys(sessions, 0)
    for b in Booking.objects.filter(session__in=list(sessions)).exclude(
        status=BookingStatus.CANCELLED
    ):
        taken[b.session_id].add(("p", b.person_id) if b.person_id else ("u", b.user_id))
        booked[b.session_id] += b.status == BookingStatus.BOOKED
    offers = {
        (o.session_id, o.partner_id): o.places
        for o in ExchangeOffer.objects.filter(session__in=list(sessions))
    }
    used: dict[tuple[int, int | None], int] = {}
    for b in Booking.objects.filter(session__in=list(sessions), partner__isnull=False).exclude(
        status=BookingStatus.CANCELLED
    ):
        used[(b.session_id, b.partner_id)] = used.get((b.session_id, b.partner_id), 0) + 1
    for b in bookings:
        session = b.session
        key = ("p", b.person_id) if b.person_id else ("u", b.user_id)
        offer_key = (session.pk, b.partner_id or 0)
        _check_bookable(
            session,
            user=b.user,
            person=b.person,
            partner=b.partner,
            already=key in taken[session.pk],
            partner_places_left=offers.get(offer_key, 0) - used.get(offer_key, 0),
        )
        if b.attended is not None and session.starts_at > clock.now():
            raise ThriveError("Attendance is recorded once the session has happened.")
        taken[session.pk].add(key)
        if b.partner_id:
            used[offer_key] = used.get(offer_key, 0) + 1
        b.organisation_id = session.organisation_id
        b.status = (
            BookingStatus.BOOKED if booked[session.pk] < session.capacity else BookingStatus.WAITING
        )
        booked[session.pk] += b.status == BookingStatus.BOOKED
        if b.status == BookingStatus.WAITING:
            b.attended = None
    Booking.objects.bulk_create(bookings, batch_size=2000)
    events: list[dict[str, Any]] = [
        {
            "action": "learning.booked" if b.status == BookingStatus.BOOKED else "learning.waiting",
            "user": b.nominated_by or b.user,
            "organisation": b.session.organisation,
            "obj": b,
            "summary": (
                f"{'Booked' if b.status == BookingStatus.BOOKED else 'Waiting list'}: {b.session}"
            ),
        }
        for b in bookings
    ]
    came: dict[int, int] = {}
    for b in bookings:
        if b.attended is not None:
            came[b.session.pk] = came.get(b.session.pk, 0) + bool(b.attended)
    events += [
        {
            "action": "learning.attendance",
            "user": actor,
            "organisation": sessions[pk].organisation,
            "obj": sessions[pk],
            "summary": f"Attendance for {sessions[pk]}: {n} came",
        }
        for pk, n in came.items()
    ]
    audit_log_many(events)
    return bookings


@transaction.atomic
def feedback_history_add(*, feedback: list[Feedback]) -> list[Feedback]:
    """Record the feedback people gave on sessions, as a council bringing its learning history
    (and the demo) does: each checked as `feedback_save` checks it (attended, once per place,
    scores 1 to 5), written together. Each one's booking must be set."""
    given = set(
        Feedback.objects.filter(booking__in=[f.booking for f in feedback]).values_list(
            "booking_id", flat=True
        )
    )
    for f in feedback:
        _check_feedback(f.booking, f.useful, f.practice, already=f.booking.pk in given)
        given.add(f.booking.pk)
        f.organisation_id = f.booking.organisation_id
        f.comment = f.comment.strip()
    return Feedback.objects.bulk_create(feedback, batch_size=2000)
