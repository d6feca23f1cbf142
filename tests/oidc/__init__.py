"""A real OpenID Connect provider for the single sign-on tests: the npm package ``oidc-provider``
(panva's certified implementation, a devDependency in package.json), started by Node on a free
localhost port with ``tests/oidc/provider.mjs``.

Each council ``code`` gets a confidential client ``thrive-<code>`` (secret ``secret-<code>``)
whose redirect URIs are ``<base>/sign-in/council/<code>/callback/`` for each base address given.
``sign_in_through_provider`` plays the browser with an HTTP client: Thrive's test client for
Thrive, ``requests`` for the provider and its login form.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "provider.mjs"
NODE_MODULE = ROOT / "node_modules" / "oidc-provider"


def available() -> bool:
    """Node and the npm package are installed (``make install``)."""
    from shutil import which

    return which("node") is not None and NODE_MODULE.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def client_id(code: str) -> str:
    return f"thrive-{code}"


def secret(code: str) -> str:
    return f"secret-{code}"


@dataclass
class OidcProvider:
    issuer: str
    process: subprocess.Popen[bytes]
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def sync_clock(self, *, ahead_seconds: float = 0) -> None:
        """Move the provider's clock to this process's (frozen) one, or *ahead_seconds* from it
        (negative: behind)."""
        now = (time.time() + ahead_seconds) * 1000
        requests.post(
            f"{self.issuer}/__clock", data=json.dumps({"now": now}), timeout=5
        ).raise_for_status()


@contextmanager
def start_oidc_provider(
    *, base_urls: list[str], codes: list[str], accounts: dict[str, dict[str, Any]] | None = None
) -> Iterator[OidcProvider]:
    """Start the provider; *accounts* overrides claims by login (``{"email_verified": False}``)."""
    port = _free_port()
    clients = [
        {
            "client_id": client_id(code),
            "client_secret": secret(code),
            "redirect_uris": [
                f"{b.rstrip('/')}/sign-in/council/{code}/callback/" for b in base_urls
            ],
            "post_logout_redirect_uris": [f"{b.rstrip('/')}/sign-out/done/" for b in base_urls],
            "grant_types": ["authorization_code"],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_basic",
        }
        for code in codes
    ]
    config = {"port": port, "clients": clients, "accounts": accounts or {}}
    env = {**os.environ, "THRIVE_TEST_OIDC": json.dumps(config), "NODE_ENV": "test"}
    log = tempfile.TemporaryFile()  # noqa: SIM115 - read back only if it fails to start
    process = subprocess.Popen(
        ["node", str(SCRIPT)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                output = log.read().decode(errors="replace")
                raise RuntimeError(f"the OIDC provider did not start:\n{output}")
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the OIDC provider did not answer within 30 seconds")
            time.sleep(0.1)
        yield OidcProvider(issuer=issuer, process=process, accounts=accounts or {})
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*method="post"', re.I)


def _follow(
    session: requests.Session, response: requests.Response, stop_at: str, login: str
) -> str:
    """Follow the provider's redirects until one leaves for *stop_at*; return that address."""
    for _ in range(10):
        location = response.headers.get("location")
        if not location:
            raise AssertionError(
                f"the provider stopped at {response.url} ({response.status_code}):\n"
                + response.text[:2000]
            )
        location = urljoin(response.url, location)
        if location.startswith(stop_at):
            return location
        response = session.get(location, allow_redirects=False, timeout=10)
        if response.status_code == 200 and _FORM.search(response.text):
            return _submit_login(session, response, stop_at, login)
    raise AssertionError("too many redirects at the provider")


def _submit_login(
    session: requests.Session, page: requests.Response, stop_at: str, login: str
) -> str:
    match = _FORM.search(page.text)
    assert match, page.text[:2000]
    action = urljoin(page.url, unescape(match.group(1)))
    data = {"prompt": "login", "login": login, "password": "any password"}
    if 'name="prompt" value="login"' not in page.text:  # a consent or confirmation form
        data = {"prompt": "consent"}
    response = session.post(action, data=data, allow_redirects=False, timeout=10)
    return _follow(session, response, stop_at, login)


def sign_in_through_provider(
    client: Any, org_code: str, login: str, *, session: requests.Session | None = None
) -> Any:
    """Start at Thrive's "<council> account" link, sign in at the provider as *login*, and
    return Thrive's answer to the provider's redirect back."""
    start = client.get(f"/sign-in/council/{org_code}/")
    assert start.status_code == 302, start.content[:2000]
    session = session or requests.Session()
    first = session.get(start["Location"], allow_redirects=False, timeout=10)
    back = _follow(session, first, "http://testserver/", login)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")
