"""Learning endpoints: catalogue, booking and cancelling, CPD."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.learning.conftest import Org, item, session
from thrive.accounts.services import api_token_create


def auth(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="t")
    return {"Authorization": f"Token {key}"}


@pytest.mark.django_db
def test_catalogue_booking_and_cpd(client: Client, council: Org, today: date) -> None:
    s = session(item(council.org, "Court skills"), capacity=1)
    base = f"/api/organisations/{council.org.code}/"
    items = client.get(f"{base}learning/catalogue/", headers=auth(council.nqsw_user)).json()[
        "results"
    ]
    assert items[0]["title"] == "Court skills" and items[0]["sessions"][0]["capacity"] == 1
    first = client.post(
        f"{base}learning/bookings/",
        {"session": s.pk},
        headers=auth(council.nqsw_user),
        content_type="application/json",
    )
    assert first.status_code == 201 and first.json()["status"] == "booked"
    second = client.post(
        f"{base}learning/bookings/",
        {"session": s.pk},
        headers=auth(council.senior_user),
        content_type="application/json",
    ).json()
    assert second["status"] == "waiting"
    again = client.post(
        f"{base}learning/bookings/",
        {"session": s.pk},
        headers=auth(council.nqsw_user),
        content_type="application/json",
    )
    assert again.status_code == 400 and "already have a place" in str(again.json())
    cancelled = client.post(
        f"{base}learning/bookings/{first.json()['id']}/cancel/", headers=auth(council.nqsw_user)
    ).json()
    assert cancelled["status"] == "cancelled"
    mine = client.get(f"{base}learning/bookings/", headers=auth(council.senior_user)).json()
    assert mine[0]["status"] == "booked"
    record = {
        "cpd_type": "reading",
        "title": "Research in Practice briefing",
        "on": today.isoformat(),
        "hours": "2.0",
        "learned": "x",
        "difference": "y",
        "peer_reflected": True,
        "peer_name": "Sol",
    }
    created = client.post(
        f"{base}cpd/", record, headers=auth(council.nqsw_user), content_type="application/json"
    )
    assert created.status_code == 201
    cpd = client.get(f"{base}cpd/", headers=auth(council.nqsw_user)).json()
    assert cpd["registration_year"]["peer_reflected"] == 1 and len(cpd["records"]) == 1
    assert (
        client.get(f"{base}learning/catalogue/", headers=auth(council.partner_user)).status_code
        == 403
    )
