"""A national-scale register: 150 councils, ~38,000 staff, ~320,000 allocations, five years.

Writes straight to the database, set-based: every table in one ``COPY … FROM STDIN`` on
PostgreSQL (``executemany`` in large batches elsewhere), with ids taken in blocks and the
sequences moved past them. Nothing goes through the services (no audit events, no families):
this is a workload for the benchmarks, not a council anyone signs in to. Deterministic for a seed.

    createdb -h 127.0.0.1 -U postgres thrive_national
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thrive_national .venv/bin/thrive migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thrive_national \\
        .venv/bin/python benchmarks/national_scale.py                 # 1x: 150 councils
    ... national_scale.py --scale 2                                   # 2x each council's size

The councils get free three-digit codes (from 600 up) and names "National 600", so the demo or
other data in the same database is left alone. Prints what it wrote, the time and peak memory.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402

from thrive.caseloads.models import Allocation  # noqa: E402
from thrive.people.models import (  # noqa: E402
    Absence,
    EmploymentSpell,
    Organisation,
    Post,
    Region,
    Service,
    StaffMember,
    Team,
)

TODAY = date(2026, 12, 1)
WINDOW = date(2020, 10, 1)  # census year 2021 starts: five years of history to 2025, and on
TEAMS_PER_COUNCIL = 12
STAFF_PER_COUNCIL = 253  # 150 councils x 253 = ~38,000
ALLOCATIONS_PER_STAFF = 11.8  # ~320,000 once those outside a spell and repeats are dropped


def days(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def as_dates(values: np.ndarray) -> np.ndarray:
    """Day numbers (NaN = blank) as dates (an array, so it never aligns on an index)."""
    found = pd.Series(pd.to_datetime(values, unit="D")).dt.date
    return found.where(~np.isnan(values), None).to_numpy(dtype=object)


def next_ids(model: type[models.Model], n: int) -> np.ndarray:
    """A block of *n* free primary keys for *model*."""
    top = model.objects.aggregate(top=models.Max("pk"))["top"] or 0
    return np.arange(top + 1, top + 1 + n, dtype=np.int64)


def write(model: type[models.Model], frame: pd.DataFrame) -> None:
    """Write *frame*'s rows into *model*'s table, its other columns at their defaults."""
    now = datetime.now(UTC)
    columns: list[str] = []
    data: dict[str, Any] = {}
    n = len(frame)
    for field in model._meta.concrete_fields:
        column = field.column
        if column in frame.columns:
            data[column] = frame[column]
        elif field.name in frame.columns:
            data[column] = frame[field.name]
        elif isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            data[column] = [now] * n
        elif field.has_default():
            default = field.get_default()
            data[column] = [field.get_db_prep_save(default, connection)] * n
        elif field.null:
            data[column] = [None] * n
        elif isinstance(field, models.CharField | models.TextField):
            data[column] = [""] * n
        else:
            raise SystemExit(f"{model.__name__}.{field.name} needs a value")
        columns.append(column)
    table = pd.DataFrame(data, columns=columns)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    name = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            table.to_csv(buffer, index=False, header=False, na_rep="\\N")
            buffer.seek(0)
            with cursor.cursor.copy(
                f"COPY {name} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
            ) as copy:
                while block := buffer.read(1 << 20):
                    copy.write(block)
        else:
            marks = ", ".join(["%s"] * len(columns))
            rows: Iterable[tuple[Any, ...]] = table.astype(object).where(table.notna(), None)
            rows = list(rows.itertuples(index=False, name=None))  # type: ignore[union-attr]
            for i in range(0, len(rows), 20000):
                cursor.executemany(
                    f"INSERT INTO {name} ({quoted}) VALUES ({marks})", rows[i : i + 20000]
                )


def reset_sequences(*tables: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in tables:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}))"
            )


def free_codes(n: int) -> list[str]:
    used = set(Organisation.objects.values_list("code", flat=True))
    codes = [f"{c:03d}" for c in range(600, 1000) if f"{c:03d}" not in used]
    codes += [f"{c:03d}" for c in range(100, 600) if f"{c:03d}" not in used]
    if len(codes) < n:
        raise SystemExit("Not enough free council codes: use a fresh database.")
    return codes[:n]


def generate(councils: int, scale: float, seed: int) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    regions = list(Region.values)
    codes = free_codes(councils)
    org_ids = next_ids(Organisation, councils)
    write(
        Organisation,
        pd.DataFrame(
            {
                "id": org_ids,
                "code": codes,
                "name": [f"National {c}" for c in codes],
                "region": [regions[i % len(regions)] for i in range(councils)],
            }
        ),
    )
    service_ids = next_ids(Service, councils)
    write(
        Service,
        pd.DataFrame(
            {"id": service_ids, "organisation_id": org_ids, "name": "Children's services"}
        ),
    )
    team_org = np.repeat(np.arange(councils), TEAMS_PER_COUNCIL)
    team_ids = next_ids(Team, len(team_org))
    write(
        Team,
        pd.DataFrame(
            {
                "id": team_ids,
                "organisation_id": org_ids[team_org],
                "service_id": service_ids[team_org],
                "name": [f"Team {i % TEAMS_PER_COUNCIL + 1}" for i in range(len(team_org))],
            }
        ),
    )

    # People: councils of different sizes (a quarter to twice the average), ~38,000 at 1x.
    weights = rng.uniform(0.25, 2.0, councils)
    sizes = np.maximum(10, np.round(weights / weights.sum() * STAFF_PER_COUNCIL * councils * scale))
    sizes = sizes.astype(int)
    person_org = np.repeat(np.arange(councils), sizes)
    n = len(person_org)
    person_ids = next_ids(StaffMember, n)
    write(
        StaffMember,
        pd.DataFrame(
            {
                "id": person_ids,
                "organisation_id": org_ids[person_org],
                "staff_id": [f"N{i:06d}" for i in range(n)],
                "first_name": "Sam",
                "last_name": [f"Worker {i}" for i in range(n)],
            }
        ),
    )

    # One spell each: who they are, when they started and (if they left) ended.
    profession = np.where(rng.random(n) < 0.8, "social_worker", "family_support")
    contract = rng.choice(
        ["permanent", "agency", "fixed_term", "secondee"], n, p=[0.78, 0.15, 0.05, 0.02]
    )
    fte = np.where(rng.random(n) < 0.8, 1.0, rng.choice([0.5, 0.6, 0.8], n))
    today, window = days(TODAY), days(WINDOW)
    old = rng.random(n) < 0.45
    start = np.where(
        old, rng.integers(days(date(2005, 1, 1)), window, n), rng.integers(window, today, n)
    ).astype(float)
    mean_stay = np.where(contract == "agency", 400.0, 2200.0)
    end = start + np.ceil(rng.exponential(mean_stay))
    end[end > today] = np.nan
    team_of = person_org * TEAMS_PER_COUNCIL + rng.integers(0, TEAMS_PER_COUNCIL, n)
    spell_ids = next_ids(EmploymentSpell, n)
    write(
        EmploymentSpell,
        pd.DataFrame(
            {
                "id": spell_ids,
                "organisation_id": org_ids[person_org],
                "person_id": person_ids,
                "start_date": as_dates(start),
                "end_date": as_dates(end),
                "profession": profession,
                "contract": contract,
                "team_id": team_ids[team_of],
                "fte": fte,
            }
        ),
    )

    # Posts: one per social worker employed or on agency, held while they are; 8% more vacant.
    sw = profession == "social_worker"
    held = np.flatnonzero(sw & np.isin(contract, ["permanent", "fixed_term", "agency"]))
    vacant = rng.choice(np.flatnonzero(sw), int(len(held) * 0.08), replace=False)
    post_person = np.concatenate([held, vacant])
    holder = np.concatenate([person_ids[held], np.full(len(vacant), -1)])
    post_ids = next_ids(Post, len(post_person))
    write(
        Post,
        pd.DataFrame(
            {
                "id": post_ids,
                "organisation_id": org_ids[person_org[post_person]],
                "post_id": [f"P{i:07d}" for i in range(len(post_person))],
                "team_id": team_ids[team_of[post_person]],
                "title": "Social worker",
                "fte": fte[post_person],
                "social_work_post": True,
                "funded_from": as_dates(np.minimum(start[post_person], window - 365).astype(float)),
                "funded_to": [None] * len(post_person),
                "holder_id": pd.array(np.where(holder < 0, None, holder), dtype="Int64"),
            }
        ),
    )

    # Absences: about 1.6 a person over the window, four in five sickness.
    k = rng.poisson(1.6, n)
    who = np.repeat(np.arange(n), k)
    lo = np.maximum(start[who], window - 180)
    hi = np.where(np.isnan(end[who]), today, end[who])
    ok = hi > lo
    who, lo, hi = who[ok], lo[ok], hi[ok]
    a_start = lo + np.floor(rng.random(len(who)) * (hi - lo))
    length = rng.integers(1, 21, len(who))
    a_end = a_start + length - 1
    reason = np.where(rng.random(len(who)) < 0.8, "SIC", "OTH")
    absences = pd.DataFrame(
        {
            "organisation_id": org_ids[person_org[who]],
            "person_id": person_ids[who],
            "reason": reason,
            "start_date": a_start,
            "end_date": a_end,
            "working_days": np.round(length * 5 / 7, 1),
        }
    ).drop_duplicates(["person_id", "reason", "start_date"])
    absences["id"] = next_ids(Absence, len(absences))
    absences["start_date"] = as_dates(absences["start_date"].to_numpy(float))
    absences["end_date"] = as_dates(absences["end_date"].to_numpy(float))
    write(Absence, absences)

    # Allocations: children held by social workers within their spells, a year or so each.
    workers = np.flatnonzero(sw & (contract != "secondee"))
    m = int(round(n * ALLOCATIONS_PER_STAFF))
    by = workers[rng.integers(0, len(workers), m)]
    lo = np.maximum(start[by], window - 365)
    hi = np.where(np.isnan(end[by]), today, end[by])
    ok = hi > lo
    by, lo, hi = by[ok], lo[ok], hi[ok]
    c_start = lo + np.floor(rng.random(len(by)) * (hi - lo))
    c_end = c_start + np.ceil(rng.exponential(420.0, len(by)))
    c_end = np.where(c_end > hi, np.where(np.isnan(end[by]), np.nan, hi), c_end)
    children = rng.integers(0, int(len(by) * 0.7) + 1, len(by))
    allocations = pd.DataFrame(
        {
            "organisation_id": org_ids[person_org[by]],
            "child_id": [f"C{c:07d}" for c in children],
            "worker_id": person_ids[by],
            "case_type": rng.choice(["cin", "cp", "cla", "care_leaver"], len(by)),
            "start_date": c_start,
            "end_date": c_end,
        }
    ).drop_duplicates(["organisation_id", "child_id", "worker_id", "start_date"])
    allocations["id"] = next_ids(Allocation, len(allocations))
    allocations["start_date"] = as_dates(allocations["start_date"].to_numpy(float))
    allocations["end_date"] = as_dates(allocations["end_date"].to_numpy(float))
    write(Allocation, allocations)
    reset_sequences(Organisation, Service, Team, StaffMember, EmploymentSpell, Post)
    reset_sequences(Absence, Allocation)
    return {
        "councils": councils,
        "staff": n,
        "spells": n,
        "posts": len(post_person),
        "absences": len(absences),
        "allocations": len(allocations),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--scale", type=float, default=1.0, help="each council's size, x")
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    started = time.perf_counter()
    with transaction.atomic():
        counts = generate(args.councils, args.scale, args.seed)
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"Written in {took:.1f} s, peak memory {peak:.0f} MB ({connection.vendor}).")


if __name__ == "__main__":
    main()
