"""Sign-in, sign-out, password reset, password rules, throttling and session expiry."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, make_user
from thrive.accounts.services import user_set_password
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role


@pytest.mark.django_db
def test_sign_in_lands_on_the_council_home_and_is_audited(client: Client, org: Any) -> None:
    make_user(org, Role.TEAM_MANAGER, email="tm@example.test")
    response = client.post(
        "/sign-in/", {"username": "TM@example.test", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/o/{org.code}/"
    assert b"As team manager" in response.content
    assert AuditEvent.objects.filter(action="auth.sign_in").count() == 1


@pytest.mark.django_db
def test_wrong_password_keeps_the_email_and_explains(client: Client, org: Any) -> None:
    make_user(org, Role.TEAM_MANAGER, email="tm@example.test")
    response = client.post("/sign-in/", {"username": "tm@example.test", "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'value="tm@example.test"' in page
    assert "<title>Error: Sign in" in page


@pytest.mark.django_db
def test_sign_out_needs_post_and_ends_session(client: Client, org: Any) -> None:
    user = make_user(org, Role.TEAM_MANAGER)
    client.force_login(user)
    response = client.post("/sign-out/")
    assert response.status_code == 200 and b"You have signed out" in response.content
    assert client.get(f"/o/{org.code}/").status_code == 302


@pytest.mark.django_db
def test_login_throttling_locks_after_repeated_failures(client: Client, org: Any) -> None:
    make_user(org, Role.TEAM_MANAGER, email="tm@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": "tm@example.test", "password": "wrong-password"})
    response = client.post("/sign-in/", {"username": "tm@example.test", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


@pytest.mark.django_db(transaction=True)  # the email leaves after the commit
def test_password_reset_by_email(client: Client, org: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="pw@example.test")
    response = client.post("/password-reset/", {"email": "pw@example.test"}, follow=True)
    assert b"Check your email" in response.content
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert b"Set a new password" in form_page.content
    weak = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"}
    )
    assert b"There is a problem" in weak.content
    strong = "Blue-Kettle-Song-77"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": strong, "new_password2": strong},
        follow=True,
    )
    assert b"Your password has been set" in done.content
    signed_in = client.post(
        "/sign-in/", {"username": "pw@example.test", "password": strong}, follow=True
    )
    assert b"Welcome" in signed_in.content


@pytest.mark.django_db(transaction=True)  # the email leaves after the commit
def test_unknown_email_reset_reveals_nothing(client: Client) -> None:
    response = client.post("/password-reset/", {"email": "ghost@example.test"}, follow=True)
    assert b"Check your email" in response.content
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password", ["short1A!", "alllowercaseletters", "123456789012345", "password1234"]
)
def test_weak_passwords_are_refused(org: Any, password: str) -> None:
    user = make_user(org, Role.PRACTITIONER)
    with pytest.raises(ThriveError):
        user_set_password(user=user, password=password)


def test_session_expires_after_inactivity() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
