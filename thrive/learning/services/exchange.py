"""Writes for the multi-agency exchange: partners, places offered both ways, places taken."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.changes import STALE, lock_checked
from thrive.core.errors import ThriveError
from thrive.learning.models import (
    BookingStatus,
    ExchangeOffer,
    LearningSession,
    Partner,
    PartnerOffer,
    PartnerPlace,
)
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise


@transaction.atomic
def exchange_offer(
    *,
    session: LearningSession,
    partner: Partner,
    places: int,
    actor: Any,
    version: int | None = None,
) -> ExchangeOffer:
    """Offer *places* on *session* to *partner* (0 withdraws the offer). *version*: the version
    of the partner's offer the user saw, 0 when they saw none; an offer changed (or made) since
    is refused, nothing overwritten (``None``: any will do)."""
    if partner.organisation_id != session.organisation_id:
        raise ThriveError("That partner works with another council.")
    # The session's row, locked: two offers to one partner at once wait for each other.
    session = lock_checked(session, version=None)
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
    offer = ExchangeOffer.objects.filter(session=session, partner=partner).first()
    if offer is None:
        if version:
            raise ThriveError(STALE)
        offer = ExchangeOffer(
            organisation=session.organisation, session=session, partner=partner, places=places
        )
    else:
        offer = lock_checked(offer, version=version)
        offer.places = places
        offer.version += 1
    full_clean_or_raise(offer)
    offer.save()
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


@transaction.atomic
def partner_add(*, organisation: Organisation, name: str, sector: str, actor: Any) -> Partner:
    """A partner organisation joins the council's exchange (names are unique, in any case)."""
    name = name.strip()
    if Partner.objects.for_org(organisation).filter(name__iexact=name).exists():
        raise ThriveError(f"{name} is already a partner", field="name")
    partner = Partner(organisation=organisation, name=name, sector=sector)
    full_clean_or_raise(partner)
    partner.save()
    audit_log(
        action="learning.partner_added",
        user=actor,
        organisation=organisation,
        obj=partner,
        summary=f"Added partner {name}",
    )
    return partner
