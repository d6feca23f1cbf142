"""The set-based write every register import shares: staged rows merged into a table.

The rows are in a temporary staging table (:func:`thrive.core.staging.staged`: ``COPY`` on
PostgreSQL, ``executemany`` in large batches on SQLite). :func:`merge_staged` then

1. counts the new and the changed rows with one diff (a ``LEFT JOIN`` on the record's key): a file
   that changes nothing is found out here and writes nothing;
2. keeps a ``RegisterRevision`` of each changed record (the old values of the fields that changed,
   as the register's services keep them) and writes the new and the changed with one
   ``INSERT ... ON CONFLICT (key) DO UPDATE``: on PostgreSQL the two are one statement (the
   revisions in a ``WITH``, which reads the rows as they were); on SQLite two.

Used by the staff, posts, absences and allocations imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection, models

from thrive.core.staging import dialect, now_value
from thrive.people.models import RegisterRevision


@dataclass(frozen=True)
class Compared:
    """A field the merge compares and writes: its name in a revision, its column, the staged SQL
    (over ``s``) giving its new value, and how its old value is kept in a revision."""

    name: str
    column: str
    staged: str
    # "text", "date", "int": kept as stored; "bool": true/false; "decimal:N": as text with N
    # places (as ``thrive.core.history.snapshot`` keeps a Decimal).
    kind: str = "text"

    def before(self, postgres: bool) -> str:
        """The old value (over ``a``) as the revision keeps it."""
        old = f"a.{self.column}"
        if self.kind.startswith("decimal:"):
            places = int(self.kind.split(":")[1])
            if postgres:
                return f"({old})::text"
            return f"CASE WHEN {old} IS NULL THEN NULL ELSE printf('%%.{places}f', {old}) END"
        if self.kind == "bool" and not postgres:
            return f"json(CASE {old} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)"
        return old


@dataclass(frozen=True)
class MergeResult:
    new: int
    changed: int
    # The ids of the records the merge created (when asked for and written).
    created: list[int]


def merge_staged(
    *,
    stage: str,
    model: type[models.Model],
    kind: str,
    organisation_id: int,
    key: Sequence[tuple[str, str]],
    fields: Sequence[Compared],
    write: bool,
    source: str,
    user_id: int | None,
    today: date,
    created_ids: bool = False,
    defaults: Sequence[tuple[str, str]] = (),
) -> MergeResult:
    """Merge the staged rows into *model*'s table for one council.

    *key* is the record's unique key as (column, staged SQL) pairs, the columns of a unique
    constraint in that order (``organisation_id`` among them where the constraint has it, with
    ``%(org)s`` for the council). *fields* are compared and written. *kind* names the revisions.
    With *created_ids*, the ids of the created records are returned. *defaults* are (column, SQL)
    pairs written only when a record is created (columns the import does not carry, such as a
    sign-off, which a re-import leaves as they are).
    """
    sql = dialect()
    org = int(organisation_id)
    table = model._meta.db_table
    revisions = RegisterRevision._meta.db_table
    key_sql = [(column, value.replace("%(org)s", str(org))) for column, value in key]
    join = " AND ".join(f"a.{column} = {value}" for column, value in key_sql)
    differs = [sql.distinct(f"a.{f.column}", f.staged) for f in fields]
    any_differs = "(" + " OR ".join(differs) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) - COUNT(a.id), "  # noqa: S608 (names from the models, values as parameters)
            f"COALESCE(SUM(CASE WHEN a.id IS NOT NULL AND {any_differs} THEN 1 ELSE 0 END), 0) "
            f"FROM {stage} s LEFT JOIN {table} a ON {join}"
        )
        new, changed = (int(n) for n in cursor.fetchone())
    if not write or not (new or changed):
        return MergeResult(new, changed, [])
    now = now_value()
    names = sql.json_names([f.name for f in fields], differs)
    before = sql.json_object([(f.name, f.before(sql.postgres)) for f in fields], differs)
    user = "NULL" if user_id is None else str(int(user_id))
    revise = (
        f"INSERT INTO {revisions} (organisation_id, kind, record_id, effective_date, "  # noqa: S608 (names from the models, values as parameters)
        f'recorded_at, source, user_id, changed, "before") '
        f"SELECT {org}, %s, a.id, %s, %s, %s, {user}, {names}, {before} "
        f"FROM {stage} s JOIN {table} a ON {join} WHERE {any_differs}"
    )
    revise_params = [kind, connection.ops.adapt_datefield_value(today), now, source]
    columns = [c for c, _ in key_sql if c != "organisation_id"] + [f.column for f in fields]
    values = [v for c, v in key_sql if c != "organisation_id"] + [f.staged for f in fields]
    columns += [c for c, _ in defaults]
    values += [v for _, v in defaults]
    conflict = ", ".join(c for c, _ in key_sql)
    updates = ", ".join(f"{f.column} = excluded.{f.column}" for f in fields)
    upsert = (
        f"INSERT INTO {table} AS cur (organisation_id, {', '.join(columns)}, created_at, "  # noqa: S608 (names from the models, values as parameters)
        f"updated_at, version) SELECT {org}, {', '.join(values)}, %s, %s, 1 "
        f"FROM {stage} s LEFT JOIN {table} a ON {join} WHERE a.id IS NULL OR {any_differs} "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}, updated_at = excluded.updated_at, "
        "version = cur.version + 1 RETURNING id, version"
    )
    with connection.cursor() as cursor:
        if sql.postgres and changed:
            # One statement: the revisions (reading the rows as they were) and the merge.
            cursor.execute(
                f"WITH revised AS ({revise} RETURNING 1) {upsert}", [*revise_params, now, now]
            )
        else:
            if changed:
                cursor.execute(revise, revise_params)
            cursor.execute(upsert, [now, now])
        written = cursor.fetchall()
    created = [int(pk) for pk, version in written if version == 1] if created_ids else []
    return MergeResult(new, changed, created)
