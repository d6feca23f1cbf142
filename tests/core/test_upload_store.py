"""Uploaded files live in a store every application server shares (issue 21): by default a
table in the database (django-dbfiles, through thrive.core.storage), or an S3-compatible bucket
chosen by THRIVE_STORAGE=s3. The two-server test (tests/deployment/test_two_servers.py) opens a
file through one server that was uploaded through the other."""

from __future__ import annotations

import runpy
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from dbfiles.models import DBFile
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from tests.cli.test_cli import run
from tests.learning.conftest import Org, council  # noqa: F401  (the fixture)
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.storage import DatabaseStorage
from thrive.learning.models import CpdRecord

SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings.py"
# A PDF's first bytes, then more than the upload check reads (it reads eight).
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def _settings_with(monkeypatch: Any, **env: str) -> dict[str, Any]:
    """config/settings.py as a server would read it with *env* set."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_the_database_store_is_the_default() -> None:
    assert isinstance(default_storage, DatabaseStorage)


def test_thrive_storage_s3_selects_the_bucket_backend(monkeypatch: Any) -> None:
    read = _settings_with(
        monkeypatch,
        THRIVE_STORAGE="s3",
        THRIVE_S3_BUCKET="coventry-thrive-uploads",
        THRIVE_S3_ENDPOINT_URL="https://objects.example.gov.uk",
    )
    default = read["STORAGES"]["default"]
    backend = import_string(default["BACKEND"])
    from storages.backends.s3 import S3Storage

    assert backend is S3Storage
    store = backend(**default["OPTIONS"])  # makes no network call until a file is used
    assert store.bucket_name == "coventry-thrive-uploads"
    assert store.endpoint_url == "https://objects.example.gov.uk"
    assert store.default_acl == "private" and store.querystring_auth and not store.file_overwrite


def test_a_store_misnamed_or_a_bucket_missing_stops_the_server(monkeypatch: Any) -> None:
    with pytest.raises(ImproperlyConfigured, match="THRIVE_S3_BUCKET"):
        _settings_with(monkeypatch, THRIVE_STORAGE="s3", THRIVE_S3_BUCKET="")
    with pytest.raises(ImproperlyConfigured, match="'disk': give one of database, s3"):
        _settings_with(monkeypatch, THRIVE_STORAGE="disk")


@pytest.mark.django_db
def test_cpd_evidence_uploaded_through_the_page_is_kept_whole_in_the_database(
    client: Client,
    council: Org,  # noqa: F811
) -> None:
    client.force_login(council.senior_user)
    upload = ContentFile(PDF, name="court-skills.pdf")
    response = client.post(
        reverse("learning:cpd_new", args=[council.org.code]),
        {
            "title": "Court skills",
            "cpd_type": "course",
            "on_0": (clock.today() - timedelta(days=3)).day,
            "on_1": (clock.today() - timedelta(days=3)).month,
            "on_2": (clock.today() - timedelta(days=3)).year,
            "hours": "3",
            "learned": "How to give evidence",
            "difference": "Clearer statements",
            "evidence": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    record = CpdRecord.objects.get(title="Court skills")
    # In the table, from its first byte (the type check read the start and put it back).
    row = DBFile.objects.get(name=record.evidence.name)
    assert bytes(row.content) == PDF and row.size == len(PDF)
    response = client.get(reverse("learning:cpd_evidence", args=[council.org.code, record.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert 'filename="court-skills' in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="learning.cpd_evidence_read").count() == 1


@pytest.mark.django_db
def test_a_name_with_no_file_is_file_not_found() -> None:
    with pytest.raises(FileNotFoundError, match="cpd/2026/gone.pdf"):
        default_storage.open("cpd/2026/gone.pdf")
    name = default_storage.save("cpd/2026/here.pdf", ContentFile(b"%PDF-1.4 x"))
    assert default_storage.exists(name) and default_storage.size(name) == 10
    default_storage.delete(name)
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_uploads_move_copies_the_disk_into_the_store_once(
    council: Org,  # noqa: F811
    tmp_path: Path,
    capsys: Any,
) -> None:
    (tmp_path / "cpd" / "2025").mkdir(parents=True)
    (tmp_path / "academy" / "2026").mkdir(parents=True)
    (tmp_path / "cpd" / "2025" / "notes.pdf").write_bytes(PDF)
    (tmp_path / "academy" / "2026" / "log.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"p" * 500)
    (tmp_path / ".DS_Store").write_bytes(b"junk")
    record = CpdRecord.objects.create(
        organisation=council.org,
        person=council.senior,
        cpd_type="reading",
        title="Reading",
        on=clock.today(),
        hours=2,
        evidence="cpd/2025/notes.pdf",
    )
    code, out, _ = run(["uploads", "move", "--from", str(tmp_path)], capsys)
    assert code == 0, out
    assert "2 files from" in out and "0 already there" in out
    assert "Every file a record names is in the store" in out
    assert sorted(DBFile.objects.values_list("name", flat=True)) == [
        "academy/2026/log.png",
        "cpd/2025/notes.pdf",
    ]
    record.refresh_from_db()
    with record.evidence.open("rb") as f:
        assert f.read() == PDF
    # Again: nothing copied twice.
    code, out, _ = run(["uploads", "move", "--from", str(tmp_path)], capsys)
    assert code == 0 and "0 files from" in out and "2 already there" in out
    assert DBFile.objects.count() == 2
    # A record naming a file nobody moved, and a file changed on disk since, are reported.
    CpdRecord.objects.filter(pk=record.pk).update(evidence="cpd/2024/lost.pdf")
    (tmp_path / "cpd" / "2025" / "notes.pdf").write_bytes(PDF + b"more")
    code, out, _ = run(["uploads", "move", "--from", str(tmp_path)], capsys)
    assert code == 1
    assert (
        f"Missing from the store: cpd/2024/lost.pdf (named by learning.CpdRecord {record.pk})"
        in out
    )
    assert "Not copied: cpd/2025/notes.pdf is in the store with a different size" in out
    assert bytes(DBFile.objects.get(name="cpd/2025/notes.pdf").content) == PDF


@pytest.mark.django_db
def test_uploads_move_names_a_folder_that_is_not_there(tmp_path: Path, capsys: Any) -> None:
    code, _, err = run(["uploads", "move", "--from", str(tmp_path / "nowhere")], capsys)
    assert code == 1 and "nowhere is not a folder" in err
