"""A system administrator on a phone: requires two-factor sign-in, unlocks a locked account, sets
a retention rule and opens the subject access page — with axe on every page, errors included."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, make_org, make_user
from thrive.accounts.mfa import mfa_policy
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.privacy.models import RetentionRule

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_looks_after_sign_in_and_retention(phone: Any) -> None:
    coventry = make_org("331", "Coventry")
    make_user(coventry, Role.PRACTITIONER, email="sam@example.test")
    make_user(coventry, Role.SYSTEM_ADMIN, email="admin@example.test")
    guesser = Client()
    for _ in range(5):
        guesser.post("/sign-in/", {"username": "sam@example.test", "password": "wrong-1"})

    SignInPage(phone).open().sign_in("admin@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    page = BasePage(phone).open("/o/331/sign-in-security/").check_accessible()
    assert page.heading == "Sign-in security"
    assert "sam@example.test" in page.main_text and "Locked" in page.main_text

    phone.get_by_label("Yes: an authenticator app's code").check()
    phone.get_by_role("button", name="Save two-factor policy").click()
    assert "Two-factor sign-in is now required" in BasePage(phone).check_accessible().banner
    assert mfa_policy(coventry)

    phone.get_by_label("Email address of the locked account").fill("sam@example.test")
    phone.get_by_role("button", name="Unlock the account").click()
    assert "Say why you are unlocking the account." in page.check_accessible().error_summary
    phone.get_by_label("Why you are unlocking it").fill("Rang Sam back on her desk phone")
    phone.get_by_role("button", name="Unlock the account").click()
    assert "sam@example.test can sign in again" in page.check_accessible().banner
    assert AuditEvent.objects.filter(action="auth.unlocked").count() == 1

    page.open("/o/331/privacy/retention/").check_accessible()
    assert "Thrive's default schedule" in page.main_text
    phone.get_by_label("Personnel records").check()
    phone.get_by_label("How long to keep it").fill("4")
    phone.get_by_role("textbox", name="Day").fill("1")
    phone.get_by_role("textbox", name="Month").fill("4")
    phone.get_by_role("textbox", name="Year", exact=True).fill("2027")
    phone.get_by_role("button", name="Add the rule").click()
    assert "at least 6 years" in page.check_accessible().error_summary
    phone.get_by_label("How long to keep it").fill("7")
    phone.get_by_role("button", name="Add the rule").click()
    assert "Added: Personnel records" in page.check_accessible().banner
    assert RetentionRule.objects.get().years == 7

    # A rule in months, for candidates' applications.
    phone.get_by_label("Unsuccessful candidates' applications").check()
    phone.get_by_label("How long to keep it").fill("9")
    phone.get_by_label("Months").check()
    phone.get_by_role("textbox", name="Day").fill("1")
    phone.get_by_role("textbox", name="Month").fill("5")
    phone.get_by_role("textbox", name="Year", exact=True).fill("2027")
    phone.get_by_role("button", name="Add the rule").click()
    assert "9 months" in page.check_accessible().banner

    page.open("/o/331/privacy/subject-access/").check_accessible()
    assert page.heading == "Subject access request"
    # A candidate never employed is found by email; one the council never heard from is refused.
    phone.get_by_label("Or a candidate's email").fill("nobody@example.org")
    phone.get_by_role("button", name="Download the export").click()
    assert "holds no application or registration of interest" in (
        page.check_accessible().error_summary
    )
