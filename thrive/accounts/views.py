"""Sign-in and out, password reset, your account and API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from thrive.accounts import mfa
from thrive.accounts.forms import (
    ApiTokenForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    SecondFactorForm,
    SignInForm,
)
from thrive.accounts.selectors import api_token_of, api_tokens_of, roles_of
from thrive.accounts.services import (
    api_token_create,
    api_token_revoke,
    password_reset_complete,
    password_reset_refusal,
    password_reset_requested,
)
from thrive.core.audit import client_ip
from thrive.core.errors import ThriveError


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"
    next_page = None


class ResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = GovukPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        refusal = password_reset_refusal(email=email, ip_address=client_ip(self.request))
        if refusal:
            form.add_error("email", refusal)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        password_reset_requested(email=email, request=self.request)
        return super().form_valid(form)


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = GovukSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_reset_complete(user=form.user, request=self.request)
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = api_token_create(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except ThriveError as exc:
            form.add_error("name", exc.message)
        else:
            form = ApiTokenForm()
    assignments = roles_of(request.user)
    tokens = api_tokens_of(request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "new_key": new_key,
            "assignments": assignments,
            "tokens": tokens,
            "token_days": settings.THRIVE_API_TOKEN_DAYS,
            "has_mfa": mfa.mfa_device(request.user) is not None,
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = api_token_of(request.user, token_id)
    if token is None:
        raise Http404
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, f"The token '{token.name}' has been revoked.")
    return redirect("accounts:account")


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return str(reverse_lazy("core:home"))


@login_required
def mfa_verify_view(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified() or mfa.mfa_device(user) is None:  # type: ignore[union-attr]
        return redirect(_next(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.mfa_verify(user=user, token=form.cleaned_data["token"], request=request):  # type: ignore[arg-type]
            return redirect(_next(request))
        form.add_error("token", "That code is not right. Enter the code your app shows now.")
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next(request)})


@login_required
def mfa_setup_view(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan, confirm with a code, save the recovery codes."""
    user = request.user
    if mfa.mfa_device(user) is not None and not user.is_verified():  # type: ignore[union-attr]
        # Replacing an authenticator needs the current one first.
        return redirect(f"{reverse_lazy('accounts:mfa_verify')}?next={request.path}")
    device = mfa.mfa_enrol_start(user=user)  # type: ignore[arg-type]
    form = SecondFactorForm(request.POST or None)
    codes = None
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa.mfa_enrol_confirm(
                user=user,  # type: ignore[arg-type]
                token=form.cleaned_data["token"],
                request=request,
            )
        except ThriveError as exc:
            form.add_error("token", exc.message)
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "codes": codes,
            "qr": mfa.qr_svg(device),
            "key": mfa.base32_key(device),
            "next": _next(request),
            "required": mfa.mfa_required_for(user),
        },
    )
