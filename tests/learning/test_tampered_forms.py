"""Forms posted with ids that are not numbers (a tampered or stale page) get a message, never a
server error; a learning item needs no service."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import make_user
from tests.learning.conftest import Org, item, session
from thrive.core.roles import Role
from thrive.learning.models import Booking, LearningItem
from thrive.learning.services import book

NOT_IDS = ["abc", "1.5", "-3", "1e3", "99999999999999999999999", "1 OR 1=1"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_IDS)
def test_booking_a_session_that_is_not_a_number(council: Org, client: Client, value: str) -> None:
    it = item(council.org)
    session(it)
    client.force_login(council.nqsw_user)
    response = client.post(
        f"/o/{council.org.code}/learning/items/{it.pk}/",
        {"action": "book", "session": value},
        follow=True,
    )
    assert response.status_code == 200
    assert "Choose a session to book." in response.content.decode()
    assert Booking.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_IDS)
def test_session_attendance_and_cancelling_with_ids_that_are_not_numbers(
    council: Org, client: Client, value: str
) -> None:
    s = session(item(council.org))
    book(session=s, user=council.nqsw_user, person=council.nqsw)
    client.force_login(council.lead)
    url = f"/o/{council.org.code}/learning/sessions/{s.pk}/"
    attendance = client.post(url, {"action": "attendance", "attended": [value]}, follow=True)
    assert attendance.status_code == 200
    assert "not one of its choices" in attendance.content.decode()
    cancelling = client.post(url, {"action": "cancel_booking", "booking": value}, follow=True)
    assert cancelling.status_code == 200
    assert "Choose a booking to cancel." in cancelling.content.decode()
    assert Booking.objects.get().status == "booked"


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_IDS)
def test_other_learning_forms_with_ids_that_are_not_numbers(
    council: Org, client: Client, value: str
) -> None:
    code = council.org.code
    client.force_login(council.nqsw_user)
    mine = client.post(f"/o/{code}/learning/mine/", {"action": "cancel", "booking": value})
    assert mine.status_code == 404
    client.force_login(council.lead)
    removed = client.post(f"/o/{code}/learning/champions/", {"action": "remove", "champion": value})
    assert removed.status_code == 302
    added = client.post(f"/o/{code}/learning/champions/", {"staff_id": "200001", "service": value})
    assert added.status_code == 302
    client.force_login(council.partner_user)
    offer = client.post(f"/o/{code}/learning/exchange/places/", {"offer": value})
    assert offer.status_code == 404


@pytest.mark.django_db
def test_a_learning_item_saved_with_no_service(council: Org, client: Client) -> None:
    client.force_login(council.lead)
    response = client.post(
        f"/o/{council.org.code}/learning/new/",
        {
            "title": "Court skills",
            "item_type": "course",
            "provider_kind": "in_house",
            "service": "",
            "cpd_hours": "",
        },
    )
    assert response.status_code == 302
    assert LearningItem.objects.get().service_id is None


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "not-a-service"])
def test_a_learning_item_with_a_service_that_is_not_one(
    council: Org, client: Client, value: str
) -> None:
    client.force_login(council.lead)
    response = client.post(
        f"/o/{council.org.code}/learning/new/",
        {
            "title": "Court skills",
            "item_type": "course",
            "provider_kind": "in_house",
            "service": value,
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert LearningItem.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_IDS)
def test_quick_capture_with_a_family_and_tools_that_are_not_numbers(
    org: Any, client: Client, value: str
) -> None:
    client.force_login(make_user(org, Role.PRACTITIONER))
    response = client.post(
        f"/o/{org.code}/capture/",
        {
            "family": value,
            "chapter": "plan",
            "occurred_on_0": "3",
            "occurred_on_1": "3",
            "occurred_on_2": "2026",
            "tools": [value],
        },
    )
    assert response.status_code in (200, 403)
