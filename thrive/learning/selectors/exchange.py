"""Reads for the multi-agency training exchange: partners, offers both ways, and the ledger."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from thrive.core import clock
from thrive.learning.models import (
    Booking,
    BookingStatus,
    ExchangeOffer,
    Partner,
    PartnerOffer,
    PartnerPlace,
)
from thrive.people.models import Organisation


def exchange_ledger(organisation: Organisation) -> list[dict[str, Any]]:
    """Per partner, both sides of the exchange: places we offered on our sessions, places they
    took (on sessions held, not marked absent) and places they have booked on sessions still to
    come; places they offered us on their training and places we took; and the balance — places
    they took less places we took (positive: they owe us places). Cancelled sessions count for
    nothing."""
    now = clock.now()

    def by_partner(rows: Any) -> dict[int, int]:
        return {pid: int(n or 0) for pid, n in rows}

    live = Q(session__cancelled=False)
    we_offered = by_partner(
        ExchangeOffer.objects.for_org(organisation)
        .filter(live)
        .values("partner_id")
        .annotate(n=Sum("places"))
        .values_list("partner_id", "n")
    )
    partner_bookings = (
        Booking.objects.for_org(organisation)
        .filter(live, partner__isnull=False, status=BookingStatus.BOOKED)
        .values("partner_id")
    )
    they_took = by_partner(
        partner_bookings.filter(session__starts_at__lte=now)
        .exclude(attended=False)
        .annotate(n=Count("id"))
        .values_list("partner_id", "n")
    )
    they_booked = by_partner(
        partner_bookings.filter(session__starts_at__gt=now)
        .annotate(n=Count("id"))
        .values_list("partner_id", "n")
    )
    they_offered = by_partner(
        PartnerOffer.objects.for_org(organisation)
        .values("partner_id")
        .annotate(n=Sum("places"))
        .values_list("partner_id", "n")
    )
    we_took = by_partner(
        PartnerPlace.objects.for_org(organisation)
        .values("partner_id")
        .annotate(n=Sum("places"))
        .values_list("partner_id", "n")
    )
    rows = []
    for p in Partner.objects.for_org(organisation):
        took, ours = they_took.get(p.pk, 0), we_took.get(p.pk, 0)
        rows.append(
            {
                "partner": p,
                "places_offered": we_offered.get(p.pk, 0),
                "they_took": took,
                "they_booked": they_booked.get(p.pk, 0),
                "they_offered": they_offered.get(p.pk, 0),
                "we_took": ours,
                "balance": took - ours,
            }
        )
    return rows


def partner_of_user(organisation: Organisation, user: Any) -> Partner | None:
    """The partner organisation *user* books for in the council's exchange, if any."""
    return Partner.objects.for_org(organisation).filter(users__pk=user.pk).first()


def partners_of(organisation: Organisation) -> QuerySet[Partner]:
    return Partner.objects.for_org(organisation)


def partner_in(organisation: Organisation, pk: int | str | None) -> Partner | None:
    if pk in (None, ""):
        return None
    return Partner.objects.for_org(organisation).filter(pk=pk).first()


def partner_offers(organisation: Organisation, limit: int = 50) -> list[PartnerOffer]:
    """Places partners offered the council's people, newest first, with ``taken_places``."""
    return list(
        PartnerOffer.objects.for_org(organisation)
        .select_related("partner")
        .annotate(taken_places=Sum("taken__places"))
        .order_by("-on", "title")[:limit]
    )


def partner_offer_in(organisation: Organisation, pk: int | str | None) -> PartnerOffer | None:
    if pk in (None, ""):
        return None
    return (
        PartnerOffer.objects.for_org(organisation).select_related("partner").filter(pk=pk).first()
    )


def partner_places(organisation: Organisation, limit: int = 50) -> QuerySet[PartnerPlace]:
    """Places the council's people took on partners' training."""
    return PartnerPlace.objects.for_org(organisation).select_related("partner")[:limit]


def offers_to_partner(partner: Partner) -> list[dict[str, Any]]:
    """Places offered to *partner* on sessions still to come, each with how many are left."""
    used = Count(
        "session__bookings",
        filter=Q(session__bookings__partner=partner)
        & ~Q(session__bookings__status=BookingStatus.CANCELLED),
    )
    offers = (
        ExchangeOffer.objects.filter(
            partner=partner, session__starts_at__gt=clock.now(), session__cancelled=False
        )
        .select_related("session__item")
        .annotate(used=used)
        .order_by("session__starts_at")
    )
    return [{"offer": o, "left": max(o.places - o.used, 0)} for o in offers]


def offer_to_partner(partner: Partner, pk: int | None) -> ExchangeOffer | None:
    if pk is None:
        return None
    return ExchangeOffer.objects.filter(partner=partner, pk=pk).select_related("session").first()


def partner_user_bookings(partner: Partner, user: Any) -> QuerySet[Booking]:
    """The places *user* booked for *partner* (not cancelled)."""
    return (
        Booking.objects.filter(user__pk=user.pk, partner=partner)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("session__item")
    )
