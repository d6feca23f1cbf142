"""Background jobs: a register import run by the worker with its progress, result and problems;
scheduled jobs queued once a day; a job taken over when its worker stops beating."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_user
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.jobs.models import Job
from thrive.jobs.services import Progress, job_claim, job_enqueue
from thrive.jobs.worker import run_worker, schedule_due
from thrive.people.models import StaffMember

pytestmark = pytest.mark.django_db

HEADER = "staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,swe_number"


def staff_csv(n: int, *, bad_row: int | None = None) -> bytes:
    rows = [HEADER] + [
        f"J{i},First{i},Last{i},social_worker,permanent,Team {i % 4},"
        f"{'lots' if i == bad_row else '1'},2020-01-01,5,SW8{i:05d}"
        for i in range(n)
    ]
    return "\n".join(rows).encode()


def test_the_upload_page_runs_an_import_as_a_job_and_its_page_shows_the_result(
    client: Client, org: Any
) -> None:
    admin = make_user(org, Role.SYSTEM_ADMIN, email="admin@coventry.gov.uk")
    client.force_login(admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("staff.csv", staff_csv(30), content_type="text/csv")
    answer = client.post("/o/331/imports/", {"kind": "staff", "file": upload, "background": "1"})
    job = Job.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/o/331/jobs/{job.pk}/"
    assert not StaffMember.objects.exists()  # nothing in the request: the worker does it
    waiting = client.get(answer["Location"]).content.decode()
    assert 'data-thrive-refresh="2000"' in waiting and "Waiting to start" in waiting
    assert run_worker(exit_when_idle=True, schedule=False) == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.attempts == 1
    assert (job.done, job.total) == (30, 30)
    assert job.result["new"] == 30 and job.result["written"] is True
    assert StaffMember.objects.for_org(org).count() == 30
    assert job.payload is None  # the uploaded file is not kept once imported
    page = client.get(answer["Location"]).content.decode()
    assert "30 new, 0 changed, 0 unchanged" in page and "data-thrive-refresh" not in page
    assert "30 of 30 (100%)" in page
    listing = client.get("/o/331/jobs/").content.decode()
    assert "Import staff.csv (staff)" in listing and "Finished" in listing
    state = client.get(f"/o/331/jobs/{job.pk}/?format=json").json()
    assert state["status"] == "succeeded" and state["percent"] == 100


def test_a_file_with_a_problem_fails_the_job_and_writes_nothing(org: Any) -> None:
    job = job_enqueue(
        kind="register_import",
        title="Import",
        organisation=org,
        params={"kind": "staff", "filename": "staff.csv"},
        payload=staff_csv(12, bad_row=7),
    )
    run_worker(exit_when_idle=True, schedule=False)
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("Nothing was imported: 1 problem")
    assert job.result["problem_count"] == 1 and "fte" in job.result["problems"][0]
    assert "row 9" in job.result["problems"][0].lower()  # J7 is the file's ninth row
    assert not StaffMember.objects.exists()
    assert not AuditEvent.objects.filter(action="import.staff").exists()


def test_someone_without_imports_cannot_see_jobs(client: Client, org: Any) -> None:
    job = job_enqueue(kind="daily_reminders", title="Daily", organisation=org)
    client.force_login(make_user(org, Role.PRACTITIONER, email="p@coventry.gov.uk"))
    assert client.get("/o/331/jobs/").status_code == 403
    assert client.get(f"/o/331/jobs/{job.pk}/").status_code == 403


def test_the_daily_reminders_are_queued_once_a_day_after_their_time() -> None:
    london = ZoneInfo("Europe/London")
    early = datetime(2026, 12, 7, 6, 59, tzinfo=london)
    assert schedule_due(early) == []
    first = schedule_due(early + timedelta(minutes=1))
    again = schedule_due(early + timedelta(hours=5))
    assert [j.pk for j in first] == [j.pk for j in again]
    assert Job.objects.get().unique_key == "daily-reminders:2026-12-07"
    schedule_due(early + timedelta(days=1, minutes=1))
    assert Job.objects.count() == 2
    assert run_worker(exit_when_idle=True, schedule=False) == 2
    assert set(Job.objects.values_list("status", flat=True)) == {"succeeded"}


def test_a_job_whose_worker_stopped_beating_is_taken_over_once(settings: Any, org: Any) -> None:
    settings.THRIVE_JOB_STALE_SECONDS = 60
    job = job_enqueue(kind="daily_reminders", title="Daily", organisation=org)
    claimed = job_claim("server-a:1")
    assert claimed is not None and claimed.pk == job.pk and claimed.attempts == 1
    Progress(claimed)(5, 10, "Halfway")
    assert job_claim("server-b:2") is None  # still beating
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=61))
    taken = job_claim("server-b:2")
    assert taken is not None and taken.attempts == 2 and taken.worker == "server-b:2"
    assert job_claim("server-c:3") is None
    # The first worker, come back to life, can no longer write to the job.
    Progress(claimed, every=0)(9, 10, "Still going")
    job.refresh_from_db()
    assert (job.done, job.stage) == (5, "Halfway")
