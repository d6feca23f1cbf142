"""The calendar's boundaries, from both sides, through the API a person would use: the Social Work
England registration year (1 December), its renewal window (1 September) and the census year
(1 October). Each test moves the clock itself, so it says the same thing whatever day it runs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.factories import make_user
from tests.learning.conftest import Org
from thrive.accounts.services import api_token_create
from thrive.core import clock
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db


def _auth(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="t")
    return {"Authorization": f"Token {key}"}


def _cpd_on(client: Client, council: Org, day: str) -> dict[str, Any]:
    """The registration-year summary a person sees on *day* (10:00 in London)."""
    with time_machine.travel(f"{day} 10:00 +00:00", tick=False):
        assert clock.today() == date.fromisoformat(day)
        return client.get(
            f"/api/organisations/{council.org.code}/cpd/", headers=_auth(council.nqsw_user)
        ).json()["registration_year"]


def _record(client: Client, council: Org, on: str) -> None:
    created = client.post(
        f"/api/organisations/{council.org.code}/cpd/",
        {
            "cpd_type": "reading",
            "title": "Research in Practice briefing",
            "on": on,
            "hours": "2.0",
            "learned": "x",
            "difference": "y",
            "peer_reflected": True,
            "peer_name": "Sol",
        },
        headers=_auth(council.nqsw_user),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content


@pytest.mark.today("2026-11-20")
def test_registration_year_turns_on_1_december(client: Client, council: Org) -> None:
    _record(client, council, "2026-01-10")
    last_day = _cpd_on(client, council, "2026-11-30")
    assert (last_day["year_start"], last_day["year_end"]) == ("2025-12-01", "2026-11-30")
    assert last_day["records"] == 1 and last_day["peer_reflected"] == 1
    assert last_day["days_to_deadline"] == 0 and last_day["in_renewal_window"]
    first_day = _cpd_on(client, council, "2026-12-01")
    assert (first_day["year_start"], first_day["year_end"]) == ("2026-12-01", "2027-11-30")
    assert first_day["records"] == 0 and first_day["peer_reflected"] == 0
    assert first_day["days_to_deadline"] == 364 and not first_day["in_renewal_window"]


@pytest.mark.today("2026-08-20")
def test_renewal_window_opens_on_1_september(client: Client, council: Org) -> None:
    assert not _cpd_on(client, council, "2026-08-31")["in_renewal_window"]
    assert _cpd_on(client, council, "2026-09-01")["in_renewal_window"]


@pytest.mark.today("2028-02-29")
def test_29_february_is_an_ordinary_day_of_the_registration_year(
    client: Client, council: Org, today: date
) -> None:
    _record(client, council, today.isoformat())
    year = _cpd_on(client, council, "2028-02-29")
    assert (year["year_start"], year["year_end"]) == ("2027-12-01", "2028-11-30")
    assert year["records"] == 1 and year["days_to_deadline"] == 275


def _default_measures_year(client: Client, council: Org, day: str) -> int:
    leader = make_user(council.org, Role.SENIOR_LEADER, email=f"leader-{day}@example.test")
    with time_machine.travel(f"{day} 10:00 +00:00", tick=False):
        found = client.get(
            f"/api/organisations/{council.org.code}/measures/", headers=_auth(leader)
        )
    assert found.status_code == 200, found.content
    return int(found.json()["year"])


def test_census_year_turns_on_1_october(client: Client, council: Org) -> None:
    assert _default_measures_year(client, council, "2026-09-30") == 2025
    assert _default_measures_year(client, council, "2026-10-01") == 2026


def test_today_is_the_london_date_not_the_utc_one() -> None:
    """At 00:30 British Summer Time on 1 October the census year has turned, though UTC still says
    30 September."""
    with time_machine.travel("2026-09-30 23:30 +00:00", tick=False):
        assert clock.today() == date(2026, 10, 1)
