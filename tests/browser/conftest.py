"""Playwright driving Debian's Chromium against the live test server, with axe on every page.

Browser tests are skipped when Chromium is not installed, unless THRIVE_REQUIRE_BROWSER=1 (as in
CI), when they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in this thread; Django's ORM is only used from test code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("THRIVE_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    here = Path(__file__).resolve().parent
    missing = [p for p in (Path(CHROMIUM), AXE_JS) if not p.exists()]
    for item in items:
        if Path(str(item.fspath)).resolve().parent == here:
            item.add_marker(pytest.mark.browser)
            if missing and os.environ.get("THRIVE_REQUIRE_BROWSER") != "1":
                item.add_marker(pytest.mark.skip(reason=f"not installed: {missing}"))


@pytest.fixture(autouse=True)
def _cookies_outlive_the_frozen_clock(settings: Any) -> None:
    """The server's clock is frozen on the suite's day while Chromium's is not: a cookie given a
    fixed age would expire as soon as the real date passed that day plus the age, so in browser
    tests every cookie lasts as long as the browser (sessions already do)."""
    settings.CSRF_COOKIE_AGE = None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def desktop(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    page = context.new_page()
    yield page
    context.close()


_axe_source: str | None = None
# Axe with the WCAG 2.2 AA rules, working out only the violations (``resultTypes``: passes and
# incomplete checks are kept to one example each, which on a long table is most of axe's time),
# and handing back only what the message below shows.
AXE_RUN = """tags => axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
}).then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target})),
})))"""


def assert_accessible(page: Any) -> None:
    """Run axe-core with the WCAG 2.2 AA rules on the current page; no violation is allowed."""
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_JS.read_text()
    # A button that submits a form returns once the next page has started loading; axe must run
    # on that page once it has loaded, not on the one being replaced (whose document goes away
    # under it). So: wait for the load, and if a navigation still tears the document away while
    # axe runs, wait again and run axe on the page that arrived.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("typeof window.axe !== 'undefined'"):
                # evaluated by the debugger protocol: not subject to the CSP
                page.evaluate(_axe_source)
            violations = page.evaluate(AXE_RUN, WCAG_TAGS)
            break
        except PlaywrightError as error:
            navigated = any(
                sign in str(error)
                for sign in ("documentElement", "Execution context was destroyed", "navigat")
            )
            if not navigated or attempt == 2:
                raise
    detail = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found WCAG 2.2 AA violations on {page.url}:\n{detail}"
