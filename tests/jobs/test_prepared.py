"""Jobs that make a file: "prepare in the background" from a page (one job however often
pressed), its progress page, the download (audited, only for those allowed the work), and
`thrive jobs run KIND` on a terminal."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.factories import make_user
from thrive.cli import main
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.jobs.models import Job
from thrive.jobs.worker import run_worker

pytestmark = pytest.mark.django_db


def test_the_register_export_is_prepared_in_the_background_and_downloaded(known: Any) -> None:
    hr = Client()
    hr.force_login(make_user(known, Role.HR_RECRUITMENT, email="hr@coventry.gov.uk"))
    assert "Export the register (Excel)" in hr.get("/o/331/jobs/").content.decode()
    start = {"kind": "register_export", "format": "xlsx"}
    first = hr.post("/o/331/jobs/start/", start)
    again = hr.post("/o/331/jobs/start/", start)  # pressed twice: one job
    assert first["Location"] == again["Location"] and Job.objects.count() == 1
    job = Job.objects.get()
    assert job.params == {"format": "xlsx"} and job.status == "queued"
    assert run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    page = hr.get(first["Location"]).content.decode()
    assert "Download register_331_" in page
    download = hr.get(f"/o/331/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="register_331_')
    rows = list(load_workbook(BytesIO(download.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 7  # a header and the known register's seven rows
    assert AuditEvent.objects.filter(action="jobs.downloaded").count() == 1
    # Someone without the register's edit rights neither starts nor downloads it.
    practitioner = Client()
    practitioner.force_login(make_user(known, Role.PRACTITIONER))
    assert practitioner.get(f"/o/331/jobs/{job.pk}/download/").status_code == 403
    assert practitioner.post("/o/331/jobs/start/", start).status_code == 403
    assert practitioner.post("/o/331/jobs/start/", {"kind": "nope"}).status_code == 404


def test_thrive_jobs_run_writes_the_census_return_and_refuses_bad_options(
    known: Any, tmp_path: Any, capsys: Any
) -> None:
    out = tmp_path / "census.xml"
    args = ["jobs", "run", "census_export", "--org", "331", "--param", "year=2025"]
    assert main([*args, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"<?xml")
    job = Job.objects.get(kind="census_export")
    assert job.status == "succeeded" and job.result["workers"] > 0
    assert job.output_name == "CSWW_331_2025.xml"  # and it is on the council's jobs page
    assert main(["jobs", "run", "census_export", "--org", "331", "--param", "colour=red"]) == 1
    assert "census_export takes year, allow_errors; not 'colour'" in capsys.readouterr().err


def test_a_managers_projection_runs_in_the_background_for_their_teams_only(known: Any) -> None:
    """A team manager's projection is a background job with a step per scenario; its teams come
    from their scope, not the form, and only those who see every one of them see the job."""
    import json

    from tests.factories import make_team
    from thrive.people.models import Team

    team = Team.objects.filter(organisation=known).order_by("name").first()
    assert team is not None
    manager = Client()
    manager.force_login(make_user(known, Role.TEAM_MANAGER, team=team))
    page = manager.get(f"/o/{known.code}/workforce/projection/").content.decode()
    assert "Work out the projection" in page and "of your teams" in page
    start = {"kind": "projection", "years": "2", "runs": "200", "seed": "3", "teams": "999"}
    response = manager.post(f"/o/{known.code}/jobs/start/", start)
    job = Job.objects.get(kind="projection")
    assert response["Location"] == f"/o/{known.code}/jobs/{job.pk}/"
    assert job.params == {"years": "2", "runs": "200", "seed": "3", "teams": str(team.pk)}
    assert run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == job.total == job.result["scenarios"] >= 4
    assert job.result["teams"] == 1 and job.output_name.startswith("projection_teams_")
    data = json.loads(bytes(manager.get(f"/o/{known.code}/jobs/{job.pk}/download/").content))
    assert data["teams"] == [team.pk] and data["scenario"]["name"] == "As now"
    assert [s["scenario"]["name"] for s in data["scenarios"]][:2] == [
        "As now",
        "Academy intake +10 a year",
    ]
    # Another team's manager neither sees its progress nor downloads it; a leader does.
    other = Client()
    other.force_login(make_user(known, Role.TEAM_MANAGER, team=make_team(known, "Elsewhere")))
    assert other.get(f"/o/{known.code}/jobs/{job.pk}/").status_code == 403
    assert other.get(f"/o/{known.code}/jobs/{job.pk}/download/").status_code == 403
    leader = Client()
    leader.force_login(make_user(known, Role.SENIOR_LEADER))
    assert leader.get(f"/o/{known.code}/jobs/{job.pk}/?format=json").json()["status"] == (
        "succeeded"
    )
