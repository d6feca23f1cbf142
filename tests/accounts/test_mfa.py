"""Two-factor sign-in: a council's policy sends everyone to set up an authenticator; then each
sign-in asks for its code, or a recovery code that works once; an administrator resets a lost
phone. Codes are worked out from the device's key, as an authenticator app would."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.cli.test_cli import run
from tests.factories import PASSWORD, make_user
from thrive.accounts.mfa import mfa_policy_set
from thrive.accounts.services import api_token_create
from thrive.core.models import AuditEvent
from thrive.core.roles import Role


def _code(user: Any) -> str:
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    assert device is not None
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _later(user: Any) -> None:
    """As if the next 30-second code had come round and any throttling after a wrong code had
    passed (a code is never accepted twice, and a wrong one makes the next wait a moment)."""
    TOTPDevice.objects.filter(user=user).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )


def _sign_in(client: Client, email: str) -> Any:
    return client.post("/sign-in/", {"username": email, "password": PASSWORD})


def _enrol(client: Client, user: Any) -> list[str]:
    page = client.get("/account/two-factor/set-up/")
    assert page.status_code == 200
    response = client.post("/account/two-factor/set-up/", {"token": _code(user), "next": "/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    return codes


@pytest.mark.django_db
def test_without_a_policy_or_an_authenticator_sign_in_is_unchanged(
    client: Client, org: Any
) -> None:
    make_user(org, Role.PRACTITIONER, email="p@example.test")
    assert _sign_in(client, "p@example.test").status_code == 302
    assert client.get(f"/o/{org.code}/").status_code == 200


@pytest.mark.django_db
def test_a_council_requiring_it_sends_everyone_to_set_it_up(client: Client, org: Any) -> None:
    admin = make_user(org, Role.SYSTEM_ADMIN)
    user = make_user(org, Role.PRACTITIONER, email="p@example.test")
    mfa_policy_set(organisation=org, required=True, actor=admin)
    _sign_in(client, "P@example.test")
    home = client.get(f"/o/{org.code}/")
    assert home.status_code == 302
    assert home["Location"].startswith("/account/two-factor/set-up/?next=")
    setup = client.get(home["Location"])
    page = setup.content.decode()
    assert "Your council asks everyone" in page and "<svg" in page and 'id="mfa-key"' in page
    wrong = client.post("/account/two-factor/set-up/", {"token": "000000"})
    assert "That code is not right" in wrong.content.decode()
    codes = _enrol(client, user)
    assert client.get(f"/o/{org.code}/").status_code == 200
    assert AuditEvent.objects.filter(action="mfa.enrolled", object_id=str(user.pk)).exists()
    assert AuditEvent.objects.filter(action="security.mfa_policy", user=admin).exists()
    assert len(set(codes)) == 10


@pytest.mark.django_db
def test_each_sign_in_then_asks_for_the_code(client: Client, org: Any) -> None:
    mfa_policy_set(organisation=org, required=True)
    user = make_user(org, Role.PRACTITIONER, email="p@example.test")
    _sign_in(client, "p@example.test")
    _enrol(client, user)
    client.post("/sign-out/")
    _sign_in(client, "p@example.test")
    asked = client.get(f"/o/{org.code}/people/")
    assert asked.status_code == 302
    assert asked["Location"].startswith("/account/two-factor/?next=")
    # Session API calls wait for the code too.
    assert client.get("/api/me/").status_code == 403
    wrong = client.post("/account/two-factor/", {"token": "123456"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get(f"/o/{org.code}/").status_code == 302
    _later(user)
    right = client.post("/account/two-factor/", {"token": _code(user), "next": f"/o/{org.code}/"})
    assert right.status_code == 302 and right["Location"] == f"/o/{org.code}/"
    assert client.get(f"/o/{org.code}/").status_code == 200
    assert client.get("/api/me/").status_code == 200
    assert AuditEvent.objects.filter(action="mfa.failed").count() == 1
    assert AuditEvent.objects.filter(action="mfa.verified").count() == 1


@pytest.mark.django_db
def test_a_recovery_code_works_once(client: Client, org: Any) -> None:
    mfa_policy_set(organisation=org, required=True)
    user = make_user(org, Role.PRACTITIONER, email="p@example.test")
    _sign_in(client, "p@example.test")
    codes = _enrol(client, user)
    for attempt, expected in ((1, 302), (2, 200)):
        client.post("/sign-out/")
        _sign_in(client, "p@example.test")
        response = client.post("/account/two-factor/", {"token": codes[0].upper()})
        assert response.status_code == expected, attempt
    event = AuditEvent.objects.get(action="mfa.verified")
    assert event.detail == {"recovery_codes_left": 9}


@pytest.mark.django_db
def test_someone_who_set_it_up_is_asked_even_where_it_is_not_required(
    client: Client, org: Any
) -> None:
    user = make_user(org, Role.PRACTITIONER, email="p@example.test")
    _sign_in(client, "p@example.test")
    _enrol(client, user)  # chose to, from their account
    client.post("/sign-out/")
    _sign_in(client, "p@example.test")
    assert client.get(f"/o/{org.code}/").status_code == 302


@pytest.mark.django_db
def test_the_policy_is_per_council(client: Client, org: Any, other_org: Any) -> None:
    mfa_policy_set(organisation=other_org, required=True)
    make_user(org, Role.PRACTITIONER, email="here@example.test")
    make_user(other_org, Role.PRACTITIONER, email="there@example.test")
    _sign_in(client, "here@example.test")
    assert client.get(f"/o/{org.code}/").status_code == 200
    client.post("/sign-out/")
    _sign_in(client, "there@example.test")
    assert client.get(f"/o/{other_org.code}/").status_code == 302


@pytest.mark.django_db
def test_api_tokens_are_not_asked_for_a_code(client: Client, org: Any) -> None:
    mfa_policy_set(organisation=org, required=True)
    user = make_user(org, Role.PRACTITIONER)
    _, key = api_token_create(user=user, name="t")
    assert client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


@pytest.mark.django_db
def test_the_next_address_stays_on_this_site(client: Client, org: Any) -> None:
    mfa_policy_set(organisation=org, required=True)
    user = make_user(org, Role.PRACTITIONER, email="p@example.test")
    _sign_in(client, "p@example.test")
    _enrol(client, user)
    client.post("/sign-out/")
    _sign_in(client, "p@example.test")
    _later(user)
    response = client.post(
        "/account/two-factor/", {"token": _code(user), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_policy_and_reset_from_the_command_line(client: Client, org: Any, capsys: Any) -> None:
    user = make_user(org, Role.PRACTITIONER, email="p@example.test")
    code, out, _ = run(["org", "mfa", "--org", org.code, "--require", "on"], capsys)
    assert code == 0 and "is required in Coventry" in out
    _sign_in(client, "p@example.test")
    _enrol(client, user)
    code, out, _ = run(
        ["user", "mfa-reset", "--email", "P@example.test", "--reason", "lost phone"], capsys
    )
    assert code == 0 and "reset for p@example.test" in out
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.post("/sign-out/")
    _sign_in(client, "p@example.test")
    assert client.get(f"/o/{org.code}/")["Location"].startswith("/account/two-factor/set-up/")
    code, out, _ = run(["org", "mfa", "--org", org.code, "--require", "off"], capsys)
    assert "is not required" in out
    assert AuditEvent.objects.filter(action="mfa.reset", summary__contains="lost phone").exists()


@pytest.mark.django_db
def test_a_code_is_never_accepted_twice(client: Client, org: Any) -> None:
    mfa_policy_set(organisation=org, required=True)
    user = make_user(org, Role.PRACTITIONER, email="p@example.test")
    _sign_in(client, "p@example.test")
    _enrol(client, user)
    used = _code(user)
    client.post("/sign-out/")
    _sign_in(client, "p@example.test")
    replay = client.post("/account/two-factor/", {"token": used})
    assert replay.status_code == 200 or _code(user) != used  # the code came round meanwhile
