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


# --- the staff, posts and absences imports: the same staging table and shared merge ------------

STAFF_HEADER = (
    "staff_id,first_name,last_name,profession,contract,team,fte,start_date,end_date,org_role,"
    "swe_number,leaving_reason,step_up_grad,line_manager_staff_id,agency_name,hourly_rate\n"
)


def staff(count: int, *, prefix: str = "W") -> bytes:
    lines = [
        f"{prefix}{i:04d},First{i},Last{i},social_worker,"
        f"{'agency' if i % 5 == 0 else 'permanent'},Team {i % 4},{'1' if i % 2 else '0.5'},"
        f"2020-0{1 + i % 9}-01,{'2025-03-31' if i % 7 == 0 else ''},5,SW{i},"
        f"{'1' if i % 7 == 0 else ''},{'yes' if i % 3 == 0 else ''},"
        f"{prefix}0000,{'Acme' if i % 5 == 0 else ''},{'31.50' if i % 5 == 0 else ''}"
        for i in range(count)
    ]
    lines[0] = lines[0].replace(f",{prefix}0000,", ",,")  # the first manages the rest
    return (STAFF_HEADER + "\n".join(lines)).encode()


POSTS_HEADER = "post_id,team,title,fte,social_work_post,funded_from,funded_to,holder_staff_id\n"


def posts(count: int, *, prefix: str = "W") -> bytes:
    lines = [
        f"P{i:04d},Team {i % 4},Social worker,1,yes,2024-04-01,,{prefix}{i:04d}"
        for i in range(count)
    ]
    return (POSTS_HEADER + "\n".join(lines)).encode()


def absences(count: int, *, prefix: str = "W") -> bytes:
    lines = [
        f"{prefix}{i:04d},SIC,2025-02-{1 + i % 20:02d},2025-02-{3 + i % 20:02d},2"
        for i in range(count)
    ]
    return ("staff_id,reason,start_date,end_date,working_days\n" + "\n".join(lines)).encode()


def load_kind(org: Any, kind: str, content: bytes) -> Any:
    return run_import(kind=kind, organisation=org, content=content, filename=f"{kind}.csv")


@pytest.mark.django_db
def test_register_imports_take_as_many_statements_for_700_rows_as_for_70(
    org: Any, other_org: Any
) -> None:
    from thrive.people.models import Absence, EmploymentSpell, Post, StaffMember

    for kind, make in (("staff", staff), ("posts", posts), ("absences", absences)):
        with CaptureQueriesContext(connection) as small:
            assert load_kind(org, kind, make(70)).ok
        with CaptureQueriesContext(connection) as large:
            assert load_kind(other_org, kind, make(700)).ok
        assert len(large.captured_queries) == len(small.captured_queries), kind
    assert StaffMember.objects.filter(organisation=other_org).count() == 700
    assert (
        EmploymentSpell.objects.filter(organisation=other_org, line_manager__isnull=False).count()
        == 699
    )
    assert Post.objects.filter(organisation=other_org, holder__isnull=False).count() == 700
    assert Absence.objects.filter(organisation=other_org).count() == 700
    agency = EmploymentSpell.objects.get(organisation=other_org, person__staff_id="W0005")
    assert (agency.agency_name, str(agency.hourly_rate), str(agency.fte)) == (
        "Acme",
        "31.50",
        "1.000000",
    )
    assert StaffMember.objects.get(organisation=other_org, staff_id="W0003").step_up_grad is True


@pytest.mark.django_db
def test_register_imports_unchanged_write_nothing_and_a_change_keeps_its_revision(
    org: Any,
) -> None:
    from thrive.people.models import EmploymentSpell, Post

    files = {"staff": staff(60), "posts": posts(60), "absences": absences(60)}
    for kind, content in files.items():
        assert load_kind(org, kind, content).ok
    revisions = RegisterRevision.objects.count()
    for kind, content in files.items():
        with CaptureQueriesContext(connection) as again:
            report = load_kind(org, kind, content)
        assert (report.new, report.changed, report.unchanged) == (0, 0, 60), kind
        writes = [
            sql
            for sql in register_writes(again.captured_queries)
            if "audit" not in sql and "importfingerprint" not in sql  # bookkeeping
        ]
        assert writes == [], kind
    assert RegisterRevision.objects.count() == revisions
    # A post's FTE and social-work flag change; a spell's rate and end.
    text = (
        files["posts"]
        .decode()
        .replace("P0007,Team 3,Social worker,1,yes,", "P0007,Team 3,Social worker,0.8,no,")
    )
    report = load_kind(org, "posts", text.encode())
    assert (report.new, report.changed, report.unchanged) == (0, 1, 59), report.summary()
    post = Post.objects.get(organisation=org, post_id="P0007")
    assert (str(post.fte), post.social_work_post, post.version) == ("0.800000", False, 2)
    revision = RegisterRevision.objects.get(kind="post", record_id=post.pk)
    assert revision.changed == ["fte", "social_work_post"]
    assert revision.before == {"fte": "1.000000", "social_work_post": True}
    assert revision.source == "import: posts.csv"
    text = files["staff"].decode().replace(",Acme,31.50", ",Acme,35.00", 1)
    text = text.replace(
        "W0001,First1,Last1,social_worker,permanent,Team 1,1,2020-02-01,,",
        "W0001,First1,Last1,social_worker,permanent,Team 1,1,2020-02-01,2026-01-31,",
    )
    text = text.replace("W0001,First1", "W0001,Firsty")
    report = load_kind(org, "staff", text.encode())
    assert report.problems == [
        "row 3, column leaving_reason: is required when there is an end_date"
    ]
    text = text.replace(",2026-01-31,5,SW1,,", ",2026-01-31,5,SW1,3,")
    report = load_kind(org, "staff", text.encode())
    assert (report.new, report.changed, report.unchanged) == (0, 2, 58), report.summary()
    spell = EmploymentSpell.objects.get(organisation=org, person__staff_id="W0001")
    assert RegisterRevision.objects.get(kind="spell", record_id=spell.pk).before == {
        "end_date": None,
        "leaving_reason": None,
    }
    rate = EmploymentSpell.objects.get(organisation=org, person__staff_id="W0000")
    assert RegisterRevision.objects.get(kind="spell", record_id=rate.pk).before == {
        "hourly_rate": "31.50"
    }
    person = RegisterRevision.objects.get(kind="person", record_id=spell.person_id)
    assert (person.changed, person.before) == (["first_name"], {"first_name": "First1"})


@pytest.mark.django_db
def test_staff_rules_checked_on_whole_columns_list_each_row_in_order(org: Any) -> None:
    lines = staff(12).decode().splitlines()
    lines[3] = lines[3].replace(",5,SW2,", ",,,")  # row 4: a social worker with no role or SWE
    lines[4] = lines[4].replace(",W0000,,", ",W0003,Acme,")  # row 5: manages self; not agency
    lines[6] = lines[6].replace(",W0000,", ",W9999,")  # row 7: unknown manager
    lines[8] = lines[6].replace(",W9999,", ",W0000,")  # row 9 repeats row 7's spell
    lines[1] = lines[1].replace(",2020-01-01,", ",2026-01-01,")  # row 2: ends before it starts
    report = load_kind(org, "staff", "\n".join(lines).encode())
    assert report.problems == [
        "row 9, column start_date: the same staff_id and start_date (one spell) repeats row 7",
        "row 2, column end_date: 2025-03-31 is before start_date 2026-01-01",
        "row 4, column org_role: is required for a social worker",
        "row 4, column swe_number: is required for a social worker",
        "row 5, column agency_name: is only for agency contracts",
        "row 5, column line_manager_staff_id: a person cannot manage themselves",
        "row 7, column line_manager_staff_id: 'W9999' is not a staff_id in this file or the "
        "register",
    ], report.problems
