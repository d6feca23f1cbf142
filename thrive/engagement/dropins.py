"""Support drop-ins (Darlington's Xtra Space): confidential slots with experienced workers.
Who booked is never reported to anyone but the person and the host: the audit trail records a
booking without naming who made it, and leaders see only monthly counts of five or more."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.engagement.dropin_invitations import dropin_invite
from thrive.engagement.models import DropInSlot
from thrive.engagement.selectors import minimum_group
from thrive.people.models import StaffMember


@transaction.atomic
def dropin_slot_add(
    *,
    host: StaffMember,
    starts_at: datetime,
    minutes: int,
    place: str,
    actor: Any,
) -> DropInSlot:
    """Offer a slot with *host* (an engagement lead sets these up with the hosts)."""
    if starts_at <= clock.now():
        raise ThriveError("The slot must be in the future.", field="starts_on")
    if not 10 <= minutes <= 240:
        raise ThriveError("A slot lasts from 10 to 240 minutes.", field="minutes")
    if not (place or "").strip():
        raise ThriveError("Say where it is, or that it is a call.", field="place")
    slot = DropInSlot(
        organisation=host.organisation,
        host=host,
        starts_at=starts_at,
        minutes=minutes,
        place=place.strip(),
    )
    slot.full_clean()
    slot.save()
    audit_log(
        action="engagement.dropin_offered", user=actor, organisation=slot.organisation, obj=slot
    )
    return slot


@transaction.atomic
def dropin_book(*, slot: DropInSlot, person: StaffMember, actor: Any) -> DropInSlot:
    """Book a free slot. The audit trail records that a slot was booked, not by whom."""
    locked = lock_checked(slot, version=None)
    if locked.withdrawn_at is not None:
        raise ThriveError("This slot has been withdrawn; choose another.")
    if locked.booked_by_id is not None:
        raise ThriveError("Someone has just booked this slot; choose another.")
    if locked.starts_at <= clock.now():
        raise ThriveError("This slot has passed; choose another.")
    if locked.host_id == person.pk:
        raise ThriveError("You are the host of this slot.")
    locked.booked_by = person
    locked.version += 1
    locked.full_clean()
    locked.save()
    dropin_invite(locked)  # the booker and the host: the slot in their calendars
    audit_log(
        action="engagement.dropin_booked", user=None, organisation=locked.organisation, obj=locked
    )
    return locked


@transaction.atomic
def dropin_cancel(*, slot: DropInSlot, person: StaffMember, actor: Any) -> None:
    """The person cancels their booking; the slot is free again."""
    locked = lock_checked(slot, version=None)
    if locked.booked_by_id != person.pk:
        raise ThriveError("This is not your booking.")
    dropin_invite(locked, method="CANCEL", later=1)
    locked.booked_by = None
    locked.version += 1
    locked.save()
    audit_log(
        action="engagement.dropin_cancelled",
        user=None,
        organisation=locked.organisation,
        obj=locked,
    )


def _may_change(slot: DropInSlot, actor: Any, runs: bool) -> None:
    host_user = slot.host.user_id
    if not runs and (host_user is None or host_user != getattr(actor, "pk", None)):
        raise ThriveError("Only the host, or the council's engagement lead, changes a slot.")


@transaction.atomic
def dropin_slot_move(
    *,
    slot: DropInSlot,
    starts_at: datetime,
    minutes: int,
    place: str,
    actor: Any,
    runs: bool = False,
    version: int | None = None,
) -> DropInSlot:
    """The host (or the engagement lead, *runs*) moves a slot still to come; if it is booked, the
    booker and host get the updated invitation (same event, higher SEQUENCE)."""
    locked = lock_checked(slot, version=version)
    _may_change(locked, actor, runs)
    if locked.withdrawn_at is not None:
        raise ThriveError("This slot has been withdrawn; it cannot be moved.")
    if locked.starts_at <= clock.now():
        raise ThriveError("This slot has passed; it cannot be moved.")
    if starts_at <= clock.now():
        raise ThriveError("The slot must be in the future.", field="starts_on")
    if not 10 <= minutes <= 240:
        raise ThriveError("A slot lasts from 10 to 240 minutes.", field="minutes")
    if not (place or "").strip():
        raise ThriveError("Say where it is, or that it is a call.", field="place")
    locked.starts_at, locked.minutes, locked.place = starts_at, minutes, place.strip()
    locked.version += 1
    locked.full_clean()
    locked.save()
    dropin_invite(locked, moved=True)
    audit_log(
        action="engagement.dropin_moved", user=actor, organisation=locked.organisation, obj=locked
    )
    return locked


@transaction.atomic
def dropin_slot_withdraw(
    *,
    slot: DropInSlot,
    actor: Any,
    reason: str = "",
    runs: bool = False,
    version: int | None = None,
) -> bool:
    """The host (or the engagement lead) withdraws a slot still to come; a booker is sent the
    cancellation (``METHOD:CANCEL``). The slot is kept, *withdrawn* with who, when and why, so
    the monthly counts still show it offered; nobody can book it, and who had booked it is no
    longer kept on it. Returns whether someone had booked it."""
    locked = lock_checked(slot, version=version)
    _may_change(locked, actor, runs)
    if locked.withdrawn_at is not None:
        raise ThriveError("This slot is already withdrawn.")
    if locked.starts_at <= clock.now():
        raise ThriveError("This slot has passed; it stays in the record.")
    reason = (reason or "").strip()
    if not reason:
        raise ThriveError(
            "Say why the slot is withdrawn: it is kept with the reason.", field="reason"
        )
    booked = locked.booked_by_id is not None
    dropin_invite(locked, method="CANCEL", later=1)
    locked.booked_by = None
    locked.withdrawn_at = clock.now()
    locked.withdrawn_by = actor if getattr(actor, "pk", None) else None
    locked.withdrawn_reason = reason[:300]
    locked.version += 1
    locked.full_clean()
    locked.save()
    audit_log(
        action="engagement.dropin_withdrawn",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
        summary=f"Withdrew the drop-in slot on {timezone.localtime(locked.starts_at):%-d %B %Y}",
        detail={"reason": reason[:300]},
    )
    return booked


# --- Reads ------------------------------------------------------------------------------------


def dropins_free(organisation: Any) -> list[DropInSlot]:
    return list(
        DropInSlot.objects.for_org(organisation)
        .filter(booked_by__isnull=True, withdrawn_at__isnull=True, starts_at__gt=clock.now())
        .select_related("host")[:100]
    )


def dropins_booked_by(person: StaffMember | None) -> list[DropInSlot]:
    if person is None:
        return []
    return list(
        DropInSlot.objects.for_org(person.organisation)
        .filter(booked_by=person, starts_at__gt=clock.now() - timedelta(days=1))
        .select_related("host")
    )


def dropins_hosted_by(person: StaffMember | None) -> list[DropInSlot]:
    """The host's own slots with who booked each (they are the only one besides the person)."""
    if person is None:
        return []
    return list(
        DropInSlot.objects.for_org(person.organisation)
        .filter(host=person, starts_at__gt=clock.now() - timedelta(days=1))
        .select_related("booked_by")
    )


def dropin_for(organisation: Any, pk: int) -> DropInSlot | None:
    return DropInSlot.objects.for_org(organisation).filter(pk=pk).first()


@dataclass
class MonthCount:
    month: date
    booked: int | None  # None: fewer than the council's minimum group, hidden
    offered: int  # withdrawn slots included: they were offered
    withdrawn: int = 0


def dropin_counts(organisation: Any, months: int = 12) -> list[MonthCount]:
    """Slots offered and booked each month for leaders: a month with fewer bookings than the
    council's minimum group (five or more) shows none, and no total is given, so none can be
    worked out by subtraction."""
    least = minimum_group(organisation)
    today = clock.today()
    since = date(today.year - 1, today.month, 1) if months == 12 else today.replace(day=1)
    booked: Counter[date] = Counter()
    offered: Counter[date] = Counter()
    withdrawn: Counter[date] = Counter()
    for starts_at, who, gone in (
        DropInSlot.objects.for_org(organisation)
        .filter(starts_at__date__gte=since)
        .values_list("starts_at", "booked_by_id", "withdrawn_at")
    ):
        month = timezone.localtime(starts_at).date().replace(day=1)
        offered[month] += 1
        if gone is not None:
            withdrawn[month] += 1
        if who is not None:
            booked[month] += 1
    return [
        MonthCount(m, booked[m] if booked[m] >= least else None, offered[m], withdrawn[m])
        for m in sorted(offered)
    ]
