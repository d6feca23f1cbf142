"""Writes for learning: the catalogue and its publication (champions told), sessions, places and
the waiting list (a freed place goes to the next person automatically), nominations,
attendance (which offers a CPD draft), feedback, needs, the exchange, and CPD records."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked, versioned_change
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.learning.models import (
    Booking,
    BookingStatus,
    Champion,
    CpdRecord,
    ExchangeOffer,
    Feedback,
    LearningItem,
    LearningSession,
    Need,
    Partner,
    PartnerOffer,
    PartnerPlace,
)
from thrive.people.models import Organisation, StaffMember
from thrive.people.services import full_clean_or_raise


def _mail(to: Iterable[str], subject: str, lines: list[str], organisation: Organisation) -> None:
    body = "\n".join(
        [*lines, "", f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{organisation.code}/learning/"]
    )
    email_on_commit(to=to, subject=subject, body=body, organisation=organisation)


# --- The catalogue ---------------------------------------------------------------------------


@transaction.atomic
def item_save(
    *,
    organisation: Organisation,
    actor: Any,
    item: LearningItem | None = None,
    version: int | None = None,
    **fields: Any,
) -> LearningItem:
    if item is not None:
        item = lock_checked(
            item,
            version=version,
            stale="Someone else changed this item while you were editing it; look again.",
        )
        item.version += 1
    else:
        item = LearningItem(organisation=organisation)
    for name, value in fields.items():
        setattr(item, name, value)
    if item.mandatory and not item.renewal_months:
        raise ThriveError(
            "A mandatory item needs a renewal period (months).", field="renewal_months"
        )
    full_clean_or_raise(item)
    item.save()
    audit_log(
        action="learning.item_saved",
        user=actor,
        organisation=organisation,
        obj=item,
        summary=f"Saved {item}",
    )
    return item


@transaction.atomic
def item_publish(*, item: LearningItem, actor: Any) -> int:
    """Publish an item: it appears in the catalogue, and the training champions of its service
    are told. Returns how many champions were told."""
    if item.published_at is not None:
        raise ThriveError("This is already published.")
    item.published_at = clock.now()
    item.version += 1
    item.save(update_fields=["published_at", "version", "updated_at"])
    champions = []
    if item.service_id:
        champions = list(
            Champion.objects.filter(service_id=item.service_id).select_related("person__user")
        )
        _mail(
            [c.person.user.email for c in champions if c.person.user],
            f"New for your service: {item.title}",
            [
                f"{item.title} ({item.get_item_type_display()}) is now in the learning catalogue.",
                "",
                item.description,
                "",
                "As a training champion you can promote it from its page.",
            ],
            item.organisation,
        )
    audit_log(
        action="learning.item_published",
        user=actor,
        organisation=item.organisation,
        obj=item,
        summary=f"Published {item}; {len(champions)} champion(s) told",
    )
    return len(champions)


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
        user = b.user or (b.person.user if b.person is not None else None)
        if user is not None and user.email and user.email not in out:
            out.append(user.email)
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
        for address in told:
            _mail(
                [address],
                f"Cancelled: {locked.item.title}, {timezone.localtime(locked.starts_at):%-d %B %Y}",
                [
                    f"{locked.item.title} on {_when(locked.starts_at)} is cancelled.",
                    f"Why: {reason}",
                    "",
                    "Your place (or your place on the waiting list) ends with it. Look in the "
                    "catalogue for another date.",
                ],
                locked.organisation,
            )
        change.summary = f"Cancelled {locked}; {len(told)} person(s) told"
        change.detail = {"reason": reason}
    return len(told)


def sessions_from(item: LearningItem, on: date) -> list[LearningSession]:
    """The item's sessions, not cancelled and not yet started, on or after *on*: those a
    withdrawal from *on* cancels."""
    now = clock.now()
    return [
        s
        for s in item.sessions.filter(cancelled=False, starts_at__gt=now).order_by("starts_at")
        if timezone.localtime(s.starts_at).date() >= on
    ]


@transaction.atomic
def item_withdraw(
    *, item: LearningItem, on: date, reason: str, actor: Any, version: int | None = None
) -> list[LearningSession]:
    """Withdraw an item from a date: from then on only the people who manage the catalogue see
    it and nobody can book it. Its sessions from that date are cancelled (the people booked are
    told). Returns the sessions cancelled."""
    with versioned_change(
        item,
        version=version,
        actor=actor,
        action="learning.item_withdrawn",
        stale="Someone else changed this item while you were looking; look again.",
    ) as change:
        locked = change.obj
        if locked.withdrawn_on is not None:
            raise ThriveError(
                f"This item is already withdrawn from {locked.withdrawn_on:%-d %B %Y}."
            )
        if on < clock.today():
            raise ThriveError("The date to withdraw it from must be today or later.", field="on")
        reason = reason.strip()
        if not reason:
            raise ThriveError("Enter why it is withdrawn.", field="reason")
        locked.withdrawn_on = on
        locked.withdrawn_reason = reason
        change.fields = ["withdrawn_on", "withdrawn_reason"]
        cancelled = sessions_from(locked, on)
        for s in cancelled:
            session_cancel(session=s, reason=f"{locked.title} is withdrawn: {reason}", actor=actor)
        change.summary = (
            f"Withdrew {locked} from {on:%-d %B %Y}; {len(cancelled)} session(s) cancelled"
        )
        change.detail = {"reason": reason, "on": on.isoformat()}
    return cancelled


# --- Training champions ----------------------------------------------------------------------


@transaction.atomic
def champion_add(
    *, organisation: Organisation, person: StaffMember | None, service: Any, actor: Any
) -> Champion:
    """Make *person* a training champion for *service* (told when something is published for it);
    adding someone who already is one changes nothing."""
    if person is None or service is None:
        raise ThriveError("Enter a staff ID in the register and choose a service.")
    if person.organisation_id != organisation.pk or service.organisation_id != organisation.pk:
        raise ThriveError("The person and the service must both be in this council.")
    champion = Champion.objects.filter(person=person, service=service).first()
    if champion is not None:
        return champion
    champion = Champion(organisation=organisation, person=person, service=service)
    full_clean_or_raise(champion)
    champion.save()
    audit_log(
        action="learning.champion_added",
        user=actor,
        organisation=organisation,
        obj=champion,
        summary=f"{person.full_name} is a training champion for {service.name}",
    )
    return champion


@transaction.atomic
def champion_remove(*, organisation: Organisation, champion_id: int, actor: Any) -> Champion:
    """Stop someone being a training champion for a service."""
    champion = (
        Champion.objects.for_org(organisation)
        .select_related("person", "service")
        .select_for_update()
        .filter(pk=champion_id)
        .first()
    )
    if champion is None:
        raise ThriveError("That training champion has already been removed.")
    audit_log(
        action="learning.champion_removed",
        user=actor,
        organisation=organisation,
        obj=champion,
        summary=f"{champion.person.full_name} is no longer a training champion for "
        f"{champion.service.name}",
    )
    champion.delete()
    return champion


# --- Places ----------------------------------------------------------------------------------


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


def book(
    *,
    session: LearningSession,
    user: Any,
    person: StaffMember | None = None,
    partner: Partner | None = None,
    nominated_by: Any = None,
) -> Booking:
    """A place if one is free, otherwise a place on the waiting list. Partner users book only
    places offered to their organisation."""
    with transaction.atomic():
        # Judged on the rows as they are now, not as the caller last read them.
        locked = (
            LearningSession.objects.select_for_update().select_related("item").get(pk=session.pk)
        )
        if locked.cancelled or locked.starts_at <= clock.now():
            raise ThriveError("This session has started or been cancelled; choose another date.")
        item = locked.item
        withdrawn = item.withdrawn_on is not None and item.withdrawn_on <= clock.today()
        if item.published_at is None or withdrawn:
            raise ThriveError(f"{item} is not open for booking.")
        who = {"person": person} if person is not None else {"user": user}
        if (
            Booking.objects.filter(session=locked, **who)
            .exclude(status=BookingStatus.CANCELLED)
            .exists()
        ):
            raise ThriveError(
                "You already have a place or are on the waiting list for this session."
                if user is not None and (person is None or person.user_id == user.pk)
                else "They already have a place or are on the waiting list for this session."
            )
        if partner is not None and _partner_places_left(locked, partner) <= 0:
            raise ThriveError(f"There are no places left for {partner} on this session.")
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
        )
        audit_log(
            action="learning.booked" if status == BookingStatus.BOOKED else "learning.waiting",
            user=nominated_by or user,
            organisation=locked.organisation,
            obj=booking,
            summary=f"{'Booked' if status == BookingStatus.BOOKED else 'Waiting list'}: {locked}",
        )
    return booking


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
    _mail(
        [waiting.user.email] if waiting.user else [],
        f"A place is yours: {session.item.title}",
        [
            f"A place has come free on {session} and it is now yours.",
            "If you can no longer go, cancel it so the next person can have it.",
        ],
        session.organisation,
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


@transaction.atomic
def feedback_save(
    *, booking: Booking, user: Any, useful: int, practice: int, comment: str = ""
) -> Feedback:
    mine = booking.user_id == user.pk or (
        booking.person is not None and booking.person.user_id == user.pk
    )
    if not mine:
        raise ThriveError("Only the person who went can give feedback.")
    if not booking.attended:
        raise ThriveError("Feedback is for sessions you attended.")
    if Feedback.objects.filter(booking=booking).exists():
        raise ThriveError("You have already given feedback on this session.")
    for name, value in (("useful", useful), ("practice", practice)):
        if not 1 <= value <= 5:
            raise ThriveError("Choose a number from 1 to 5.", field=name)
    return Feedback.objects.create(
        organisation=booking.organisation,
        booking=booking,
        useful=useful,
        practice=practice,
        comment=comment.strip(),
    )


# --- Needs and the exchange ------------------------------------------------------------------


@transaction.atomic
def need_add(
    *,
    organisation: Organisation,
    actor: Any,
    teams: Iterable[Any] = (),
    items: Iterable[LearningItem] = (),
    **fields: Any,
) -> Need:
    need = Need(organisation=organisation, **fields)
    full_clean_or_raise(need)
    need.save()
    need.teams.set(list(teams))
    need.items.set(list(items))
    audit_log(
        action="learning.need_added",
        user=actor,
        organisation=organisation,
        obj=need,
        summary=f"{need.get_voice_display()}: {need.topic}",
    )
    return need


@transaction.atomic
def exchange_offer(
    *, session: LearningSession, partner: Partner, places: int, actor: Any
) -> ExchangeOffer:
    if partner.organisation_id != session.organisation_id:
        raise ThriveError("That partner works with another council.")
    if session.cancelled:
        raise ThriveError("This session is cancelled: there are no places to offer.")
    if places < 0 or places > session.capacity:
        raise ThriveError(
            f"Offer between 0 and the session's {session.capacity} places.", field="places"
        )
    used = session.bookings.filter(
        partner=partner, status__in=[BookingStatus.BOOKED, BookingStatus.WAITING]
    ).count()
    if places < used:
        raise ThriveError(
            f"{partner} already has {used} place{'s' if used != 1 else ''} booked (or waiting) "
            f"on this session: offer at least {used}.",
            field="places",
        )
    offer, _ = ExchangeOffer.objects.update_or_create(
        session=session,
        partner=partner,
        defaults={"organisation": session.organisation, "places": places},
    )
    audit_log(
        action="learning.exchange_offer",
        user=actor,
        organisation=session.organisation,
        obj=offer,
        summary=f"{places} place(s) on {session} offered to {partner}",
    )
    return offer


@transaction.atomic
def partner_offer_add(
    *, partner: Partner, title: str, on: date, places: int, actor: Any
) -> PartnerOffer:
    """Record places a partner offers the council's people on the partner's own training."""
    if places <= 0:
        raise ThriveError("Enter how many places they offer (1 or more).", field="places")
    offer = PartnerOffer(
        organisation=partner.organisation,
        partner=partner,
        title=title.strip(),
        on=on,
        places=places,
    )
    full_clean_or_raise(offer)
    offer.save()
    audit_log(
        action="learning.exchange_partner_offer",
        user=actor,
        organisation=partner.organisation,
        obj=offer,
        summary=f"{partner} offers {places} place(s) on {offer.title}",
    )
    return offer


def partner_offer_left(offer: PartnerOffer) -> int:
    taken = sum(offer.taken.values_list("places", flat=True))
    return offer.places - taken


@transaction.atomic
def partner_place_add(
    *,
    partner: Partner,
    title: str = "",
    on: date | None = None,
    places: int,
    actor: Any,
    offer: PartnerOffer | None = None,
) -> PartnerPlace:
    """Record places the council's people took on a partner's training: against one of the
    partner's offers (never more than it offered), or on its own."""
    if places <= 0:
        raise ThriveError("Enter how many places were taken.", field="places")
    if offer is not None:
        offer = PartnerOffer.objects.select_for_update().get(pk=offer.pk)
        partner, title, on = offer.partner, offer.title, offer.on
        left = partner_offer_left(offer)
        if places > left:
            raise ThriveError(
                f"{partner} offered {offer.places} place{'s' if offer.places != 1 else ''} on "
                f"{offer.title} and {left} {'is' if left == 1 else 'are'} left.",
                field="places",
            )
    if on is None or not title.strip():
        raise ThriveError("Enter their training and its date.", field="title")
    record = PartnerPlace.objects.create(
        organisation=partner.organisation,
        partner=partner,
        offer=offer,
        title=title.strip(),
        on=on,
        places=places,
    )
    audit_log(
        action="learning.exchange_taken",
        user=actor,
        organisation=partner.organisation,
        obj=record,
        summary=f"{places} place(s) taken on {partner}'s {title}",
    )
    return record


# --- CPD -------------------------------------------------------------------------------------


@transaction.atomic
def cpd_save(
    *,
    person: StaffMember,
    user: Any,
    record: CpdRecord | None = None,
    version: int | None = None,
    **fields: Any,
) -> CpdRecord:
    """Save a person's own CPD record (a draft made from a session becomes final here)."""
    if person.user_id != user.pk:
        raise ThriveError("People record their own CPD.")
    if record is not None:
        if record.person_id != person.pk:
            raise ThriveError("That record belongs to someone else.")
        record = lock_checked(
            record,
            version=version,
            stale="This record changed since you opened it; look again.",
        )
        record.version += 1
    else:
        record = CpdRecord(organisation=person.organisation, person=person)
    for name, value in fields.items():
        setattr(record, name, value)
    if record.on > clock.today():
        raise ThriveError("CPD cannot be dated in the future.", field="on")
    if record.peer_reflected and not record.peer_name.strip():
        raise ThriveError("Say who you reflected with.", field="peer_name")
    record.draft = False
    full_clean_or_raise(record)
    record.save()
    audit_log(
        action="learning.cpd_saved",
        user=user,
        organisation=person.organisation,
        obj=record,
        summary=f"CPD: {record.title}",
    )
    return record
