"""Forms for single sign-on: the council's settings page, and the password form that refuses people
whose council signs them in with their council account."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from thrive.accounts.forms import SignInForm
from thrive.accounts.models import SsoConnection
from thrive.accounts.sso import SsoSettings, password_sign_in_refusal
from thrive.core.forms import GovukFormMixin


class SsoSignInForm(SignInForm):
    """The password form; refuses, before any password is checked, people whose council has
    switched local passwords off (and says to use the council sign-in)."""

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        refusal = password_sign_in_refusal(email=email, request=self.request)
        if refusal:
            raise forms.ValidationError(refusal, code="sso_only")
        return super().clean()


class SsoSettingsForm(GovukFormMixin, forms.Form):
    enabled = forms.BooleanField(
        label="Let people sign in with their council account",
        required=False,
    )
    issuer = forms.CharField(
        label="Issuer",
        help_text="Exactly as the provider's discovery document gives it. Microsoft Entra ID: "
        "https://login.microsoftonline.com/<your directory (tenant) ID>/v2.0",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    client_id = forms.CharField(
        label="Client ID",
        help_text="Entra ID: the application (client) ID of Thrive's app registration.",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    client_secret_env = forms.CharField(
        label="Environment variable holding the client secret",
        help_text="The NAME of the variable set on Thrive's server, for example "
        "THRIVE_SSO_SECRET_331. Never enter the secret itself here.",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    allowed_domains = forms.CharField(
        label="Email domains that may sign in",
        help_text="One a line, the part after the @, for example coventry.gov.uk. Nobody else "
        "may sign in through this account, even if the provider vouches for them.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )
    local_passwords_allowed = forms.BooleanField(
        label="People in these domains may also sign in with a Thrive password",
        help_text="Untick to make them sign in only with their council account (their "
        "provider then asks for any second factor).",
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_for(connection: SsoConnection | None) -> dict[str, Any]:
        if connection is None:
            return {"local_passwords_allowed": True, "version": 0}
        return {
            "enabled": connection.enabled,
            "issuer": connection.issuer,
            "client_id": connection.client_id,
            "client_secret_env": connection.client_secret_env,
            "allowed_domains": "\n".join(d.domain for d in connection.domains.all()),
            "local_passwords_allowed": connection.local_passwords_allowed,
            "version": connection.version,
        }

    def settings(self) -> SsoSettings:
        data = self.cleaned_data
        return SsoSettings(
            enabled=bool(data["enabled"]),
            issuer=data["issuer"] or "",
            client_id=data["client_id"] or "",
            client_secret_env=data["client_secret_env"] or "",
            allowed_domains=[d for d in re.split(r"[\s,;]+", data["allowed_domains"] or "") if d],
            local_passwords_allowed=bool(data["local_passwords_allowed"]),
        )
