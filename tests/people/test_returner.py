"""Recording a returner (a boomerang) from the person's page and `thrive returner`: the new spell
linked to the one they left, refused to those who may not edit the register and for a person still
in post, audited, and counted on the retention page; an agency worker who takes a permanent post
is a conversion, not a return."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_staff, make_team, make_user
from thrive.cli import main
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.engagement.exits import returners
from thrive.people.models import EmploymentSpell, StaffMember, Team

pytestmark = pytest.mark.django_db


def _dates(name: str, d: str) -> dict[str, str]:
    y, m, day = d.split("-")
    return {f"{name}_0": day, f"{name}_1": m, f"{name}_2": y}


def _boomerangs(org: Any) -> list[tuple[Any, ...]]:
    return sorted((p.staff_id, b.end_date, a.start_date) for p, b, a in returners(org))


def test_record_a_returner_on_the_page(client: Client, known: Any) -> None:
    # S3 (fixed term, Children in Care Team) left on 30 September 2025; S1 came back in 2020.
    s3 = StaffMember.objects.get(organisation=known, staff_id="S3")
    url = reverse("people:returner", args=[known.code, s3.pk])
    check = reverse("people:returner_check", args=[known.code, s3.pk])
    client.force_login(make_user(known, Role.PRACTITIONER))
    assert client.get(url).status_code == 403 and client.post(check).status_code == 403
    client.force_login(make_user(known, Role.HR_RECRUITMENT))
    person_page = client.get(reverse("people:person", args=[known.code, s3.pk])).content.decode()
    assert 'id="record-return"' in person_page
    s2 = StaffMember.objects.get(organisation=known, staff_id="S2")
    in_post = client.get(reverse("people:person", args=[known.code, s2.pk])).content.decode()
    assert 'id="record-return"' not in in_post
    form = client.get(url).content.decode()
    assert "They left Children in Care Team" in form and "30 September 2025" in form
    assert _boomerangs(known) == [("S1", date(2019, 12, 31), date(2020, 1, 1))]
    team = Team.objects.get(organisation=known, name="Assessment Team 1")
    answers = {
        **_dates("start_date", "2026-05-01"),
        "team": str(team.pk),
        "contract": "permanent",
        "fte": "0.8",
        "org_role": "5",
        "job_title": "Social worker",
        "start_origin": "2",
    }
    assert client.post(url, answers)["Location"] == check
    assert "Assessment Team 1" in client.get(check).content.decode()
    client.post(check)
    back = EmploymentSpell.objects.get(person=s3, end_date=None)
    assert (back.start_date, back.team, back.contract, back.fte) == (
        date(2026, 5, 1),
        team,
        "permanent",
        Decimal("0.8"),
    )
    assert AuditEvent.objects.filter(action="register.returner", object_id=str(back.pk)).exists()
    assert _boomerangs(known) == [
        ("S1", date(2019, 12, 31), date(2020, 1, 1)),
        ("S3", date(2025, 9, 30), date(2026, 5, 1)),
    ]
    # The retention page counts them.
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    retention = client.get(reverse("intelligence:retention", args=[known.code])).content.decode()
    assert "2 people have come back" in retention
    # Once back, a second return is refused: they are in post.
    client.force_login(make_user(known, Role.HR_RECRUITMENT))
    client.post(url, {**answers, **_dates("start_date", "2026-06-01")})
    refused = client.post(check).content.decode()
    assert "still in post" in refused
    assert EmploymentSpell.objects.filter(person=s3).count() == 2


def test_record_a_returner_from_the_command(known: Any, capsys: Any) -> None:
    hr = make_user(known, Role.HR_RECRUITMENT)
    practitioner = make_user(known, Role.PRACTITIONER)
    base = ["returner", "--org", known.code, "--staff-id", "S3", "--start", "2026-04-01"]
    assert main([*base, "--as", practitioner.email]) == 1
    assert "is not allowed to do this" in capsys.readouterr().err
    assert main([*base, "--into", "No Such Team", "--as", hr.email]) == 1
    assert "no team called 'No Such Team'" in capsys.readouterr().err
    assert main([*base, "--as", hr.email]) == 0
    assert "back in Children in Care Team from 1 April 2026" in capsys.readouterr().out
    back = EmploymentSpell.objects.get(person__staff_id="S3", end_date=None)
    # Their last post's team, FTE and role by default.
    assert (back.fte, back.org_role, back.contract) == (Decimal("0.8"), 5, "permanent")
    assert main(["returner", "--org", known.code, "--staff-id", "S2", "--start", "2026-04-01"]) == 1
    assert "still in post" in capsys.readouterr().err


def test_a_conversion_from_agency_is_not_a_return(org: Any) -> None:
    team = make_team(org)
    person = make_staff(org, staff_id="A1", team=team, contract="agency")
    agency = person.spells.get()
    agency.end_date = date(2025, 3, 31)
    agency.save()
    EmploymentSpell.objects.create(
        organisation=org,
        person=person,
        start_date=date(2025, 6, 1),
        profession="social_worker",
        contract="permanent",
        team=team,
        fte=Decimal("1"),
    )
    # A permanent worker who changed contract the day their spell ended did not leave.
    stayed = make_staff(org, staff_id="C1", team=team)
    first = stayed.spells.get()
    first.end_date = date(2024, 3, 31)
    first.save()
    EmploymentSpell.objects.create(
        organisation=org,
        person=stayed,
        start_date=date(2024, 3, 31),
        profession="social_worker",
        contract="fixed_term",
        team=team,
        fte=Decimal("1"),
    )
    assert _boomerangs(org) == []
