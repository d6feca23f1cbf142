"""The multi-agency exchange with places flowing both ways, worked by hand: what we offer and
partners take (held, booked to come, cancelled), what partners offer and we take, the balance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.learning.conftest import Org, item, session
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Role
from thrive.learning.models import LearningSession, Partner, PartnerPlace
from thrive.learning.selectors import exchange_ledger
from thrive.learning.services import (
    attendance_record,
    book,
    exchange_offer,
    partner_offer_add,
    partner_place_add,
    session_cancel,
)


def _officer(council: Org, partner: Partner) -> object:
    user = make_user(council.org, Role.PARTNER)
    partner.users.add(user)
    return user


@pytest.mark.django_db
def test_the_ledger_with_places_flowing_both_ways(council: Org) -> None:
    police = council.partner
    health = Partner.objects.create(organisation=council.org, name="Health Trust", sector="health")
    held = session(item(council.org, "Court skills"), days=5, capacity=10)
    coming = session(item(council.org, "Neglect"), days=9, capacity=10)
    called_off = session(item(council.org, "Exploitation"), days=12, capacity=10)
    # We offer the police 3 on the session that will be held, 2 on one to come and 2 on one we
    # then cancel: 5 offered on sessions that stand. Health: 2 on the one to come.
    exchange_offer(session=held, partner=police, places=3, actor=council.lead)
    exchange_offer(session=coming, partner=police, places=2, actor=council.lead)
    exchange_offer(session=called_off, partner=police, places=2, actor=council.lead)
    exchange_offer(session=coming, partner=health, places=2, actor=council.lead)
    came = book(session=held, user=_officer(council, police), partner=police)
    book(session=held, user=_officer(council, police), partner=police)  # marked absent below
    book(session=coming, user=_officer(council, police), partner=police)
    book(session=called_off, user=_officer(council, police), partner=police)
    book(session=coming, user=_officer(council, health), partner=health)
    session_cancel(session=called_off, reason="Trainer ill", actor=council.lead)
    LearningSession.objects.filter(pk=held.pk).update(
        starts_at=clock.now() - timedelta(days=2),
        ends_at=clock.now() - timedelta(days=2, hours=-3),
    )
    held.refresh_from_db()
    attendance_record(session=held, attended=[came.pk], actor=council.lead)
    # The police offer us 4 places on their course; we take 3 of them, and 1 on other training.
    course = partner_offer_add(
        partner=police,
        title="Police child protection course",
        on=date(2026, 3, 1),
        places=4,
        actor=council.lead,
    )
    partner_place_add(partner=police, offer=course, places=3, actor=council.lead)
    with pytest.raises(
        ThriveError, match="offered 4 places on Police child protection course and 1 is left"
    ):
        partner_place_add(partner=police, offer=course, places=2, actor=council.lead)
    partner_place_add(
        partner=police, title="Joint briefing", on=date(2026, 4, 1), places=1, actor=council.lead
    )
    partner_offer_add(
        partner=health,
        title="Perinatal mental health",
        on=date(2026, 5, 1),
        places=3,
        actor=council.lead,
    )
    rows = {r["partner"].name: r for r in exchange_ledger(council.org)}
    keys = ["places_offered", "they_took", "they_booked", "they_offered", "we_took", "balance"]
    # Police: offered 3 + 2 (the cancelled session's 2 do not count); took 1 (the one who came;
    # the absent one and the cancelled session's booking do not count); 1 booked to come;
    # offered us 4; we took 3 + 1 = 4; balance 1 − 4 = −3.
    assert [rows["City Police"][k] for k in keys] == [5, 1, 1, 4, 4, -3]
    # Health: offered 2, none held yet, 1 booked to come; offered us 3, we took none.
    assert [rows["Health Trust"][k] for k in keys] == [2, 0, 1, 3, 0, 0]


@pytest.mark.django_db
def test_an_offer_is_not_cut_below_the_places_booked(council: Org) -> None:
    s = session(item(council.org), capacity=10)
    exchange_offer(session=s, partner=council.partner, places=3, actor=council.lead)
    book(session=s, user=_officer(council, council.partner), partner=council.partner)
    book(session=s, user=_officer(council, council.partner), partner=council.partner)
    with pytest.raises(ThriveError, match="already has 2 places booked .* offer at least 2"):
        exchange_offer(session=s, partner=council.partner, places=1, actor=council.lead)
    assert (
        exchange_offer(session=s, partner=council.partner, places=2, actor=council.lead).places == 2
    )


@pytest.mark.django_db
def test_offering_places_on_the_page_never_overwrites_a_colleagues_offer(
    council: Org, client: Client
) -> None:
    """The session page's offer form carries the version of each partner's offer it showed
    (0: none): an offer made or changed meanwhile refuses the post, what was typed kept, and a
    post without one is refused too (issue 14)."""
    s = session(item(council.org), capacity=10)
    police = council.partner
    client.force_login(council.lead)
    url = reverse("learning:session", args=[council.org.code, s.pk])
    page = client.get(url).content.decode()
    assert f'name="offer_version_{police.pk}" value="0"' in page
    offer = {"action": "offer", "partner": str(police.pk), "places": "4"}
    # A colleague offers 2 places after the page was drawn.
    exchange_offer(session=s, partner=police, places=2, actor=council.lead, version=0)
    for seen in ("0", ""):
        refused = client.post(url, {**offer, f"offer_version_{police.pk}": seen})
        text = refused.content.decode()
        assert refused.status_code == 200 and "nothing was saved" in text
        assert 'name="places" value="4"' in text
    assert s.offers.get().places == 2
    page = client.get(url).content.decode()
    assert f'name="offer_version_{police.pk}" value="1"' in page
    done = client.post(url, {**offer, f"offer_version_{police.pk}": "1"})
    assert done.status_code == 302
    changed = s.offers.get()
    assert changed.places == 4 and changed.version == 2
    with pytest.raises(ThriveError, match="Someone else changed this"):
        exchange_offer(session=s, partner=police, places=5, actor=council.lead, version=1)


@pytest.mark.django_db
def test_recording_a_partners_offer_and_places_taken_on_the_page(
    council: Org, client: Client
) -> None:
    client.force_login(council.lead)
    url = reverse("learning:exchange", args=[council.org.code])
    response = client.post(
        url,
        {
            "action": "their_offer",
            "their-partner": council.partner.pk,
            "their-title": "Police child protection course",
            "their-on_0": "1",
            "their-on_1": "3",
            "their-on_2": "2026",
            "their-places": "4",
        },
    )
    assert response.status_code == 302
    offer = council.partner.offers_to_us.get()
    page = client.post(
        url, {"action": "taken", "taken-offer": offer.pk, "taken-places": "5"}
    ).content.decode()
    assert "There is a problem" in page and "4 are left" in page and 'value="5"' in page
    assert not PartnerPlace.objects.exists()
    client.post(url, {"action": "taken", "taken-offer": offer.pk, "taken-places": "3"})
    assert PartnerPlace.objects.get().places == 3
    page = client.get(url).content.decode()
    assert "Places partners offer us" in page and "Police child protection course" in page
    client.force_login(council.manager_user)
    assert (
        client.post(
            url, {"action": "taken", "taken-offer": offer.pk, "taken-places": "1"}
        ).status_code
        == 403
    )
    assert PartnerPlace.objects.get().places == 3
