"""Multi-factor sign-in: time-based one-time passwords (an authenticator app) with recovery codes,
through django-otp, required by a council's :class:`~thrive.accounts.models.SecurityPolicy`.

After the password, a person who has set up an authenticator, or who holds a role in a council
that requires one, is sent to enter a code (or to set one up) before any other page. What applies
is decided when they sign in and kept in their session, so pages cost no extra queries.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrive.accounts.models import SecurityPolicy, User
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError

SESSION_KEY = "thrive_mfa"
VERIFY, ENROL = "verify", "enrol"


# --- reads ----------------------------------------------------------------------------------


def mfa_required_for(user: Any) -> bool:
    """Does a council where *user* holds a role require a second factor?"""
    return SecurityPolicy.objects.filter(
        mfa_required=True, organisation__role_assignments__user=user
    ).exists()


def mfa_device(user: Any) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def mfa_policy(organisation: Any) -> bool:
    policy = SecurityPolicy.objects.filter(organisation=organisation).first()
    return bool(policy and policy.mfa_required)


# --- writes ---------------------------------------------------------------------------------


@transaction.atomic
def mfa_policy_set(*, organisation: Any, required: bool, actor: Any = None) -> SecurityPolicy:
    """Require (or stop requiring) a second factor for everyone with a role in *organisation*.
    It applies from each person's next sign-in."""
    policy, _ = SecurityPolicy.objects.get_or_create(organisation=organisation)
    if policy.mfa_required != required:
        policy.mfa_required = required
        policy.full_clean()
        policy.save()
        audit_log(
            action="security.mfa_policy",
            user=actor,
            organisation=organisation,
            obj=policy,
            summary="Two-factor sign-in " + ("required" if required else "no longer required"),
            detail={"mfa_required": required},
        )
    return policy


@transaction.atomic
def mfa_enrol_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator secret for *user* (the one not yet confirmed, if any)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def mfa_enrol_confirm(*, user: User, token: str, request: HttpRequest | None = None) -> list[str]:
    """Confirm the authenticator with a code from it; returns new recovery codes (shown once).
    Any earlier authenticator and recovery codes stop working."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ThriveError("Start setting up your authenticator again.")
    if not device.verify_token(_clean(token)):
        raise ThriveError(
            "That code is not right. Enter the 6 digits your app shows now for Thrive.",
            field="token",
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    codes = _new_recovery_codes(user)
    if request is not None:
        otp_login(request, device)
        request.session.pop(SESSION_KEY, None)
    audit_log(
        action="mfa.enrolled",
        user=user,
        organisation=user.last_organisation,
        obj=user,
        summary="Set up an authenticator app for two-factor sign-in",
        request=request,
    )
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = []
    for _ in range(settings.THRIVE_RECOVERY_CODES):
        code = StaticToken.random_token()
        static.token_set.create(token=code)
        codes.append(code)
    return codes


def _clean(token: str) -> str:
    return "".join(str(token or "").split()).replace("-", "").lower()


@transaction.atomic
def mfa_verify(*, user: User, token: str, request: HttpRequest) -> bool:
    """Check a code from the authenticator, or a recovery code (each works once)."""
    device = match_token(user, _clean(token))
    if device is None:
        audit_log(
            action="mfa.failed",
            user=user,
            organisation=user.last_organisation,
            obj=user,
            summary="Wrong two-factor code",
            request=request,
        )
        return False
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)
    recovery = isinstance(device, StaticDevice)
    left = device.token_set.count() if recovery else None
    audit_log(
        action="mfa.verified",
        user=user,
        organisation=user.last_organisation,
        obj=user,
        summary="Signed in with a recovery code" if recovery else "Signed in with a code",
        detail={"recovery_codes_left": left} if recovery else {},
        request=request,
    )
    return True


@transaction.atomic
def mfa_reset(*, user: User, actor: Any = None, reason: str = "") -> int:
    """Remove a person's authenticator and recovery codes (a lost phone): they set one up again at
    their next sign-in if their council requires it."""
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    audit_log(
        action="mfa.reset",
        user=actor,
        organisation=user.last_organisation,
        obj=user,
        summary=f"Two-factor sign-in reset for {user.email}" + (f": {reason}" if reason else ""),
        detail={"reason": reason},
    )
    return int(totp + static)


def qr_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as an SVG QR code, for the set-up page."""
    from django_otp.qr import write_qrcode_image

    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def base32_key(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


# --- sign-in and every request ---------------------------------------------------------------


@receiver(user_logged_in)
def _decide_at_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if getattr(user, "otp_device", None) is not None:
        return  # signed in with a second factor already
    if mfa_device(user) is not None:
        request.session[SESSION_KEY] = VERIFY
    elif mfa_required_for(user):
        request.session[SESSION_KEY] = ENROL
    else:
        request.session.pop(SESSION_KEY, None)


EXEMPT_PREFIXES = (
    "/static/",
    "/sign-out/",
    "/account/two-factor/",
    "/password-reset/",
    "/calendar/",
)


class SecondFactorMiddleware:
    """Until the second factor is given, send the person to give it (or to set one up)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        stage = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if stage and not request.path.startswith(EXEMPT_PREFIXES):
            user = request.user
            if user.is_authenticated and not user.is_verified():  # type: ignore[union-attr,attr-defined]
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": "Finish signing in with your two-factor code first."},
                        status=403,
                    )
                name = "accounts:mfa_verify" if stage == VERIFY else "accounts:mfa_setup"
                return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
