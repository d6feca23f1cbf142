"""A council with a newly qualified worker, a senior practitioner, their manager, a learning
lead and a partner organisation's user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import link_user, make_team, make_user
from tests.supervision.conftest import person
from thrive.core import clock
from thrive.core.roles import Role
from thrive.learning.models import LearningItem, LearningSession, Partner
from thrive.people.models import StaffMember, Team


@dataclass
class Org:
    org: Any
    team: Team
    nqsw: StaffMember
    senior: StaffMember
    manager: StaffMember
    nqsw_user: Any
    senior_user: Any
    manager_user: Any
    lead: Any
    partner: Partner
    partner_user: Any


@pytest.fixture
def council(org: Any) -> Org:
    return make_council(org)


def make_council(org: Any) -> Org:
    """The team, its people, the learning lead and a partner with a user (``council``)."""
    team = make_team(org, "Assessment Team 1")
    today = clock.today()
    nqsw = person(org, team, "200001", "Nia", start_date=today - timedelta(days=60), start_origin=1)
    senior = person(org, team, "200002", "Sol", org_role=4)
    manager = person(org, team, "200003", "Mo", org_role=3)
    users = []
    for p, role in (
        (nqsw, Role.PRACTITIONER),
        (senior, Role.PRACTITIONER),
        (manager, Role.TEAM_MANAGER),
    ):
        kw = {"team": team} if role == Role.TEAM_MANAGER else {}
        user = make_user(org, role, email=f"{p.first_name.lower()}@example.test", **kw)
        link_user(p, user)
        users.append(user)
    lead = make_user(org, Role.WORKFORCE_DEVELOPMENT, email="lead@example.test")
    partner = Partner.objects.create(organisation=org, name="City Police", sector="police")
    partner_user = make_user(org, Role.PARTNER, email="officer@police.example")
    partner.users.add(partner_user)
    return Org(
        org, team, nqsw, senior, manager, users[0], users[1], users[2], lead, partner, partner_user
    )


def item(org: Any, title: str = "Court skills", **kw: Any) -> LearningItem:
    return LearningItem.objects.create(
        organisation=org,
        title=title,
        item_type=kw.pop("item_type", "course"),
        provider_kind=kw.pop("provider_kind", "in_house"),
        published_at=clock.now(),
        **kw,
    )


def session(it: LearningItem, days: int = 7, capacity: int = 2) -> LearningSession:
    start = timezone.make_aware(
        datetime.combine(clock.today() + timedelta(days=days), datetime.min.time().replace(hour=9))
    )
    return LearningSession.objects.create(
        organisation=it.organisation,
        item=it,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        capacity=capacity,
    )
