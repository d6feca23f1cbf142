"""The council's GOV.UK Notify settings form, and a person's notification settings."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.core.forms import GovukFormMixin
from thrive.core.outbox import MESSAGE_KINDS
from thrive.notifications.models import NotificationSettings, NotifyService
from thrive.notifications.preferences import ALWAYS_EMAILED, TEXT_KINDS
from thrive.notifications.services import CHANNELS, NotifySettings

_ID_ATTRS = {"spellcheck": "false", "autocomplete": "off", "class": "govuk-input--width-30"}
CHANNEL_WORDS = {"email": "email", "sms": "text message"}


def template_field(kind: str, channel: str) -> str:
    return f"template_{kind.replace('.', '_')}_{channel}"


class NotifySettingsForm(GovukFormMixin, forms.Form):
    enabled = forms.BooleanField(
        label="Send this council's email and text messages through GOV.UK Notify",
        required=False,
    )
    api_key_env = forms.CharField(
        label="Environment variable holding the API key",
        help_text="The NAME of the variable set on Thrive's servers, for example "
        "THRIVE_NOTIFY_KEY_331. Never enter the key itself here.",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    email_reply_to_id = forms.CharField(
        label="Reply-to email address ID (optional)",
        required=False,
        max_length=36,
        widget=forms.TextInput(attrs=_ID_ATTRS),
    )
    sms_sender_id = forms.CharField(
        label="Text message sender ID (optional)",
        required=False,
        max_length=36,
        widget=forms.TextInput(attrs=_ID_ATTRS),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, words in MESSAGE_KINDS.items():
            for channel in CHANNELS:
                self.fields[template_field(kind, channel)] = forms.CharField(
                    label=f"{words}: {CHANNEL_WORDS[channel]} template ID",
                    required=False,
                    max_length=36,
                    widget=forms.TextInput(attrs=_ID_ATTRS),
                )

    @staticmethod
    def initial_for(service: NotifyService | None) -> dict[str, Any]:
        if service is None:
            return {"version": 0}
        initial: dict[str, Any] = {
            "enabled": service.enabled,
            "api_key_env": service.api_key_env,
            "email_reply_to_id": service.email_reply_to_id,
            "sms_sender_id": service.sms_sender_id,
            "version": service.version,
        }
        for t in service.templates.all():
            initial[template_field(t.kind, t.channel)] = str(t.template_id)
        return initial

    def settings(self) -> NotifySettings:
        data = self.cleaned_data
        return NotifySettings(
            enabled=bool(data["enabled"]),
            api_key_env=data["api_key_env"] or "",
            email_reply_to_id=data["email_reply_to_id"] or "",
            sms_sender_id=data["sms_sender_id"] or "",
            templates={
                (kind, channel): data.get(template_field(kind, channel)) or ""
                for kind in MESSAGE_KINDS
                for channel in CHANNELS
            },
        )


def channel_field(kind: str) -> str:
    return f"channel_{kind.replace('.', '_')}"


class NotificationSettingsForm(GovukFormMixin, forms.Form):
    """How one person hears about each kind of message."""

    mobile = forms.CharField(
        label="Mobile number for text messages (optional)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    text_consent = forms.BooleanField(
        label="I agree to Thrive sending text messages to this number",
        help_text="Only for the kinds you choose text messages for. Untick the choices to stop.",
        required=False,
    )
    digest = forms.BooleanField(
        label="Send me one email a day with all my messages, instead of one email each",
        help_text="Calendar invitations still come at once.",
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, words in MESSAGE_KINDS.items():
            if kind in ALWAYS_EMAILED:
                continue
            choices = NotificationSettings.Channel.choices
            if kind not in TEXT_KINDS:  # too long for a text message
                choices = [c for c in choices if c[0] != NotificationSettings.Channel.TEXT]
            self.fields[channel_field(kind)] = forms.ChoiceField(
                label=words,
                choices=choices,
                initial=NotificationSettings.Channel.EMAIL,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def initial_for(found: NotificationSettings | None) -> dict[str, Any]:
        if found is None:
            return {"version": 0}
        initial: dict[str, Any] = {
            "mobile": found.mobile,
            "text_consent": found.text_consent_at is not None,
            "digest": found.digest,
            "version": found.version,
        }
        for kind in MESSAGE_KINDS:
            initial[channel_field(kind)] = found.channel_for(kind)
        return initial

    def channels(self) -> dict[str, str]:
        return {
            kind: self.cleaned_data[channel_field(kind)]
            for kind in MESSAGE_KINDS
            if channel_field(kind) in self.cleaned_data
        }
