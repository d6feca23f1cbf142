"""The evidence pack's API: POST starts the pack's background job (as the page's button does,
recorded the same way), GET follows it, and its file is the real PDF or workbook, downloaded and
audited as the job page's download is; refused as the page refuses."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_user
from thrive.accounts.services import api_token_create
from thrive.core.roles import Role
from thrive.jobs.models import Job
from thrive.jobs.worker import run_worker

pytestmark = pytest.mark.django_db


def _auth(org: Any, role: str) -> dict[str, Any]:
    _, key = api_token_create(user=make_user(org, role), name="t")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_start_follow_and_download_the_pdf_and_the_workbook(client: Client, known: Any) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from thrive.core.models import AuditEvent

    auth = _auth(known, Role.SENIOR_LEADER)
    base = f"/api/organisations/{known.code}/ofsted-pack/"
    started = client.post(
        base,
        {"format": "pdf", "on": "2025-12-01", "commentary": {"caseloads": "Caps held."}},
        content_type="application/json",
        **auth,
    )
    assert started.status_code == 202, started.content
    body = started.json()
    job = Job.objects.get(kind="ofsted_pack")
    assert (body["id"], body["status"], body["format"], body["on"]) == (
        job.pk,
        "queued",
        "pdf",
        "2025-12-01",
    )
    assert job.params == {
        "on": "2025-12-01",
        "format": "pdf",
        "commentary": {"caseloads": "Caps held."},
    }
    assert body["file_url"] is None and body["url"].endswith(f"{base}{job.pk}/")
    assert AuditEvent.objects.filter(action="intelligence.pack_prepared").count() == 1
    # Sent again while it waits: the same job.
    again = client.post(
        base,
        {"format": "pdf", "on": "2025-12-01", "commentary": {"caseloads": "Caps held."}},
        content_type="application/json",
        **auth,
    )
    assert again.json()["id"] == job.pk and Job.objects.count() == 1
    # Not made yet: the file is a 409 saying so.
    early = client.get(f"{base}{job.pk}/file/", **auth)
    assert early.status_code == 409 and "not ready" in early.json()["detail"]

    assert run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    status = client.get(f"{base}{job.pk}/", **auth).json()
    assert status["status"] == "succeeded" and status["file_name"].endswith(".pdf")
    pdf = client.get(status["file_url"], **auth)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(pdf.content))
    contents = " ".join(reader.pages[0].extract_text().split())
    assert "Caseloads by team, against the council's cap" in contents
    assert "Progression: plans, panels and decisions by level" in contents
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Caps held." in text
    downloaded = AuditEvent.objects.filter(action="jobs.downloaded")
    assert downloaded.count() == 1 and "through the API" in downloaded.get().summary

    made = client.post(base, {"format": "xlsx"}, content_type="application/json", **auth)
    assert made.status_code == 202 and made.json()["on"]  # today, by default
    assert run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    xlsx = client.get(f"{base}{made.json()['id']}/file/", **auth)
    assert xlsx.status_code == 200
    book = load_workbook(BytesIO(xlsx.content))
    assert "3 caseloads" in book.sheetnames and "7 progression" in book.sheetnames
    listed = client.get(base, **auth).json()
    assert [p["id"] for p in listed] == [made.json()["id"], job.pk]


def test_refused_as_the_page_is(client: Client, known: Any, other_org: Any) -> None:
    base = f"/api/organisations/{known.code}/ofsted-pack/"
    leader = _auth(known, Role.SENIOR_LEADER)
    # A team's manager may not have the whole council's pack: 403, nothing queued.
    manager = _auth(known, Role.TEAM_MANAGER)
    assert (
        client.post(base, {"format": "pdf"}, content_type="application/json", **manager).status_code
        == 403
    )
    assert client.get(base, **manager).status_code == 403
    # Another council's pack: 403 to a stranger; another council's job number: 404.
    assert (
        client.get(f"/api/organisations/{other_org.code}/ofsted-pack/", **leader).status_code == 403
    )
    theirs = Job.objects.create(kind="ofsted_pack", title="x", organisation=other_org, params={})
    assert client.get(f"{base}{theirs.pk}/", **leader).status_code == 404
    assert client.get(f"{base}{theirs.pk}/file/", **leader).status_code == 404
    # A job of another kind in this council is not a pack.
    export = Job.objects.create(kind="register_export", title="x", organisation=known, params={})
    assert client.get(f"{base}{export.pk}/file/", **leader).status_code == 404
    # Bad input: each problem named, nothing queued.
    bad = client.post(
        base,
        {"format": "docx", "on": "1 Dec", "commentary": {"staffing": "x"}},
        content_type="application/json",
        **leader,
    ).json()
    assert set(bad) == {"format", "on", "commentary"}
    assert "staffing" in str(bad) and "caseloads" in str(bad)
    too_early = client.post(
        base, {"format": "pdf", "on": "1066-10-14"}, content_type="application/json", **leader
    )
    assert too_early.status_code == 400 and "from 2000" in str(too_early.json()["on"])
    assert not Job.objects.filter(organisation=known, kind="ofsted_pack").exists()
    assert client.get(base).status_code in (401, 403)  # no token
