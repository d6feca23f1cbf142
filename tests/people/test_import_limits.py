"""Import files that would exhaust the server are refused early, naming the limit, and nothing is
written; a file wrong in every row lists 100 problems and counts the rest."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import make_user
from tests.people import bombs
from thrive.core.errors import ThriveError
from thrive.core.roles import Role
from thrive.people.imports import run_import
from thrive.people.imports.reading import Limits, read_table
from thrive.people.models import EmploymentSpell, RegisterRevision, StaffMember

HEADER = "staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,swe_number"


def _nothing_written() -> bool:
    return StaffMember.objects.count() == EmploymentSpell.objects.count() == 0 and (
        RegisterRevision.objects.count() == 0
    )


def _refused(org: Any, content: bytes, filename: str) -> str:
    with pytest.raises(ThriveError) as refused:
        run_import(kind="staff", organisation=org, content=content, filename=filename)
    assert _nothing_written()
    return refused.value.message


def _upload(client: Client, org: Any, content: bytes, filename: str) -> str:
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    response = client.post(
        f"/o/{org.code}/imports/",
        {"kind": "staff", "file": SimpleUploadedFile(filename, content)},
    )
    assert response.status_code == 200
    assert _nothing_written()
    return str(response.content.decode())


def test_the_limits_are_settings(settings: Any) -> None:
    limits = Limits.from_settings()
    assert limits.rows == settings.THRIVE_IMPORT_MAX_ROWS == 50_000
    assert limits.columns == settings.THRIVE_IMPORT_MAX_COLUMNS == 60
    assert limits.cell_chars == 2000
    assert limits.unzipped_bytes == 60 * 1024 * 1024
    assert limits.zip_entries == 200


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_it_is_unpacked(client: Client, org: Any) -> None:
    bomb = bombs.zip_bomb_xlsx(unpacked_mb=70)
    assert len(bomb) < 200 * 1024  # small on disk
    message = _refused(org, bomb, "staff.xlsx")
    assert "unpacks to 70 MB; the limit is 60 MB unpacked" in message
    assert "the limit is 60 MB unpacked" in _upload(client, org, bomb, "staff.xlsx")


@pytest.mark.django_db
def test_a_row_bomb_is_refused_at_the_row_limit(client: Client, org: Any, settings: Any) -> None:
    settings.THRIVE_IMPORT_MAX_ROWS = 2_000
    bomb = bombs.row_flood_xlsx(200_000)
    assert len(bomb) < 64 * 1024
    message = _refused(org, bomb, "staff.xlsx")
    assert "more than 2,000 rows" in message and "the limit is 2,000 rows" in message
    assert "the limit is 2,000 rows of data in one file" in _upload(client, org, bomb, "staff.xlsx")


@pytest.mark.django_db
def test_a_csv_row_flood_is_refused_at_the_row_limit(org: Any, settings: Any) -> None:
    settings.THRIVE_IMPORT_MAX_ROWS = 500
    content = (HEADER + "\r\n" + "x,y\r\n" * 5_000).encode()
    assert "the limit is 500 rows" in _refused(org, content, "staff.csv")
    # Exactly at the limit the file is read (and its rows checked).
    at_limit = (HEADER + "\r\n" + "x,y\r\n" * 500).encode()
    report = run_import(kind="staff", organisation=org, content=at_limit, filename="ok.csv")
    assert report.problems and _nothing_written()


@pytest.mark.django_db
def test_the_50000_column_csv_is_one_short_message(client: Client, org: Any) -> None:
    flood = bombs.column_flood_csv(50_000)
    assert len(flood) > 400 * 1024
    message = _refused(org, flood, "staff.csv")
    assert message.startswith("Row 1 has 50,000 columns; the limit is 60 columns.")
    page = _upload(client, org, flood, "staff.csv")
    assert "the limit is 60 columns" in page
    assert len(page) < 50_000  # the page, not 19.8 MiB of problems


@pytest.mark.django_db
def test_a_workbook_with_too_many_columns_is_refused(org: Any) -> None:
    message = _refused(org, bombs.column_flood_xlsx(20_000), "staff.xlsx")
    assert "has 20,000 columns; the limit is 60 columns" in message


@pytest.mark.django_db
def test_a_workbook_claiming_16384_columns_is_read_by_its_real_cells(org: Any) -> None:
    table = read_table(bombs.claimed_width_xlsx(50), "staff.xlsx")
    assert table.headers == ["staff_id"] and len(table.rows) == 50


@pytest.mark.django_db
def test_a_workbook_of_too_many_parts_is_refused(org: Any) -> None:
    message = _refused(org, bombs.many_parts_xlsx(300), "staff.xlsx")
    assert "the limit is 200" in message and "parts" in message


@pytest.mark.django_db
def test_a_huge_cell_is_refused(org: Any) -> None:
    big = "x" * 2_001
    message = _refused(org, f"{HEADER}\r\n{big},a\r\n".encode(), "staff.csv")
    assert message == (
        "Row 2, column 1 holds 2,001 characters; the limit is 2,000 characters in one cell."
    )
    huge = "y" * 300_000  # beyond the CSV reader's own field limit
    assert "more than 2,000 characters" in _refused(
        org, f"{HEADER}\r\n{huge},a\r\n".encode(), "staff.csv"
    )


@pytest.mark.django_db
def test_trailing_empty_cells_are_not_columns(org: Any) -> None:
    content = (HEADER + "," * 500 + "\r\nB1" + "," * 500 + "\r\n").encode()
    table = read_table(content, "staff.csv")
    assert table.headers == HEADER.split(",")


@pytest.mark.django_db
def test_at_most_100_problems_are_listed_with_the_count_of_the_rest(
    client: Client, org: Any
) -> None:
    rows = "".join(
        f"S{n},A,B,not_a_profession,permanent,Team,1,2020-01-01,,\r\n" for n in range(300)
    )
    content = (HEADER + "\r\n" + rows).encode()
    report = run_import(kind="staff", organisation=org, content=content, filename="staff.csv")
    assert len(report.problems) == 100
    assert report.problem_count == 100 + report.problems_not_listed >= 300
    assert f"... and {report.problems_not_listed} more problem(s) not listed." in report.summary()
    page = _upload(client, org, content, "staff.csv")
    assert f"The file was not imported: {report.problem_count} problems" in page
    assert page.count("<li>row ") == 100
    assert f"there are {report.problems_not_listed} more" in page
