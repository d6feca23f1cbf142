"""Backing up and restoring the whole database: ``pg_dump``/``pg_restore`` (custom format) on
PostgreSQL, the SQLite online backup API on SQLite.

Each function takes the Django database settings to work on (the default database unless told),
so a test or an operator can restore into a scratch database and compare it with the live one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

from thrive.core.errors import ThriveError

Progress = Callable[[str], None]
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
_SQLITE_PAGES_PER_STEP = 256


def _silent(message: str) -> None:
    return None


def _settings(database: dict[str, Any] | None) -> dict[str, Any]:
    return dict(database if database is not None else connections["default"].settings_dict)


def _is_sqlite(db: dict[str, Any]) -> bool:
    return "sqlite3" in db["ENGINE"]


def _is_memory(db: dict[str, Any]) -> bool:
    name = str(db["NAME"])
    return name == ":memory:" or name.startswith("file:memorydb") or "mode=memory" in name


@contextmanager
def _sqlite(db: dict[str, Any]) -> Iterator[sqlite3.Connection]:
    """A raw connection to an SQLite database; Django's own for an in-memory test database
    (a second connection would see a different, empty database)."""
    if _is_memory(db):
        django_conn = connections["default"]
        django_conn.ensure_connection()
        yield django_conn.connection
        return
    conn = sqlite3.connect(str(db["NAME"]), timeout=20)
    try:
        yield conn
    finally:
        conn.close()


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ThriveError(
            f"{name} is not installed on this machine; install the PostgreSQL client tools "
            "of the same major version as the server."
        )
    return path


def _pg_run(args: list[str], db: dict[str, Any]) -> None:
    done = subprocess.run(args, env=_pg_env(db), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ThriveError(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout}")


@contextmanager
def _pg(db: dict[str, Any]) -> Iterator[Any]:
    import psycopg

    conn = psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    )
    try:
        yield conn
    finally:
        conn.close()


# --- what a database holds ------------------------------------------------------------------


@dataclass(frozen=True)
class TableFingerprint:
    """A table's row count and a checksum of its rows that does not depend on their order."""

    rows: int
    checksum: str


def _fingerprint(rows: Iterator[tuple[Any, ...]]) -> TableFingerprint:
    digests = sorted(hashlib.sha256(repr(row).encode()).digest() for row in rows)
    total = hashlib.sha256()
    for digest in digests:
        total.update(digest)
    return TableFingerprint(rows=len(digests), checksum=total.hexdigest())


def database_fingerprints(*, database: dict[str, Any] | None = None) -> dict[str, TableFingerprint]:
    """Every table's row count and checksum, to compare a restored database with its source."""
    db = _settings(database)
    result: dict[str, TableFingerprint] = {}
    if _is_sqlite(db):
        with _sqlite(db) as conn:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            for table in tables:
                # quote() gives each value's SQL literal, the same whatever type converters the
                # connection has (Django's own connection parses dates and decimals; a raw one
                # does not).
                columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
                quoted = ", ".join(f'quote("{c}")' for c in columns)
                sql = f'SELECT {quoted} FROM "{table}"'  # noqa: S608 (names from the catalogue)
                result[table] = _fingerprint(conn.execute(sql))
        return result
    with _pg(db) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for table in tables:
            sql = f'SELECT t::text FROM "{table}" t'  # noqa: S608 (names from the catalogue)
            rows = conn.execute(sql)
            result[table] = _fingerprint(iter(rows))
    return result


def _any_row(table: str) -> str:
    return f'SELECT 1 FROM "{table}" LIMIT 1'  # noqa: S608 (names from the catalogue)


def tables_with_rows(*, database: dict[str, Any] | None = None) -> list[str]:
    """The tables that hold at least one row (an empty or missing database holds none)."""
    db = _settings(database)
    if _is_sqlite(db) and not _is_memory(db) and not Path(str(db["NAME"])).exists():
        return []
    if _is_sqlite(db):
        with _sqlite(db) as conn:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            return [t for t in tables if conn.execute(_any_row(t)).fetchone()]
    with _pg(db) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return [t for t in tables if conn.execute(_any_row(t)).fetchone()]


# --- backup and restore ---------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    bytes: int
    tables: int

    def summary(self) -> str:
        return (
            f"Backed up the {self.engine} database ({self.tables} tables) to {self.path} "
            f"({self.bytes / 1_048_576:.1f} MiB)."
        )


def _sqlite_progress(progress: Progress, verb: str) -> Callable[[int, int, int], None]:
    def report(status: int, remaining: int, total: int) -> None:
        if total:
            progress(f"{verb}: {100 * (total - remaining) // total}% of {total} pages")

    return report


def database_backup(
    *, out: Path, database: dict[str, Any] | None = None, progress: Progress = _silent
) -> BackupResult:
    """Write a consistent copy of the whole database to *out* while it stays in use."""
    db = _settings(database)
    out = Path(out)
    if out.parent and not out.parent.exists():
        raise ThriveError(f"The folder {out.parent} does not exist.")
    partial = out.with_name(out.name + ".partial")
    if _is_sqlite(db):
        engine = "SQLite"
        progress(f"Backing up the SQLite database {db['NAME']} with the online backup API")
        with _sqlite(db) as source:
            target = sqlite3.connect(str(partial))
            try:
                source.backup(
                    target,
                    pages=_SQLITE_PAGES_PER_STEP,
                    progress=_sqlite_progress(progress, "Backed up"),
                )
            finally:
                target.close()
    else:
        engine = "PostgreSQL"
        progress(f"Backing up the PostgreSQL database {db['NAME']} with pg_dump (custom format)")
        _pg_run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", db["NAME"]],
            db,
        )
    os.replace(partial, out)
    tables = _count_tables(db)
    return BackupResult(path=out, engine=engine, bytes=out.stat().st_size, tables=tables)


def _count_tables(db: dict[str, Any]) -> int:
    if _is_sqlite(db):
        with _sqlite(db) as conn:
            row = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"
            ).fetchone()
            return int(row[0])
    with _pg(db) as conn:
        row = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        return int(row[0]) if row else 0


def database_restore(
    *,
    source: Path,
    force: bool = False,
    database: dict[str, Any] | None = None,
    progress: Progress = _silent,
) -> str:
    """Replace the database with the backup in *source*. A database that holds data is
    overwritten only with *force*, so a restore aimed at the wrong place loses nothing."""
    db = _settings(database)
    source = Path(source)
    try:
        with source.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise ThriveError(f"Cannot read {source}: {exc.strerror}.") from exc
    sqlite_db = _is_sqlite(db)
    if sqlite_db and not head.startswith(SQLITE_MAGIC):
        raise ThriveError(
            f"{source} is not an SQLite backup; this deployment runs on SQLite "
            "(a PostgreSQL backup restores only into PostgreSQL)."
        )
    if not sqlite_db and not head.startswith(PGDUMP_MAGIC):
        raise ThriveError(
            f"{source} is not a pg_dump custom-format backup; this deployment runs on PostgreSQL."
        )
    occupied = tables_with_rows(database=db)
    if occupied and not force:
        more = f" and {len(occupied) - 5} more" if len(occupied) > 5 else ""
        shown = ", ".join(occupied[:5]) + more
        raise ThriveError(
            f"The database {db['NAME']} already holds data ({shown}). Restoring would replace "
            "all of it; run again with --force if that is what you mean."
        )
    if sqlite_db:
        progress(f"Restoring {source} into the SQLite database {db['NAME']}")
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            with _sqlite(db) as target:
                backup.backup(
                    target,
                    pages=_SQLITE_PAGES_PER_STEP,
                    progress=_sqlite_progress(progress, "Restored"),
                )
        finally:
            backup.close()
    else:
        progress(f"Restoring {source} into the PostgreSQL database {db['NAME']} with pg_restore")
        # --clean --if-exists also clears empty tables left by an earlier migrate, which would
        # otherwise make pg_restore stop at "already exists".
        args = [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={db['NAME']}",
        ]
        _pg_run([*args, str(source)], db)
    tables = _count_tables(db)
    return f"Restored {source} into {db['NAME']} ({tables} tables)."
