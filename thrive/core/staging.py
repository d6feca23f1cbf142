"""Set-based bulk writes: rows loaded into a temporary staging table, then merged by SQL.

On PostgreSQL the rows go in with ``COPY`` (psycopg 3's ``cursor.copy``) and the table is
analysed so the merge gets a hash join; on SQLite with ``executemany`` in large batches. The merge
statements are then the same on both databases except for the few words in :class:`Dialect`.
Used by the imports (``thrive/people/imports``) and the families sync (``thrive/caseloads``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone

SQLITE_BATCH = 20_000
# The most values one ``IN (...)`` list sends: SQLite refuses a statement with more parameters
# than its limit (999 before 3.32, as Django assumes), so a long list of ids is read in chunks
# of this many (:func:`chunks`), leaving room for the statement's other parameters.
IN_LIST_LIMIT = 900


@dataclass(frozen=True)
class Dialect:
    """The words that differ between PostgreSQL and SQLite in the merges."""

    postgres: bool

    def distinct(self, left: str, right: str) -> str:
        """True when the two values differ, NULLs compared as values."""
        return f"{left} IS DISTINCT FROM {right}" if self.postgres else f"{left} IS NOT {right}"

    def json_object(self, pairs: Sequence[tuple[str, str]], keep: Sequence[str]) -> str:
        """A JSON object of *pairs* (key, SQL expression) keeping only the keys whose condition in
        *keep* (SQL, one per pair) is true."""
        if self.postgres:
            whole = "jsonb_build_object(" + ", ".join(f"'{k}', {v}" for k, v in pairs) + ")"
            for (key, _), cond in zip(pairs, keep, strict=True):
                whole = f"({whole} - CASE WHEN {cond} THEN '' ELSE '{key}' END)"
            return whole
        whole = "json_object(" + ", ".join(f"'{k}', {v}" for k, v in pairs) + ")"
        removals = [
            f"CASE WHEN {cond} THEN '$.\"\"' ELSE '$.{key}' END"
            for (key, _), cond in zip(pairs, keep, strict=True)
        ]
        return f"json_remove({whole}, {', '.join(removals)})"

    def json_names(self, names: Sequence[str], keep: Sequence[str]) -> str:
        """A JSON array of the *names* whose condition in *keep* is true, in order."""
        if self.postgres:
            whole = "jsonb_build_array(" + ", ".join(f"'{n}'" for n in names) + ")"
            # Remove from the end so the earlier indexes stay put.
            for index in reversed(range(len(names))):
                whole = f"({whole} - CASE WHEN {keep[index]} THEN 999 ELSE {index} END)"
            return whole
        whole = "json_array(" + ", ".join(f"'{n}'" for n in names) + ")"
        removals = [
            f"CASE WHEN {keep[i]} THEN '$[999]' ELSE '$[{i}]' END"
            for i in reversed(range(len(names)))
        ]
        return f"json_remove({whole}, {', '.join(removals)})"


def chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    """*values* in lists of at most :data:`IN_LIST_LIMIT` (read when called, so one place sets
    it), each small enough for one ``pk__in`` on any database."""
    iterator = iter(values)
    while chunk := list(itertools.islice(iterator, IN_LIST_LIMIT)):
        yield chunk


def dialect() -> Dialect:
    return Dialect(postgres=connection.vendor == "postgresql")


def now_value() -> Any:
    """Now, as the database takes a ``DateTimeField`` parameter."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


_counter = itertools.count(1)


@contextmanager
def staged(
    name: str, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]
) -> Iterator[str]:
    """A temporary table holding *rows* (each a sequence in the order of *columns*, given as
    (name, SQL type)), dropped afterwards; yields its name. ``None`` is NULL."""
    table = f"thrive_stage_{name}_{next(_counter)}"
    postgres = connection.vendor == "postgresql"
    names = ", ".join(c for c, _ in columns)
    with connection.cursor() as cursor:
        types = [t if postgres else ("text" if t in {"date", "varchar"} else t) for _, t in columns]
        cursor.execute(
            f"CREATE TEMPORARY TABLE {table} ("
            + ", ".join(f"{c} {t}" for (c, _), t in zip(columns, types, strict=True))
            + ")"
        )
        try:
            if postgres:
                _copy(cursor, table, names, rows)
                cursor.execute(f"ANALYZE {table}")
            else:
                marks = ", ".join("%s" for _ in columns)
                insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (names from the models, values as parameters)
                iterator = iter(rows)
                # Dates go in as ISO text through Django's sqlite3 adapter.
                while batch := list(itertools.islice(iterator, SQLITE_BATCH)):
                    cursor.executemany(insert, batch)
            yield table
        except BaseException:
            _drop_quietly(cursor, table)
            raise
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _drop_quietly(cursor: Any, table: str) -> None:
    """Drop *table* after a failure without hiding it: in a failed PostgreSQL transaction the drop
    itself fails (and the rollback removes the table anyway)."""
    with suppress(DatabaseError):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _copy(cursor: Any, table: str, names: str, rows: Iterable[Sequence[Any]]) -> None:
    raw = cursor.cursor  # psycopg 3's own cursor under Django's wrapper
    with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def selected(name: str, query: str, params: Sequence[Any]) -> Iterator[str]:
    """A temporary table holding the rows of *query*, dropped afterwards; yields its name."""
    table = f"thrive_stage_{name}_{next(_counter)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {table} AS {query}", params)
        try:
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {table}")
            yield table
        except BaseException:
            _drop_quietly(cursor, table)
            raise
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    """Run one statement; the number of rows it wrote."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def refresh_planner_statistics() -> None:
    """Tell the database's query planner what its tables hold now, after a bulk load (the demo
    region's registers). SQLite keeps no statistics until asked: without them it looked a family's
    allocations up through the council's by date rather than by child (0.47 s against 0.008 s
    for twenty families in the demo). PostgreSQL's autovacuum would get there in time."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
