"""Page objects: one per page the journeys use."""

from __future__ import annotations

from typing import Any, Self

from tests.browser.conftest import assert_accessible


class BasePage:
    path = "/"

    def __init__(self, page: Any) -> None:
        self.page = page

    def open(self, path: str | None = None) -> Self:
        self.page.goto(path or self.path)
        return self

    @property
    def heading(self) -> str:
        return str(self.page.locator("h1").first.inner_text())

    def check_accessible(self) -> Self:
        assert_accessible(self.page)
        return self

    def nav_links(self) -> list[tuple[str, str]]:
        links = self.page.locator(".govuk-service-navigation__link")
        return [
            (links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href"))
            for i in range(links.count())
        ]


class SignInPage(BasePage):
    path = "/sign-in/"

    def sign_in(self, email: str, password: str) -> HomePage:
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        return HomePage(self.page)

    @property
    def error_summary(self) -> str:
        return str(self.page.locator(".govuk-error-summary").inner_text())


class HomePage(BasePage):
    def role_sections(self) -> list[str]:
        return [s.strip() for s in self.page.locator("section.thrive-card h2").all_inner_texts()]

    def sign_out(self) -> BasePage:
        self.page.get_by_role("button", name="Sign out").click()
        return BasePage(self.page)


class UsersPage(BasePage):
    def give_role(self, email: str, role_label: str) -> Self:
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Role", exact=True).select_option(label=role_label)
        self.page.get_by_role("button", name="Give role").click()
        return self


class GrantApprovalsPage(BasePage):
    """Roles opening families that wait for a second person's approval."""

    def approve(self, email: str) -> Self:
        self.page.get_by_role("link", name=f"Decide on {email}").click()
        self.page.get_by_label("Approve").check()
        self.page.get_by_role("button", name="Save decision").click()
        return self


class TwoFactorPage(BasePage):
    """Setting up an authenticator, and entering its code after the password."""

    path = "/account/two-factor/set-up/"

    @property
    def key(self) -> str:
        return str(self.page.locator("#mfa-key").inner_text()).replace(" ", "")

    def enter(self, code: str, button: str) -> Self:
        self.page.get_by_role("textbox", name="Code").fill(code)
        self.page.get_by_role("button", name=button).click()
        return self

    @property
    def recovery_codes(self) -> list[str]:
        return [c.strip() for c in self.page.locator("#recovery-codes code").all_inner_texts()]
