"""Time the staff and allocations imports at regional scale, on the configured database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thrive_bench \
        .venv/bin/python benchmarks/import_speed.py
    .venv/bin/python benchmarks/import_speed.py            # embedded SQLite (a temporary file)

It makes a fresh database (a temporary SQLite file, or the named PostgreSQL database, created and
dropped by this script), writes a 10,000-row staff file and a 100,000-row allocations file, and
times each import twice: the first writes everything, the second (a re-import) changes nothing.
Figures are written down in benchmarks/README.md.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="thrive-bench-"))
    if not url:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

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

    from thrive.people.imports import run_import
    from thrive.people.services import organisation_add

    org = organisation_add(code="330", name="Birmingham", region="West Midlands")
    rng = random.Random(1)
    staff_rows = [
        "staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,swe_number"
    ]
    for i in range(10_000):
        fte = rng.choice(["1", "0.8", "0.6"])
        start = f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        staff_rows.append(
            f"S{i:05d},First{i},Last{i},social_worker,permanent,Team {i % 60},{fte},{start},"
            f"5,SW{100000 + i}"
        )
    alloc_rows = ["child_id,family_id,staff_id,case_type,start_date,end_date"]
    for i in range(100_000):
        end = "" if rng.random() < 0.3 else f"2025-0{rng.randint(1, 9)}-2{rng.randint(0, 8)}"
        alloc_rows.append(
            f"C{i:06d},F{i // 2:06d},S{rng.randrange(10_000):05d},cin,"
            f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)},{end}"
        )
    staff = "\n".join(staff_rows).encode()
    allocations = "\n".join(alloc_rows).encode()

    print(f"database: {connection.vendor}")
    for kind, content in [("staff", staff), ("allocations", allocations)]:
        for attempt in ("first import", "re-import"):
            start = time.perf_counter()
            report = run_import(
                kind=kind, organisation=org, content=content, filename=f"{kind}.csv"
            )
            elapsed = time.perf_counter() - start
            assert report.ok, report.summary()
            print(
                f"{kind:12} {attempt:13} {report.rows:7d} rows  {elapsed:6.1f} s  "
                f"({report.new} new, {report.changed} changed, {report.unchanged} unchanged)"
            )
    if connection.vendor == "postgresql":
        connection.close()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
