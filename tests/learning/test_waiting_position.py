"""Someone on a waiting list sees their place in the queue; Coming up lists the soonest first."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.learning.conftest import Org, item, session
from thrive.learning.services import book, cancel


@pytest.mark.django_db
def test_waiting_list_position_moves_up_when_a_place_frees(client: Client, council: Org) -> None:
    court = item(council.org)
    full = session(court, days=14, capacity=1)
    taken = book(session=full, user=council.nqsw_user, person=council.nqsw)
    book(session=full, user=council.senior_user, person=council.senior)
    book(session=full, user=council.manager_user, person=council.manager)
    mine = reverse("learning:mine", args=[council.org.code])
    item_page = reverse("learning:item", args=[council.org.code, court.pk])

    client.force_login(council.manager_user)
    assert "number 2 in the queue" in client.get(mine).content.decode()
    assert "You are number 2 in the queue." in client.get(item_page).content.decode()
    client.force_login(council.senior_user)
    assert "number 1 in the queue" in client.get(mine).content.decode()

    cancel(booking=taken, actor=council.nqsw_user)  # the senior is offered the place
    client.force_login(council.manager_user)
    assert "number 1 in the queue" in client.get(mine).content.decode()
    client.force_login(council.senior_user)
    assert "in the queue" not in client.get(mine).content.decode()


@pytest.mark.django_db
def test_coming_up_lists_the_soonest_first(client: Client, council: Org) -> None:
    later = session(item(council.org, "Later course"), days=30)
    sooner = session(item(council.org, "Sooner course"), days=3)
    book(session=later, user=council.nqsw_user, person=council.nqsw)
    book(session=sooner, user=council.nqsw_user, person=council.nqsw)
    client.force_login(council.nqsw_user)
    page = client.get(reverse("learning:mine", args=[council.org.code])).content.decode()
    coming = page.split("Coming up")[1]
    assert coming.index("Sooner course") < coming.index("Later course")
