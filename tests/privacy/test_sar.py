"""Subject access export: everything about the person, nothing about anyone else, and logged."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.cli.test_cli import run
from tests.factories import make_user
from tests.supervision.conftest import Crew, crew  # noqa: F401 (fixture)
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.learning.services import cpd_save
from thrive.people.services import absence_record
from thrive.privacy.sar import sar_export
from thrive.supervision.services import record_save, session_book

pytestmark = pytest.mark.django_db


def read_zip(content: bytes) -> dict[str, Any]:
    files: dict[str, Any] = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".pdf"):
                pages = PdfReader(io.BytesIO(data)).pages
                files[name] = " ".join(" ".join(p.extract_text().split()) for p in pages)
                continue
            text = data.decode("utf-8-sig")
            files[name] = text if name.endswith(".txt") else list(csv.DictReader(io.StringIO(text)))
    return files


@pytest.fixture
def records(crew: Crew) -> Crew:  # noqa: F811
    boss = access_for(crew.manager_user, crew.org)
    for supervisee, wellbeing in ((crew.senior, "Sam sleeps badly"), (crew.asye, "Noor unwell")):
        session = session_book(
            access=boss,
            supervisor=crew.manager,
            supervisee=supervisee,
            starts_at=clock.now() - timedelta(days=2),
        )
        record_save(access=boss, session=session, minutes=60, wellbeing=wellbeing)
    for person, days in ((crew.senior, "3"), (crew.asye, "1")):
        absence_record(
            person=person,
            reason="SIC",
            start_date=date(2024, 2, 5),
            end_date=date(2024, 2, 7),
            working_days=Decimal(days),
        )
    cpd_save(
        person=crew.senior,
        user=crew.senior_user,
        cpd_type="reading",
        title="Reading on contextual safeguarding",
        on=clock.today() - timedelta(days=10),
        hours=Decimal("2.0"),
    )
    return crew


def test_the_export_holds_the_persons_records_and_not_anyone_elses(records: Crew) -> None:
    export = sar_export(organisation=records.org, staff_id="100003", actor=None)
    files = read_zip(export.content)

    assert "README.txt" in files
    assert "staff_record.csv — Your staff record in the register (1 records)" in files["README.txt"]
    assert [r["staff_id"] for r in files["staff_record.csv"]] == ["100003"]
    assert [r["working_days"] for r in files["absences.csv"]] == ["3"]
    sessions = files["supervision_as_supervisee.csv"]
    assert [r["wellbeing"] for r in sessions] == ["Sam sleeps badly"]
    assert [r["title"] for r in files["cpd.csv"]] == ["Reading on contextual safeguarding"]
    audit = files["audit_trail.csv"]
    assert any(r["action"] == "register.person_added" for r in audit)
    assert any(r["action"] == "learning.cpd_saved" for r in audit)
    everything = export.content + b"".join(str(v).encode() for v in files.values())
    assert b"Noor" not in everything
    assert b"Noor unwell" not in everything
    assert b"100002" not in everything
    assert export.filename.startswith("sar-331-100003-")


def test_the_pdf_holds_every_record_type_about_the_person(records: Crew) -> None:
    export = sar_export(organisation=records.org, staff_id="100003")
    files = read_zip(export.content)
    pdf = files["subject_access_request.pdf"]

    assert "Subject access request: Sam Test (staff ID 100003)" in pdf
    csvs = [name for name in files if name.endswith(".csv")]
    assert len(csvs) == 56  # 14 register, supervision and learning; 42 in the other areas
    for name in csvs:
        # Every file's section is in the PDF with the same number of records.
        assert f"Also in the ZIP as {name}" in pdf
        assert f"({len(files[name])} records)" in files["README.txt"]
    for value in (
        "Sam sleeps badly",
        "Reading on contextual safeguarding",
        "register.person_added",
    ):
        assert value in pdf
    assert "Noor" not in pdf and "100002" not in pdf


def test_a_supervisor_gets_their_own_parts_not_the_supervisees_record(records: Crew) -> None:
    files = read_zip(sar_export(organisation=records.org, staff_id="100001").content)

    given = files["supervision_as_supervisor.csv"]
    assert len(given) == 2
    assert "wellbeing" not in given[0]
    flat = str(files)
    assert "Sam sleeps badly" not in flat and "Noor unwell" not in flat


def test_the_export_is_written_to_the_audit_trail(records: Crew) -> None:
    hr = make_user(records.org, Role.HR_RECRUITMENT)
    export = sar_export(organisation=records.org, staff_id="100003", actor=hr)

    event = AuditEvent.objects.get(action="privacy.sar_export")
    assert event.user == hr
    assert event.object_id == str(records.senior.pk)
    assert event.detail["files"]["supervision_as_supervisee.csv"] == 1
    assert event.detail["files"] == export.counts


def test_an_unknown_or_other_councils_staff_id_is_refused(records: Crew, other_org: Any) -> None:
    with pytest.raises(ThriveError, match="no staff ID 999"):
        sar_export(organisation=records.org, staff_id="999")
    with pytest.raises(ThriveError, match="no staff ID 100003"):
        sar_export(organisation=other_org, staff_id="100003")
    assert not AuditEvent.objects.filter(action="privacy.sar_export").exists()


def test_cli_writes_the_zip_and_refuses_someone_without_the_capability(
    records: Crew, tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "sam.zip"
    argv = ["sar", "export", "--org", "331", "--staff-id", "100003", "--out", str(out)]

    code, stdout, stderr = run([*argv, "--as", records.senior_user.email], capsys)
    assert code == 1 and "not allowed" in stderr
    assert not out.exists()

    hr = make_user(records.org, Role.HR_RECRUITMENT)
    code, stdout, stderr = run([*argv, "--as", hr.email], capsys)
    assert code == 0, stderr
    assert "Subject access export for Sam Test (staff ID 100003)" in stdout
    assert "Sam sleeps badly" in str(read_zip(out.read_bytes()))
    assert AuditEvent.objects.filter(action="privacy.sar_export", user=hr).count() == 1


def sar_url(team: Crew) -> str:
    from django.urls import reverse

    return reverse("privacy:sar", args=[team.org.code])


def test_the_page_downloads_the_zip_and_logs_who_asked(records: Crew, client: Any) -> None:
    hr = make_user(records.org, Role.HR_RECRUITMENT)
    client.force_login(hr)
    page = client.get(sar_url(records))
    assert page.status_code == 200
    assert "Subject access request" in page.content.decode()

    response = client.post(sar_url(records), {"staff_id": " 100003 "})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="sar-331-100003-' in response["Content-Disposition"]
    files = read_zip(response.content)
    assert [r["staff_id"] for r in files["staff_record.csv"]] == ["100003"]
    event = AuditEvent.objects.get(action="privacy.sar_export")
    assert event.user == hr and event.ip_address == "127.0.0.1"


def test_the_page_says_when_the_staff_id_is_unknown(records: Crew, client: Any) -> None:
    client.force_login(make_user(records.org, Role.SYSTEM_ADMIN))
    response = client.post(sar_url(records), {"staff_id": "nobody"})
    assert response.status_code == 400
    assert "There is no staff ID nobody" in response.content.decode()
    assert not AuditEvent.objects.filter(action="privacy.sar_export").exists()


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.PRINCIPAL_SOCIAL_WORKER, Role.SENIOR_LEADER]
)
def test_people_without_the_capability_are_refused(records: Crew, client: Any, role: str) -> None:
    kw: dict[str, Any] = {"team": records.team} if role == Role.TEAM_MANAGER else {}
    client.force_login(make_user(records.org, role, **kw))
    assert client.get(sar_url(records)).status_code == 403
    assert client.post(sar_url(records), {"staff_id": "100003"}).status_code == 403
    assert not AuditEvent.objects.filter(action="privacy.sar_export").exists()
