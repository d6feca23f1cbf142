"""The demo's recruitment, seeded for one small council through the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_staff, make_team, make_user
from thrive.core import clock
from thrive.core.roles import Role
from thrive.people.models import StaffMember
from thrive.recruitment.demo import seed_recruitment
from thrive.recruitment.models import (
    Application,
    Campaign,
    EqualityMonitoring,
    Panel,
    Panellist,
    PanelStatus,
    Score,
    Stage,
    Vacancy,
    VacancyStatus,
)


@pytest.mark.django_db
def test_the_demo_recruitment_runs_every_stage_and_hires_into_the_register(
    client: Client, org: Any
) -> None:
    make_team(org, "Assessment Team")
    make_team(org, "Children in Care Team")
    make_staff(org)
    roles = {
        "recruiter": Role.HR_RECRUITMENT,
        "approver": Role.SENIOR_LEADER,
        "manager": Role.SERVICE_MANAGER,
        "panel": Role.PANEL_MEMBER,
        "partner": Role.PARTNER,
    }
    emails = {key: f"{key}@example.org" for key in roles}
    users = {key: make_user(org, role, email=emails[key]) for key, role in roles.items()}
    note = seed_recruitment(org, emails=emails)
    assert "7 starters hired into the register" in note, note
    assert seed_recruitment(org, emails=emails) == ""  # once
    today = clock.today()
    stages = set(Application.objects.for_org(org).values_list("stage", flat=True))
    assert set(Stage.values) <= stages  # every stage, declined and withdrawn included
    assert Application.objects.for_org(org).filter(applied_on__lt=today.replace(day=1)).exists()
    assert EqualityMonitoring.objects.filter(organisation=org).count() == (
        Application.objects.for_org(org).count()
    )
    hired = Application.objects.for_org(org).exclude(hired=None)
    assert hired.count() == 7
    assert StaffMember.objects.for_org(org).filter(pk__in=hired.values("hired")).count() == 7
    assert Vacancy.objects.for_org(org).filter(status=VacancyStatus.OPEN).count() == 4
    assert Vacancy.objects.for_org(org).filter(status=VacancyStatus.FILLED).exists()
    assert Campaign.objects.for_org(org).count() == 6
    decided = Panel.objects.for_org(org).filter(status=PanelStatus.DECIDED)
    assert decided.count() == 3
    assert (
        Panellist.objects.filter(
            panel__in=decided, kind="lived_experience", paid_amount__isnull=False
        ).count()
        == 3
    )
    assert Score.objects.filter(organisation=org).exists()
    # The panel member sees the open panel, where nobody else's scores show yet.
    client.force_login(users["panel"])
    home = client.get(reverse("recruitment:my_panels", args=[org.code]))
    assert home.status_code == 200 and "Social worker, assessment" in home.text
    # A recruiter's pages and the portal show it all.
    client.force_login(users["recruiter"])
    for name in ("campaigns", "equality"):
        assert client.get(reverse(f"recruitment:{name}", args=[org.code])).status_code == 200
    client.logout()
    assert "Team manager" in client.get("/jobs/").text
