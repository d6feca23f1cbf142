"""One page of the seeded demo, asked for in process: its time and query count, then where the
time goes (cProfile, the slowest functions of Thrive's own code).

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python benchmarks/page_profile.py workbook
    ... page_profile.py URL EMAIL          # any page as anyone

With ``workbook`` it opens the page that ``page_load.py`` times: a family's workbook in the
largest demo council, as its team manager. Not a timed test: a tool for finding the slow part.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="'workbook', or a path such as /o/330/workforce/")
    parser.add_argument("email", nargs="?", help="who asks (with a path)")
    parser.add_argument("--times", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from page_load import CODE, council_slug, family_for

    settings.ALLOWED_HOSTS = ["*"]
    url, email = args.url, args.email
    if url == "workbook":
        email = f"team.manager@{council_slug(CODE)}.thrive.test"
        url = f"/o/{CODE}/families/{family_for(CODE, email)}/workbook/"
    if not email:
        parser.error("give the email of who asks for the page")
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    first = client.get(url)
    print(f"{url} as {email}: {first.status_code}")
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            elapsed = time.perf_counter() - started
        print(f"{elapsed * 1000:.0f} ms, {len(queries)} queries")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.times):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(r"/thrive/(?!core/middleware|core/logs)", 25)


if __name__ == "__main__":
    main()
