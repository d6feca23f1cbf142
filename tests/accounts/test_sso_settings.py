"""The council's "Single sign-on" page and the rules behind it: only the system administrator,
every change audited (never a secret), a domain belongs to one council, no setting that locks
everyone out; and which claims make a verified email address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import PASSWORD, make_user
from thrive.accounts.models import SsoConnection, SsoDomain
from thrive.accounts.sso import SsoSettings, sso_configure, verified_email
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db

URL = "/o/331/single-sign-on/"
ISSUER = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "enabled": "on",
        "issuer": ISSUER,
        "client_id": "thrive-app",
        "client_secret_env": "THRIVE_SSO_SECRET_331",
        "allowed_domains": "Coventry.gov.uk\nchildrens.coventry.gov.uk",
        "local_passwords_allowed": "on",
        "version": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _settings(**changes: Any) -> SsoSettings:
    values: dict[str, Any] = {
        "enabled": True,
        "issuer": ISSUER,
        "client_id": "thrive-app",
        "client_secret_env": "THRIVE_SSO_SECRET_331",
        "allowed_domains": ["coventry.gov.uk"],
        "local_passwords_allowed": True,
    }
    values.update(changes)
    return SsoSettings(**values)


@pytest.fixture
def admin_client(org: Any) -> Client:
    client = Client()
    admin = make_user(org, Role.SYSTEM_ADMIN, email="admin@coventry.gov.uk")
    client.force_login(admin)
    return client


def test_the_system_administrator_sets_it_up_and_the_change_is_audited(
    admin_client: Client, org: Any
) -> None:
    page = admin_client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "http://testserver/sign-in/council/331/callback/" in text
    assert "http://testserver/sign-out/done/" in text

    saved = admin_client.post(URL, _form())

    assert saved.status_code == 302
    connection = SsoConnection.objects.get(organisation=org)
    assert connection.enabled and connection.issuer == ISSUER
    assert connection.client_secret_env == "THRIVE_SSO_SECRET_331"
    assert sorted(d.domain for d in connection.domains.all()) == [
        "childrens.coventry.gov.uk",
        "coventry.gov.uk",
    ]
    [event] = AuditEvent.objects.filter(action="sso.configured")
    assert event.organisation == org
    assert event.user is not None and event.user.email == "admin@coventry.gov.uk"
    assert event.detail["changed"]["issuer"] == {"from": "", "to": ISSUER}
    # The page says the secret's variable is not set on this server.
    assert (
        "THRIVE_SSO_SECRET_331 is not set on this server" in admin_client.get(URL).content.decode()
    )


def test_an_edit_made_on_a_stale_page_is_refused(admin_client: Client, org: Any) -> None:
    admin_client.post(URL, _form())
    again = admin_client.post(URL, _form(client_id="changed", version="0"))
    assert again.status_code == 400
    assert "Someone else changed this" in again.content.decode()
    assert SsoConnection.objects.get(organisation=org).client_id == "thrive-app"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"client_secret_env": "s3cr3t-value!"}, "NAME of the environment variable"),
        ({"issuer": "http://idp.example.org"}, "https:// address"),
        (
            {"issuer": "https://login.microsoftonline.com/common/v2.0"},
            "not &#x27;common&#x27;",
        ),
        ({"allowed_domains": ""}, "at least one email domain"),
        ({"allowed_domains": "not a domain"}, "is not an email domain"),
        ({"client_id": ""}, "enter the client ID"),
        ({"enabled": None, "local_passwords_allowed": None}, "only while single sign-on is on"),
    ],
)
def test_settings_that_cannot_work_are_refused(
    admin_client: Client, org: Any, changes: dict[str, Any], message: str
) -> None:
    response = admin_client.post(URL, _form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SsoConnection.objects.filter(organisation=org).exists()
    assert not AuditEvent.objects.filter(action="sso.configured").exists()


def test_a_domain_belongs_to_one_council(org: Any, other_org: Any) -> None:
    sso_configure(organisation=org, settings=_settings())
    with pytest.raises(ThriveError, match="signs in through Coventry"):
        sso_configure(
            organisation=other_org,
            settings=_settings(allowed_domains=["birmingham.gov.uk", "COVENTRY.gov.uk"]),
        )
    assert list(SsoDomain.objects.values_list("domain", flat=True)) == ["coventry.gov.uk"]


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SYSTEM_ADMIN])
def test_nobody_else_may_open_or_change_it(org: Any, role: str) -> None:
    client = Client()
    user = make_user(org, role)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form()).status_code == 403
    assert not SsoConnection.objects.exists()
    with pytest.raises(ThriveError, match="system administrator"):
        sso_configure(organisation=org, settings=_settings(), actor=user)


def test_another_councils_administrator_is_refused(org: Any, other_org: Any) -> None:
    client = Client()
    client.force_login(make_user(other_org, Role.SYSTEM_ADMIN))
    assert client.get(URL).status_code == 403


def test_switching_passwords_off_leaves_other_domains_alone(org: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="p.worker@coventry.gov.uk")
    sso_configure(organisation=org, settings=_settings(local_passwords_allowed=False))
    client = Client()
    refused = client.post("/sign-in/", {"username": "p.worker@coventry.gov.uk", "password": "x"})
    assert "signs its people in with their council account" in refused.content.decode()
    # A sub-domain is another domain: its people are not the council's unless listed.
    user = make_user(org, Role.PRACTITIONER, email="someone@schools.coventry.gov.uk")
    signed_in = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302


def _connection(issuer: str) -> SsoConnection:
    return SsoConnection(issuer=issuer)


@pytest.mark.parametrize(
    ("issuer", "claims", "expected"),
    [
        ("https://idp.example.org", {"email": "A@X.org", "email_verified": True}, "a@x.org"),
        ("https://idp.example.org", {"email": "a@x.org", "email_verified": "true"}, "a@x.org"),
        ("https://idp.example.org", {"email": "a@x.org", "email_verified": False}, None),
        ("https://idp.example.org", {"email": "a@x.org"}, None),
        ("https://idp.example.org", {"email": "a@x.org", "xms_edov": True}, None),
        ("https://idp.example.org", {"preferred_username": "a@x.org"}, None),
        ("https://idp.example.org", {"email": "not an address", "email_verified": True}, None),
        # Entra ID: no email_verified, but xms_edov says the tenant owns the domain.
        (ISSUER, {"email": "a@x.org", "xms_edov": True}, "a@x.org"),
        (ISSUER, {"email": "a@x.org", "xms_edov": False}, None),
        (ISSUER, {"email": "a@x.org"}, None),
        # preferred_username / upn are never taken for the address.
        (ISSUER, {"preferred_username": "a@x.org", "xms_edov": True}, None),
        (ISSUER, {"upn": "a@x.org", "email_verified": True}, None),
    ],
)
def test_which_claims_make_a_verified_email(
    issuer: str, claims: dict[str, Any], expected: str | None
) -> None:
    assert verified_email(_connection(issuer), claims) == expected


def test_the_server_can_switch_passwords_back_on_when_nobody_can_sign_in(
    org: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from thrive.cli import main

    sso_configure(organisation=org, settings=_settings(local_passwords_allowed=False))
    assert main(["org", "sso", "show", "--org", "331"]) == 0
    assert "local passwords off; version 1." in capsys.readouterr().out
    # No version, or one older than the settings now: refused, naming it; nothing changed.
    assert main(["org", "sso", "passwords-on", "--org", "331"]) == 1
    assert "--version is required" in capsys.readouterr().err
    assert main(["org", "sso", "passwords-on", "--org", "331", "--version", "0"]) == 1
    assert "changed" in capsys.readouterr().err
    assert not SsoConnection.objects.get(organisation=org).local_passwords_allowed
    assert main(["org", "sso", "passwords-on", "--org", "331", "--version", "1"]) == 0
    connection = SsoConnection.objects.get(organisation=org)
    assert connection.enabled and connection.local_passwords_allowed
    assert "local passwords allowed; version 2." in capsys.readouterr().out
    assert main(["org", "sso", "off", "--org", "331", "--version", "2"]) == 0
    assert not SsoConnection.objects.get(organisation=org).enabled
    assert AuditEvent.objects.filter(action="sso.configured").count() == 3


def test_with_passwords_off_no_reset_link_is_sent_to_the_councils_people(
    org: Any, mailoutbox: list[Any]
) -> None:
    make_user(org, Role.PRACTITIONER, email="p.worker@coventry.gov.uk")
    sso_configure(organisation=org, settings=_settings(local_passwords_allowed=False))
    response = Client().post("/password-reset/", {"email": "p.worker@coventry.gov.uk"})
    assert response.status_code == 200
    assert "signs its people in with their council account" in response.content.decode()
    assert mailoutbox == []
