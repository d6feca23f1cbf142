"""API tokens and calendar addresses end (expiry, password change or reset, leaving); the API asks
for `api.use` and caps its pages; password reset requests are rate-limited; the schema needs
sign-in; there is no secret-key fallback with DEBUG off."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tests.factories import PASSWORD, link_user, make_staff, make_team, make_user
from thrive.accounts.models import ApiToken
from thrive.accounts.services import api_token_create, user_has_left, user_set_password
from thrive.core import clock as app_clock
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import StaffMember
from thrive.people.services import spell_end
from thrive.supervision.services import calendar_feed_create

ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "Blue-Kettle-Song-77"


def _api(client: Client, key: str, path: str = "/api/me/") -> int:
    return int(client.get(path, HTTP_AUTHORIZATION=f"Token {key}").status_code)


def _feed(client: Client, token: str) -> int:
    return int(client.get(f"/calendar/{token}.ics").status_code)


@pytest.mark.django_db
def test_a_token_expires_after_the_configured_days(client: Client, org: Any) -> None:
    user = make_user(org, Role.PRACTITIONER)
    token, key = api_token_create(user=user, name="Power BI")
    days = token.expires_at - app_clock.now()
    assert timedelta(days=settings.THRIVE_API_TOKEN_DAYS, minutes=-1) < days
    assert days <= timedelta(days=settings.THRIVE_API_TOKEN_DAYS)
    assert _api(client, key) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    # The end passes (moved rather than waited for: tests never depend on the calendar).
    ApiToken.objects.filter(pk=token.pk).update(expires_at=app_clock.now() - timedelta(seconds=1))
    assert _api(client, key) == 401
    client.force_login(user)
    page = client.get("/account/").content.decode()
    assert "Expired" in page and token.prefix in page


@pytest.mark.django_db
def test_token_days_is_a_setting(client: Client, org: Any, settings: Any) -> None:
    settings.THRIVE_API_TOKEN_DAYS = 7
    token, _ = api_token_create(user=make_user(org, Role.PRACTITIONER), name="t")
    assert round((token.expires_at - app_clock.now()) / timedelta(days=1)) == 7


@pytest.mark.django_db
def test_account_page_shows_last_use_and_end(client: Client, org: Any) -> None:
    user = make_user(org, Role.PRACTITIONER)
    token, key = api_token_create(user=user, name="Power BI")
    _api(client, key)
    client.force_login(user)
    page = client.get("/account/").content.decode()
    assert "Never" not in page  # used just now
    assert f"{token.expires_at:%Y}" in page and "Ends" in page


@pytest.mark.django_db
def test_password_change_revokes_tokens_and_calendar_address(client: Client, org: Any) -> None:
    user = make_user(org, Role.PRACTITIONER)
    _, key = api_token_create(user=user, name="t")
    feed = calendar_feed_create(user=user)
    assert _api(client, key) == 200 and _feed(client, feed) == 200
    user_set_password(user=user, password=NEW_PASSWORD)
    assert _api(client, key) == 401
    assert _feed(client, feed) == 404
    assert ApiToken.objects.get(user=user).revoked_reason == "password changed"
    event = AuditEvent.objects.get(action="auth.credentials_revoked")
    assert event.detail == {"reason": "password changed", "api_tokens": 1, "calendar_feeds": 1}


@pytest.mark.django_db(transaction=True)  # the email leaves after the commit
def test_password_reset_revokes_tokens_and_feed_and_lifts_a_lockout(
    client: Client, org: Any
) -> None:
    user = make_user(org, Role.PRACTITIONER, email="pw@example.test")
    _, key = api_token_create(user=user, name="t")
    feed = calendar_feed_create(user=user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": "PW@example.test", "password": "Wrong-Guess-1"})
    client.post("/password-reset/", {"email": "pw@example.test"})
    link = re.search(r"http://testserver(/password-reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert b"Your password has been set" in done.content
    assert _api(client, key) == 401 and _feed(client, feed) == 404
    assert ApiToken.objects.get(user=user).revoked_reason == "password reset"
    assert AuditEvent.objects.filter(action="auth.password_reset", user=user).exists()
    signed_in = client.post("/sign-in/", {"username": "pw@example.test", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def _person_with_account(org: Any, user: Any, start: Any) -> StaffMember:
    person = make_staff(
        org,
        staff_id="S1",
        first_name="Sol",
        last_name="Reyes",
        profession="other",
        team=make_team(org),
        start_date=start,
        swe_number="",
        org_role=None,
    )
    return link_user(person, user)


@pytest.mark.django_db
def test_leaving_revokes_tokens_and_feed(client: Client, org: Any) -> None:
    today = app_clock.today()
    user = make_user(org, Role.PRACTITIONER)
    person = _person_with_account(org, user, today - timedelta(days=400))
    _, key = api_token_create(user=user, name="t")
    feed = calendar_feed_create(user=user)
    assert _api(client, key) == 200 and _feed(client, feed) == 200
    spell_end(
        spell=person.spells.get(),
        end_date=today - timedelta(days=1),
        leaving_reason=1,
        leaver_destination=None,
        version=None,
    )
    assert _api(client, key) == 401 and _feed(client, feed) == 404
    assert ApiToken.objects.get(user=user).revoked_reason == "left"


@pytest.mark.django_db
def test_a_future_leaving_date_ends_tokens_and_feed_after_the_last_day(
    client: Client, org: Any
) -> None:
    today = app_clock.today()
    user = make_user(org, Role.PRACTITIONER)
    person = _person_with_account(org, user, today - timedelta(days=400))
    last_day = today + timedelta(days=10)
    spell_end(
        spell=person.spells.get(),
        end_date=last_day,
        leaving_reason=1,
        leaver_destination=None,
        version=None,
    )
    token, key = api_token_create(user=user, name="made while working their notice")
    assert app_clock.today() < token.expires_at.date() <= last_day + timedelta(days=1)
    feed = calendar_feed_create(user=user)
    assert _api(client, key) == 200 and _feed(client, feed) == 200
    assert not user_has_left(user, last_day) and user_has_left(user, last_day + timedelta(days=1))
    # The last day passes: shown by moving the recorded day back rather than waiting for it.
    ApiToken.objects.filter(pk=token.pk).update(expires_at=app_clock.now() + timedelta(days=90))
    person.spells.update(end_date=today - timedelta(days=1))
    assert _api(client, key) == 401 and _feed(client, feed) == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PANEL_MEMBER, Role.PARTNER])
def test_people_without_api_use_get_no_api(client: Client, org: Any, role: str) -> None:
    user = make_user(org, role)
    _, key = api_token_create(user=user, name="t")
    assert _api(client, key) == 403
    assert _api(client, key, f"/api/organisations/{org.code}/") == 403
    client.force_login(user)
    assert client.get("/api/me/").status_code == 403
    assert client.get(f"/api/organisations/{org.code}/learning/catalogue/").status_code == 403


@pytest.mark.django_db
def test_api_use_is_checked_in_the_council_asked(client: Client, org: Any, other_org: Any) -> None:
    """A practitioner in one council who is a partner in another uses the API only in the first."""
    user = make_user(org, Role.PRACTITIONER)
    make_user(other_org, Role.PARTNER, email=user.email)
    _, key = api_token_create(user=user, name="t")
    assert _api(client, key, f"/api/organisations/{org.code}/") == 200
    assert _api(client, key, f"/api/organisations/{other_org.code}/") == 403


@pytest.mark.django_db
def test_page_size_is_capped(client: Client, org: Any) -> None:
    from thrive.people.models import Organisation

    user = make_user(org, Role.PRACTITIONER)
    for n in range(3):
        Organisation.objects.create(code=f"9{n}0", name=f"Council {n}", region=org.region)
        make_user(Organisation.objects.get(code=f"9{n}0"), Role.PRACTITIONER, email=user.email)
    _, key = api_token_create(user=user, name="t")
    page = client.get("/api/organisations/?limit=100000", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert page["count"] == 4 and len(page["results"]) == 4
    from thrive.api.pagination import CappedLimitOffsetPagination

    assert CappedLimitOffsetPagination.max_limit == 500
    request = type("R", (), {"query_params": {"limit": "100000"}})()
    assert CappedLimitOffsetPagination().get_limit(request) == 500  # type: ignore[arg-type]


@pytest.mark.django_db
def test_schema_and_docs_need_sign_in(client: Client, org: Any) -> None:
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)
    client.force_login(make_user(org, Role.PRACTITIONER))
    assert client.get("/api/schema/").status_code == 200


@pytest.mark.django_db(transaction=True)  # the email leaves after the commit
def test_password_reset_requests_are_limited_per_email(client: Client, org: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="pw@example.test")
    limit = settings.THRIVE_PASSWORD_RESET_PER_EMAIL
    spellings = ["pw@example.test", "PW@example.test", " pw@EXAMPLE.test "]
    for n in range(limit):
        response = client.post("/password-reset/", {"email": spellings[n % 3]})
        assert response.status_code == 302
    refused = client.post("/password-reset/", {"email": "Pw@Example.test"})
    assert refused.status_code == 429
    assert "too many times" in refused.content.decode()
    assert len(mail.outbox) == limit


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_address(
    client: Client, org: Any, settings: Any
) -> None:
    settings.THRIVE_PASSWORD_RESET_PER_ADDRESS = 4
    for n in range(4):
        response = client.post("/password-reset/", {"email": f"p{n}@example.test"})
        assert response.status_code == 302
    refused = client.post("/password-reset/", {"email": "p9@example.test"})
    assert refused.status_code == 429 and "your network" in refused.content.decode()
    other = client.post(
        "/password-reset/", {"email": "p9@example.test"}, REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 302
    assert AuditEvent.objects.filter(action="auth.password_reset_requested").count() == 5


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_web_application_refuses_to_start_without_secret_key_when_debug_is_off() -> None:
    result = _python("import config.wsgi", DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "The SECRET_KEY environment variable is not set" in result.stderr
    started = _python("import config.wsgi; print('started')", DEBUG="1")
    assert started.returncode == 0 and "started" in started.stdout
    given = _python("import config.wsgi; print('started')", DEBUG="0", SECRET_KEY="x" * 60)
    assert given.returncode == 0 and "started" in given.stdout


def test_check_deploy_refuses_a_missing_or_development_key(settings: Any) -> None:
    from django.core.management.base import SystemCheckError

    settings.SECRET_KEY = settings.DEV_SECRET_KEY
    with pytest.raises(SystemCheckError, match="thrive.E002"):
        call_command("check", deploy=True)
    result = _python(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True)",
        DEBUG="0",
    )
    assert "thrive.E001" in result.stderr and "SECRET_KEY environment variable" in result.stderr


def test_check_deploy_warns_when_email_is_not_really_sent(settings: Any) -> None:
    from django.core.management.base import SystemCheckError

    settings.SECRET_KEY = "y" * 60
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    with pytest.raises(SystemCheckError, match=r"thrive.W001.*printed in the server's log"):
        call_command("check", deploy=True, fail_level="WARNING", tags=["security"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    from thrive.accounts.checks import email_is_delivered

    assert email_is_delivered() == []


@pytest.mark.django_db
def test_sign_in_still_works_after_all_this(client: Client, org: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="ok@example.test")
    response = client.post("/sign-in/", {"username": "ok@example.test", "password": PASSWORD})
    assert response.status_code == 302
