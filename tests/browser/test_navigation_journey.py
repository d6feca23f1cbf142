"""The menu on a desktop and a phone: one row of areas at desktop width for every role, a Menu
button on a phone, and the current area's pages beneath — with axe on each."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import (
    CompliancePage,
    HomePage,
    RegisterPage,
    SignInPage,
    SupervisionPage,
)
from tests.factories import PASSWORD, make_org, make_team, make_user
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

# The roles with the most pages: every other role's menu is a subset of one of these.
BUSIEST = [Role.TEAM_MANAGER, Role.PRINCIPAL_SOCIAL_WORKER, Role.SYSTEM_ADMIN]


def _sign_in(page: Any, role: str) -> None:
    coventry = make_org("331", "Coventry")
    make_team(coventry, "Assessment Team 1")
    make_user(coventry, role, email="person@example.test")
    SignInPage(page).open().sign_in("person@example.test", PASSWORD)
    page.wait_for_url("**/o/331/")


@pytest.mark.parametrize("role", BUSIEST)
def test_menu_fits_one_row_on_a_desktop(browser: Any, live_server: Any, role: str) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    _sign_in(page, role)
    for page_class in (HomePage, CompliancePage, RegisterPage):
        shown = page_class(page).open()
        tops = shown.menu_item_tops()
        assert len(tops) >= 5 and len(set(tops)) == 1, (page_class.path, tops)
        assert shown.current_menu_items() <= 1
        shown.check_accessible()
    context.close()


def test_menu_collapses_on_a_phone_and_the_areas_pages_follow(phone: Any) -> None:
    _sign_in(phone, Role.PRINCIPAL_SOCIAL_WORKER)
    compliance = CompliancePage(phone).open()
    toggle = compliance.menu_button
    assert toggle.is_visible()
    assert not compliance.menu_shown()
    toggle.click()
    assert compliance.menu_shown()
    compliance.check_accessible()
    sub = compliance.area_pages("Supervision pages")
    assert sub.get_by_role("link", name="Compliance").get_attribute("aria-current") == "page"
    sub.get_by_role("link", name="Supervision").click()
    phone.wait_for_url("**/o/331/supervision/")
    supervision = compliance.now(SupervisionPage)
    assert supervision.fits_the_screen()
    supervision.check_accessible()
