"""A council's GOV.UK Notify service: which API key (by the name of the environment variable that
holds it) and which Notify template carries each kind of message."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotifyService(models.Model):
    """One council's GOV.UK Notify service. The API key is never stored: ``api_key_env`` names the
    environment variable on Thrive's servers that holds it."""

    organisation = models.OneToOneField(
        settings.THRIVE_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    enabled = models.BooleanField(default=False)
    api_key_env = models.CharField(max_length=100, blank=True)
    # Optional: Notify's id of a reply-to address, and of a text message sender name.
    email_reply_to_id = models.CharField(max_length=36, blank=True)
    sms_sender_id = models.CharField(max_length=36, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enabled=False) | ~models.Q(api_key_env=""),
                name="notify_enabled_needs_key_env",
            )
        ]

    def __str__(self) -> str:
        return f"GOV.UK Notify for {self.organisation}"


class NotifyTemplate(models.Model):
    """The Notify template that carries one kind of message on one channel. The template has the
    placeholders ``((subject))`` (email only) and ``((body))``."""

    service = models.ForeignKey(NotifyService, on_delete=models.CASCADE, related_name="templates")
    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=8)
    template_id = models.UUIDField()

    class Meta:
        ordering = ["kind", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "kind", "channel"], name="one_notify_template_a_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel}: {self.template_id}"


class NotificationSettings(models.Model):
    """How one person wants to hear about each kind of message: by email (the default), by text
    message to ``mobile``, or not at all (the in-app list has everything either way); with
    ``digest``, emails wait for one message a day."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"
        NONE = "none", "Only in Thrive"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    mobile = models.CharField(max_length=20, blank=True)
    # When the person agreed to text messages to ``mobile`` (none: no texts are sent).
    text_consent_at = models.DateTimeField(null=True, blank=True)
    digest = models.BooleanField(default=False)
    # kind -> Channel value; a kind not named is sent by email.
    channels = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Notification settings for {self.user}"

    def channel_for(self, kind: str) -> str:
        value = self.channels.get(kind, self.Channel.EMAIL)
        return value if value in self.Channel.values else self.Channel.EMAIL

    @property
    def may_text(self) -> bool:
        """A number to text and the person's agreement to it."""
        return bool(self.mobile) and self.text_consent_at is not None


class Notification(models.Model):
    """One message to one person, kept for the in-app list whether or not it was also sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    organisation = models.ForeignKey(
        settings.THRIVE_ORGANISATION_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(max_length=64)
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # How it went out: email, text, none (only here) or digest (waiting for the daily digest).
    delivery = models.CharField(max_length=8, default="email")
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["delivery", "digested_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} for {self.user}"
