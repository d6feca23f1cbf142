"""Two application servers (gunicorn, the production server) against one PostgreSQL database: a
session signed in on one is signed in on the other, a version check made on one holds on the
other, a file uploaded through one opens through the other (the shared store, not a server's
disk), a sign-in lock-out made on one holds on the other, and each answers /healthz and returns
the request's ID.

Runs in the PostgreSQL CI run; skipped (cleanly) when DATABASE_URL is not PostgreSQL, because two
processes cannot share the SQLite test database (it lives in memory)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import time_machine
from django.conf import settings
from django.db import connection

from tests.factories import PASSWORD, make_user
from tests.learning.conftest import make_council
from thrive.core.changes import STALE
from thrive.core.roles import Role

ROOT = Path(__file__).resolve().parents[2]
# A PDF's first bytes, then more than the upload's type check reads.
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
GENERAL = "f33517ff-2a88-4f6e-b855-c550268ce08a"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="two servers share one database only on PostgreSQL (set DATABASE_URL)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    return f"postgres://{at}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def servers(org: Any) -> Iterator[list[str]]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": "two-servers-" + "s" * 50,
        "WEB_CONCURRENCY": "1",
        "THRIVE_FAST_PASSWORD_HASHER": "1",
        "THRIVE_LOG_FORMAT": "json",
    }
    ports = [_free_port(), _free_port()]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env={**env, "THRIVE_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 120
        for url in urls:
            while True:
                try:
                    if requests.get(f"{url}/healthz", timeout=30).status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):
                    pass
                assert time.monotonic() < deadline, f"{url} never answered"
                time.sleep(0.3)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(30)


def _token(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def _notify_form(version: str, env_name: str, token: str) -> dict[str, str]:
    return {
        "csrfmiddlewaretoken": token,
        "api_key_env": env_name,
        "template_general_email": GENERAL,
        "version": version,
    }


def test_a_session_and_a_version_check_hold_across_two_servers(
    servers: list[str], org: Any
) -> None:
    a, b = servers
    make_user(org, Role.SYSTEM_ADMIN, email="admin@coventry.gov.uk")
    browser = requests.Session()
    signed_in = browser.post(
        f"{a}/sign-in/",
        {
            "username": "admin@coventry.gov.uk",
            "password": PASSWORD,
            "csrfmiddlewaretoken": _token(browser.get(f"{a}/sign-in/")),
        },
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    # The session made on A is good on B: B shows a page only the signed-in admin sees.
    on_b = browser.get(f"{b}/o/331/gov-uk-notify/", allow_redirects=False)
    assert on_b.status_code == 200 and "GOV.UK Notify" in on_b.text

    # Both look at the settings; A saves first, so B's save (made on what it saw) is refused.
    created = browser.post(
        f"{a}/o/331/gov-uk-notify/",
        _notify_form("0", "KEY_ONE", _token(on_b)),
        allow_redirects=False,
    )
    assert created.status_code == 302
    seen_by_a = browser.get(f"{a}/o/331/gov-uk-notify/")
    seen_by_b = browser.get(f"{b}/o/331/gov-uk-notify/")
    assert 'name="version" value="1"' in seen_by_a.text and 'value="1"' in seen_by_b.text
    first = browser.post(
        f"{a}/o/331/gov-uk-notify/",
        _notify_form("1", "KEY_TWO", _token(seen_by_a)),
        allow_redirects=False,
    )
    assert first.status_code == 302
    second = browser.post(
        f"{b}/o/331/gov-uk-notify/",
        _notify_form("1", "KEY_THREE", _token(seen_by_b)),
        allow_redirects=False,
    )
    assert second.status_code == 400 and STALE.split(";")[0] in second.text.replace("&#x27;", "'")
    from thrive.notifications.models import NotifyService

    assert NotifyService.objects.get(organisation=org).api_key_env == "KEY_TWO"

    # Each server returns the proxy's request ID (or makes one) for the logs.
    traced = requests.get(f"{b}/healthz", headers={"X-Request-ID": "proxy-req-12345678"})
    assert traced.headers["X-Request-ID"] == "proxy-req-12345678"
    assert len(requests.get(f"{a}/healthz").headers["X-Request-ID"]) == 32


def _sign_in(browser: requests.Session, server: str, email: str, password: str) -> int:
    page = browser.get(f"{server}/sign-in/")
    response = browser.post(
        f"{server}/sign-in/",
        {"username": email, "password": password, "csrfmiddlewaretoken": _token(page)},
        allow_redirects=False,
    )
    return int(response.status_code)


def test_an_upload_and_a_lock_out_hold_across_two_servers(servers: list[str], org: Any) -> None:
    from dbfiles.models import DBFile

    from thrive.learning.models import CpdRecord

    a, b = servers
    council = make_council(org)
    # Sol uploads his CPD evidence through A ...
    sol = requests.Session()
    assert _sign_in(sol, a, council.senior_user.email, PASSWORD) == 302
    form = sol.get(f"{a}/o/{org.code}/cpd/new/")
    # The servers run on the real clock, not the test's: two days before the real today.
    hatch = time_machine.escape_hatch
    real_today = hatch.datetime.date.today() if hatch.is_travelling() else date.today()
    on = real_today - timedelta(days=2)
    saved = sol.post(
        f"{a}/o/{org.code}/cpd/new/",
        {
            "csrfmiddlewaretoken": _token(form),
            "title": "Court skills",
            "cpd_type": "course",
            "on_0": str(on.day),
            "on_1": str(on.month),
            "on_2": str(on.year),
            "hours": "3",
            "learned": "How to give evidence",
            "difference": "Clearer statements",
        },
        files={"evidence": ("court-skills.pdf", PDF, "application/pdf")},
        allow_redirects=False,
    )
    assert saved.status_code == 302, saved.text[:800]
    record = CpdRecord.objects.get(title="Court skills")
    assert DBFile.objects.filter(name=record.evidence.name).exists()
    # ... and opens it through B, whole; his manager does too; someone else's gets nothing.
    url = f"/o/{org.code}/cpd/{record.pk}/evidence/"
    opened = sol.get(f"{b}{url}")
    assert opened.status_code == 200 and opened.content == PDF
    mo = requests.Session()
    assert _sign_in(mo, b, council.manager_user.email, PASSWORD) == 302
    assert mo.get(f"{a}{url}").content == PDF
    nia = requests.Session()
    assert _sign_in(nia, b, council.nqsw_user.email, PASSWORD) == 302
    assert nia.get(f"{a}{url}").status_code == 404

    # Five wrong passwords for Nia through A lock her out on B too: the right one is refused
    # there (django-axes keeps its counts in the shared database, not in a server's memory).
    guesser = requests.Session()
    codes = [
        _sign_in(guesser, a, council.nqsw_user.email.upper(), "Not-The-Password-1")
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert codes == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert _sign_in(requests.Session(), b, council.nqsw_user.email, PASSWORD) == 429
    assert _sign_in(requests.Session(), a, council.nqsw_user.email, PASSWORD) == 429
