"""The drivers page, the team stability view (a manager sees their own teams), their Excel, and
the API for projections and drivers, on the known council."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.accounts.services import api_token_create
from thrive.core.roles import Role
from thrive.people.models import Team

pytestmark = pytest.mark.django_db


def _ask_and_run(client: Client, url: str) -> Any:
    from thrive.jobs.models import Job
    from thrive.jobs.worker import run_worker

    started = client.post(url)
    job = Job.objects.filter(kind="drivers_page").latest("pk")
    assert started["Location"].endswith(f"/jobs/{job.pk}/")
    assert client.post(url)["Location"] == started["Location"]  # pressed twice: one job
    assert run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == job.total == 1
    return job


def test_drivers_page_and_workbook(client: Client, known: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from openpyxl import load_workbook

    url = reverse("intelligence:drivers", args=[known.code])
    client.force_login(make_user(known, Role.PRACTITIONER))
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    team = Team.objects.filter(organisation=known).order_by("name").first()
    assert team is not None
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=team))
    # The page never fits the model itself: it asks a background job to, in a few queries.
    with CaptureQueriesContext(connection) as asked:
        first = client.get(url).content.decode()
    assert "Work out what drives leaving" in first and 'id="findings"' not in first
    assert len(asked) <= 14, [q["sql"] for q in asked]
    job = _ask_and_run(client, url)
    assert job.params["teams"] == str(team.pk)  # the manager's own team's stability
    with CaptureQueriesContext(connection) as shown:
        page = client.get(url).content.decode()
    assert len(shown) == len(asked)  # the kept result: no more queries than asking for it
    main = page.split("<main")[1]
    assert "not enough people to say" in main and 'id="stability-table"' in main
    # Only the manager's own team; the known council's teams have fewer than five in post.
    others = Team.objects.filter(organisation=known).exclude(pk=team.pk)
    assert team.name in main and not any(f">{t.name}<" in main for t in others)
    assert "fewer than 5" in main
    book = load_workbook(BytesIO(client.get(url, {"format": "xlsx"}).content))
    assert book.sheetnames == ["What drives leaving", "Team stability"]
    factors = book["What drives leaving"]
    assert factors.freeze_panes == "B3" and factors["A2"].font.bold
    assert factors.max_row >= 10  # title, header, eight factors
    # Another day is another model: asked for again, not the kept one.
    assert "Work out what drives leaving" in client.get(url, {"on": "2025-12-01"}).content.decode()


def test_the_kept_result_is_the_model_and_moves_with_the_data(client: Client, known: Any) -> None:
    """The page shows what the job kept (the same as fitting in process), for the council's
    data version: a write to the register asks for a new one."""
    from thrive.core.cache import data_version_bump
    from thrive.intelligence.drivers import drivers_for

    url = reverse("intelligence:drivers", args=[known.code])
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    job = _ask_and_run(client, url)
    assert job.params["teams"] == ""  # the whole council
    page = client.get(url).content.decode()
    fitted = drivers_for(known, on=date.fromisoformat(job.params["on"]))
    assert f"{fitted.people} permanent social workers" in page
    for finding in fitted.findings:
        assert finding.sentence().replace("'", "&#x27;") in page
    teams = Team.objects.filter(organisation=known)
    assert all(t.name in page for t in teams)
    data_version_bump(organisation_ids=[known.pk])
    assert 'id="findings"' not in client.get(url).content.decode()


def test_projection_and_drivers_api(client: Client, known: Any, other_org: Any) -> None:
    _, key = api_token_create(user=make_user(known, Role.SENIOR_LEADER), name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    base = f"/api/organisations/{known.code}"
    data = client.get(f"{base}/projection/?years=2&runs=500&seed=3&on=2025-12-01", **auth)
    assert data.status_code == 200
    body = data.json()
    again = client.get(f"{base}/projection/?years=2&runs=500&seed=3&on=2025-12-01", **auth)
    assert again.json() == body  # deterministic for a seed
    assert len(body["years"]) == 3
    first = body["years"][0]["inpost_fte"]
    assert first["p10"] == first["p50"] == first["p90"]  # year 0 is the register
    for row in body["years"]:
        band = row["inpost_fte"]
        assert band["p10"] <= band["p50"] <= band["p90"]
    refused = client.get(f"{base}/projection/?runs=20000", **auth)
    assert refused.status_code == 400 and "runs" in str(refused.json())
    assert client.get(f"{base}/projection/?scenario=Magic", **auth).status_code == 400
    other = client.get(f"/api/organisations/{other_org.code}/drivers/", **auth)
    assert other.status_code == 403


def test_drivers_api_asks_the_job_and_returns_the_kept_result(
    client: Client, known: Any, other_org: Any
) -> None:
    """The API never fits the model in the request: GET says it is not worked out yet (202,
    with how to ask), POST queues the page's job (once), and GET then returns what the job
    kept, with its date; the page for the same scope shows the same job's result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thrive.core.cache import data_version_bump
    from thrive.intelligence.drivers import drivers_for
    from thrive.jobs.models import Job
    from thrive.jobs.worker import run_worker

    leader = make_user(known, Role.SENIOR_LEADER)
    _, key = api_token_create(user=leader, name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    url = f"/api/organisations/{known.code}/drivers/?on=2025-12-01"
    with CaptureQueriesContext(connection) as asked:
        first = client.get(url, **auth)
    assert first.status_code == 202, first.content
    body = first.json()
    assert body["status"] == "not computed" and body["job"] is None
    assert "POST" in body["detail"] and "factors" not in body
    assert len(asked) <= 12, [q["sql"] for q in asked]  # nothing fitted in the request
    queued = client.post(url, **auth)
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    job = Job.objects.get(kind="drivers_page")
    assert queued.json()["job"] == job.pk and queued.json()["job_url"].endswith(f"/{job.pk}/")
    assert job.params["on"] == "2025-12-01" and job.params["teams"] == ""
    assert client.post(url, **auth).json()["job"] == job.pk  # sent twice: one job
    assert client.get(url, **auth).json()["status"] == "queued"
    assert run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    done = client.get(url, **auth)
    assert done.status_code == 200
    kept = done.json()
    assert kept["status"] == "ready" and kept["job"] == job.pk and kept["computed_at"]
    fitted = drivers_for(known, on=date(2025, 12, 1))
    assert kept["people"] == fitted.people and len(kept["factors"]) == 8
    assert [f["sentence"] for f in kept["factors"]] == [f.sentence() for f in fitted.findings]
    assert all(t["relative_leaving_rate"] is None for t in kept["teams"])
    # Asking again once it is worked out queues nothing: the kept result comes back.
    again = client.post(url, **auth)
    assert again.status_code == 200 and Job.objects.filter(kind="drivers_page").count() == 1
    # The page for the same scope and day shows the same job's result, without a new one.
    client.force_login(leader)
    page = client.get(reverse("intelligence:drivers", args=[known.code]), {"on": "2025-12-01"})
    assert 'id="findings"' in page.content.decode()
    # A write to the register makes the kept result out of date: asked for again.
    data_version_bump(organisation_ids=[known.pk])
    assert client.get(url, **auth).json()["status"] == "not computed"
    # A manager's token asks for their own teams' stability (a job of its own).
    team = Team.objects.filter(organisation=known).order_by("name").first()
    assert team is not None
    _, mkey = api_token_create(user=make_user(known, Role.TEAM_MANAGER, team=team), name="m")
    mine = client.post(url, HTTP_AUTHORIZATION=f"Token {mkey}")
    assert mine.status_code == 202
    assert Job.objects.get(pk=mine.json()["job"]).params["teams"] == str(team.pk)
    # Refusals: another council, a bad date.
    other = client.post(f"/api/organisations/{other_org.code}/drivers/", **auth)
    assert other.status_code == 403
    bad = client.get(f"/api/organisations/{known.code}/drivers/?on=soon", **auth)
    assert bad.status_code == 400
