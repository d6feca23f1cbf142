"""The OpenID Connect conversation with a council's identity provider, through Authlib's Django
client: discovery from the issuer's ``.well-known/openid-configuration``, the authorization code
flow with PKCE (S256), state and nonce kept in the session, the ID token checked (signature
against the provider's JWKS, issuer, audience, expiry, nonce), and RP-initiated sign-out through
the provider's ``end_session_endpoint``.

No business rules here: who may sign in, and as whom, is :mod:`thrive.accounts.sso`.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoOAuth2App
from authlib.integrations.django_client.integration import DjangoIntegration
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from thrive.accounts.models import SsoConnection
from thrive.core.errors import ThriveError

SCOPES = "openid email profile"
# Discovery documents are read again after this many seconds (keys rotate; endpoints rarely move).
DISCOVERY_SECONDS = 300

_discovered: dict[str, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


class ProviderError(ThriveError):
    """The identity provider could not be reached, or answered something we cannot trust."""


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def discover(issuer: str, *, fresh: bool = False) -> dict[str, Any]:
    """The provider's discovery document; its ``issuer`` must be exactly the one configured
    (OpenID Connect Discovery 1.0, section 4.3), so a document from elsewhere is refused."""
    now = time.monotonic()
    with _lock:
        cached = _discovered.get(issuer)
    if cached and not fresh and now - cached[0] < DISCOVERY_SECONDS:
        return dict(cached[1])
    try:
        response = requests.get(discovery_url(issuer), timeout=settings.THRIVE_SSO_TIMEOUT_SECONDS)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderError(
            "Thrive could not reach your council's sign-in service. Try again in a few minutes; "
            "if it keeps happening, tell your system administrator."
        ) from exc
    if not isinstance(metadata, dict) or metadata.get("issuer") != issuer:
        raise ProviderError(
            "Your council's sign-in service describes itself as a different issuer from the one "
            "set up in Thrive, so Thrive cannot trust it. Tell your system administrator."
        )
    for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not metadata.get(needed):
            raise ProviderError(
                f"Your council's sign-in service gives no {needed}. Tell your system administrator."
            )
    with _lock:
        _discovered[issuer] = (now, metadata)
    return dict(metadata)


def client_secret(connection: SsoConnection) -> str:
    """The client secret, read from the environment variable the connection names."""
    secret = (
        os.environ.get(connection.client_secret_env, "") if connection.client_secret_env else ""
    )
    if not secret:
        raise ProviderError(
            "Single sign-on is not finished on this server: the environment variable "
            f"{connection.client_secret_env or '(none named)'} holding the client secret is not "
            "set. Tell your system administrator."
        )
    return secret


def _client(connection: SsoConnection) -> DjangoOAuth2App:
    # One client per conversation, built from the council's record as it is now: a change to
    # the record applies at the next sign-in without restarting anything.
    name = f"thrive-sso-{connection.organisation_id}"
    return DjangoOAuth2App(
        DjangoIntegration(name),
        name=name,
        client_id=connection.client_id,
        client_secret=client_secret(connection),
        client_kwargs={"scope": SCOPES, "code_challenge_method": "S256"},
        **discover(connection.issuer),
    )


def authorize_redirect(
    request: HttpRequest, connection: SsoConnection, redirect_uri: str, login_hint: str = ""
) -> HttpResponse:
    """Send the browser to the provider, with PKCE, state and nonce remembered in the session."""
    extra = {"login_hint": login_hint} if login_hint else {}
    return _client(connection).authorize_redirect(request, redirect_uri, **extra)


def authorize_finish(request: HttpRequest, connection: SsoConnection) -> tuple[dict[str, Any], str]:
    """Exchange the code for tokens and check the ID token; returns its claims and the raw token
    (kept for signing out at the provider)."""
    if request.GET.get("error"):
        raise ProviderError(
            "Your council's sign-in service did not sign you in: "
            + (request.GET.get("error_description") or request.GET["error"])[:200]
        )
    client = _client(connection)
    try:
        token = client.authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "value": connection.issuer},
                "aud": {"essential": True, "value": connection.client_id},
                "exp": {"essential": True},
            },
            leeway=settings.THRIVE_SSO_CLOCK_LEEWAY_SECONDS,
        )
    except OAuthError as exc:
        raise ProviderError(
            "Signing in through your council's account did not finish ("
            + (exc.description or exc.error or "no reason given")[:200]
            + "). Start again from the sign-in page."
        ) from exc
    except Exception as exc:  # a bad signature, an expired token, a wrong audience...
        raise ProviderError(
            "Thrive could not check the answer from your council's sign-in service, so you are "
            "not signed in. Start again from the sign-in page."
        ) from exc
    claims = token.get("userinfo")
    if not claims or "id_token" not in token:
        raise ProviderError(
            "Your council's sign-in service sent no ID token. Tell your system administrator."
        )
    return dict(claims), str(token["id_token"])


def end_session_url(
    connection: SsoConnection, *, id_token: str, post_logout_redirect_uri: str
) -> str | None:
    """Where to send the browser to sign out at the provider too (RP-initiated logout), or
    ``None`` when the provider offers no ``end_session_endpoint`` (or cannot be reached)."""
    try:
        endpoint = discover(connection.issuer).get("end_session_endpoint")
    except ProviderError:
        return None
    if not endpoint:
        return None
    params = {
        "client_id": connection.client_id,
        "post_logout_redirect_uri": post_logout_redirect_uri,
    }
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
