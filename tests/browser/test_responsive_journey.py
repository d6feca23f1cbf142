"""Wide tables and charts on a 390-pixel phone: no table is cut off without a cue, the page never
scrolls sideways, chart labels stay readable and every page passes axe."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import CaseloadsPage, CompliancePage, SignInPage
from tests.factories import PASSWORD, make_org, make_team, make_user
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}

# For each table: does it fit its region, and if not, is the region a labelled, focusable
# scrolling region with its cue showing? Returns the tables that are cut off without one.
CLIPPED_TABLES = """() => [...document.querySelectorAll('main table')].filter(table => {
  const region = table.closest('.thrive-table-wrapper');
  const box = (region || table.parentElement).getBoundingClientRect();
  const fits = table.scrollWidth <= (region || table.parentElement).clientWidth + 1
    && box.right <= document.documentElement.clientWidth + 1;
  if (fits) return false;
  if (!region) return true;
  const scrolls = getComputedStyle(region).overflowX === 'auto';
  const labelled = region.getAttribute('role') === 'region' && region.getAttribute('aria-label');
  const hint = region.previousElementSibling;
  const cued = hint && hint.classList.contains('thrive-table-hint') && !hint.hidden;
  return !(scrolls && labelled && region.tabIndex === 0 && cued);
}).map(t => (t.closest('[aria-label]') || t).getAttribute('aria-label') || t.id || 'a table')"""


def assert_no_table_clipped(page: Any) -> None:
    assert page.evaluate(CLIPPED_TABLES) == [], page.url
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    ), f"{page.url} scrolls sideways"


def test_wide_tables_and_charts_on_a_phone(browser: Any, live_server: Any) -> None:
    coventry = make_org("331", "Coventry")
    make_team(coventry, "Assessment Team 1")
    make_user(coventry, Role.PRINCIPAL_SOCIAL_WORKER, email="psw@example.test")
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    page = context.new_page()
    SignInPage(page).open().sign_in("psw@example.test", PASSWORD)
    page.wait_for_url("**/o/331/")
    caseloads = CaseloadsPage(page).open().check_accessible()
    assert_no_table_clipped(page)
    # The chart's labels are enlarged on a phone: each kept label is at least 12 pixels tall.
    heights = caseloads.chart_label_heights()
    assert heights and min(heights) >= 12, heights
    assert caseloads.legend_shown
    # A wide table shows its cue, and takes focus so the arrow keys scroll it.
    compliance = CompliancePage(page).open().check_accessible()
    assert_no_table_clipped(page)
    wide = compliance.wide_table
    assert wide.count() == 1, "expected a table wider than a phone on the compliance page"
    assert compliance.scroll_hint.startswith("Scroll sideways")
    wide.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Scrolling by key may be smooth (asynchronous): wait for it rather than read at once.
    page.wait_for_function("e => e.scrollLeft > 0", arg=wide.element_handle(), timeout=5000)
    context.close()
