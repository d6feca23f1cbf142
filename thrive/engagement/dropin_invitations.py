"""Calendar invitations for support drop-ins: the person who booked and the host get the slot as
one event (``METHOD:REQUEST``) when it is booked, the same event with a higher SEQUENCE when the
host moves it, and ``METHOD:CANCEL`` when the booking is cancelled or the slot withdrawn.

A drop-in is confidential: the event and the email say only "Support drop-in", when, where and
with whom, and go to the two of them alone; the council's *Messages sent* page lists these
messages without their addresses or subject (kind ``engagement.dropin``), and the audit trail
still names nobody who booked."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from thrive.core.invitations import CalendarEvent, invitation_on_commit
from thrive.engagement.models import DropInSlot

KIND = "engagement.dropin"


def dropin_invite(
    slot: DropInSlot, *, method: str = "REQUEST", later: int = 0, moved: bool = False
) -> None:
    """Email the slot's booker and host the invitation (its update after a move, or with
    ``CANCEL`` its removal). *later*: a change of the slot's version about to be saved."""
    person, host = slot.booked_by, slot.host
    if person is None:
        return
    to = [getattr(p.user, "email", "") for p in (person, host) if p.user_id]
    when = timezone.localtime(slot.starts_at)
    cancelled = method == "CANCEL"
    head = "Cancelled: " if cancelled else "Moved: " if moved else ""
    invitation_on_commit(
        event=CalendarEvent(
            uid=f"engagement-dropin-{slot.pk}-{person.pk}",
            summary=f"Support drop-in: {person.full_name} with {host.full_name}",
            starts=slot.starts_at,
            ends=slot.starts_at + timedelta(minutes=slot.minutes),
            sequence=slot.version + later,
            location=slot.place,
        ),
        to=to,
        subject=f"{head}Support drop-in, {when:%-d %B %Y at %H:%M}",
        body="\n".join(
            [
                f"Support drop-in: {person.full_name} with {host.full_name}.",
                f"{'Was' if cancelled else 'When'}: {when:%A %-d %B %Y, %H:%M} "
                f"({slot.minutes} minutes). Where: {slot.place}.",
                "",
                "It is cancelled: the calendar file removes it."
                if cancelled
                else "The calendar file is attached: open it to put it in your calendar"
                + (" (it moves the one there)." if moved else "."),
                "Only the two of you are told.",
                "",
                f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{slot.organisation.code}/",
            ]
        ),
        organisation=slot.organisation,
        kind=KIND,
        method=method,
        organizer=getattr(host.user, "email", "") if host.user_id else "",
        name="Support drop-ins",
    )
