"""Single sign-on pages: "Sign in with your council account", the provider's return, the page for
someone signed in with no roles yet, signing out at the provider too, and the council's settings
page for its system administrator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from thrive.accounts import mfa, oidc
from thrive.accounts.forms_sso import SsoSettingsForm, SsoSignInForm
from thrive.accounts.sso import (
    SsoRefused,
    password_sign_in_refusal,
    sso_configure,
    sso_connection_for,
    sso_enabled_connection,
    sso_sign_in_choices,
    sso_signed_in,
    sso_user_for,
)
from thrive.accounts.views import ResetView, SignInView, SignOutView
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import settings_submit
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.people.selectors import organisations_for_user

# In the session of someone signed in through their council: which council, the ID token (to
# sign out at the provider) and the provider's origin (the sign-out form may go there).
SESSION_SSO = "thrive_sso"
SESSION_NEXT = "thrive_sso_next"


class SsoSignInView(SignInView):
    """The sign-in page: the password form, and a way in for each council using single sign-on."""

    authentication_form = SsoSignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_choices"] = sso_sign_in_choices()
        return context


class SsoSignOutView(SignOutView):
    """Signing out; after a single sign-on, at the council's provider too (RP-initiated logout)
    when it offers an ``end_session_endpoint``, coming back to the "You have signed out" page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sso = request.session.get(SESSION_SSO) or {}
        response = super().post(request, *args, **kwargs)
        connection = sso_enabled_connection(str(sso.get("org") or "")) if sso else None
        if connection is not None:
            url = oidc.end_session_url(
                connection,
                id_token=str(sso.get("id_token") or ""),
                post_logout_redirect_uri=request.build_absolute_uri(reverse("accounts:signed_out")),
            )
            if url:
                return HttpResponseRedirect(url)
        return response


class SsoResetView(ResetView):
    """ "Forgotten your password?": not for people whose council has switched passwords off (a
    password they could not use); they are told to use the council sign-in instead."""

    def form_valid(self, form: Any) -> HttpResponse:
        refusal = password_sign_in_refusal(email=form.cleaned_data["email"], request=self.request)
        if refusal:
            form.add_error("email", refusal)
            return self.render_to_response(self.get_context_data(form=form))
        return super().form_valid(form)


def signed_out(request: HttpRequest) -> HttpResponse:
    """Where the provider sends people back after signing them out."""
    return render(request, "accounts/signed_out.html")


def _safe_next(request: HttpRequest, wanted: str) -> str:
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "accounts/sso_refused.html", {"message": message}, status=status)


@require_GET
def sso_start(request: HttpRequest, org_code: str) -> HttpResponse:
    """Send the browser to the council's identity provider."""
    connection = sso_enabled_connection(org_code)
    if connection is None:
        raise Http404("This council does not use single sign-on.")
    request.session[SESSION_NEXT] = _safe_next(request, request.GET.get("next", ""))
    try:
        return oidc.authorize_redirect(
            request,
            connection,
            request.build_absolute_uri(reverse("accounts:sso_callback", args=[org_code])),
        )
    except ThriveError as exc:
        return _refused(request, exc.message, status=502)


@require_GET
def sso_callback(request: HttpRequest, org_code: str) -> HttpResponse:
    """The provider's answer: check it, find or make the person, sign them in."""
    connection = sso_enabled_connection(org_code)
    if connection is None:
        raise Http404("This council does not use single sign-on.")
    try:
        claims, id_token = oidc.authorize_finish(request, connection)
        user, created = sso_user_for(connection=connection, claims=claims, request=request)
    except SsoRefused as exc:
        return _refused(request, exc.message, status=403)
    except ThriveError as exc:
        return _refused(request, exc.message, status=502)
    wanted = request.session.pop(SESSION_NEXT, "")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # The council's provider has done the multi-factor authentication it requires: Thrive asks
    # for no second factor of its own after a single sign-on.
    request.session.pop(mfa.SESSION_KEY, None)
    request.session[SESSION_SSO] = {
        "org": connection.organisation.code,
        "id_token": id_token,
        "end_session_origin": _origin(oidc.discover(connection.issuer).get("end_session_endpoint")),
    }
    sso_signed_in(connection=connection, user=user, claims=claims, request=request)
    if created or not organisations_for_user(user).exists():
        return redirect("accounts:sso_no_roles")
    return redirect(wanted or "core:home")


def _origin(url: Any) -> str:
    parts = urlsplit(str(url or ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


@login_required
def sso_no_roles(request: HttpRequest) -> HttpResponse:
    """Signed in through the council's account, with no role in Thrive yet."""
    if organisations_for_user(request.user).exists():
        return redirect("core:home")
    return render(request, "accounts/sso_no_roles.html")


@org_view(Cap.SSO_MANAGE)
def sso_settings(request: AuthedRequest) -> HttpResponse:
    """The council's single sign-on: its identity provider, email domains, local passwords."""
    org = request.organisation
    connection = sso_connection_for(org)
    form, saved = settings_submit(
        request,
        SsoSettingsForm,
        connection,
        sso_configure,
        done="Single sign-on settings saved.",
        page="accounts:sso_settings",
    )
    if saved is not None:
        return saved
    callback = request.build_absolute_uri(reverse("accounts:sso_callback", args=[org.code]))
    signed_out_url = request.build_absolute_uri(reverse("accounts:signed_out"))
    secret_set = bool(connection and connection.client_secret_env and _env_set(connection))
    return render(
        request,
        "accounts/sso_settings.html",
        {
            "form": form,
            "connection": connection,
            "callback": callback,
            "signed_out_url": signed_out_url,
            "secret_set": secret_set,
        },
        status=400 if request.method == "POST" else 200,
    )


def _env_set(connection: Any) -> bool:
    try:
        return bool(oidc.client_secret(connection))
    except ThriveError:
        return False


class SsoSignOutCspMiddleware:
    """After a single sign-on, signing out continues at the council's provider: the pages'
    Content-Security-Policy lets the sign-out form's redirect go to that provider (browsers apply
    ``form-action`` to where a form's answer redirects). Listed after ``CSPMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        sso = session.get(SESSION_SSO) if session is not None else None
        origin = sso.get("end_session_origin") if isinstance(sso, dict) else None
        if origin:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), origin]
            response._csp_update = update  # type: ignore[attr-defined]
        return response
