"""The shell: navigation per role, public pages, headers, cookies, the council switcher."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_user
from thrive.core.roles import Role


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accessibility/", "/privacy/", "/sign-in/"])
def test_public_pages_need_no_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert b"govuk-template" in response.content


@pytest.mark.django_db
def test_security_headers_and_csp(client: Client) -> None:
    response = client.get("/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_no_cookies_beyond_session_and_csrf(client: Client, org: Any) -> None:
    make_user(org, Role.SYSTEM_ADMIN, email="admin@example.test")
    client.get("/sign-in/")
    response = client.post(
        "/sign-in/", {"username": "admin@example.test", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    client.get(reverse("core:users", args=[org.code]))
    assert set(client.cookies.keys()) <= {"thrive_session", "thrive_csrf"}


@pytest.mark.django_db
def test_no_crown_or_gds_transport_font(client: Client) -> None:
    from django.conf import settings

    css = (settings.BASE_DIR / "thrive/core/static/thrive/thrive.css").read_text()
    assert "GDS Transport" not in css
    page = client.get("/sign-in/").content.decode()
    assert "govuk-header__logotype" not in page and "crown" not in page.lower()


@pytest.mark.django_db
def test_navigation_shows_each_role_what_it_may_use(client: Client, user_with_role: Any) -> None:
    client.force_login(user_with_role(Role.SYSTEM_ADMIN))
    page = client.get("/", follow=True).content.decode()
    assert "Users and roles" in page and "Audit trail" in page

    client.force_login(user_with_role(Role.PRACTITIONER))
    page = client.get("/", follow=True).content.decode()
    assert "Users and roles" not in page and "Audit trail" not in page
    assert "As practitioner" in page

    client.force_login(user_with_role(Role.PARTNER))
    page = client.get("/", follow=True).content.decode()
    assert "Council" not in page.split("<main")[0]  # the partner's menu has no council pages
    assert "training exchange" in page


@pytest.mark.django_db
def test_landing_goes_to_last_council_and_switcher_lists_councils(
    client: Client, org: Any, other_org: Any
) -> None:
    user = make_user(org, Role.SENIOR_LEADER, email="lead@example.test")
    make_user(other_org, Role.SENIOR_LEADER, email="lead@example.test")
    client.force_login(user)
    assert client.get("/")["Location"] == f"/o/{other_org.code}/"  # alphabetical first
    client.get(f"/o/{org.code}/")
    assert client.get("/")["Location"] == f"/o/{org.code}/"  # then the last one used
    page = client.get(f"/o/{org.code}/").content.decode()
    assert "Change council" in page
    switch = client.get("/councils/").content.decode()
    assert "Coventry" in switch and "Birmingham" in switch


@pytest.mark.django_db
def test_person_without_roles_is_told_so(client: Client) -> None:
    from thrive.accounts.models import User

    client.force_login(User.objects.create_user("nobody@example.test", PASSWORD))
    assert b"You do not have access to a council yet" in client.get("/").content


@pytest.mark.django_db
def test_error_pages(client: Client, settings: Any) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_500_page_renders_without_a_request() -> None:
    from thrive.core.views import error_500

    response = error_500(None)  # type: ignore[arg-type]
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
