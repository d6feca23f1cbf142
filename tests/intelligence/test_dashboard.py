"""The workforce dashboard and the measures API: right figures, right people, charts with tables."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.accounts.services import api_token_create
from thrive.core import clock
from thrive.core.roles import Role
from thrive.intelligence.dashboard import LABELS, census_year_of, latest_census_year
from thrive.people.models import Team


def test_latest_census_year() -> None:
    from datetime import date

    assert latest_census_year(date(2026, 9, 30)) == 2025
    assert latest_census_year(date(2026, 10, 1)) == 2026


@pytest.mark.django_db
def test_dashboard_shows_measures_charts_and_tables(client: Client, known: Any) -> None:
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    page = client.get(reverse("intelligence:workforce", args=[known.code]), {"year": 2025})
    text = page.content.decode()
    assert 'data-measure="turnover_rate_fte">53.3<' in text
    assert 'data-measure="caseload_fte">1.5<' in text
    assert text.count("<svg") == 2 and 'role="img"' in text
    assert "the figures</caption>" in text and "nan" not in text
    assert "Assessment Team 1" in text


@pytest.mark.django_db
def test_team_manager_sees_only_their_teams_measures(client: Client, known: Any) -> None:
    team = Team.objects.get(name="Children in Care Team")
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=team))
    text = client.get(reverse("intelligence:workforce", args=[known.code]), {"year": 2025})
    body = text.content.decode()
    assert "Your teams in Coventry" in body
    assert 'data-measure="inpost_fte">0.0<' in body  # S3 left on 30 Sep; nobody else there
    assert 'data-measure="leavers_fte">0.8<' in body
    assert "Assessment Team 1" not in body
    other = Team.objects.get(name="Assessment Team 1")
    assert client.get(reverse("intelligence:team", args=[known.code, other.pk])).status_code == 404
    assert client.get(reverse("intelligence:team", args=[known.code, team.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.ADULT_SPECIALIST, Role.PANEL_MEMBER, Role.PARTNER]
)
def test_roles_without_measures_are_refused(client: Client, known: Any, role: str) -> None:
    client.force_login(make_user(known, role))
    assert client.get(reverse("intelligence:workforce", args=[known.code])).status_code == 403


@pytest.mark.django_db
def test_measures_api(client: Client, known: Any, other_org: Any) -> None:
    _, key = api_token_create(user=make_user(known, Role.SENIOR_LEADER), name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    data = client.get(f"/api/organisations/{known.code}/measures/?year=2025", **auth).json()
    assert data["year"] == 2025 and data["vacancy_rate_fte"] == 57.1 and data["cases"] == 3
    refused = client.get(f"/api/organisations/{other_org.code}/measures/?year=2025", **auth)
    assert refused.status_code == 403
    staff = client.get(f"/api/organisations/{known.code}/staff/?status=all", **auth).json()
    assert staff["count"] == 6


@pytest.mark.django_db
def test_measures_api_years_without_data_are_null_with_the_reason(
    client: Client, known: Any
) -> None:
    _, key = api_token_create(user=make_user(known, Role.SENIOR_LEADER), name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    url = f"/api/organisations/{known.code}/measures/"
    before = client.get(f"{url}?year=2021", **auth).json()
    assert before["note"] == "No register data before 2024" and before["year_to_date"] is False
    assert all(before[m] is None for m in LABELS)  # every measure null, never 0.0
    current = census_year_of(clock.today())  # the census year still running on the test's day
    running = client.get(f"{url}?year={current}", **auth).json()
    assert running["note"] == f"{current}: year to date" and running["year_to_date"] is True
    assert running["inpost_fte"] is not None
    published = client.get(f"{url}?year=2025", **auth).json()
    assert published["note"] is None and published["inpost_fte"] == 1.5


@pytest.mark.django_db
def test_measures_api_for_a_team_manager_is_their_teams(client: Client, known: Any) -> None:
    team = Team.objects.get(name="Assessment Team 1")
    _, key = api_token_create(user=make_user(known, Role.TEAM_MANAGER, team=team), name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    data = client.get(f"/api/organisations/{known.code}/measures/?year=2025", **auth).json()
    assert (data["inpost_fte"], data["agency_fte"], data["leavers_fte"]) == (1.5, 1.0, 0.0)
    other = Team.objects.get(name="Children in Care Team")
    assert (
        client.get(f"/api/organisations/{known.code}/measures/?team={other.pk}", **auth).status_code
        == 404
    )


def test_census_year_of() -> None:
    from datetime import date

    from thrive.intelligence.dashboard import census_year_of

    assert census_year_of(date(2025, 9, 30)) == 2025
    assert census_year_of(date(2025, 10, 1)) == 2026


@pytest.mark.django_db
def test_dashboard_opens_on_the_latest_year_with_activity(client: Client, known: Any) -> None:
    # The known council's last change is S3 leaving on 30 Sep 2025.
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    page = client.get(reverse("intelligence:workforce", args=[known.code])).content.decode()
    assert "year ending 30 September 2025" in page
