"""The demo's learning offer on a small council: no session over its capacity, several partners
taking places, partners offering places to us and our people taking some, and the Firstline
programme with participants who answered the baseline."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count, F, Q

from tests.learning.conftest import Org
from thrive.demo.learning import seed_learning, seed_programmes
from thrive.learning.models import (
    Booking,
    Invitation,
    LearningSession,
    PartnerOffer,
    PartnerPlace,
    Programme,
)
from thrive.learning.selectors import exchange_ledger


@pytest.mark.django_db
def test_the_demo_learning_offer(council: Org) -> None:
    council.partner.delete()  # the demo brings its own partners
    assert seed_learning(council.org, random.Random(3)) > 0
    over = (
        LearningSession.objects.filter(organisation=council.org)
        .annotate(taken=Count("bookings", filter=Q(bookings__status="booked")))
        .filter(taken__gt=F("capacity"))
    )
    assert not over.exists()
    took = {r["partner"].name for r in exchange_ledger(council.org) if r["they_took"]}
    assert len(took) > 1
    assert PartnerOffer.objects.filter(organisation=council.org).exists()
    assert PartnerPlace.objects.filter(organisation=council.org, offer__isnull=False).exists()
    assert any(r["we_took"] and r["they_took"] for r in exchange_ledger(council.org))
    partner_bookings = Booking.objects.filter(organisation=council.org, partner__isnull=False)
    for b in partner_bookings.select_related("session"):
        offered = b.session.offers.get(partner=b.partner).places
        assert partner_bookings.filter(session=b.session, partner=b.partner).count() <= offered
    seed_programmes(council.org, random.Random(3))
    firstline = Programme.objects.get(organisation=council.org, kind="leadership")
    assert firstline.participants.exists()
    assert (
        Invitation.objects.filter(
            participant__programme=firstline, point__months_after=0, answered_at__isnull=False
        ).count()
        == firstline.participants.count()
    )
