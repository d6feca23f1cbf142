"""Backup and restore round trip on the database the tests run on: SQLite by default, PostgreSQL
when DATABASE_URL points there (restored into a scratch database made and dropped here)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.cli.test_cli import run
from tests.factories import make_org, make_staff, make_team, make_user
from thrive.core.errors import ThriveError
from thrive.people.services import absence_record
from thrive.privacy.backup import database_backup, database_fingerprints, database_restore

pytestmark = pytest.mark.django_db(transaction=True)


def _some_data() -> None:
    org = make_org("331", "Coventry")
    team = make_team(org)
    make_user(org, "team_manager", team=team)
    person = make_staff(
        org,
        staff_id="E100",
        first_name="Ada",
        last_name="Okafor",
        team=team,
        start_date=date(2020, 1, 6),
        swe_number="SW123456",
        org_role=1,
    )
    absence_record(
        person=person,
        reason="SIC",
        start_date=date(2021, 3, 1),
        end_date=date(2021, 3, 2),
        working_days=Decimal("2"),
    )


@pytest.fixture
def scratch_database(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """An empty database of the same engine as the test database, removed afterwards."""
    live = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        yield {**live, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    import psycopg

    name = f"thrive_privacy_rt_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = psycopg.connect(
        dbname="postgres",
        host=live.get("HOST") or None,
        port=live.get("PORT") or None,
        user=live.get("USER") or None,
        password=live.get("PASSWORD") or None,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**live, "NAME": name}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_round_trip_restores_every_table_row_for_row(
    tmp_path: Path, scratch_database: dict[str, Any]
) -> None:
    _some_data()
    messages: list[str] = []
    out = tmp_path / "thrive.backup"

    result = database_backup(out=out, progress=messages.append)
    database_restore(source=out, database=scratch_database)

    before = database_fingerprints()
    after = database_fingerprints(database=scratch_database)
    assert before.keys() == after.keys()
    assert {t: f.rows for t, f in after.items()} == {t: f.rows for t, f in before.items()}
    assert after == before
    assert before["people_staffmember"].rows == 1
    assert before["people_absence"].rows == 1
    assert result.tables == len(before)
    assert out.stat().st_size == result.bytes > 0
    assert messages and "Backing up" in messages[0]


def test_restore_refuses_a_database_that_holds_data_unless_forced(
    tmp_path: Path, scratch_database: dict[str, Any]
) -> None:
    _some_data()
    out = tmp_path / "thrive.backup"
    database_backup(out=out)
    database_restore(source=out, database=scratch_database)

    with pytest.raises(ThriveError, match="already holds data.*--force"):
        database_restore(source=out, database=scratch_database)

    database_restore(source=out, database=scratch_database, force=True)
    assert database_fingerprints(database=scratch_database) == database_fingerprints()


def test_backup_wipe_restore_on_the_live_sqlite_database(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL the round trip restores into a scratch database")
    _some_data()
    before = database_fingerprints()
    out = tmp_path / "thrive.backup"
    database_backup(out=out)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_absence")
    assert database_fingerprints() != before

    database_restore(source=out, force=True)

    assert database_fingerprints() == before


def test_restore_refuses_a_file_that_is_not_a_backup(
    tmp_path: Path, scratch_database: dict[str, Any]
) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    with pytest.raises(ThriveError, match="is not"):
        database_restore(source=bogus, database=scratch_database)
    with pytest.raises(ThriveError, match="Cannot read"):
        database_restore(source=tmp_path / "missing", database=scratch_database)


def test_cli_backup_reports_progress_and_restore_refuses_without_force(
    tmp_path: Path, capsys: Any
) -> None:
    _some_data()
    out = tmp_path / "cli.backup"

    code, stdout, stderr = run(["backup", "--out", str(out)], capsys)
    assert code == 0, stderr
    assert "Backing up" in stderr
    assert "Backed up the" in stdout and str(out) in stdout
    assert out.exists()

    code, stdout, stderr = run(["restore", str(out)], capsys)
    assert code == 1
    assert "already holds data" in stderr and "--force" in stderr
