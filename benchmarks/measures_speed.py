"""Every council's measures in one pass, against one hand-written SQL query (same run).

Run against a database holding many councils (``benchmarks/national_scale.py`` first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thrive_national \\
        .venv/bin/python benchmarks/measures_speed.py --year 2025

Thrive: ``thrive.intelligence.services.measures_all_councils`` with nothing cached (the register
of every council read in five queries, the 20 measures computed in one grouped pandas pass,
rounded as published): what ``thrive metrics --all`` does after Django has started. Comparator:
one SQL query computing the same 20 figures for every council in PostgreSQL (spells given as
one state each: the generated register has no dated changes). Medians of three; both answers
are compared figure by figure. Also the cached answer (a second call) and peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from analytics.measures import MEASURES, census_year_bounds  # noqa: E402
from thrive.intelligence.services import measures_all_councils  # noqa: E402
from thrive.people.models import Organisation  # noqa: E402

SQL = """
WITH flags AS (
    SELECT organisation_id AS org, person_id, fte::float8 AS fte, contract, start_date, end_date,
           contract IN ('permanent', 'fixed_term') AS employee,
           start_date <= %(d)s AND (end_date IS NULL OR end_date > %(d)s) AS covers
    FROM people_employmentspell
    WHERE profession = 'social_worker' AND organisation_id = ANY(%(orgs)s)
),
inpost AS (SELECT org, person_id, fte FROM flags WHERE employee AND covers),
agency AS (SELECT org, person_id, fte FROM flags WHERE contract = 'agency' AND covers),
working AS (SELECT * FROM inpost UNION ALL SELECT * FROM agency),
head AS (
    SELECT org,
        SUM(fte) FILTER (WHERE employee AND covers) AS inpost_fte,
        COUNT(DISTINCT person_id) FILTER (WHERE employee AND covers) AS inpost_headcount,
        SUM(fte) FILTER (WHERE employee AND start_date BETWEEN %(y0)s AND %(d)s) AS starters_fte,
        COUNT(DISTINCT person_id) FILTER (WHERE employee AND start_date BETWEEN %(y0)s AND %(d)s)
            AS starters_headcount,
        SUM(fte) FILTER (WHERE employee AND end_date BETWEEN %(y0)s AND %(d)s) AS leavers_fte,
        COUNT(DISTINCT person_id) FILTER (WHERE employee AND end_date BETWEEN %(y0)s AND %(d)s)
            AS leavers_headcount,
        SUM(fte) FILTER (WHERE contract = 'agency' AND covers) AS agency_fte,
        COUNT(DISTINCT person_id) FILTER (WHERE contract = 'agency' AND covers)
            AS agency_headcount
    FROM flags GROUP BY org
),
posts AS (
    SELECT p.organisation_id AS org, p.holder_id, p.fte::float8 AS fte,
        NOT EXISTS (SELECT 1 FROM inpost i WHERE i.org = p.organisation_id
                    AND i.person_id = p.holder_id) AS vacant,
        EXISTS (SELECT 1 FROM agency a WHERE a.org = p.organisation_id
                AND a.person_id = p.holder_id) AS covered
    FROM people_post p
    WHERE p.social_work_post AND p.funded_from <= %(d)s
      AND (p.funded_to IS NULL OR p.funded_to >= %(d)s) AND p.organisation_id = ANY(%(orgs)s)
),
vacancies AS (SELECT org, SUM(fte) FILTER (WHERE vacant) AS vacancy_fte FROM posts GROUP BY org),
-- agency cover: the FTE of agency workers holding a vacant post (not the posts' FTE)
covering AS (
    SELECT a.org, SUM(a.fte) AS agency_cover_fte FROM agency a
    WHERE EXISTS (SELECT 1 FROM posts p WHERE p.vacant AND p.covered AND p.org = a.org
                  AND p.holder_id = a.person_id)
    GROUP BY a.org
),
held AS (
    SELECT DISTINCT a.organisation_id AS org, a.child_id, a.worker_id
    FROM people_allocation a
    WHERE a.start_date <= %(d)s AND (a.end_date IS NULL OR a.end_date > %(d)s)
      AND a.organisation_id = ANY(%(orgs)s)
      AND EXISTS (SELECT 1 FROM working w WHERE w.org = a.organisation_id
                  AND w.person_id = a.worker_id)
),
cases AS (SELECT org, COUNT(*) AS cases FROM held GROUP BY org),
holders AS (
    SELECT w.org, SUM(w.fte) AS case_holders_fte FROM working w
    WHERE EXISTS (SELECT 1 FROM held h WHERE h.org = w.org AND h.worker_id = w.person_id)
    GROUP BY w.org
),
lost AS (
    SELECT b.organisation_id AS org,
        SUM(b.working_days::float8
            * GREATEST(0, LEAST(b.end_date, %(d)s) - GREATEST(b.start_date, %(y0)s) + 1)
            / GREATEST(1, b.end_date - b.start_date + 1)) AS working_days_lost_fte
    FROM people_absence b
    WHERE b.reason = 'SIC' AND b.organisation_id = ANY(%(orgs)s)
      AND EXISTS (SELECT 1 FROM flags f WHERE f.employee AND f.org = b.organisation_id
                  AND f.person_id = b.person_id AND f.start_date <= b.end_date
                  AND (f.end_date IS NULL OR f.end_date >= b.start_date))
    GROUP BY b.organisation_id
),
c AS (
    SELECT org,
        COALESCE(inpost_fte, 0) AS inpost_fte, COALESCE(inpost_headcount, 0) AS inpost_headcount,
        COALESCE(starters_fte, 0) AS starters_fte,
        COALESCE(starters_headcount, 0) AS starters_headcount,
        COALESCE(leavers_fte, 0) AS leavers_fte,
        COALESCE(leavers_headcount, 0) AS leavers_headcount,
        COALESCE(agency_fte, 0) AS agency_fte, COALESCE(agency_headcount, 0) AS agency_headcount,
        COALESCE(agency_cover_fte, 0) AS agency_cover_fte,
        COALESCE(vacancy_fte, 0) AS vacancy_fte,
        COALESCE(case_holders_fte, 0) AS case_holders_fte, COALESCE(cases, 0) AS cases,
        COALESCE(working_days_lost_fte, 0) AS working_days_lost_fte
    FROM (SELECT id AS org FROM people_organisation WHERE id = ANY(%(orgs)s)) o
    LEFT JOIN head USING (org) LEFT JOIN vacancies USING (org) LEFT JOIN covering USING (org)
    LEFT JOIN cases USING (org)
    LEFT JOIN holders USING (org) LEFT JOIN lost USING (org)
)
SELECT org,
    round(inpost_fte::numeric, 1), inpost_headcount,
    round(starters_fte::numeric, 1), starters_headcount,
    round(leavers_fte::numeric, 1), leavers_headcount,
    round((leavers_fte / NULLIF(inpost_fte, 0) * 100)::numeric, 1),
    round(agency_fte::numeric, 1), agency_headcount,
    round((agency_fte / NULLIF(agency_fte + inpost_fte, 0) * 100)::numeric, 1),
    round(agency_cover_fte::numeric, 1),
    round((agency_cover_fte / NULLIF(agency_fte, 0) * 100)::numeric, 1),
    round(vacancy_fte::numeric, 1),
    round((vacancy_fte / NULLIF(vacancy_fte + inpost_fte, 0) * 100)::numeric, 1),
    round((agency_cover_fte / NULLIF(vacancy_fte, 0) * 100)::numeric, 1),
    round(case_holders_fte::numeric, 1), cases,
    round((cases / NULLIF(case_holders_fte, 0))::numeric, 1),
    round(working_days_lost_fte::numeric, 1),
    round((working_days_lost_fte / NULLIF(inpost_fte * 253, 0) * 100)::numeric, 1)
FROM c ORDER BY org
"""


def by_sql(org_ids: list[int], year: int) -> dict[int, dict[str, Any]]:
    y0, d = census_year_bounds(year)
    with connection.cursor() as cursor:
        cursor.execute(SQL, {"orgs": org_ids, "y0": y0, "d": d})
        rows = cursor.fetchall()
    return {
        row[0]: {
            m: (None if v is None else float(v)) for m, v in zip(MEASURES, row[1:], strict=True)
        }
        for row in rows
    }


def by_thrive(orgs: list[Any], year: int) -> dict[int, dict[str, Any]]:
    cache.clear()
    found = measures_all_councils(orgs, year)
    return {pk: found[pk].measures for pk in found}


def median_time(run: Any, times: int = 3) -> tuple[float, Any]:
    spent, answer = [], None
    for _ in range(times):
        started = time.perf_counter()
        answer = run()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--code-from", default="600", help="councils with codes from this up")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The comparator is PostgreSQL's: set DATABASE_URL to a PostgreSQL one.")
    orgs = list(Organisation.objects.filter(code__gte=args.code_from).order_by("code"))
    ids = [o.pk for o in orgs]
    sizes = {
        "staff": "people_staffmember",
        "allocations": "people_allocation",
        "absences": "people_absence",
    }
    with connection.cursor() as cursor:
        counts = {}
        for name, table in sizes.items():
            cursor.execute(f"SELECT count(*) FROM {table} WHERE organisation_id = ANY(%s)", [ids])
            counts[name] = cursor.fetchone()[0]
    print(
        f"{len(orgs)} councils, {counts['staff']:,} staff, {counts['allocations']:,} allocations,"
        f" {counts['absences']:,} absences; census year {args.year}"
    )
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    by_thrive(orgs, args.year)  # warm: imports, plans
    by_sql(ids, args.year)
    thrive_s, ours = median_time(lambda: by_thrive(orgs, args.year))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sql_s, theirs = median_time(lambda: by_sql(ids, args.year))
    started = time.perf_counter()
    measures_all_councils(orgs, args.year)
    cached_s = time.perf_counter() - started
    differ = [
        (pk, m, ours[pk][m], theirs[pk][m])
        for pk in ids
        for m in MEASURES
        if (ours[pk][m] is None) != (theirs[pk][m] is None)
        or (ours[pk][m] is not None and abs(float(ours[pk][m]) - theirs[pk][m]) > 0.051)
    ]
    print(f"Thrive, one pass, nothing cached: {thrive_s:.2f} s (median of 3)")
    print(f"One SQL query (comparator):       {sql_s:.2f} s (median of 3)")
    print(f"Ratio: {thrive_s / sql_s:.2f}x the SQL; cached: {cached_s * 1000:.0f} ms")
    print(f"Peak memory: {peak:.0f} MB ({peak - base:.0f} MB above Django's start)")
    cells = len(ids) * len(MEASURES)
    print(f"Figures that differ by more than rounding: {len(differ)} of {cells}")
    for row in differ[:10]:
        print("  ", row)


if __name__ == "__main__":
    main()
