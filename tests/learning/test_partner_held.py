"""A partner is not offered *Book a place* on a session they already hold a place on."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.learning.conftest import Org, item, session
from thrive.learning.services import exchange_offer


@pytest.mark.django_db
def test_a_partner_is_not_offered_a_place_they_hold(council: Org, client: Client) -> None:
    offered = session(item(council.org, "Domestic abuse awareness"), capacity=5)
    exchange_offer(session=offered, partner=council.partner, places=3, actor=council.lead)
    offer = offered.offers.get()
    url = reverse("learning:exchange_places", args=[council.org.code])
    client.force_login(council.partner_user)
    # Two forms for the offer: a place for themselves, and one for a colleague.
    assert client.get(url).content.decode().count(f'name="offer" value="{offer.pk}"') == 2
    client.post(url, {"offer": offer.pk})
    page = client.get(url).content.decode()
    assert page.count(f'name="offer" value="{offer.pk}"') == 1
    assert "Book a place for a colleague" in page
    assert f'id="held-{offer.pk}">You have a place on this session.</p>' in page
