"""A file imported again, the same day, with nothing written since, is known by its digest and
not read: every record unchanged, nothing written but the audit entry. Anything else (a changed
byte, a write in between, another day, another option) reads the file as before.

Run on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.people.test_import_staging import (
    POSTS_HEADER,
    allocations,
    council,
    load,
    load_kind,
    staff,
)
from thrive.core.models import AuditEvent
from thrive.people.models import ImportFingerprint

__all__ = ["council"]


def staged(queries: list[dict[str, str]]) -> bool:
    """Whether the import read its file into a staging table (the full path)."""
    return any("thrive_stage_" in q["sql"] for q in queries)


@pytest.mark.django_db
def test_the_same_file_again_is_known_without_reading_it(council: Any) -> None:
    content = allocations(40)
    first = load(council, content)
    assert (first.new, first.changed, first.unchanged) == (40, 0, 0)
    with CaptureQueriesContext(connection) as again:
        report = load(council, content)
    assert not staged(again.captured_queries)
    assert len(again.captured_queries) <= 8
    assert report.ok and report.written
    assert (report.rows, report.new, report.changed, report.unchanged) == (40, 0, 0, 40)
    assert "nothing has been written to the register since" in report.summary()
    events = AuditEvent.objects.filter(action="import.allocations", organisation=council)
    assert [e.summary for e in events.order_by("id")][-1] == "a.csv: 0 new, 0 changed, 40 unchanged"
    # A dry run of it answers the same and writes nothing.
    dry = run_dry(council, content)
    assert (dry.dry_run, dry.written, dry.unchanged) == (True, False, 40)


def run_dry(org: Any, content: bytes) -> Any:
    from thrive.people.imports import run_import

    return run_import(
        kind="allocations", organisation=org, content=content, filename="a.csv", dry_run=True
    )


@pytest.mark.django_db
def test_a_changed_byte_a_write_since_or_another_day_reads_the_file(
    council: Any, frozen_clock: Any, today: Any
) -> None:
    content = allocations(40)
    load(council, content)
    changed = content.replace(b"C0003,F0001,S0,cin", b"C0003,F0001,S0,cp")
    with CaptureQueriesContext(connection) as read:
        report = load(council, changed)
    assert staged(read.captured_queries)
    assert (report.new, report.changed, report.unchanged) == (0, 1, 39)
    # Written since: the register's posts (any audited write to the council's data).
    assert load_kind(
        council, "posts", POSTS_HEADER.encode() + b"P9000,Team 1,Social worker,1,yes,2024-04-01,,"
    ).ok
    with CaptureQueriesContext(connection) as read:
        report = load(council, changed)
    assert staged(read.captured_queries)
    assert (report.new, report.changed, report.unchanged) == (0, 0, 40)
    # Now known; the next day it is read again (a check may depend on the day).
    with CaptureQueriesContext(connection) as again:
        assert load(council, changed).unchanged == 40
    assert not staged(again.captured_queries)
    frozen_clock.move_to(today + timedelta(days=1))
    with CaptureQueriesContext(connection) as read:
        assert load(council, changed).unchanged == 40
    assert staged(read.captured_queries)


@pytest.mark.django_db
def test_a_refused_file_keeps_no_fingerprint_and_each_kind_has_its_own(council: Any) -> None:
    bad = allocations(5).replace(b"2025-01-04", b"2025-13-04")
    assert not load(council, bad).ok
    assert not load(council, bad).ok  # still read, still refused
    assert not ImportFingerprint.objects.filter(organisation=council).exists()
    assert load_kind(council, "staff", staff(6)).ok
    assert load(council, allocations(3)).ok
    kinds = ImportFingerprint.objects.filter(organisation=council).values_list("kind", flat=True)
    assert sorted(kinds) == ["allocations", "staff"]
