"""Two-factor sign-in in a council that requires it: set up an authenticator on a phone-sized
screen, save the recovery codes, sign in again with a code and with a recovery code — with axe
on every page."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.pages import BasePage, HomePage, SignInPage, TwoFactorPage
from tests.factories import PASSWORD, make_org, make_user
from thrive.accounts.mfa import mfa_policy_set
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _code_from_key(key: str) -> str:
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(secret):06d}"


def test_set_up_then_sign_in_with_a_code_and_a_recovery_code(phone: Any) -> None:
    coventry = make_org("331", "Coventry")
    user = make_user(coventry, Role.PRACTITIONER, email="p@example.test")
    mfa_policy_set(organisation=coventry, required=True)

    SignInPage(phone).open().sign_in("p@example.test", PASSWORD)
    phone.wait_for_url("**/account/two-factor/set-up/**")
    setup = TwoFactorPage(phone).check_accessible()
    assert setup.heading == "Set up two-factor sign-in"
    setup.enter("000000", "Confirm")
    assert "That code is not right" in setup.error_summary
    setup.check_accessible()
    setup.enter(_code_from_key(setup.key), "Confirm")
    assert setup.heading == "Save your recovery codes"
    codes = setup.recovery_codes
    assert len(codes) == 10
    setup.check_accessible()
    setup.follow("I have saved my codes: continue")
    phone.wait_for_url("**/o/331/")

    # Next time: the password, then the code (the one just used has been used: a new one).
    HomePage(phone).open().sign_out()
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    SignInPage(phone).open().sign_in("p@example.test", PASSWORD)
    phone.wait_for_url("**/account/two-factor/**")
    verify = TwoFactorPage(phone).check_accessible()
    assert verify.heading == "Enter your code"
    verify.enter(codes[0], "Continue")
    phone.wait_for_url("**/o/331/")
    BasePage(phone).check_accessible()
