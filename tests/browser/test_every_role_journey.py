"""Every role, on a desktop and a 390-pixel phone, in the demo council: open each page the menu
offers, check it with axe and that no table is cut off, then follow every link those pages show
and fail on any page the role is refused. A link a role is shown must open for that role. On the
phone, every role's home page and menu, and each of the other pages once."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.browser.test_responsive_journey import assert_no_table_clipped
from thrive.core.roles import Role
from thrive.demo.seed import DEMO_PASSWORD, demo_email

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.demo]

VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
# Files, feeds and signing out are not pages to walk.
NOT_PAGES = re.compile(r"(\.(csv|xlsx|xml|ics|pdf)$)|format=|/sign-out|/calendar/")
WAIT_MS = 120_000
# Links that differ only by a record's number are the same page for another record: a few do.
SAME_PAGE_LIMIT = 3


def _links(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    own = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or NOT_PAGES.search(href):
            continue
        own.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return own


# The page's shape: the set of its kinds of element (each element's tag, its parent's, classes,
# role, ARIA and form attribute names, whether it holds text), numbers removed. Axe judges markup,
# not wording or how many rows a table has: a page is checked with axe when it shows a kind of
# element that page (the same address but for its records' numbers) has not yet shown axe at that
# width, for any role. Each role's own version of a page — its buttons, forms and tags — is
# checked as far as it differs from what earlier roles were shown.
SHAPE = """() => [...new Set(Array.from(document.querySelectorAll('body *'), el => [
    el.parentElement.tagName, el.tagName, el.getAttribute('class') || '',
    el.getAttribute('role') || '', el.getAttribute('type') || '',
    Array.from(el.attributes, a => a.name).filter(n => /^aria-|^(for|alt|title|tabindex)$/.test(n)),
    el.childElementCount ? '' : (el.textContent.trim() ? 't' : ''),
].join('|').replace(/\\d+/g, 'N')))]"""
CHECKED_KINDS: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
# Seconds spent opening pages, in axe and following links: printed with the walk's counts.
SPENT: defaultdict[str, float] = defaultdict(float)
# The longest each page took to open, by its address without record numbers: the slowest printed.
SLOWEST: defaultdict[str, float] = defaultdict(float)


def _check_page(page: Any) -> None:
    """Axe (when the page shows a kind of element it has not shown axe at this width) and no
    table cut off (every page)."""
    kinds = set(page.evaluate(SHAPE))
    checked = CHECKED_KINDS[(_pattern(urlsplit(page.url).path), page.viewport_size["width"])]
    if not kinds <= checked:
        started = time.perf_counter()
        BasePage(page).check_accessible()
        SPENT["axe"] += time.perf_counter() - started
        SPENT["axe runs"] += 1
        checked |= kinds
    assert_no_table_clipped(page)


def _pattern(path: str) -> str:
    """A page's address with its records' numbers taken out: the same page for another record."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def _walk(
    page: Any, *, follow: bool, only: list[str] | None = None
) -> tuple[list[str], int, list[str]]:
    """Open the role's main pages (the menu's and each area's own pages, or *only* these), checking
    each, and (if *follow*) every link they show; return the main pages opened, how many links
    were followed and the problems found."""
    problems: list[str] = []
    main_pages = ["/o/331/"]
    BasePage(page).open("/o/331/")
    if only is None:
        main_pages += [href for _, href in BasePage(page).nav_links() if href not in main_pages]
    else:
        main_pages += [href for href in only if href not in main_pages]
    shown: list[str] = []
    for path in main_pages:
        started = time.perf_counter()
        response = page.goto(path)
        took = time.perf_counter() - started
        SPENT["opening pages"] += took
        SLOWEST[_pattern(path)] = max(SLOWEST[_pattern(path)], took)
        if response.status >= 400:
            problems.append(f"{path}: {response.status} from the menu")
            continue
        if only is None:
            for sub in page.eval_on_selector_all(
                ".thrive-sub-navigation__link", "as => as.map(a => a.getAttribute('href'))"
            ):
                if sub not in main_pages:
                    main_pages.append(sub)
        try:
            _check_page(page)
        except AssertionError as exc:
            problems.append(f"{path}: {exc}")
        shown += _links(page)
    seen: dict[str, int] = {}
    followed = 0
    for href in dict.fromkeys(shown if follow else []):
        pattern = _pattern(href)
        if href in main_pages or seen.get(pattern, 0) >= SAME_PAGE_LIMIT:
            continue
        seen[pattern] = seen.get(pattern, 0) + 1
        followed += 1
        started = time.perf_counter()
        status = page.request.get(href, max_redirects=5, timeout=WAIT_MS).status
        took = time.perf_counter() - started
        SPENT["following links"] += took
        SLOWEST[pattern] = max(SLOWEST[pattern], took)
        if status >= 400:
            problems.append(f"{href}: {status}")
    return main_pages, followed, problems


# The roles in two halves, so the parallel suite walks them on two workers at once (the walk is
# the suite's longest test; each half seeds its own council, as a live server's database is
# emptied after each test, each copies the session's one seeding).
HALVES = {"first": Role.values[0::2], "second": Role.values[1::2]}


@pytest.mark.parametrize("half", list(HALVES))
def test_every_role_on_a_phone_and_a_desktop(
    browser: Any, live_server: Any, seeded_demo: Any, half: str
) -> None:
    seeded_demo(seed=3, shipped=False)
    report: dict[str, list[str]] = {}
    opened = followed = 0
    # On a phone, each page once: every role's home page and menu, and each other page the first
    # time a role of this half is shown it (on the desktop, every role opens every page it is shown:
    # what a role may see is checked there; a phone changes the layout, which is the template's).
    on_a_phone: set[str] = set()
    for role in HALVES[half]:
        desktop_pages: list[str] = []
        for name in ("desktop", "phone"):
            context = browser.new_context(base_url=live_server.url, **VIEWPORTS[name])
            # The walk checks what each page shows, not how fast: a page that works out a model
            # the first time it is asked (what drives leaving) may take longer than Playwright's
            # 30 seconds on a busy machine. How fast pages are is measured in benchmarks/.
            context.set_default_timeout(WAIT_MS)
            page = context.new_page()
            SignInPage(page).open().sign_in(demo_email(role, "Coventry"), DEMO_PASSWORD)
            page.wait_for_url("**/o/331/")
            if name == "desktop":
                # The links are the same at both widths: follow them once, on the desktop.
                pages, count, problems = _walk(page, follow=True)
                desktop_pages = pages
            else:
                new = [p for p in desktop_pages if _pattern(p) not in on_a_phone]
                pages, count, problems = _walk(page, follow=False, only=new)
                on_a_phone.update(_pattern(p) for p in pages if p != "/o/331/")
            opened, followed = opened + len(pages), followed + count
            if problems:
                report[f"{Role(role).label} on a {name}"] = problems
            if role == Role.SENIOR_LEADER and name == "desktop":
                # The walk would see a refusal: this role is refused CPD, and is not shown it.
                assert page.request.get("/o/331/cpd/").status == 403
                page.goto("/o/331/learning/")
                assert "/o/331/cpd/" not in _links(page)
            context.close()
    spent = ", ".join(f"{what} {amount:.0f}" for what, amount in SPENT.items())
    slowest = sorted(SLOWEST.items(), key=lambda kv: -kv[1])[:8]
    print(f"{opened} main pages checked, {followed} links followed; {spent}")  # noqa: T201
    print("slowest pages: " + ", ".join(f"{p} {s:.1f}" for p, s in slowest))  # noqa: T201
    assert opened > 50 and followed > 30
    assert not report, "\n".join(f"{who}:\n  " + "\n  ".join(p) for who, p in report.items())
