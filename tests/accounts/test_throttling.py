"""Sign-in throttling: failures count against the email as sign-in matches it, per address too,
and lockouts and unlocks go to the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.cli.test_cli import run
from tests.factories import PASSWORD, make_user
from thrive.accounts.services import sign_in_unlock
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

WRONG = "Not-The-Password-1"


def _sign_in(client: Client, username: str, password: str, ip: str = "203.0.113.7") -> int:
    response = client.post(
        "/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )
    return int(response.status_code)


@pytest.mark.django_db
def test_case_and_space_variants_share_one_count(client: Client, org: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="a@b.org")
    variants = ["a@b.org", "A@b.org", " a@B.org ", "A@B.ORG", "a@b.org"]
    assert len(variants) == settings.AXES_FAILURE_LIMIT
    codes = [_sign_in(client, v, WRONG) for v in variants]
    assert codes[:-1] == [200] * (len(variants) - 1)
    assert codes[-1] == 429
    # Locked in every spelling, the right password included.
    for spelling in ("a@b.org", "A@b.org", " a@B.org "):
        assert _sign_in(client, spelling, PASSWORD) == 429
    locked = AuditEvent.objects.filter(action="auth.locked_out")
    assert locked.exists()
    assert {e.detail["identity"] for e in locked} == {"a@b.org"}
    assert AuditEvent.objects.filter(action="auth.sign_in").count() == 0
    failed = AuditEvent.objects.filter(action="auth.sign_in_failed")
    assert failed.count() >= settings.AXES_FAILURE_LIMIT
    assert set(failed.values_list("ip_address", flat=True)) == {"203.0.113.7"}


@pytest.mark.django_db
def test_another_address_is_not_locked_by_one_addresss_failures(client: Client, org: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="a@b.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "a@b.org", WRONG, ip="203.0.113.7")
    assert _sign_in(client, "a@b.org", PASSWORD, ip="203.0.113.7") == 429
    assert _sign_in(client, "A@B.org", PASSWORD, ip="198.51.100.9") == 302


@pytest.mark.django_db
def test_many_accounts_guessed_from_one_address_lock_the_address(
    client: Client, org: Any, settings: Any
) -> None:
    settings.THRIVE_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    make_user(org, Role.PRACTITIONER, email="real@b.org")
    # Two wrong guesses at each of many accounts: never five at one.
    codes = [_sign_in(client, f"person{n}@b.org", WRONG) for n in range(6) for _ in range(2)]
    assert codes[:-1] == [200] * 11 and codes[-1] == 429
    # Now any account from that address is refused, the right password included ...
    assert _sign_in(client, "real@b.org", PASSWORD) == 429
    assert _sign_in(client, "person99@b.org", WRONG) == 429
    event = AuditEvent.objects.filter(action="auth.locked_out").first()
    assert event is not None and event.detail["rule"] == "accounts from this address"
    # ... while another address signs in.
    assert _sign_in(client, "real@b.org", PASSWORD, ip="198.51.100.9") == 302


@pytest.mark.django_db
def test_one_account_guessed_from_many_addresses_is_locked(
    client: Client, org: Any, settings: Any
) -> None:
    settings.THRIVE_LOGIN_ACCOUNT_FAILURE_LIMIT = 8
    make_user(org, Role.PRACTITIONER, email="a@b.org")
    codes = [_sign_in(client, "a@b.org", WRONG, ip=f"203.0.113.{n}") for n in range(8)]
    assert codes[-1] == 429 and 429 not in codes[:-1]
    assert _sign_in(client, "a@b.org", PASSWORD, ip="198.51.100.9") == 429
    event = AuditEvent.objects.filter(action="auth.locked_out").first()
    assert event is not None and event.detail["rule"] == "account from any address"


@pytest.mark.django_db
def test_success_clears_only_its_own_failures(client: Client, org: Any, settings: Any) -> None:
    """Signing in to an account one holds never clears the address's count across accounts."""
    settings.THRIVE_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    make_user(org, Role.PRACTITIONER, email="mine@b.org")
    for n in range(5):
        _sign_in(client, f"victim{n}@b.org", WRONG)
    assert _sign_in(client, "mine@b.org", PASSWORD) == 302
    client.post("/sign-out/")
    assert _sign_in(client, "victim9@b.org", WRONG) == 429


@pytest.mark.django_db
def test_unlock_lifts_the_lockout_and_is_audited(client: Client, org: Any) -> None:
    admin = make_user(org, Role.SYSTEM_ADMIN, email="admin@b.org")
    make_user(org, Role.PRACTITIONER, email="a@b.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "A@b.org", WRONG)
    assert _sign_in(client, "a@b.org", PASSWORD) == 429
    cleared = sign_in_unlock(email=" A@B.org", actor=admin, reason="phoned the service desk")
    assert cleared == 1
    assert _sign_in(client, "a@b.org", PASSWORD) == 302
    event = AuditEvent.objects.get(action="auth.unlocked")
    assert event.user == admin and event.object_id and "service desk" in event.summary


@pytest.mark.django_db
def test_unlock_from_the_command_line(client: Client, org: Any, capsys: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="a@b.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "a@b.org", WRONG)
    code, out, _ = run(["user", "unlock", "--email", "A@b.org", "--reason", "checked ID"], capsys)
    assert code == 0 and "Sign-in unlocked for A@b.org" in out
    assert _sign_in(client, "a@b.org", PASSWORD) == 302
    code, _, err = run(["user", "unlock"], capsys)
    assert code == 1 and "Say which account" in err
    assert AuditEvent.objects.filter(action="auth.unlocked").count() == 1
