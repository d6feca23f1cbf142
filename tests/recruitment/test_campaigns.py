"""Campaigns' yield and cost per starter, starters still in post a year on, and the recruiter's
view with its Excel export."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import make_team, make_user
from tests.recruitment.helpers import apply, channel, move, open_vacancy, recruiter
from tests.recruitment.test_checks import record_all_but
from thrive.core import clock
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.people.services import spell_end
from thrive.recruitment.models import Stage
from thrive.recruitment.selectors.campaigns import campaign_report, recruiter_view
from thrive.recruitment.services import (
    application_confirm_start,
    application_hire,
    campaign_add,
)


def _hire(application: Any, hr: Any, n: int, start: date) -> Any:
    application = move(
        application, hr, Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED
    )
    record_all_but(application, hr)
    application = application_confirm_start(application=application, start_date=start, actor=hr)
    return application_hire(application=application, actor=hr, staff_id=f"N{n}", org_role=5)


@pytest.mark.django_db
@pytest.mark.today("2025-06-02")
def test_a_campaigns_yield_cost_per_starter_and_still_in_post_a_year_on(
    client: Client, org: Any, frozen_clock: Any
) -> None:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    team = make_team(org, "Assessment Team")
    vacancy = open_vacancy(
        org,
        hr,
        leader,
        team=team,
        title="Family support worker",
        closing_date=date(2025, 6, 30),
        social_work_post=False,
    )
    linkedin = channel(org, "Social media: LinkedIn")
    campaign = campaign_add(
        channel=linkedin,
        actor=hr,
        name="Summer LinkedIn push",
        starts_on=date(2025, 6, 1),
        ends_on=date(2025, 6, 30),
        cost=Decimal("3000.00"),
    )
    apps = [apply(vacancy, hr, n, "Social media: LinkedIn") for n in range(8)]
    apply(vacancy, hr, 50, "Word of mouth")  # another channel: not the campaign's
    people = [_hire(a, hr, n, date(2025, 6, 9)) for n, a in enumerate(apps[:6])]
    frozen_clock.move_to("2025-07-01 10:00+01:00")
    apply(vacancy, hr, 60, "Social media: LinkedIn")  # after the campaign's last day
    # One of the six leaves before their first anniversary; a year on, five are still in post.
    spell_end(
        spell=people[0].spells.get(),
        end_date=date(2026, 1, 31),
        leaving_reason=1,
        leaver_destination=1,
        version=None,
        actor=hr,
    )
    frozen_clock.move_to("2026-06-10 10:00+01:00")
    access = access_for(hr, org)
    (row,) = campaign_report(access)
    assert row.campaign == campaign
    assert (row.applications, row.shortlisted, row.offered, row.starters) == (8, 6, 6, 6)
    assert (row.year_on, row.still_in_post) == (6, 5)
    assert row.cost_per_starter == Decimal("500.00")
    client.force_login(hr)
    page = client.get(reverse("recruitment:campaigns", args=[org.code]))
    assert "Summer LinkedIn push" in page.text and "£500.00" in page.text

    view = recruiter_view(access)
    assert view.starters == 6 and view.median_days_to_hire == 7  # applied 2 June, start 9 June
    assert dict(view.conversion)["Applied"] == 10 and dict(view.conversion)["Started"] == 6
    response = client.get(reverse("recruitment:recruiter", args=[org.code]) + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = {r[0]: r[1] for r in book["Recruiter's view"].iter_rows(values_only=True) if r}
    assert rows["Starters"] == 6 and rows["Reached: Applied"] == 10
    campaigns = list(book["Campaigns"].iter_rows(values_only=True))
    assert campaigns[1][0] == "Summer LinkedIn push"
    assert campaigns[1][5:] == (8, 6, 6, 6, 6, 5, 500.0)


@pytest.mark.django_db
def test_small_campaigns_hide_their_counts_and_cost_per_starter(client: Client, org: Any) -> None:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    vacancy = open_vacancy(
        org, hr, leader, team=make_team(org, "Team"), title="SW", closing_date=clock.today()
    )
    campaign_add(
        channel=channel(org, "Armed forces leavers"),
        actor=hr,
        name="Forces week",
        starts_on=clock.today() - timedelta(days=3),
        ends_on=clock.today(),
        cost=Decimal("900"),
    )
    for n in range(3):
        apply(vacancy, hr, n, "Armed forces leavers")
    (row,) = campaign_report(access_for(hr, org))
    assert row.counts == ["fewer than 5", "0", "0", "0", "0"]
    assert row.cost_per_starter is None
    client.force_login(make_user(org, Role.SERVICE_MANAGER, email="sm@example.org"))
    page = client.get(reverse("recruitment:campaigns", args=[org.code]))
    assert page.status_code == 200 and "Record a campaign" in page.text


@pytest.mark.django_db
def test_the_campaigns_endpoint_hides_small_counts(client: Any, org: Any) -> None:
    from thrive.accounts.services import api_token_create

    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    vacancy = open_vacancy(
        org,
        hr,
        leader,
        team=make_team(org, "Assessment Team"),
        title="SW",
        closing_date=clock.today(),
    )
    for n in range(6):
        apply(vacancy, hr, n, "University job fair")
    campaign_add(
        channel=channel(org, "University job fair"),
        actor=hr,
        name="Spring fairs",
        starts_on=clock.today() - timedelta(days=10),
        ends_on=clock.today(),
        cost=Decimal("1200.00"),
    )
    _, key = api_token_create(user=hr, name="t")
    url = f"/api/organisations/{org.code}/recruitment/campaigns/"
    body = client.get(url, HTTP_AUTHORIZATION=f"Token {key}").json()
    (row,) = body["results"]
    assert row["name"] == "Spring fairs" and row["cost"] == "1200.00"
    assert row["applications"] == 6 and row["shortlisted"] == 0
    assert row["starters"] == 0 and row["cost_per_starter"] is None
