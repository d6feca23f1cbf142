"""Files the import page cannot read get a clear message on the page, never a server error, and
nothing is written."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from tests.factories import make_user
from thrive.core.roles import Role
from thrive.people.models import EmploymentSpell, RegisterRevision, StaffMember

HEADER = "staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,swe_number"


def _xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_part(xlsx: bytes, part: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = content if item.filename == part else source.read(item.filename)
            target.writestr(item.filename, data)
    return out.getvalue()


def _xxe_workbook() -> bytes:
    good = _xlsx_bytes([HEADER.split(","), ["B1"]])
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return _replace_part(good, "xl/worksheets/sheet1.xml", sheet)


def _zip_of_text() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "not a workbook")
    return out.getvalue()


NOT_A_WORKBOOK = "not a readable Excel (.xlsx) workbook"
EMPTY = "The file is empty"
CASES = {
    "text named .xlsx": ("staff.xlsx", b"this is not a workbook at all", NOT_A_WORKBOOK),
    "truncated zip": ("staff.xlsx", b"PK\x03\x04" + b"\x00" * 40, NOT_A_WORKBOOK),
    "PK file named .csv": ("staff.csv", b"PK\x03\x04 and then some text", NOT_A_WORKBOOK),
    "zip that is not a workbook": ("staff.xlsx", _zip_of_text(), NOT_A_WORKBOOK),
    "XXE workbook": ("staff.xlsx", _xxe_workbook(), "XML entity or document type declarations"),
    "CSV of blank lines": ("staff.csv", b"\n\n\n\n", EMPTY),
    "CSV of blank cells": ("staff.csv", b",,,\r\n,,,\r\n , ,\r\n", EMPTY),
    "empty file": ("staff.csv", b"", "file is empty"),
    "binary noise": ("staff.csv", bytes(range(256)) * 4, "problem"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_unreadable_upload_is_a_clear_message(client: Client, org: Any, case: str) -> None:
    name, content, message = CASES[case]
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    response = client.post(
        f"/o/{org.code}/imports/",
        {"kind": "staff", "file": SimpleUploadedFile(name, content)},
    )
    page = response.content.decode()
    assert response.status_code == 200, page[:500]
    assert "There is a problem" in page or "The file was not imported" in page
    assert message in page
    assert "root:" not in page  # the XXE entity was never expanded
    assert StaffMember.objects.count() == EmploymentSpell.objects.count() == 0
    assert RegisterRevision.objects.count() == 0
