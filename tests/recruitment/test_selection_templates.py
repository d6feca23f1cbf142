"""Selection-step templates as dated records: a vacancy takes the template in effect on the day it
is raised; whole-council recruiters set versions from a date (a version not yet used can be
changed, checked against the version seen); the migration seeds Thrive's steps and gives old
vacancies the steps of their raise day."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client

from tests.factories import make_org, make_team, make_user
from tests.recruitment.helpers import raise_vacancy, recruiter
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.recruitment.models import SelectionTemplate, Vacancy
from thrive.recruitment.selectors.selection import selection_in_force, selection_steps_on
from thrive.recruitment.services import selection_template_set

TODAY = date(2026, 6, 17)


@pytest.mark.django_db
@pytest.mark.today("2026-06-17")
def test_a_vacancy_takes_the_template_in_effect_on_its_raise_day(org: Any) -> None:
    team = make_team(org, name="Assessment Team")
    hr = recruiter(org)
    # Thrive's steps until the council sets its own: a new council has them as records.
    assert selection_steps_on(org, manager_post=False, on=TODAY) == [
        "Sift of applications",
        "Values-based panel interview",
    ]
    with pytest.raises(ThriveError, match="start today or later"):
        selection_template_set(
            organisation=org,
            actor=hr,
            post_kind="practice",
            effective_from=date(2026, 1, 1),
            steps=["Sift"],
        )
    selection_template_set(
        organisation=org,
        actor=hr,
        post_kind="practice",
        effective_from=TODAY,
        steps=["Sift", "Group exercise", " ", "Panel interview"],
    )
    later = selection_template_set(
        organisation=org,
        actor=hr,
        post_kind="practice",
        effective_from=date(2026, 7, 1),
        steps=["Sift", "Panel interview with young people"],
    )
    first = SelectionTemplate.objects.get(organisation=org, effective_from=TODAY)
    assert first.effective_to == date(2026, 6, 30) and later.effective_to is None
    seeded = SelectionTemplate.objects.get(organisation=org, post_kind="practice", added_by=None)
    assert seeded.effective_to == date(2026, 6, 16)  # Thrive's steps ran until yesterday
    vacancy = raise_vacancy(org, hr, team=team, title="Social worker")
    assert vacancy.selection_steps == ["Sift", "Group exercise", "Panel interview"]
    # A manager post still follows Thrive's manager steps (no council version of its own).
    manager = raise_vacancy(org, hr, team=team, title="Team manager", manager_post=True)
    assert manager.selection_steps[1] == "Assessment centre"
    with time_machine.travel(date(2026, 7, 2), tick=False):
        newer = raise_vacancy(org, hr, team=team, title="Senior practitioner")
    assert newer.selection_steps == ["Sift", "Panel interview with young people"]
    vacancy.refresh_from_db()
    assert vacancy.selection_steps == ["Sift", "Group exercise", "Panel interview"]
    # Another council is untouched: Thrive's steps, set by no one.
    other = make_org("999", "Elsewhere")
    assert [
        (s.version.added_by, s.steps[0]) for s in selection_in_force(other, TODAY) if s.version
    ] == [
        (None, "Sift of applications"),
        (None, "Sift of applications"),
    ]


@pytest.mark.django_db
@pytest.mark.today("2026-06-17")
def test_a_used_version_is_kept_and_a_waiting_one_is_changed_against_the_version_seen(
    org: Any,
) -> None:
    hr = recruiter(org)
    kw: dict[str, Any] = {"organisation": org, "actor": hr, "post_kind": "manager"}
    selection_template_set(**kw, effective_from=TODAY, steps=["Sift", "Interview"])
    with pytest.raises(ThriveError, match="start today or later"):
        selection_template_set(**kw, effective_from=date(2026, 6, 16), steps=["Sift"])
    with pytest.raises(ThriveError, match="at least one step"):
        selection_template_set(**kw, effective_from=TODAY, steps=[" "])
    with pytest.raises(ThriveError, match="at most 10 steps"):
        selection_template_set(**kw, effective_from=TODAY, steps=[f"Step {i}" for i in range(11)])
    waiting = selection_template_set(**kw, effective_from=date(2026, 8, 1), steps=["Sift"])
    seen = waiting.version
    changed = selection_template_set(
        **kw, effective_from=date(2026, 8, 1), steps=["Sift", "Centre"], version=seen
    )
    assert changed.pk == waiting.pk and changed.steps == ["Sift", "Centre"]
    with pytest.raises(ThriveError, match="Someone else changed"):
        selection_template_set(**kw, effective_from=date(2026, 8, 1), steps=["X"], version=seen)
    assert SelectionTemplate.objects.get(pk=waiting.pk).steps == ["Sift", "Centre"]
    assert AuditEvent.objects.filter(action="recruitment.selection_template_changed").count() == 1
    assert AuditEvent.objects.filter(action="recruitment.selection_template_set").count() == 2


@pytest.mark.django_db
@pytest.mark.today("2026-06-17")
def test_the_page_is_for_whole_council_recruiters_and_sets_steps(client: Client, org: Any) -> None:
    hr = recruiter(org)
    url = f"/o/{org.code}/recruitment/selection-steps/"
    client.force_login(hr)
    page = client.get(url).content.decode()
    assert "Thrive's steps" in page and "Assessment centre" in page
    response = client.post(
        url,
        {
            "post_kind": "practice",
            "effective_from_0": "1",
            "effective_from_1": "9",
            "effective_from_2": "2026",
            "steps": "Sift\r\nValues interview with care-experienced panel\r\n",
        },
    )
    assert response.status_code == 302
    saved = SelectionTemplate.objects.get(organisation=org, added_by__isnull=False)
    assert saved.steps == ["Sift", "Values interview with care-experienced panel"]
    assert saved.effective_from == date(2026, 9, 1)
    change = client.get(f"{url}?change={saved.pk}").content.decode()
    assert f'name="version" value="{saved.version}"' in change
    for role in (Role.SERVICE_MANAGER, Role.PANEL_MEMBER):
        other = Client()
        other.force_login(make_user(org, role))
        assert other.get(url).status_code == 403


@pytest.mark.django_db
def test_the_migration_seeds_thrives_steps_and_fills_vacancies_raised_without_steps(
    org: Any,
) -> None:
    hr = recruiter(org)
    team = make_team(org, name="Assessment Team")
    old = raise_vacancy(org, hr, team=team, title="Old", manager_post=True)
    plain = raise_vacancy(org, hr, team=team, title="Plain")
    Vacancy.objects.filter(pk__in=[old.pk, plain.pk]).update(selection_steps=[])
    SelectionTemplate.objects.for_org(org).delete()  # a council from before the templates
    migration = importlib.import_module(
        "thrive.recruitment.migrations.0016_selection_templates_seeded"
    )
    migration.seed_templates(apps, None)
    kinds = set(SelectionTemplate.objects.for_org(org).values_list("post_kind", flat=True))
    assert kinds == {"practice", "manager"}
    old.refresh_from_db()
    plain.refresh_from_db()
    assert old.selection_steps == [
        "Sift of applications",
        "Assessment centre",
        "Values-based panel interview",
    ]
    assert plain.selection_steps == ["Sift of applications", "Values-based panel interview"]
    migration.seed_templates(apps, None)  # again: nothing doubled
    assert SelectionTemplate.objects.for_org(org).count() == 2
