"""A vacancy's kind of post changed after it is raised, while it is not yet filled or closed: on
its page, through the API and the CLI, against the version the person saw, audited; the selection
steps follow the template for the new kind (unless the recruiter wrote their own) and the
academy's talent pool follows it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from tests.recruitment.helpers import raise_vacancy, recruiter
from thrive.academy.selectors_pipeline import manager_vacancies_of
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.recruitment.models import VacancyStatus
from thrive.recruitment.services import vacancy_fill, vacancy_kind_change

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]
PRACTICE_STEPS = ["Sift of applications", "Values-based panel interview"]


def test_the_kind_changes_and_the_steps_and_the_talent_pool_follow(org: Any) -> None:
    team = make_team(org, name="Child Protection Team")
    hr = recruiter(org)
    vacancy = raise_vacancy(org, hr, team=team, title="Social worker")
    assert (vacancy.role, vacancy.manager_post) == ("practitioner", False)
    assert vacancy.selection_steps == PRACTICE_STEPS and manager_vacancies_of(org) == []
    seen = vacancy.version
    changed = vacancy_kind_change(vacancy=vacancy, role="team_manager", version=seen, actor=hr)
    assert (changed.role, changed.manager_post) == ("team_manager", True)
    assert "Assessment centre" in changed.selection_steps
    assert manager_vacancies_of(org) == [changed]  # the talent pool's shortlist is offered
    event = AuditEvent.objects.get(action="recruitment.vacancy_kind_changed")
    assert event.detail == {"from": "practitioner", "to": "team_manager", "steps": "template"}
    with pytest.raises(ThriveError, match="changed this vacancy"):
        vacancy_kind_change(vacancy=changed, role="practitioner", version=seen, actor=hr)
    with pytest.raises(ThriveError, match="already its kind"):
        vacancy_kind_change(vacancy=changed, role="team_manager", version=changed.version, actor=hr)
    # Between two manager kinds the steps stay; back to a practitioner post they follow again.
    service = vacancy_kind_change(
        vacancy=changed, role="service_manager", version=changed.version, actor=hr
    )
    assert service.selection_steps == changed.selection_steps
    back = vacancy_kind_change(
        vacancy=service, role="senior_practitioner", version=service.version, actor=hr
    )
    assert back.selection_steps == PRACTICE_STEPS and not back.manager_post
    assert manager_vacancies_of(org) == []
    # Steps the recruiter wrote are kept.
    own = raise_vacancy(
        org, hr, team=team, title="Social worker", selection_steps=["Sift", "Roleplay"]
    )
    own = vacancy_kind_change(vacancy=own, role="practice_manager", version=own.version, actor=hr)
    assert own.selection_steps == ["Sift", "Roleplay"] and own.manager_post
    # A filled vacancy keeps its kind.
    filled = vacancy_fill(vacancy=own, actor=hr)
    assert filled.status == VacancyStatus.FILLED
    with pytest.raises(ThriveError, match="filled: its kind of post is kept"):
        vacancy_kind_change(vacancy=filled, role="other", version=filled.version, actor=hr)


def test_the_page_the_api_and_the_cli(org: Any, client: Client, capsys: Any) -> None:
    team = make_team(org, name="Child Protection Team")
    hr = recruiter(org, email="hr@example.test")
    vacancy = raise_vacancy(org, hr, team=team, title="Social worker")
    url = reverse("recruitment:vacancy", args=[org.code, vacancy.pk])
    client.force_login(hr)
    page = client.get(url).content.decode()
    assert "Change the kind of post" in page and "Social worker (practitioner)" in page
    stale = client.post(
        url, {"action": "kind", "kind-role": "team_manager", "version": vacancy.version + 5}
    ).content.decode()
    assert "<title>Error: " in stale and "changed this vacancy" in stale
    client.post(url, {"action": "kind", "kind-role": "team_manager", "version": vacancy.version})
    vacancy.refresh_from_db()
    assert vacancy.role == "team_manager" and vacancy.manager_post
    assert "Team manager" in client.get(url).content.decode()

    # Someone who sees recruitment but does not manage it may not change it.
    viewer = make_user(org, Role.SENIOR_LEADER)
    client.force_login(viewer)
    assert (
        client.post(
            url, {"action": "kind", "kind-role": "other", "version": vacancy.version}
        ).status_code
        == 403
    )

    _, key = api_token_create(user=hr, name="t")
    api = f"/api/organisations/{org.code}/recruitment/vacancies/{vacancy.pk}/kind/"
    auth = f"Token {key}"
    assert (
        client.post(
            api, {"role": "boss", "version": vacancy.version}, HTTP_AUTHORIZATION=auth
        ).status_code
        == 400
    )
    done = client.post(
        api, {"role": "practitioner", "version": vacancy.version}, HTTP_AUTHORIZATION=auth
    )
    assert done.status_code == 200
    body = done.json()
    assert (body["role"], body["manager_post"], body["selection_steps"]) == (
        "practitioner",
        False,
        PRACTICE_STEPS,
    )
    listed = client.get(
        f"/api/organisations/{org.code}/recruitment/vacancies/", HTTP_AUTHORIZATION=auth
    ).json()
    rows = listed["results"] if isinstance(listed, dict) and "results" in listed else listed
    assert rows[0]["role"] == "practitioner" and rows[0]["version"] == body["version"]

    cli = ["recruitment", "vacancy-kind", "--org", org.code, "--vacancy", str(vacancy.pk)]
    seen = ["--version", str(type(vacancy).objects.get(pk=vacancy.pk).version)]
    assert main([*cli, "--as", viewer.email, "--role", "service_manager", *seen]) == 1
    assert main([*cli, "--as", hr.email, "--role", "service_manager", "--version", "1"]) == 1
    assert main([*cli, "--as", hr.email, "--role", "service_manager", *seen]) == 0
    out = capsys.readouterr().out
    assert "now service manager or head of service" in out and "Assessment centre" in out
    vacancy.refresh_from_db()
    assert vacancy.role == "service_manager"
    assert AuditEvent.objects.filter(action="recruitment.vacancy_kind_changed").count() == 3
    json.dumps(body)  # the answer is plain JSON
