"""Single sign-on, end to end against a real OpenID Connect provider started here (the npm package
``oidc-provider``, see tests/oidc): a new person, a person whose domain is not allowed, an
unverified address, an existing person, passwords switched off, no second factor after a single
sign-on, and signing out at the provider."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from tests.factories import PASSWORD, make_org, make_user
from tests.oidc import (
    OidcProvider,
    available,
    client_id,
    secret,
    sign_in_through_provider,
    start_oidc_provider,
)
from thrive.accounts.mfa import mfa_policy_set
from thrive.accounts.models import RoleAssignment, User
from thrive.accounts.sso import SsoSettings, sso_configure
from thrive.accounts.views_sso import SESSION_SSO
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not available(), reason="Node or the npm package oidc-provider is missing"),
]

SECRET_ENV = "THRIVE_TEST_SSO_SECRET_331"
UNVERIFIED = "unverified@coventry.gov.uk"


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OidcProvider]:
    with start_oidc_provider(
        base_urls=["http://testserver"],
        codes=["331", "330"],
        accounts={UNVERIFIED: {"email_verified": False}},
    ) as provider:
        yield provider


@pytest.fixture
def provider(oidc_provider: OidcProvider, monkeypatch: Any) -> OidcProvider:
    oidc_provider.sync_clock()
    monkeypatch.setenv(SECRET_ENV, secret("331"))
    return oidc_provider


def _settings(provider: OidcProvider, **changes: Any) -> SsoSettings:
    values: dict[str, Any] = {
        "enabled": True,
        "issuer": provider.issuer,
        "client_id": client_id("331"),
        "client_secret_env": SECRET_ENV,
        "allowed_domains": ["coventry.gov.uk"],
        "local_passwords_allowed": True,
    }
    values.update(changes)
    return SsoSettings(**values)


@pytest.fixture
def coventry(provider: OidcProvider) -> Any:
    org = make_org("331", "Coventry")
    sso_configure(organisation=org, settings=_settings(provider))
    return org


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_the_sign_in_page_offers_the_council_account(client: Client, coventry: Any) -> None:
    page = client.get("/sign-in/").content.decode()
    assert "Sign in with your council account" in page
    assert 'href="/sign-in/council/331/"' in page
    assert "Coventry account" in page


def test_a_new_person_is_added_with_no_roles_and_told_so(client: Client, coventry: Any) -> None:
    response = sign_in_through_provider(client, "331", "new.worker@coventry.gov.uk")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/council/welcome/"
    user = User.objects.get(email="new.worker@coventry.gov.uk")
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not user.has_usable_password()
    assert user.last_organisation == coventry
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "You have no role in Thrive yet" in text
    assert "new.worker@coventry.gov.uk" in text
    assert "Roles are given in Thrive" in text
    [provisioned] = _events("sso.user_provisioned")
    assert provisioned.user == user and provisioned.organisation == coventry
    assert provisioned.detail["subject"] == "new.worker@coventry.gov.uk"
    [signed_in] = _events("sso.sign_in")
    assert signed_in.detail["issuer"] == coventry.sso_connection.issuer
    assert client.session[SESSION_SSO]["org"] == "331"
    # No role anywhere: council pages stay shut.
    assert client.get("/o/331/").status_code == 403


def test_a_person_whose_domain_is_not_allowed_is_refused(client: Client, coventry: Any) -> None:
    response = sign_in_through_provider(client, "331", "someone@birmingham.gov.uk")

    assert response.status_code == 403
    text = response.content.decode()
    assert "You could not be signed in" in text
    assert "(someone@birmingham.gov.uk) is not one that may sign in through Coventry" in text
    assert "@coventry.gov.uk" in text
    assert not User.objects.filter(email="someone@birmingham.gov.uk").exists()
    assert "_auth_user_id" not in client.session
    [refused] = _events("sso.refused")
    assert refused.organisation == coventry
    assert refused.detail["reason"] == "domain not allowed"
    assert refused.detail["email"] == "someone@birmingham.gov.uk"
    assert not _events("sso.sign_in")


def test_an_unverified_address_is_refused(client: Client, coventry: Any) -> None:
    response = sign_in_through_provider(client, "331", UNVERIFIED)

    assert response.status_code == 403
    assert "did not give Thrive a verified email address" in response.content.decode()
    assert not User.objects.filter(email=UNVERIFIED).exists()
    assert [e.detail["reason"] for e in _events("sso.refused")] == ["email not verified"]


def test_an_existing_person_is_matched_by_email_whatever_its_case(
    client: Client, coventry: Any
) -> None:
    user = make_user(coventry, Role.PRACTITIONER, email="p.worker@coventry.gov.uk")

    response = sign_in_through_provider(client, "331", "P.Worker@Coventry.GOV.uk")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert User.objects.filter(email__iexact="p.worker@coventry.gov.uk").count() == 1
    assert int(client.session["_auth_user_id"]) == user.pk
    assert not _events("sso.user_provisioned")
    assert client.get("/o/331/").status_code == 200


def test_no_second_factor_is_asked_after_a_single_sign_on(client: Client, coventry: Any) -> None:
    make_user(coventry, Role.PRACTITIONER, email="p.worker@coventry.gov.uk")
    mfa_policy_set(organisation=coventry, required=True)

    sign_in_through_provider(client, "331", "p.worker@coventry.gov.uk")

    # With a password the same person would be sent to set up an authenticator first.
    assert client.get("/o/331/").status_code == 200
    other = Client()
    other.post("/sign-in/", {"username": "p.worker@coventry.gov.uk", "password": PASSWORD})
    assert "/account/two-factor/set-up/" in other.get("/o/331/")["Location"]


def test_with_local_passwords_off_the_password_form_refuses_the_councils_people(
    client: Client, coventry: Any, provider: OidcProvider
) -> None:
    make_user(coventry, Role.PRACTITIONER, email="p.worker@coventry.gov.uk")
    partner = make_user(coventry, Role.PRACTITIONER, email="visitor@partner.org.uk")
    sso_configure(
        organisation=coventry,
        settings=_settings(provider, local_passwords_allowed=False),
        version=coventry.sso_connection.version,
    )

    refused = client.post(
        "/sign-in/", {"username": "P.Worker@coventry.gov.uk", "password": PASSWORD}
    )
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Coventry signs its people in with their council account" in text
    assert "Coventry account" in text
    assert "_auth_user_id" not in client.session
    [event] = _events("sso.password_refused")
    assert event.detail["email"] == "p.worker@coventry.gov.uk"

    # Someone outside the council's domains still signs in with a password.
    allowed = Client().post("/sign-in/", {"username": partner.email, "password": PASSWORD})
    assert allowed.status_code == 302
    # And the council's own people through the council account.
    assert sign_in_through_provider(client, "331", "p.worker@coventry.gov.uk").status_code == 302


def test_signing_out_signs_out_at_the_provider_too(client: Client, coventry: Any) -> None:
    make_user(coventry, Role.PRACTITIONER, email="p.worker@coventry.gov.uk")
    browser = requests.Session()
    sign_in_through_provider(client, "331", "p.worker@coventry.gov.uk", session=browser)
    id_token = client.session[SESSION_SSO]["id_token"]
    # The pages let the sign-out form continue at the provider.
    policy = client.get("/o/331/")["Content-Security-Policy"]
    form_action = next(p for p in policy.split(";") if p.strip().startswith("form-action"))
    assert coventry.sso_connection.issuer in form_action

    response = client.post("/sign-out/")

    assert "_auth_user_id" not in client.session
    location = response["Location"]
    assert location.startswith(f"{coventry.sso_connection.issuer}/session/end?")
    query = parse_qs(urlsplit(location).query)
    assert query["id_token_hint"] == [id_token]
    assert query["client_id"] == [client_id("331")]
    assert query["post_logout_redirect_uri"] == ["http://testserver/sign-out/done/"]
    # At the provider: confirm, and be sent back to Thrive's "You have signed out".
    page = browser.get(location, timeout=10)
    assert page.status_code == 200
    form = page.text
    action = form.split('action="')[1].split('"')[0]
    xsrf = form.split('name="xsrf" value="')[1].split('"')[0]
    back = browser.post(
        requests.compat.urljoin(page.url, action),
        data={"xsrf": xsrf, "logout": "yes"},
        allow_redirects=False,
        timeout=10,
    )
    assert back.headers["location"] == "http://testserver/sign-out/done/"
    assert "You have signed out" in client.get("/sign-out/done/").content.decode()
    # Signed out there too: the next sign-in asks for the login again (and works).
    assert (
        sign_in_through_provider(
            client, "331", "p.worker@coventry.gov.uk", session=browser
        ).status_code
        == 302
    )


def test_an_answer_with_a_state_thrive_did_not_send_is_refused(
    client: Client, coventry: Any
) -> None:
    client.get("/sign-in/council/331/")
    response = client.get("/sign-in/council/331/callback/?code=made-up&state=made-up")
    assert response.status_code == 502
    assert "did not finish" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_id_token_already_expired_is_refused(
    client: Client, coventry: Any, provider: OidcProvider
) -> None:
    # The provider's clock three hours behind: its ID token (an hour long) has expired.
    provider.sync_clock(ahead_seconds=-3 * 60 * 60)
    try:
        response = sign_in_through_provider(client, "331", "new.worker@coventry.gov.uk")
    finally:
        provider.sync_clock()
    assert response.status_code == 502
    assert "could not check the answer" in response.content.decode()
    assert not User.objects.filter(email="new.worker@coventry.gov.uk").exists()
    assert "_auth_user_id" not in client.session


def test_an_id_token_issued_in_the_future_is_refused(
    client: Client, coventry: Any, provider: OidcProvider
) -> None:
    provider.sync_clock(ahead_seconds=30 * 60)
    try:
        response = sign_in_through_provider(client, "331", "new.worker@coventry.gov.uk")
    finally:
        provider.sync_clock()
    assert response.status_code == 502
    assert "_auth_user_id" not in client.session


def test_a_wrong_client_secret_signs_nobody_in(
    client: Client, coventry: Any, monkeypatch: Any
) -> None:
    start = client.get("/sign-in/council/331/")
    assert start.status_code == 302
    monkeypatch.setenv(SECRET_ENV, "not-the-secret")
    response = sign_in_through_provider(client, "331", "new.worker@coventry.gov.uk")
    assert response.status_code == 502
    assert not User.objects.filter(email="new.worker@coventry.gov.uk").exists()


def test_a_missing_secret_is_said_plainly(client: Client, coventry: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv(SECRET_ENV)
    response = client.get("/sign-in/council/331/")
    assert response.status_code == 502
    assert f"the environment variable {SECRET_ENV}" in response.content.decode()


def test_a_council_without_single_sign_on_has_no_way_in(client: Client, coventry: Any) -> None:
    make_org("330", "Birmingham")
    assert client.get("/sign-in/council/330/").status_code == 404
    assert client.get("/sign-in/council/330/callback/?code=x&state=y").status_code == 404
