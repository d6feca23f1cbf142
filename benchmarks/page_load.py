"""Pages under load: a bounded load generator on loopback against a real server.

Starts gunicorn as ``make demo`` runs it (``config/gunicorn.conf.py`` with ``WEB_CONCURRENCY=2``:
two processes of two threads, unless the environment sets it) on a free port against
``DATABASE_URL`` (a seeded demo: ``thrive seed demo``), signs each virtual user in once, then for
each page and each concurrency (1, 4 and 16 users) has that many users ask for the page back to
back until a fixed number of answers (bounded: ``--requests`` each level, at least 4 per user)
and prints p50/p95/p99 and requests per second. Sign-in is timed whole each time (the page,
the password posted with a fresh session, the page it lands on). A few requests first warm the
server's processes (not counted). Figures go in benchmarks/README.md, never into tests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thrive_demo \\
        .venv/bin/python benchmarks/page_load.py
    ... page_load.py --url http://127.0.0.1:8000   # a server already running instead
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

CODE = os.environ.get("THRIVE_BENCH_ORG", "330")
PASSWORD = "Thrive-Demo-2026"
LEVELS = (1, 4, 16)


def family_for(code: str, email: str) -> int | None:
    """A family the team manager may open (Django only to find it, before the server runs)."""
    import django

    django.setup()
    from thrive.accounts.models import User
    from thrive.caseloads.selectors import families_visible_to
    from thrive.core import clock
    from thrive.core.permissions import access_for
    from thrive.people.models import Organisation

    org = Organisation.objects.get(code=code)
    user = User.objects.get(email=email)
    family = families_visible_to(access_for(user, org), clock.today()).first()
    return None if family is None else family.pk


def council_slug(code: str) -> str:
    import django

    django.setup()
    from thrive.people.models import Organisation

    return Organisation.objects.get(code=code).name.lower().replace(" ", "-")


class Browser:
    """One user's cookies and a way to ask for a page."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                return response.status, response.read().decode("utf-8", "ignore")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def sign_in(self, email: str) -> int:
        _, page = self.get("/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": email,
                "password": PASSWORD,
            }
        ).encode()
        request = urllib.request.Request(
            self.base + "/sign-in/", data=data, headers={"Referer": self.base + "/sign-in/"}
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_level(users: list[Browser], ask: Callable[[Browser], int], total: int) -> dict[str, Any]:
    """*len(users)* threads asking back to back until *total* answers: latencies and rate."""
    lock = threading.Lock()
    left = [total]
    times: list[float] = []
    failures: list[int] = []

    def work(user: Browser) -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            started = time.perf_counter()
            status = ask(user)
            spent = time.perf_counter() - started
            with lock:
                times.append(spent)
                if status >= 400:
                    failures.append(status)

    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "rate": len(times) / wall,
        "failures": failures,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "THRIVE_BIND": f"127.0.0.1:{port}"}
    env.setdefault("WEB_CONCURRENCY", "2")
    if not env.get("SECRET_KEY"):
        key = ROOT / "var/secret_key"
        env["SECRET_KEY"] = key.read_text().strip() if key.exists() else secrets.token_hex(32)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5):
                return server, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    server.kill()
    raise SystemExit("The server did not start (is SECRET_KEY set?).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a server already running (else gunicorn is started)")
    parser.add_argument("--requests", type=int, default=64, help="answers per level")
    parser.add_argument("--only", help="pages whose name contains this")
    args = parser.parse_args()
    slug = council_slug(CODE)
    manager = f"team.manager@{slug}.thrive.test"
    family = family_for(CODE, manager)
    pages: list[tuple[str, str, str]] = [
        ("Workforce (senior leader)", f"senior.leader@{slug}.thrive.test", f"/o/{CODE}/workforce/"),
        (
            "Caseloads, whole council",
            f"principal.social.worker@{slug}.thrive.test",
            f"/o/{CODE}/caseloads/",
        ),
        (
            "Supervision compliance",
            f"principal.social.worker@{slug}.thrive.test",
            f"/o/{CODE}/supervision/compliance/",
        ),
        ("A family's workbook (team manager)", manager, f"/o/{CODE}/families/{family}/workbook/"),
        ("Home page (comparator)", f"senior.leader@{slug}.thrive.test", "/"),
        ("Sign-in", f"practitioner@{slug}.thrive.test", ""),
    ]
    if args.only:
        pages = [p for p in pages if args.only.lower() in p[0].lower()]
    server = None
    base = args.url
    if base is None:
        server, base = start_server()
    try:
        print(f"{slug}: page | users | p50 | p95 | p99 | requests/s")
        for label, email, path in pages:
            users = [Browser(base) for _ in range(max(LEVELS))]
            if path:
                for u in users:
                    status = u.sign_in(email)
                    assert status < 400, (email, status)

                def ask(user: Browser, path: str = path) -> int:
                    return user.get(path)[0]
            else:

                def ask(user: Browser, email: str = email) -> int:
                    user.jar.clear()
                    return user.sign_in(email)

            run_level(users[:2], ask, 4)  # warm the workers
            for level in LEVELS:
                total = max(args.requests, 4 * level)
                found = run_level(users[:level], ask, total)
                failed = f" ({len(found['failures'])} failed)" if found["failures"] else ""
                print(
                    f"{label} | {level} | {found['p50'] * 1000:.0f} ms | "
                    f"{found['p95'] * 1000:.0f} ms | {found['p99'] * 1000:.0f} ms | "
                    f"{found['rate']:.1f}{failed}",
                    flush=True,
                )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    load = os.getloadavg()
    print(f"Load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
