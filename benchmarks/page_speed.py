"""Time the main pages of the demo region's largest council with Django's test client.

Run against a seeded database (``thrive seed demo`` first), for example:

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python benchmarks/page_speed.py

Each page is fetched once to warm up, then three times; the best time and the query count are
printed. Figures go in benchmarks/README.md, never into tests.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("THRIVE_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from thrive.accounts.models import User  # noqa: E402
from thrive.caseloads.selectors import families_visible_to  # noqa: E402
from thrive.core import clock  # noqa: E402
from thrive.core.permissions import access_for  # noqa: E402
from thrive.learning.models import Programme  # noqa: E402
from thrive.people.models import Organisation  # noqa: E402

CODE = os.environ.get("THRIVE_BENCH_ORG", "330")


def main() -> None:
    org = Organisation.objects.get(code=CODE)
    slug = org.name.lower().replace(" ", "-")
    manager = User.objects.get(email=f"team.manager@{slug}.thrive.test")
    family = families_visible_to(access_for(manager, org), clock.today()).first()
    grit = Programme.objects.filter(organisation=org, kind="resilience").first()
    pages = [
        (
            "principal.social.worker",
            f"/o/{CODE}/supervision/compliance/",
            "Supervision compliance (whole council)",
        ),
        (
            "principal.social.worker",
            f"/o/{CODE}/supervision/compliance/?format=xlsx",
            "Supervision compliance Excel",
        ),
        ("team.manager", f"/o/{CODE}/supervision/", "Supervision home and diary (team manager)"),
        ("principal.social.worker", f"/o/{CODE}/caseloads/", "Caseloads (whole council)"),
        ("team.manager", f"/o/{CODE}/caseloads/allocate/", "Allocation assistant (form)"),
        ("team.manager", f"/o/{CODE}/families/", "Families a team manager may see"),
        ("adult.specialist", f"/o/{CODE}/families/", "Families an adult specialist may see"),
        (
            "team.manager",
            f"/o/{CODE}/families/{family.pk}/workbook/" if family else "",
            "A family's workbook",
        ),
        ("practitioner", f"/o/{CODE}/learning/", "Learning catalogue with recommendations"),
        ("workforce.development", f"/o/{CODE}/learning/needs/", "Training needs analysis"),
        ("workforce.development", f"/o/{CODE}/learning/exchange/", "Training exchange ledger"),
        (
            "workforce.development",
            f"/o/{CODE}/learning/programmes/{grit.pk}/report/" if grit else "",
            "Programme evaluation report",
        ),
        (
            "workforce.development",
            f"/o/{CODE}/learning/programmes/{grit.pk}/report/?format=pdf" if grit else "",
            "Programme evaluation PDF",
        ),
        ("team.manager", f"/o/{CODE}/learning/team/", "Team's mandatory learning gaps"),
        (
            "principal.social.worker",
            f"/o/{CODE}/learning/team/",
            "Mandatory learning gaps by team (whole council)",
        ),
        (
            "workforce.development",
            f"/o/{CODE}/learning/team/?format=xlsx",
            "Mandatory learning gaps Excel (whole council)",
        ),
        ("principal.social.worker", f"/o/{CODE}/cpd/team/", "CPD status by team (whole council)"),
        (
            "workforce.development",
            f"/o/{CODE}/cpd/team/?format=xlsx",
            "CPD status by team Excel (whole council)",
        ),
    ]
    client = Client()
    print(f"{org.name}: page | best of 3 | queries")
    for role, url, label in pages:
        if not url:
            continue
        client.force_login(User.objects.get(email=f"{role}@{slug}.thrive.test"))
        client.get(url)
        best = float("inf")
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                best = min(best, time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label} | {best:.2f} s | {len(queries)}")


if __name__ == "__main__":
    main()
