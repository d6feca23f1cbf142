"""The council's sign-in security page: whether a second factor is required, and the accounts
that failed to sign in recently, with a way to lift a lockout. ``thrive org mfa`` and
``thrive user unlock`` do the same from the command line."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from thrive.accounts import selectors
from thrive.accounts.forms import MfaPolicyForm, SignInUnlockForm
from thrive.accounts.mfa import mfa_policy, mfa_policy_set
from thrive.accounts.services import sign_in_unlock
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap


def _page(
    request: AuthedRequest,
    policy_form: MfaPolicyForm | None = None,
    unlock_form: SignInUnlockForm | None = None,
    status: int = 200,
) -> HttpResponse:
    org = request.organisation
    required = mfa_policy(org)
    people, enrolled = selectors.mfa_enrolment(org)
    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "accounts/sign_in_security.html",
        {
            "mfa_required": required,
            "policy_form": policy_form
            or MfaPolicyForm(initial={"required": "on" if required else "off"}),
            "unlock_form": unlock_form or SignInUnlockForm(),
            "failures": selectors.sign_in_failures(org),
            "people": people,
            "enrolled": enrolled,
            "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
            "pair_limit": settings.AXES_FAILURE_LIMIT,
            "account_limit": settings.THRIVE_LOGIN_ACCOUNT_FAILURE_LIMIT,
            "address_limit": settings.THRIVE_LOGIN_ADDRESS_FAILURE_LIMIT,
        },
        status=status,
    )


@org_view(Cap.USERS_MANAGE)
def sign_in_security(request: AuthedRequest) -> HttpResponse:
    """Show the policy and recent failures; a POST sets the two-factor policy (audited)."""
    if request.method != "POST":
        return _page(request)
    form = MfaPolicyForm(request.POST)
    if not form.is_valid():
        return _page(request, policy_form=form, status=400)
    required = form.cleaned_data["required"] == "on"
    mfa_policy_set(organisation=request.organisation, required=required, actor=request.user)
    messages.success(
        request,
        "Two-factor sign-in is now required: each person sets up an authenticator at their next "
        "sign-in."
        if required
        else "Two-factor sign-in is no longer required.",
    )
    return redirect("accounts:sign_in_security", org_code=request.organisation.code)


@org_view(Cap.USERS_MANAGE)
def sign_in_unlock_view(request: AuthedRequest) -> HttpResponse:
    """Lift a lockout on one of this council's accounts (every address), with a reason."""
    org = request.organisation
    if request.method != "POST":
        return redirect("accounts:sign_in_security", org_code=org.code)
    form = SignInUnlockForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if email not in {row.email for row in selectors.sign_in_failures(org)}:
            # Accounts of other councils, or with nothing to lift, get the same answer.
            form.add_error("email", f"{email} has no recent failed sign-ins in {org.name}.")
        else:
            cleared = sign_in_unlock(
                email=email,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                organisation=org,
                request=request,
            )
            messages.success(
                request, f"{email} can sign in again ({cleared} record(s) of failures cleared)."
            )
            return redirect("accounts:sign_in_security", org_code=org.code)
    return _page(request, unlock_form=form, status=400)
