"""Time the staff and allocations imports against the database's own limit (SQLite, PostgreSQL).

    .venv/bin/python benchmarks/import_speed.py                  # both databases, one by one
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thrive_bench_imports \\
        .venv/bin/python benchmarks/import_speed.py              # that database only
    .venv/bin/python benchmarks/import_speed.py --allocations 20000 --growth 1,2   # smaller
    THRIVE_BENCH_POSTGRES=postgres://... .venv/bin/python benchmarks/import_speed.py  # another PG

For each database it makes a fresh one (a temporary SQLite file; the named PostgreSQL database,
created and dropped here), writes a staff file (10,000 rows) and an allocations file (100,000
rows), and measures in the same run:

- the first import and the re-import (nothing changes: known by its digest), and the same file
  read and merged in full as after any other write, of each, with the peak memory of the
  process that ran it (each import runs in a fresh forked process, so ``ru_maxrss`` is its own);
- the comparator: the same rows written straight into Thrive's own table with its indexes,
  constraints and foreign keys (``COPY`` on PostgreSQL, checked at the end as a commit would;
  ``executemany`` on SQLite), rolled back; and a bare ``COPY`` into an unindexed temporary table;
- a save-per-row loop (``objects.create`` for each row, autocommit) on a sample of rows,
  extrapolated to the whole file (said so in the output);
- growth: the allocations import at 1x, 2x and 4x ``--growth-base`` (25,000 allocations and
  2,500 staff at 1x; each its own council), with the time and memory per row.

It prints the ratios the targets are set in (issue 22): first import <= 3x COPY, >= 20x faster
than save-per-row, re-import of 100,000 unchanged allocations <= 3 s. Figures are written down in
benchmarks/README.md; nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The PostgreSQL database used when DATABASE_URL is not set (created and dropped here).
DEFAULT_PG = os.environ.get(
    "THRIVE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/thrive_bench_imports"
)

STAFF_HEADER = (
    "staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,swe_number"
)
ALLOC_HEADER = "child_id,family_id,staff_id,case_type,start_date,end_date"


def staff_file(count: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    rows = [STAFF_HEADER]
    for i in range(count):
        fte = rng.choice(["1", "0.8", "0.6"])
        start = f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        rows.append(
            f"S{i:06d},First{i},Last{i},social_worker,permanent,Team {i % 60},{fte},{start},"
            f"5,SW{100000 + i}"
        )
    return "\n".join(rows).encode()


def posts_file(count: int, staff: int, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    rows = ["post_id,team,title,fte,social_work_post,funded_from,funded_to,holder_staff_id"]
    for i in range(count):
        holder = f"S{i:06d}" if i < staff and rng.random() < 0.8 else ""
        ends = "" if rng.random() < 0.9 else f"2026-0{rng.randint(1, 9)}-28"
        rows.append(
            f"P{i:06d},Team {i % 60},Social worker,{rng.choice(['1', '0.8', '0.5'])},"
            f"{rng.choice(['yes', 'no'])},20{rng.randint(10, 24)}-04-01,{ends},{holder}"
        )
    return "\n".join(rows).encode()


def absences_file(count: int, staff: int, seed: int = 4) -> bytes:
    rng = random.Random(seed)
    rows = ["staff_id,reason,start_date,end_date,working_days"]
    for i in range(count):
        length = rng.randint(1, 20)
        start = date(2024, 1, 1) + timedelta(days=i % 700)
        reason = rng.choice(["SIC", "OTH", "UNA", "UNP"])
        rows.append(
            f"S{i % staff:06d},{reason},{start},{start + timedelta(days=length - 1)},"
            f"{min(length, rng.randint(1, 15))}"
        )
    return "\n".join(rows).encode()


def allocation_rows(count: int, staff: int, seed: int = 2) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        end = "" if rng.random() < 0.3 else f"2025-0{rng.randint(1, 9)}-2{rng.randint(0, 8)}"
        rows.append(
            (
                f"C{i:07d}",
                f"F{i // 2:07d}",
                f"S{rng.randrange(staff):06d}",
                "cin",
                f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                end,
            )
        )
    return rows


def allocations_file(rows: list[tuple[str, ...]]) -> bytes:
    return "\n".join([ALLOC_HEADER, *(",".join(r) for r in rows)]).encode()


def in_child(work: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run *work* in a forked process: its result, seconds, and the process's peak RSS in MB."""
    from django.db import connection

    connection.close()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        start = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        send.send((result, elapsed, peak))

    process = context.Process(target=child)
    process.start()
    result = receive.recv()
    process.join()
    return result  # type: ignore[no-any-return]


def timed_import(org: Any, kind: str, content: bytes) -> tuple[str, float, float]:
    from thrive.people.imports import run_import

    def work() -> str:
        report = run_import(kind=kind, organisation=org, content=content, filename=f"{kind}.csv")
        assert report.ok, report.summary()
        return f"{report.new} new, {report.changed} changed, {report.unchanged} unchanged"

    return in_child(work)  # type: ignore[no-any-return]


def comparator(org: Any, into: Any, rows: list[tuple[str, ...]]) -> dict[str, float]:
    """The same allocation rows (*org*'s workers) written straight into Thrive's table for the
    council *into* (rolled back), and into a bare temporary table."""
    from django.db import connection, transaction
    from django.utils import timezone

    from thrive.caseloads.models import Allocation
    from thrive.people.models import StaffMember

    workers = dict(StaffMember.objects.for_org(org).values_list("staff_id", "pk"))
    now = timezone.now()
    values = [
        (
            into.pk,
            child,
            family,
            workers[staff],
            kind,
            date.fromisoformat(start),
            date.fromisoformat(end) if end else None,
            now,
            now,
            1,
        )
        for child, family, staff, kind, start, end in rows
    ]
    columns = (
        "organisation_id, child_id, family_id, worker_id, case_type, start_date, end_date, "
        "created_at, updated_at, version"
    )
    table = Allocation._meta.db_table
    result: dict[str, float] = {}

    class Rollback(Exception):
        pass

    postgres = connection.vendor == "postgresql"
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            start = time.perf_counter()
            if postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys, as at commit
            else:
                stamp = str(now)
                sql_values = [
                    (*row[:5], row[5].isoformat(), row[6] and row[6].isoformat(), stamp, stamp, 1)
                    for row in values
                ]
                marks = ", ".join(["%s"] * 10)
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", sql_values)
            result["table"] = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    if postgres:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bare (organisation_id bigint, child_id varchar(64), "
                "family_id varchar(64), worker_id bigint, case_type varchar(16), start_date date, "
                "end_date date, created_at timestamptz, updated_at timestamptz, version integer)"
            )
            start = time.perf_counter()
            with cursor.cursor.copy(f"COPY bare ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            result["bare"] = time.perf_counter() - start
            cursor.execute("DROP TABLE bare")
    return result


def staff_copy(org: Any, count: int) -> float | None:
    """COPY of as many people into Thrive's staff table (rolled back), PostgreSQL only."""
    from django.db import connection, transaction
    from django.utils import timezone

    from thrive.people.models import StaffMember

    if connection.vendor != "postgresql":
        return None
    now = timezone.now()
    table = StaffMember._meta.db_table
    fields = [
        f
        for f in StaffMember._meta.concrete_fields
        if not f.primary_key and f.column not in {"organisation_id"}
    ]
    columns = ["organisation_id", *(f.column for f in fields)]
    overrides = {"created_at": now, "updated_at": now, "version": 1}

    def value(field: Any, i: int) -> Any:
        if field.column in overrides:
            return overrides[field.column]
        if field.column == "staff_id":
            return f"X{i:06d}"
        if field.column in {"first_name", "last_name"}:
            return f"Name{i}"
        default = field.get_default()
        return default if default is not None or field.null else ""

    rows = [[org.pk, *(value(f, i) for f in fields)] for i in range(count)]
    elapsed = 0.0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            start = time.perf_counter()
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            elapsed = time.perf_counter() - start
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    return elapsed


def copy_same_rows(org: Any, models: list[Any]) -> float:
    """The rows the import wrote for *org* into *models*' tables (in that order), written again
    straight into the same tables (``COPY`` on PostgreSQL, with the foreign keys checked as a
    commit would; ``executemany`` on SQLite): the rows are read, deleted, and the write timed,
    all rolled back."""
    from django.db import connection, transaction

    postgres = connection.vendor == "postgresql"
    saved = []
    with connection.cursor() as cursor:
        for model in models:
            columns = [f.column for f in model._meta.concrete_fields]
            table = model._meta.db_table
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE organisation_id = %s", [org.pk]
            )
            saved.append((table, columns, cursor.fetchall()))
    elapsed = 0.0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for table, _, _ in reversed(saved):
                cursor.execute(f"DELETE FROM {table} WHERE organisation_id = %s", [org.pk])
            start = time.perf_counter()
            for table, columns, rows in saved:
                names = ", ".join(columns)
                if postgres:
                    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            if postgres:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            elapsed = time.perf_counter() - start
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    return elapsed


def save_per_row(org: Any, rows: list[tuple[str, ...]]) -> float:
    """``Allocation.objects.create`` for each row, each its own transaction (autocommit); the
    rows are deleted afterwards."""
    from thrive.caseloads.models import Allocation
    from thrive.people.models import StaffMember

    workers = {p.staff_id: p for p in StaffMember.objects.for_org(org)}
    start = time.perf_counter()
    for child, family, staff, kind, begin, end in rows:
        Allocation.objects.create(
            organisation=org,
            child_id="R" + child,
            family_id=family,
            worker=workers[staff],
            case_type=kind,
            start_date=date.fromisoformat(begin),
            end_date=date.fromisoformat(end) if end else None,
        )
    elapsed = time.perf_counter() - start
    Allocation.objects.filter(organisation=org, child_id__startswith="R").delete()
    return elapsed


def run_one(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The benchmark files are larger than one upload may be by default.
    largest = max(max(args.growth, default=0) * args.growth_base, args.allocations, args.staff)
    os.environ["THRIVE_IMPORT_MAX_ROWS"] = str(largest + 1)
    os.environ["THRIVE_IMPORT_MAX_UNZIPPED_MB"] = "1000"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    admin = None
    if connection.vendor == "postgresql":
        import psycopg

        name = connection.settings_dict["NAME"]
        admin = psycopg.connect(
            host=connection.settings_dict["HOST"] or "127.0.0.1",
            user=connection.settings_dict["USER"] or "postgres",
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)

    from thrive.people.services import organisation_add

    load = os.getloadavg()
    print(
        f"database: {connection.vendor}; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    n_staff, n_alloc = args.staff, args.allocations
    staff = staff_file(n_staff)
    rows = allocation_rows(n_alloc, n_staff)
    allocations = allocations_file(rows)
    org = organisation_add(code="330", name="Birmingham", region="West Midlands")
    times: dict[str, float] = {}
    kinds = [
        ("staff", staff, n_staff),
        ("posts", posts_file(n_staff, n_staff), n_staff),
        ("absences", absences_file(n_staff, n_staff), n_staff),
        ("allocations", allocations, n_alloc),
    ]
    for kind, content, count in kinds:
        for attempt in ("first import", "re-import", "read again"):
            if attempt == "read again":
                # As if anything had been written since: the file is read and merged in full.
                from thrive.core.cache import data_version_bump

                data_version_bump(organisation_ids=[org.pk])
            summary, elapsed, peak = timed_import(org, kind, content)
            times[f"{kind} {attempt}"] = elapsed
            print(
                f"{kind:12} {attempt:13} {count:8,d} rows {elapsed:7.2f} s  peak {peak:5.0f} MB  "
                f"({summary})",
                flush=True,
            )
    from thrive.people.models import Absence, EmploymentSpell, Post, StaffMember

    word = "COPY" if connection.vendor == "postgresql" else "executemany"
    for kind, models in [
        ("staff", [StaffMember, EmploymentSpell]),
        ("posts", [Post]),
        ("absences", [Absence]),
    ]:
        same = copy_same_rows(org, models)
        first = times[f"{kind} first import"]
        print(
            f"comparator   {word} of the {kind} import's own rows into Thrive's "
            f"{' and '.join(m.__name__ for m in models)} table(s): {same:.2f} s; "
            f"first import {first / same:.1f}x, re-import {times[f'{kind} re-import'] / same:.1f}x",
            flush=True,
        )
    other = organisation_add(code="331", name="Comparator", region="West Midlands")
    compared = comparator(org, other, rows)
    bare = compared.get("bare")
    print(
        f"comparator   {word} of the same {n_alloc:,} allocations into Thrive's table "
        f"(indexes, constraints, foreign keys): {compared['table']:.2f} s"
        + (f"; bare COPY into an unindexed table {bare:.2f} s" if bare is not None else ""),
        flush=True,
    )
    copy_staff = staff_copy(org, n_staff)
    if copy_staff is not None:
        print(f"comparator   COPY of {n_staff:,} people into the staff table: {copy_staff:.2f} s")
    sample = rows[: args.sample]
    per_row = save_per_row(org, sample)
    extrapolated = per_row * n_alloc / len(sample)
    print(
        f"save-per-row objects.create for {len(sample):,} allocations: {per_row:.2f} s, "
        f"extrapolated to {n_alloc:,}: {extrapolated:.1f} s (an estimate from the sample)",
        flush=True,
    )
    first = times["allocations first import"]
    print(
        f"ratios       allocations first import / {word} into the table: "
        f"{first / compared['table']:.1f}x (target <= 3x); save-per-row / first import: "
        f"{extrapolated / first:.0f}x faster (target >= 20x); re-import unchanged: "
        f"{times['allocations re-import']:.2f} s (target <= 3 s; read and merged in full "
        f"after a write: {times['allocations read again']:.2f} s)",
        flush=True,
    )
    if copy_staff:
        print(
            "             staff first import / COPY: "
            f"{times['staff first import'] / copy_staff:.0f}x (target <= 5x)",
            flush=True,
        )
    base = None
    for scale in args.growth:
        council = organisation_add(
            code=f"9{scale:02d}", name=f"Growth {scale}x", region="West Midlands"
        )
        staff_count = args.growth_base // 10 * scale
        alloc_count = args.growth_base * scale
        timed_import(council, "staff", staff_file(staff_count, seed=scale))
        content = allocations_file(allocation_rows(alloc_count, staff_count, seed=scale))
        _, first, peak = timed_import(council, "allocations", content)
        _, again, _ = timed_import(council, "allocations", content)
        per_row_us = first / alloc_count * 1e6
        base = base or per_row_us
        print(
            f"growth {scale}x   {alloc_count:9,d} allocations: first {first:6.2f} s "
            f"({per_row_us:5.1f} us a row, {per_row_us / base:.2f}x the 1x rate), "
            f"re-import {again:6.2f} s, peak {peak:5.0f} MB",
            flush=True,
        )
    if admin is not None:
        connection.close()
        admin.execute(f'DROP DATABASE IF EXISTS "{connection.settings_dict["NAME"]}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--allocations", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5_000, help="rows for save-per-row")
    parser.add_argument(
        "--growth-base",
        type=int,
        default=25_000,
        help="allocations at 1x in the growth runs (with a tenth as many staff)",
    )
    parser.add_argument(
        "--growth",
        type=lambda v: [int(x) for x in v.split(",") if x],
        default=[1, 2, 4],
        help="scales, e.g. 1,2,4 ('' for none)",
    )
    args = parser.parse_args()
    if os.environ.get("DATABASE_URL"):
        run_one(args)
        return
    with tempfile.TemporaryDirectory(prefix="thrive-bench-") as tmp:
        for url in (f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", DEFAULT_PG):
            subprocess.run(
                [sys.executable, __file__, *sys.argv[1:]],
                env={**os.environ, "DATABASE_URL": url},
                check=True,
            )


if __name__ == "__main__":
    main()
