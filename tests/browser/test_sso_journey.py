"""Single sign-on in Chromium against a real OpenID Connect provider started here (tests/oidc):
a new person signs in with their council account and is told they have no role yet, signs out
at the provider too; a person whose email domain the council does not allow is refused. Axe runs
on every Thrive page of the journey (the provider's own pages are not Thrive's)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.factories import make_org
from tests.oidc import OidcProvider, available, client_id, secret, start_oidc_provider
from thrive.accounts.models import RoleAssignment, User
from thrive.accounts.sso import SsoSettings, sso_configure
from thrive.core.models import AuditEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not available(), reason="Node or the npm package oidc-provider is missing"),
]

SECRET_ENV = "THRIVE_TEST_SSO_SECRET_331"


@pytest.fixture(scope="module")
def browser_oidc_provider(live_server: Any) -> Iterator[OidcProvider]:
    with start_oidc_provider(base_urls=[live_server.url], codes=["331"]) as provider:
        yield provider


@pytest.fixture
def coventry(browser_oidc_provider: OidcProvider, monkeypatch: Any) -> Any:
    browser_oidc_provider.sync_clock()
    monkeypatch.setitem(os.environ, SECRET_ENV, secret("331"))
    org = make_org("331", "Coventry")
    sso_configure(
        organisation=org,
        settings=SsoSettings(
            enabled=True,
            issuer=browser_oidc_provider.issuer,
            client_id=client_id("331"),
            client_secret_env=SECRET_ENV,
            allowed_domains=["coventry.gov.uk"],
            local_passwords_allowed=False,
        ),
    )
    return org


def _sign_in_at_provider(page: Any, login: str) -> None:
    SignInPage(page).open().check_accessible()
    assert "Sign in with your council account" in page.locator("main").inner_text()
    page.get_by_role("link", name="Coventry account").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("whatever the provider checks")
    page.get_by_role("button", name="Sign-in").click()


def test_a_new_person_signs_in_with_their_council_account_then_out(
    desktop: Any, coventry: Any
) -> None:
    _sign_in_at_provider(desktop, "new.worker@coventry.gov.uk")

    desktop.wait_for_url("**/sign-in/council/welcome/")
    welcome = BasePage(desktop).check_accessible()
    assert welcome.heading == "You have no role in Thrive yet"
    user = User.objects.get(email="new.worker@coventry.gov.uk")
    assert not RoleAssignment.objects.filter(user=user).exists()

    # Signing out of Thrive continues at the provider, which sends the person back.
    desktop.get_by_role("button", name="Sign out").click()
    desktop.get_by_role("button", name="Yes, sign me out").click()
    desktop.wait_for_url("**/sign-out/done/")
    assert BasePage(desktop).check_accessible().heading == "You have signed out"
    assert AuditEvent.objects.filter(action="auth.sign_out", user=user).exists()


def test_a_person_whose_domain_is_not_allowed_is_refused(desktop: Any, coventry: Any) -> None:
    _sign_in_at_provider(desktop, "someone@birmingham.gov.uk")

    desktop.wait_for_url("**/sign-in/council/331/callback/**")
    refused = BasePage(desktop).check_accessible()
    assert refused.heading == "You could not be signed in"
    assert "is not one that may sign in through Coventry" in desktop.locator("main").inner_text()
    assert not User.objects.filter(email="someone@birmingham.gov.uk").exists()
    assert AuditEvent.objects.filter(action="sso.refused").count() == 1


def test_the_system_administrator_sets_up_single_sign_on_from_the_menu(phone: Any) -> None:
    from tests.factories import PASSWORD, make_user
    from thrive.core.roles import Role

    org = make_org("331", "Coventry")
    make_user(org, Role.SYSTEM_ADMIN, email="admin@coventry.gov.uk")
    SignInPage(phone).open().sign_in("admin@coventry.gov.uk", PASSWORD)
    phone.wait_for_url("**/o/331/")
    phone.goto("/o/331/council/")
    council_pages = phone.eval_on_selector_all(
        ".thrive-sub-navigation__link", "as => as.map(a => a.getAttribute('href'))"
    )
    assert "/o/331/single-sign-on/" in council_pages
    phone.goto("/o/331/single-sign-on/")
    page = BasePage(phone).check_accessible()
    assert page.heading == "Single sign-on"

    phone.get_by_label("Let people sign in with their council account").check()
    phone.get_by_role("button", name="Save settings").click()
    assert "There is a problem" in phone.locator(".govuk-error-summary").inner_text()
    page.check_accessible()

    phone.get_by_label("Issuer").fill("https://login.microsoftonline.com/0000-1111/v2.0")
    phone.get_by_label("Client ID").fill("thrive-app")
    phone.get_by_label("Environment variable holding the client secret").fill("THRIVE_SSO_X")
    phone.get_by_label("Email domains that may sign in").fill("coventry.gov.uk")
    phone.get_by_role("button", name="Save settings").click()
    assert "Single sign-on settings saved" in phone.locator("main").inner_text()
    assert "THRIVE_SSO_X is not set on this server" in phone.locator("main").inner_text()
    page.check_accessible()
    assert AuditEvent.objects.filter(action="sso.configured").count() == 1
