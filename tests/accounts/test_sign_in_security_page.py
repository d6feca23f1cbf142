"""The sign-in security page: a council's administrator requires two-factor sign-in and lifts a
lockout from the web, each audited; nobody else may, and another council's accounts stay out."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD, make_user
from thrive.accounts.mfa import mfa_policy
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db
WRONG = "Not-The-Password-1"
PAGE = "/o/331/sign-in-security/"
UNLOCK = "/o/331/sign-in-security/unlock/"


def _lock(email: str) -> None:
    guesser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guesser.post("/sign-in/", {"username": email, "password": WRONG}, REMOTE_ADDR="203.0.113.7")


def test_the_administrator_requires_two_factor_sign_in(client: Client, org: Any) -> None:
    admin = make_user(org, Role.SYSTEM_ADMIN)
    client.force_login(admin)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Two-factor sign-in is <strong>not required</strong>" in page.content.decode()
    assert "0 of 1 people" in page.content.decode()

    assert client.post(PAGE, {}).status_code == 400
    response = client.post(PAGE, {"required": "on"}, follow=True)
    assert "Two-factor sign-in is now required" in response.content.decode()
    assert mfa_policy(org)
    event = AuditEvent.objects.get(action="security.mfa_policy")
    assert event.user == admin and event.organisation == org

    client.post(PAGE, {"required": "off"})
    assert not mfa_policy(org)


def test_a_locked_account_is_listed_and_unlocked_with_a_reason(client: Client, org: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="sam@b.org")
    _lock("Sam@B.org")
    assert (
        Client()
        .post(
            "/sign-in/", {"username": "sam@b.org", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
        )
        .status_code
        == 429
    )
    admin = make_user(org, Role.SYSTEM_ADMIN)
    client.force_login(admin)
    page = client.get(PAGE).content.decode()
    assert "sam@b.org" in page and "Locked" in page and "203.0.113.7" in page

    refused = client.post(UNLOCK, {"email": "sam@b.org", "reason": ""})
    assert refused.status_code == 400
    assert "Say why you are unlocking the account." in refused.content.decode()
    assert 'value="sam@b.org"' in refused.content.decode()  # what was typed is kept

    done = client.post(UNLOCK, {"email": "SAM@b.org", "reason": "Rang her back"}, follow=True)
    assert "sam@b.org can sign in again" in done.content.decode()
    event = AuditEvent.objects.get(action="auth.unlocked")
    assert event.user == admin and event.organisation == org
    assert event.ip_address == "127.0.0.1" and event.detail["reason"] == "Rang her back"
    assert (
        Client()
        .post(
            "/sign-in/", {"username": "sam@b.org", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
        )
        .status_code
        == 302
    )


def test_another_councils_account_is_neither_shown_nor_unlocked(
    client: Client, org: Any, other_org: Any
) -> None:
    make_user(other_org, Role.PRACTITIONER, email="kim@elsewhere.org")
    _lock("kim@elsewhere.org")
    client.force_login(make_user(org, Role.SYSTEM_ADMIN))
    assert "kim@elsewhere.org" not in client.get(PAGE).content.decode()
    response = client.post(UNLOCK, {"email": "kim@elsewhere.org", "reason": "Asked nicely"})
    assert response.status_code == 400
    assert "has no recent failed sign-ins in Coventry" in response.content.decode()
    assert not AuditEvent.objects.filter(action="auth.unlocked").exists()


@pytest.mark.parametrize(
    "role", [Role.TEAM_MANAGER, Role.PRINCIPAL_SOCIAL_WORKER, Role.SENIOR_LEADER]
)
def test_other_roles_are_refused(client: Client, org: Any, role: str) -> None:
    client.force_login(make_user(org, role))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"required": "on"}).status_code == 403
    assert client.post(UNLOCK, {"email": "a@b.org", "reason": "x"}).status_code == 403
    assert not mfa_policy(org)
