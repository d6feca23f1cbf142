"""The allocations import's set-based path: a staging table (COPY on PostgreSQL) merged in a few
statements, whatever the number of rows; an unchanged file writes nothing; a changed row keeps its
revision; problems found a column at a time still name their row and column.

Run on SQLite and, with DATABASE_URL, on PostgreSQL (where the staging table is filled by COPY).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_staff
from thrive.caseloads.models import Allocation, ChildStatus, Family, FamilyMember
from thrive.people.imports import run_import
from thrive.people.models import RegisterRevision

HEADER = "child_id,family_id,staff_id,case_type,start_date,end_date,child_first_name\n"
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def allocations(count: int, *, end: str = "", name: str = "") -> bytes:
    lines = [
        f"C{i:04d},F{i // 2:04d},S{i % 3},{'cin' if i % 2 else 'cp'},2025-01-{1 + i % 28:02d},"
        f"{end},{name}"
        for i in range(count)
    ]
    return (HEADER + "\n".join(lines)).encode()


def load(org: Any, content: bytes) -> Any:
    return run_import(kind="allocations", organisation=org, content=content, filename="a.csv")


@pytest.fixture
def council(org: Any) -> Any:
    for i in range(3):
        make_staff(org, staff_id=f"S{i}")
    return org


def register_writes(queries: list[dict[str, str]]) -> list[str]:
    """Statements that wrote to a table other than the import's own temporary ones."""
    return [
        q["sql"]
        for q in queries
        if WRITE.match(q["sql"]) and not re.search(r"thrive_stage_\w+ \(", q["sql"][:80])
    ]


def test_the_number_of_statements_does_not_grow_with_the_rows(council: Any, other_org: Any) -> None:
    for i in range(3):
        make_staff(other_org, staff_id=f"S{i}")
    with CaptureQueriesContext(connection) as small:
        assert load(council, allocations(70)).ok
    with CaptureQueriesContext(connection) as large:
        assert load(other_org, allocations(700)).ok
    assert len(large.captured_queries) == len(small.captured_queries)
    assert Allocation.objects.filter(organisation=other_org).count() == 700
    # The families sync went with it, in the same statements.
    assert Family.objects.filter(organisation=other_org).count() == 350
    assert FamilyMember.objects.filter(organisation=other_org, is_child=True).count() == 700
    assert ChildStatus.objects.filter(organisation=other_org).count() == 700


def test_an_unchanged_file_writes_nothing(council: Any) -> None:
    content = allocations(120)
    assert load(council, content).ok
    stamps = list(Allocation.objects.order_by("pk").values_list("updated_at", "version"))
    children = list(FamilyMember.objects.order_by("pk").values_list("updated_at", "version"))
    revisions = RegisterRevision.objects.count()
    with CaptureQueriesContext(connection) as again:
        report = load(council, content)
    assert (report.new, report.changed, report.unchanged) == (0, 0, 120)
    writes = [sql for sql in register_writes(again.captured_queries) if "audit" not in sql]
    assert writes == []
    assert list(Allocation.objects.order_by("pk").values_list("updated_at", "version")) == stamps
    assert list(FamilyMember.objects.order_by("pk").values_list("updated_at", "version")) == (
        children
    )
    assert RegisterRevision.objects.count() == revisions


def test_a_changed_allocation_keeps_its_revision_set_based(council: Any) -> None:
    assert load(council, allocations(80)).ok
    text = allocations(80).decode()
    text = text.replace(
        "C0005,F0002,S2,cin,2025-01-06,,", "C0005,F0002,S2,cp,2025-01-06,2025-06-30,"
    )
    report = load(council, text.encode())
    assert (report.new, report.changed, report.unchanged) == (0, 1, 79), report.summary()
    changed = Allocation.objects.get(child_id="C0005")
    assert (changed.case_type, str(changed.end_date), changed.version) == ("cp", "2025-06-30", 2)
    revision = RegisterRevision.objects.get(kind="allocation", record_id=changed.pk)
    assert revision.changed == ["case_type", "end_date"]
    assert revision.before == {"case_type": "cin", "end_date": None}
    assert revision.source == "import: a.csv"


def test_problems_found_a_column_at_a_time_name_their_row_and_column(council: Any) -> None:
    lines = allocations(100).decode().splitlines()
    # lines[k] is spreadsheet row k + 1 (the header is row 1).
    lines[30] = lines[30].replace("2025-01-02", "2025-13-02")  # row 31
    lines[70] = lines[70].replace(",cin,", ",adopted,")  # row 71
    lines[71] = lines[71].replace("S1", "S9")  # row 72
    lines[90] = lines[90].replace("C0089", "C" + "9" * 70)  # row 91
    lines[95] = lines[95] + ",extra"  # row 96
    lines[99] = lines[99].replace(",2025-01-15,", ",15/01/2025,")  # row 100: the UK form is fine
    report = load(council, "\n".join(lines).encode())
    assert report.problems == [
        "row 31, column start_date: '2025-13-02' is not a real date",
        "row 71, column case_type: 'adopted' is not a case type; use one of: early_help, cin, "
        "cp, cla, care_leaver, other",
        "row 91, column child_id: is longer than 64 characters",
        "row 96, column (beyond the last header): has values but no column name",
    ], report.problems
    assert Allocation.objects.count() == 0
    lines[30] = lines[30].replace("2025-13-02", "2025-12-02")
    lines[70] = lines[70].replace(",adopted,", ",cin,")
    lines[90] = lines[90].replace("C" + "9" * 70, "C0089")
    lines[95] = lines[95].removesuffix(",extra")
    report = load(council, "\n".join(lines).encode())
    assert report.problems == [
        "row 72, column staff_id: 'S9' is not in the register (import staff first)"
    ]
    lines[71] = lines[71].replace("S9", "S1")
    lines[40] = lines[10]  # row 41 repeats row 11
    report = load(council, "\n".join(lines).encode())
    assert report.problems == [
        "row 41, column start_date: the same child_id, staff_id and start_date repeats row 11"
    ]
    lines[40] = lines[40].replace(",2025-01-10,,", ",2025-01-10,2025-01-01,")
    assert load(council, "\n".join(lines).encode()).problems == [
        "row 41, column start_date: the same child_id, staff_id and start_date repeats row 11",
        "row 41, column end_date: 2025-01-01 is before start_date 2025-01-10",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_on_postgresql_the_rows_arrive_by_copy(council: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert load(council, allocations(300)).ok
    statements = [q["sql"] for q in queries.captured_queries]
    # No row-by-row or batched VALUES: the staging table is filled by COPY (not a logged query).
    assert not any("VALUES" in sql and "thrive_stage" in sql for sql in statements)
    assert any(sql.startswith("ANALYZE thrive_stage_allocation") for sql in statements)
    assert Allocation.objects.count() == 300
