"""*Add a person* asks for every census item a social worker's record needs, so a person added
with them all makes a complete census record; impossible dates of birth are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from tests.people.test_forms import date_fields
from thrive.core.roles import Role
from thrive.intelligence.census import census_return
from thrive.people.models import StaffMember

CENSUS_FIELDS = [
    "date_of_birth_0",
    "gender",
    "ethnicity",
    "qualification_institution",
    "qualification_level",
    "qualified_on_0",
    "step_up_grad",
    "frontline_grad",
    "cfkss_status",
    "org_role",
    "start_origin",
    "swe_number",
]


def _data(team: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "staff_id": "N1",
        "first_name": "Nia",
        "last_name": "Jones",
        "profession": "social_worker",
        "contract": "permanent",
        "team": team.pk,
        "fte": "0.8",
        **date_fields("start_date", "2025-10-06"),
        "org_role": "5",
        "swe_number": "SW555",
        **date_fields("date_of_birth", "1998-05-17"),
        "gender": "2",
        "ethnicity": "BCRB",
        "qualification_institution": "Coventry University",
        "qualification_level": "1",
        **date_fields("qualified_on", "2025-07-01"),
        "step_up_grad": "0",
        "frontline_grad": "1",
        "cfkss_status": "",
        "start_origin": "1",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_add_a_person_asks_for_every_census_item(client: Client, org: Any) -> None:
    team = make_team(org, "Assessment Team 1")
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    url = reverse("people:person_add", args=[org.code])
    form = client.get(url).content.decode()
    for name in CENSUS_FIELDS:
        assert f'name="{name}"' in form, name
    check = client.post(url, _data(team), follow=True).content.decode()
    assert "Check your answers" in check and "Coventry University" in check
    client.post(reverse("people:person_add_check", args=[org.code]), follow=True)
    nia = StaffMember.objects.get(staff_id="N1")
    assert (nia.step_up_grad, nia.frontline_grad, nia.qualification_level) == (False, True, 1)
    result = census_return(org, 2026)
    (record,) = [w for w in result.workers if w.ref == str(nia.pk)]
    assert (record.qual_inst, record.step_up_grad, record.frontline_grad) == (
        "Coventry University",
        0,
        1,
    )
    assert [p for p in result.problems if p.ref == str(nia.pk)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("born", "message"),
    [
        ("2100-01-01", "The date of birth must be in the past"),
        ("2010-01-01", "The date of birth must be at least 16 years before the start"),
    ],
)
def test_impossible_dates_of_birth_are_refused(
    client: Client, org: Any, born: str, message: str
) -> None:
    team = make_team(org, "Assessment Team 1")
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    page = client.post(
        reverse("people:person_add", args=[org.code]),
        _data(team, **date_fields("date_of_birth", born)),
    ).content.decode()
    assert message in page and not StaffMember.objects.exists()
