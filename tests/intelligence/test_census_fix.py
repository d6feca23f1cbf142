"""Census problems fixed on screen: each problem's **Fix** link opens a form for exactly the items
the record is missing, and saving it clears the problem."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.core.roles import Role
from thrive.intelligence.census import census_return
from thrive.people.models import EmploymentSpell, RegisterRevision, StaffMember


def _fix_links(page: str) -> list[str]:
    return [
        html.unescape(chunk.split('"')[0])
        for chunk in page.split('href="')[1:]
        if "/census/?" in chunk.split('"')[0]
    ]


@pytest.mark.django_db
def test_fix_link_asks_for_exactly_the_missing_items(client: Client, known: Any) -> None:  # noqa: F811
    ben = StaffMember.objects.get(staff_id="S2")
    ben.qualification_institution, ben.date_of_birth, ben.step_up_grad = "", None, None
    ben.save()
    client.force_login(make_user(known, Role.HR_RECRUITMENT))
    census = reverse("intelligence:census", args=[known.code])
    page = client.get(census, {"year": 2025}).content.decode()
    assert "3 problems to fix for 1 person" in page
    links = set(_fix_links(page))
    assert len(links) == 1  # one form for the record, from each of its problems
    (link,) = links
    assert "items=PersonBirthDate%2CQualInst%2CStepUpGrad" in link
    form = client.get(link).content.decode()
    assert 'name="PersonBirthDate_0"' in form and 'name="QualInst"' in form
    assert 'name="StepUpGrad"' in form and 'name="GenderCurrent"' not in form
    assert 'name="Ethnicity"' not in form
    refused = client.post(link, {"version": ben.version}).content.decode()
    for message in (
        "Enter the date of birth",
        "Enter the qualifying institution",
        "Select whether they qualified through Step Up to Social Work",
    ):
        assert message in refused
    future = client.post(
        link,
        {
            "version": ben.version,
            "PersonBirthDate_0": "1",
            "PersonBirthDate_1": "1",
            "PersonBirthDate_2": "2100",
            "QualInst": "University of Warwick",
            "StepUpGrad": "0",
        },
    ).content.decode()
    assert "The date of birth must be in the past" in future
    done = client.post(
        link,
        {
            "version": ben.version,
            "PersonBirthDate_0": "14",
            "PersonBirthDate_1": "3",
            "PersonBirthDate_2": "1996",
            "QualInst": "University of Warwick",
            "StepUpGrad": "0",
        },
    )
    assert done.status_code == 302 and done["Location"] == f"{census}?year=2025"
    ben.refresh_from_db()
    assert (ben.date_of_birth, ben.qualification_institution, ben.step_up_grad) == (
        date(1996, 3, 14),
        "University of Warwick",
        False,
    )
    revision = RegisterRevision.objects.get(kind="person", record_id=ben.pk)
    assert set(revision.changed) == {"date_of_birth", "qualification_institution", "step_up_grad"}
    assert not census_return(known, 2025).problems
    assert "No problems found" in client.get(census, {"year": 2025}).content.decode()


@pytest.mark.django_db
def test_a_leavers_missing_reason_is_fixed_on_their_spell(client: Client, known: Any) -> None:  # noqa: F811
    chloe = EmploymentSpell.objects.get(person__staff_id="S3")
    chloe.leaving_reason, chloe.leaver_destination = None, None
    chloe.save()
    client.force_login(make_user(known, Role.HR_RECRUITMENT))
    page = client.get(reverse("intelligence:census", args=[known.code]), {"year": 2025})
    (link,) = set(_fix_links(page.content.decode()))
    assert "items=LeaverDestination%2CReasonLeave" in link or (
        "items=ReasonLeave%2CLeaverDestination" in link
    )
    assert f"spell={chloe.pk}" in link
    done = client.post(
        link, {"version": chloe.person.version, "ReasonLeave": "1", "LeaverDestination": "1"}
    )
    assert done.status_code == 302
    chloe.refresh_from_db()
    assert (chloe.leaving_reason, chloe.leaver_destination) == (1, 1)
    assert not census_return(known, 2025).problems


@pytest.mark.django_db
def test_only_those_who_edit_the_register_get_the_fix_form(client: Client, known: Any) -> None:  # noqa: F811
    ben = StaffMember.objects.get(staff_id="S2")
    url = reverse("people:census_fix", args=[known.code, ben.pk]) + "?items=Ethnicity"
    client.force_login(make_user(known, Role.PRACTITIONER))
    assert client.get(url).status_code == 403
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    assert client.post(url, {"Ethnicity": "WBRI"}).status_code == 403
