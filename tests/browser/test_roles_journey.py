"""Sign in as each role, land on the right home page, use what the menu offers, be refused another
council's pages — with axe on every page visited."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import AccountPage, BasePage, GrantApprovalsPage, SignInPage, UsersPage
from tests.factories import PASSWORD, make_org, make_team, make_user
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("role", Role.values)
def test_each_role_signs_in_and_is_refused_another_council(desktop: Any, role: str) -> None:
    coventry = make_org("331", "Coventry")
    birmingham = make_org("330", "Birmingham")
    make_team(coventry, "Assessment Team 1")
    make_user(coventry, role, email="person@example.test")
    make_user(birmingham, Role.SYSTEM_ADMIN)

    sign_in = SignInPage(desktop).open()
    sign_in.check_accessible()
    home = sign_in.sign_in("person@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    home.check_accessible()
    assert home.heading.startswith("Welcome")
    assert home.role_sections() == [f"As {Role(role).label.lower()}"]

    for label, href in home.nav_links():
        page = BasePage(desktop).open(href)
        assert "You do not have access" not in page.heading, label
        page.check_accessible()

    refused = BasePage(desktop).open("/o/330/")
    assert refused.heading == "You do not have access to this page"
    refused.check_accessible()
    refused = BasePage(desktop).open("/o/330/users/")
    assert refused.heading == "You do not have access to this page"


def test_wrong_password_shows_error_summary(desktop: Any) -> None:
    make_user(make_org("331", "Coventry"), Role.PRACTITIONER, email="p@example.test")
    sign_in = SignInPage(desktop).open()
    sign_in.sign_in("p@example.test", "not-the-password")
    assert "Enter a correct email address and password" in sign_in.error_summary
    assert sign_in.value_of("Email address") == "p@example.test"
    sign_in.check_accessible()


def test_admin_gives_a_role_on_a_phone(phone: Any) -> None:
    coventry = make_org("331", "Coventry")
    make_user(coventry, Role.SYSTEM_ADMIN, email="admin@example.test")
    SignInPage(phone).open().sign_in("admin@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    BasePage(phone).check_accessible()
    users = UsersPage(phone).open()
    users.check_accessible()
    users.give_role("new.starter@example.test", "Practitioner")
    # Practitioner opens families: it waits for a principal social worker or senior leader.
    assert "once a principal social worker or senior leader approves it" in users.banner
    users.check_accessible()
    # Nothing on the page is wider than the phone's screen but the scrollable tables.
    assert users.fits_the_screen()
    phone.context.clear_cookies()
    make_user(coventry, Role.SENIOR_LEADER, email="leader@example.test")
    SignInPage(phone).open().sign_in("leader@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    approvals = GrantApprovalsPage(phone).open()
    approvals.check_accessible()
    approvals.approve("new.starter@example.test")
    assert "now has the role Practitioner" in approvals.banner
    approvals.check_accessible()


def test_error_and_public_pages_are_accessible(desktop: Any) -> None:
    for path, heading in [
        ("/accessibility/", "Accessibility statement for Thrive"),
        ("/privacy/", "Privacy notice"),
        ("/password-reset/", "Reset your password"),
        ("/no-such-page/", "Page not found"),
    ]:
        page = BasePage(desktop).open(path)
        assert page.heading == heading
        page.check_accessible()


def test_account_page_creates_an_api_token(desktop: Any) -> None:
    make_user(make_org("331", "Coventry"), Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(desktop).open().sign_in("hr@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    page = AccountPage(desktop).open()
    page.check_accessible()
    key = page.create_token("Power BI")
    assert len(key) > 30
    page.check_accessible()
    response = desktop.request.get("/api/me/", headers={"Authorization": f"Token {key}"})
    assert response.json()["email"] == "hr@example.test"
