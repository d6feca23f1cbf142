"""The Ofsted workforce evidence pack for the known council (tests/data/known): a PDF with a
contents page and a page a section, and a workbook with a sheet a section, the council's own
commentary where it gave one; the page and its refusals."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.cli import main
from thrive.core.roles import Role
from thrive.jobs.models import Job
from thrive.jobs.worker import run_worker

pytestmark = pytest.mark.django_db


def test_the_pdf_has_a_contents_page_then_each_section_on_its_own_pages(known: Any) -> None:
    from datetime import date

    from thrive.intelligence.pack import ofsted_pack, pack_document

    pack = ofsted_pack(known, on=date(2025, 12, 1))
    ofsted_pack_sections = pack.sections
    doc = pack_document(pack)
    assert len(doc.pages) >= 14
    # The h1, with the contents and the sections under it: (label, (page, x, y), children, …).
    ((_, _, children, *_),) = doc.make_bookmark_tree()
    sections = [(b[0], b[1][0]) for b in children if b[0][0].isdigit()]
    assert [label for label, _ in sections] == [
        "1. The workforce: statutory measures over five years",
        "2. The statutory measures against the region, statistical neighbours and England",
        "3. Caseloads by team, against the council's cap",
        "4. Supervision: how often, and its quality",
        "5. Learning and continuing professional development",
        "6. The academy: newly qualified social workers and who stays",
        "7. Progression: plans, panels and decisions by level",
        "8. Retention: how long social workers stay, by where they came from",
        "9. Where leavers went and why",
        "10. Agency workers and the exit strategy",
        "11. What staff told us, and what changed",
        "12. Five years ahead: projections and scenarios",
        "13. What drives leaving here",
    ]
    pages = [page for _, page in sections]
    assert pages[0] >= 1 and pages == sorted(set(pages))  # after the contents, one each
    # The contents page names every section with the page it starts on (WeasyPrint's page
    # numbers, counted from 1), as the footer numbers them; read back from the PDF itself.
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(doc.write_pdf()))
    contents = " ".join(reader.pages[0].extract_text().split())
    for (label, page), title in zip(sections, [s.title for s in ofsted_pack_sections], strict=True):
        assert re.search(re.escape(title) + r"[ .]*" + str(page + 1) + r"\b", contents), label
    first = " ".join(reader.pages[pages[2]].extract_text().split())
    assert "3. Caseloads by team, against the council's cap" in first
    assert f"Page {pages[2] + 1} of {len(doc.pages)}" in first


def test_cli_writes_the_pdf_and_the_workbook(known: Any, capsys: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    commentary = tmp_path / "words.json"
    commentary.write_text(json.dumps({"retention": "Our academy keeps people."}))
    pdf = tmp_path / "pack.pdf"
    assert main(["report", "ofsted", "--org", known.code, "--on", "2025-12-01",
                 "--out", str(pdf), "--commentary", str(commentary)]) == 0  # fmt: skip
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "pack.xlsx"
    assert main(["report", "ofsted", "--org", known.code, "--on", "2025-12-01",
                 "--out", str(xlsx), "--commentary", str(commentary)]) == 0  # fmt: skip
    book = load_workbook(xlsx)
    assert book.sheetnames == [
        "Contents", "1 profile", "2 benchmarks", "3 caseloads", "4 supervision", "5 learning",
        "6 academy", "7 progression", "8 retention", "9 leavers", "10 agency", "11 engagement",
        "12 projection", "13 drivers",
    ]  # fmt: skip
    assert book["8 retention"]["A2"].value == "Our academy keeps people."
    assert len(book["2 benchmarks"]._charts) == 7  # a chart a measure compared
    assert book["3 caseloads"]["A3"].value == "Team"
    profile = book["1 profile"]
    assert profile.freeze_panes == "B4" and profile._charts
    # The known council's 2025 figures (worked by hand in its README): 1.5 FTE, turnover 53.3%.
    row_2025 = [c.value for c in profile[8]]
    assert row_2025[:3] == [2025, 1.5, 53.3]
    assert "1.5 FTE social workers in post; turnover was 53.3%" in profile["A2"].value


def test_bad_commentary_and_output_are_refused(known: Any, capsys: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"staffing": "x"}))
    out = str(tmp_path / "p.pdf")
    assert main(["report", "ofsted", "--org", known.code, "--on", "2025-12-01", "--out", out,
                 "--commentary", str(bad)]) == 1  # fmt: skip
    assert "(not staffing)" in capsys.readouterr().err
    assert main(["report", "ofsted", "--org", known.code, "--on", "2025-12-01",
                 "--out", str(tmp_path / "p.doc")]) == 1  # fmt: skip
    assert ".pdf or an .xlsx" in capsys.readouterr().err


def test_page_downloads_with_commentary_and_is_audited(client: Client, known: Any) -> None:
    from openpyxl import load_workbook

    from thrive.core.models import AuditEvent as Event

    url = reverse("intelligence:ofsted_pack", args=[known.code])
    client.force_login(make_user(known, Role.TEAM_MANAGER))
    assert client.get(url).status_code == 403  # a team's manager: not the whole council's pack
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    assert "your commentary" in client.get(url).content.decode()
    # The pack is made by a background job, never in the request: the page sends the person to
    # the job's page, and this pack's own words go with the job.
    # A GET never queues a job, whatever its query says: it writes nothing at all.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = (Job.objects.count(), Event.objects.count())
    with CaptureQueriesContext(connection) as queries:
        shown = client.get(url, {"format": "xlsx", "on": "2025-12-01", "c_profile": "Stable."})
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]  # the sign-in's own expiry, not a record
    ]
    assert writes == []
    assert shown.status_code == 200 and "Prepare the pack" in shown.content.decode()
    assert (Job.objects.count(), Event.objects.count()) == before
    # Queueing is the button's POST.
    response = client.post(url, {"format": "xlsx", "on": "2025-12-01", "c_profile": "Stable."})
    job = Job.objects.get(kind="ofsted_pack")
    assert response["Location"] == f"/o/{known.code}/jobs/{job.pk}/"
    assert job.params == {
        "on": "2025-12-01",
        "format": "xlsx",
        "commentary": {"profile": "Stable."},
    }
    assert Event.objects.filter(action="intelligence.pack_prepared").count() == 1
    assert run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.stage == "Finished"
    download = client.get(f"/o/{known.code}/jobs/{job.pk}/download/")
    book = load_workbook(BytesIO(download.content))
    assert book["1 profile"]["A2"].value == "Stable."
    # The commentary form's own buttons prepare the pack with the words typed, unsaved.
    posted = client.post(url, {"on": "2025-12-01", "format": "pdf", "c_agency": "Falling."})
    other = Job.objects.exclude(pk=job.pk).get()
    assert posted["Location"].endswith(f"/jobs/{other.pk}/")
    assert other.params["commentary"] == {"agency": "Falling."}
    # The page lists the packs prepared, with their status and a link to each job.
    page = client.get(url, {"format": "pdf"}).content.decode()
    assert Job.objects.count() == 2
    assert f"/o/{known.code}/jobs/{job.pk}/" in page and "finished" in page
    # A date the pack cannot look five census years back from is refused, saying why.
    refused = client.post(url, {"format": "pdf", "on": "1066-10-14"})
    assert refused.status_code == 400 and "from 2000 to" in refused.content.decode()
    assert Job.objects.count() == 2
