"""Whom someone books supervision for, and whose compliance they see, asked of
``supervision/policy.py`` (through the selector the booking page reads), from the side of those
who must be refused too; and a calendar address noted as used when a calendar app reads it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from tests.supervision.conftest import Crew, person
from thrive.core import clock
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.supervision.models import CalendarFeed
from thrive.supervision.policy import books_supervision_in, compliance_team_ids
from thrive.supervision.selectors import bookable_people
from thrive.supervision.services import calendar_feed_create


@pytest.mark.django_db
def test_a_manager_books_for_their_own_team_and_nobody_else(crew: Crew, org: Any) -> None:
    other = make_team(org, "Assessment Team 2")
    stranger = person(org, other, "100009", "Ola")
    access = access_for(crew.manager_user, org)
    assert books_supervision_in(access, crew.team)
    assert not books_supervision_in(access, other)
    people = bookable_people(access, crew.manager, clock.today())
    assert {p.pk for p in people} == {crew.asye.pk, crew.senior.pk}
    assert stranger.pk not in {p.pk for p in people}
    assert compliance_team_ids(access) == [crew.team.pk]


@pytest.mark.django_db
def test_a_practitioner_books_for_nobody_they_do_not_line_manage(crew: Crew, org: Any) -> None:
    access = access_for(crew.senior_user, org)
    assert not books_supervision_in(access, crew.team)
    assert bookable_people(access, crew.senior, clock.today()) == []


@pytest.mark.django_db
def test_someone_across_the_council_sees_every_teams_compliance(crew: Crew, org: Any) -> None:
    make_team(org, "Assessment Team 2")
    leader = make_user(org, Role.SENIOR_LEADER, email="lead@example.test")
    assert compliance_team_ids(access_for(leader, org)) is None


@pytest.mark.django_db
def test_reading_the_feed_notes_when_it_was_last_used(crew: Crew, client: Client) -> None:
    token = calendar_feed_create(user=crew.senior_user)
    assert CalendarFeed.objects.get(user=crew.senior_user).last_used_at is None
    before = clock.now()
    response = client.get(reverse("supervision:feed", args=[token]))
    assert response.status_code == 200
    used = CalendarFeed.objects.get(user=crew.senior_user).last_used_at
    assert used is not None and before <= used <= clock.now()
    assert client.get(reverse("supervision:feed", args=["not-the-token"])).status_code == 404
