"""A partner's user books places offered to their organisation for named colleagues who have no
Thrive account: each colleague is sent the details, holds the place in their own name, uses one
of the partner's places, and hears when the session is cancelled."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.learning.conftest import Org, item, session
from thrive.core.errors import ThriveError
from thrive.learning.models import Booking, BookingStatus
from thrive.learning.services import book, exchange_offer, session_cancel


def _offer(council: Org, places: int = 2, capacity: int = 5) -> tuple[int, str]:
    offered = session(item(council.org, "Domestic abuse awareness"), capacity=capacity)
    exchange_offer(session=offered, partner=council.partner, places=places, actor=council.lead)
    return offered.offers.get().pk, reverse("learning:exchange_places", args=[council.org.code])


def _for(offer: int, name: str, email: str) -> dict[str, str]:
    return {
        "offer": str(offer),
        "for": "colleague",
        f"offer{offer}-guest_name": name,
        f"offer{offer}-guest_email": email,
    }


@pytest.mark.django_db(transaction=True)
def test_a_partner_books_a_named_colleague_who_is_sent_the_details(
    council: Org, client: Client
) -> None:
    offer, url = _offer(council)
    client.force_login(council.partner_user)
    page = client.get(url).content.decode()
    assert "Book a place for a colleague" in page
    assert f'id="id_offer{offer}-guest_name"' in page
    response = client.post(url, _for(offer, "Jo Bloggs", "Jo.Bloggs@Police.example"), follow=True)
    assert "Jo Bloggs has a place; we have emailed them the details." in response.content.decode()
    booking = Booking.objects.get()
    assert (booking.guest_name, booking.guest_email, booking.user) == (
        "Jo Bloggs",
        "jo.bloggs@police.example",
        council.partner_user,
    )
    assert booking.partner == council.partner and booking.status == BookingStatus.BOOKED
    [sent] = [m for m in mail.outbox if "jo.bloggs@police.example" in m.to]
    assert "has booked you a place on" in sent.body and "City Police" in sent.body
    page = client.get(url).content.decode()
    assert "for Jo Bloggs, booked" in page
    # The person who booked still has their own place to take: it was their colleague's.
    assert page.count(f'name="offer" value="{offer}"') == 2 and "You have a place on" not in page


@pytest.mark.django_db
def test_a_colleague_booked_twice_or_without_an_address_is_refused_keeping_what_was_typed(
    council: Org, client: Client
) -> None:
    offer, url = _offer(council)
    client.force_login(council.partner_user)
    response = client.post(url, _for(offer, "Jo Bloggs", "not an address"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter their email address in the correct format" in html
    assert 'value="Jo Bloggs"' in html and '<details class="govuk-details" open>' in html
    assert not Booking.objects.exists()
    client.post(url, _for(offer, "Jo Bloggs", "jo@police.example"))
    response = client.post(url, _for(offer, "Jo Bloggs", "JO@police.example"))
    html = response.content.decode()
    assert "Jo Bloggs already has a place or is on the waiting list for this session." in html
    assert 'value="JO@police.example"' in html
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_colleagues_use_the_partners_places_and_hear_of_a_cancellation(
    council: Org, django_capture_on_commit_callbacks: Any
) -> None:
    offer, _ = _offer(council, places=2)
    sess = council.partner.offers.get(pk=offer).session
    for n in (1, 2):
        book(
            session=sess,
            user=council.partner_user,
            partner=council.partner,
            guest_name=f"Officer {n}",
            guest_email=f"officer{n}@police.example",
        )
    with pytest.raises(ThriveError, match="no places left for City Police"):
        book(session=sess, user=council.partner_user, partner=council.partner)
    # Only a partner's user books for a colleague, and a colleague has a name.
    with pytest.raises(ThriveError, match="partner organisation's people"):
        book(session=sess, user=council.lead, guest_name="A Friend", guest_email="f@example.org")
    with pytest.raises(ThriveError, match="colleague's name"):
        book(session=sess, user=council.partner_user, partner=council.partner, guest_email="a@b.c")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=sess, reason="The trainer is ill.", actor=council.lead)
    told = {address for m in mail.outbox for address in m.to}
    assert {"officer1@police.example", "officer2@police.example"} <= told
