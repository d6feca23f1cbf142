"""A small council for the browser tests of the intelligence pages' results: 90 permanent
social workers in three teams over five years, imported from a staff file as HR would give it,
some newly qualified (so the drivers model has its ASYE factor) and some leaving, so that the
retention, projection and drivers jobs all have something to show, in seconds."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

HEADER = (
    "staff_id,first_name,last_name,profession,contract,team,fte,start_date,end_date,job_title,"
    "org_role,swe_number,start_origin,leaving_reason,leaver_destination,qualified_on"
)
TEAMS = ("Assessment Team", "Children in Care Team", "Child Protection Team")


def staff_csv(today: date, people: int = 90, seed: int = 5) -> str:
    rng = random.Random(seed)
    rows = [HEADER]
    for i in range(people):
        start = today - timedelta(days=rng.randint(30, 5 * 365))
        newly = rng.random() < 0.4
        # Newly qualified people leave faster: the drivers model has something to find.
        left = rng.random() < (0.55 if newly else 0.25)
        end = ""
        if left:
            span = (today - start).days
            end = (start + timedelta(days=rng.randint(20, max(span - 1, 21)))).isoformat()
        qualified = (start - timedelta(days=60)).isoformat() if newly else "2005-07-01"
        rows.append(
            f"T{i:03d},Pat,Person{i:03d},social_worker,permanent,{TEAMS[i % 3]},1,"
            f"{start.isoformat()},{end},Social worker,5,SW9{i:05d},{1 if newly else 2},"
            f"{'1' if end else ''},{'1' if end else ''},{qualified}"
        )
    return "\n".join(rows) + "\n"


def small_council(org: Any, today: date) -> Any:
    from thrive.people.imports import run_import

    report = run_import(
        kind="staff",
        organisation=org,
        filename="staff.csv",
        content=staff_csv(today).encode(),
    )
    assert report.ok, report.summary()
    return org
