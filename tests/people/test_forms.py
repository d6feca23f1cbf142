"""The register forms: GOV.UK errors that keep what was typed, check your answers, history kept,
concurrent edits refused, and who may use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from thrive.core.roles import Role
from thrive.people.models import Absence, EmploymentSpell, RegisterRevision, StaffMember, Team


def date_fields(name: str, d: str) -> dict[str, str]:
    y, m, day = d.split("-")
    return {f"{name}_0": day, f"{name}_1": m, f"{name}_2": y}


@pytest.mark.django_db
def test_add_a_person_with_check_your_answers(client: Client, org: Any) -> None:
    team = make_team(org, "Assessment Team 1")
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    url = reverse("people:person_add", args=[org.code])
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
        "gender": "2",
        "ethnicity": "BCRB",
    }
    check = client.post(url, data, follow=True)
    text = check.content.decode()
    assert "Check your answers" in text and "6 October 2025" in text and "Caribbean" in text
    assert f'href="{url}#id_fte"' in text
    assert not StaffMember.objects.exists()
    done = client.post(reverse("people:person_add_check", args=[org.code]), follow=True)
    assert b"Nia Jones has been added to the register" in done.content
    spell = EmploymentSpell.objects.get(person__staff_id="N1")
    assert (float(spell.fte), spell.org_role, str(spell.start_date)) == (0.8, 5, "2025-10-06")


@pytest.mark.django_db
def test_errors_keep_what_was_typed(client: Client, org: Any) -> None:
    make_team(org, "Assessment Team 1")
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    page = client.post(
        reverse("people:person_add", args=[org.code]),
        {
            "staff_id": "N1",
            "first_name": "Nia",
            "last_name": "Jones",
            "profession": "social_worker",
            "contract": "permanent",
            "fte": "1.5",
            "start_date_0": "31",
            "start_date_1": "2",
            "start_date_2": "2025",
        },
    )
    text = page.content.decode()
    assert "<title>Error: Add a person" in text
    assert "The start date must be a real date" in text
    assert "Full-time equivalent (FTE) must be 1 or less" in text
    assert "Enter the Social Work England number" in text
    assert 'value="Nia"' in text and 'value="31"' in text and 'value="1.5"' in text
    assert 'href="#id_start_date"' in text


@pytest.mark.django_db
def test_change_a_spell_keeps_history(client: Client, known: Any) -> None:
    client.force_login(make_user(known, Role.HR_RECRUITMENT))
    spell = EmploymentSpell.objects.get(person__staff_id="S2")
    other = Team.objects.get(name="Children in Care Team")
    url = reverse("people:spell_change", args=[known.code, spell.person_id, spell.pk])
    form = client.get(url).content.decode()
    assert f'name="version" value="{spell.version}"' in form and 'value="0.5"' in form
    client.post(
        url,
        {
            "version": spell.version,
            **date_fields("effective_date", "2026-01-05"),
            "team": other.pk,
            "fte": "0.6",
            "org_role": "5",
            "job_title": "SW",
        },
    )
    done = client.post(
        reverse("people:spell_change_check", args=[known.code, spell.person_id, spell.pk]),
        follow=True,
    )
    assert b"has been saved" in done.content
    spell.refresh_from_db()
    assert spell.team == other and float(spell.fte) == 0.6
    revision = RegisterRevision.objects.get(kind="spell", record_id=spell.pk)
    assert str(revision.effective_date) == "2026-01-05"
    assert set(revision.changed) == {"team", "fte", "job_title"}


@pytest.mark.django_db
def test_concurrent_edit_is_refused_not_overwritten(client: Client, known: Any) -> None:
    from thrive.people.services import spell_change

    client.force_login(make_user(known, Role.HR_RECRUITMENT))
    spell = EmploymentSpell.objects.get(person__staff_id="S2")
    url = reverse("people:spell_change", args=[known.code, spell.person_id, spell.pk])
    client.post(
        url,
        {
            "version": spell.version,
            **date_fields("effective_date", "2026-01-05"),
            "team": spell.team_id,
            "fte": "0.7",
            "org_role": "5",
        },
    )
    # Someone else saves a change in between.
    spell_change(
        spell=spell,
        effective_date=spell.start_date,
        version=spell.version,
        job_title="Changed elsewhere",
    )
    page = client.post(
        reverse("people:spell_change_check", args=[known.code, spell.person_id, spell.pk])
    )
    text = page.content.decode()
    assert "Someone else changed this record" in text
    spell.refresh_from_db()
    assert float(spell.fte) == 0.5 and spell.job_title == "Changed elsewhere"


@pytest.mark.django_db
def test_record_a_leaver(client: Client, known: Any) -> None:
    client.force_login(make_user(known, Role.HR_RECRUITMENT))
    spell = EmploymentSpell.objects.get(person__staff_id="S2")
    url = reverse("people:spell_leaver", args=[known.code, spell.person_id, spell.pk])
    client.post(
        url,
        {
            "version": spell.version,
            **date_fields("end_date", "2026-03-31"),
            "leaving_reason": "1",
            "leaver_destination": "3",
        },
    )
    check = client.get(
        reverse("people:spell_leaver_check", args=[known.code, spell.person_id, spell.pk])
    )
    assert b"Resignation" in check.content and b"Agency or consultancy" in check.content
    client.post(reverse("people:spell_leaver_check", args=[known.code, spell.person_id, spell.pk]))
    spell.refresh_from_db()
    assert (str(spell.end_date), spell.leaving_reason, spell.leaver_destination) == (
        "2026-03-31",
        1,
        3,
    )


@pytest.mark.django_db
def test_record_absence_by_the_team_manager_only_for_their_team(client: Client, known: Any) -> None:
    team = Team.objects.get(name="Assessment Team 1")
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=team))
    amina = StaffMember.objects.get(staff_id="S1")
    url = reverse("people:absence_add", args=[known.code, amina.pk])
    bad = client.post(
        url,
        {
            "reason": "SIC",
            **date_fields("start_date", "2026-02-10"),
            **date_fields("end_date", "2026-02-09"),
            "working_days": "1",
        },
    )
    assert b"The last day must be the same as or after the first day" in bad.content
    client.post(
        url,
        {
            "reason": "SIC",
            **date_fields("start_date", "2026-02-09"),
            **date_fields("end_date", "2026-02-11"),
            "working_days": "3",
        },
    )
    client.post(reverse("people:absence_add_check", args=[known.code, amina.pk]))
    assert Absence.objects.filter(person=amina, start_date="2026-02-09").exists()
    chloe = StaffMember.objects.get(staff_id="S3")  # Children in Care Team: not theirs
    assert client.get(reverse("people:absence_add", args=[known.code, chloe.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SENIOR_LEADER, Role.PANEL_MEMBER]
)
def test_roles_without_register_edit_are_refused(client: Client, known: Any, role: str) -> None:
    client.force_login(make_user(known, role))
    spell = EmploymentSpell.objects.get(person__staff_id="S2")
    for url in [
        reverse("people:person_add", args=[known.code]),
        reverse("people:spell_change", args=[known.code, spell.person_id, spell.pk]),
        reverse("people:spell_leaver", args=[known.code, spell.person_id, spell.pk]),
    ]:
        assert client.get(url).status_code == 403, (role, url)


@pytest.mark.parametrize(
    "parts", [["-1", "7", "99999999999999999999999"], ["1", "99999999999999999999", "2026"]]
)
def test_a_date_past_what_a_date_holds_is_not_a_real_date(parts: list[str]) -> None:
    """Found by the form fuzzer: a year or month too large for the machine was a server error."""
    from django import forms

    from thrive.core.forms import GovukDateField

    field = GovukDateField(label="Due date")
    with pytest.raises(forms.ValidationError, match="The due date must be a real date"):
        field.clean(parts)
