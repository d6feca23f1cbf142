"""Reads for the council's messages and its GOV.UK Notify service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thrive.core.models import OutboxMessage
from thrive.notifications.models import Notification, NotificationSettings, NotifyService
from thrive.people.models import Organisation


def notify_service_for(organisation: Organisation) -> NotifyService | None:
    return (
        NotifyService.objects.filter(organisation=organisation)
        .select_related("updated_by")
        .prefetch_related("templates")
        .first()
    )


def outbox_for(organisation: Organisation, *, status: str = "") -> QuerySet[OutboxMessage]:
    """The council's messages, newest first (optionally only those in *status*)."""
    messages = OutboxMessage.objects.filter(organisation=organisation)
    if status:
        messages = messages.filter(status=status)
    return messages.order_by("-queued_at", "-id")


def notifications_for(user: Any) -> QuerySet[Notification]:
    """*user*'s own notifications, newest first."""
    return Notification.objects.filter(user=user).select_related("organisation")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_settings_for(user: Any) -> NotificationSettings | None:
    return NotificationSettings.objects.filter(user=user).first()
