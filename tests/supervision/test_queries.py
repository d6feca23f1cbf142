"""Supervision and learning pages run a constant number of queries however many people there are."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user
from tests.people.test_pages import many_staff
from thrive.core.cache import forget_all
from thrive.core.roles import Role
from thrive.people.models import EmploymentSpell, StaffMember
from thrive.supervision.models import Session


def sessions_for_everyone(org: Any) -> None:
    manager = StaffMember.objects.for_org(org).order_by("staff_id").first()
    assert manager is not None
    EmploymentSpell.objects.for_org(org).exclude(person=manager).update(line_manager=manager)
    Session.objects.bulk_create(
        Session(
            organisation=org,
            supervisor=manager,
            supervisee=p,
            starts_at=timezone.make_aware(datetime(2026, 10, 1, 10)) - timedelta(days=30 * k),
            minutes=90,
            status="held",
        )
        for p in StaffMember.objects.for_org(org).exclude(pk=manager.pk)
        for k in range(3)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["supervision:compliance", "supervision:home", "learning:catalogue", "learning:team"],
)
def test_pages_run_a_constant_number_of_queries(client: Client, org: Any, url_name: str) -> None:
    user = make_user(org, Role.PRINCIPAL_SOCIAL_WORKER)
    if url_name == "learning:team":
        user = make_user(org, Role.SERVICE_MANAGER)
    client.force_login(user)
    url = reverse(url_name, args=[org.code])
    many_staff(org, 6)
    StaffMember.objects.for_org(org).filter(staff_id="X0").update(user=user)
    sessions_for_everyone(org)
    client.get(url)
    # Pages kept in the cache (thrive/core/cache.py) are counted computing afresh each time.
    forget_all()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    Session.objects.all().delete()
    many_staff(org, 80)
    sessions_for_everyone(org)
    forget_all()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), (len(small), len(large))


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["team_trend", "team_page"])
def test_a_teams_trend_runs_a_constant_number_of_queries(
    client: Client, org: Any, view: str
) -> None:
    """The compliance page for one team (its trend) and the team's own page (3, 6 and 12 months)."""
    from thrive.people.models import Team

    user = make_user(org, Role.PRINCIPAL_SOCIAL_WORKER)
    client.force_login(user)
    many_staff(org, 6)
    sessions_for_everyone(org)
    team = Team.objects.for_org(org).get(name="Team 1")
    if view == "team_trend":
        url, params = reverse("supervision:compliance", args=[org.code]), {"team": team.pk}
    else:
        url, params = reverse("people:team", args=[org.code, team.pk]), {}
    client.get(url, params)
    forget_all()
    with CaptureQueriesContext(connection) as small:
        page = client.get(url, params)
        assert page.status_code == 200
    if view == "team_trend":
        assert "Trend: Team 1" in page.content.decode()
    Session.objects.all().delete()
    many_staff(org, 80)
    sessions_for_everyone(org)
    forget_all()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, params).status_code == 200
    assert len(large) == len(small), (len(small), len(large))
