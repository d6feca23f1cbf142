"""Sign-in and out, password reset, your account and API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from thrive.accounts.forms import (
    ApiTokenForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    SignInForm,
)
from thrive.accounts.models import ApiToken
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
    assignments = request.user.role_assignments.select_related(  # type: ignore[union-attr]
        "organisation", "team", "service"
    )
    tokens = ApiToken.objects.filter(user=request.user)  # type: ignore[misc]
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "new_key": new_key,
            "assignments": assignments,
            "tokens": tokens,
            "token_days": settings.THRIVE_API_TOKEN_DAYS,
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, f"The token '{token.name}' has been revoked.")
    return redirect("accounts:account")
