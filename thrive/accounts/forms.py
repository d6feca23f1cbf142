"""Sign-in, password and role forms, rendered with GOV.UK components."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.template import loader

from thrive.core.forms import GovukFormMixin
from thrive.core.outbox import email_on_commit
from thrive.core.roles import Role
from thrive.people.models import Organisation, Service, Team


class SignInForm(GovukFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive "
        "for the password.",
        "inactive": "This account has been switched off. Ask your system administrator.",
    }


class GovukPasswordResetForm(GovukFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the outbox, like every other email: sent after the commit, and a message the
        mail server refuses is kept with its error instead of being lost in a log."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_on_commit(to=[to_email], subject=subject, body=body, kind="accounts.security")


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):  # type: ignore[type-arg]
    pass


class RoleGrantForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(label="Email address")
    full_name = forms.CharField(label="Full name", required=False, max_length=200)
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    team = forms.ModelChoiceField(
        label="Team (optional)",
        help_text="For a team manager: the team they manage.",
        queryset=Team.objects.none(),
        required=False,
    )
    service = forms.ModelChoiceField(
        label="Service (optional)",
        help_text="For a service manager: the service they lead.",
        queryset=Service.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        service_field = self.fields["service"]
        assert isinstance(team_field, forms.ModelChoiceField)
        assert isinstance(service_field, forms.ModelChoiceField)
        team_field.queryset = Team.objects.for_org(organisation)
        service_field.queryset = Service.objects.for_org(organisation)


class ApiTokenForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name the token",
        help_text="Say what will use it, for example 'Power BI refresh'.",
        max_length=100,
    )


class SecondFactorForm(GovukFormMixin, forms.Form):
    token = forms.CharField(
        label="Code",
        help_text="The 6 digits your authenticator app shows for Thrive, or one of your recovery "
        "codes.",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )


class GrantDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note (required to refuse)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BreakGlassForm(GovukFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        label="Team whose families you need", queryset=Team.objects.none()
    )
    reason = forms.CharField(
        label="What is the emergency?",
        help_text="The principal social worker is told at once and reviews every use.",
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Team.objects.for_org(organisation).order_by("name")


class BreakGlassReviewForm(GovukFormMixin, forms.Form):
    note = forms.CharField(
        label="Review note",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MfaPolicyForm(GovukFormMixin, forms.Form):
    required = forms.ChoiceField(
        label="Do people in this council sign in with a second factor?",
        choices=[
            ("on", "Yes: an authenticator app's code (or a recovery code) at every sign-in"),
            ("off", "No: a password is enough"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a second factor is required."},
    )


class SignInUnlockForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label="Email address of the locked account",
        max_length=254,
        error_messages={"required": "Enter the email address of the account to unlock."},
    )
    reason = forms.CharField(
        label="Why you are unlocking it",
        max_length=200,
        help_text="For example, how you checked it was really them. Kept in the audit trail.",
        error_messages={"required": "Say why you are unlocking the account."},
    )
