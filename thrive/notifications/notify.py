"""GOV.UK Notify as the outbox's carrier, through Notify's official client
(``notifications-python-client``).

:func:`send` is listed in ``settings.THRIVE_OUTBOX_SENDERS``: for a council with a Notify service
switched on it sends each address its own notification, with the template for the message's kind
(or the council's ``general`` template), the subject and body as the template's ``((subject))``
and ``((body))``, and ``thrive-<message id>`` as Notify's reference. Councils without Notify get
``None`` back, and their email goes through Django's email backend.

Notify attaches no files to an email, and its "send a file by email" accepts only the types its
documentation lists (PDF, CSV, .txt, .rtf, .odt, Word and a few others), not ``.ics``. So a
calendar invitation's ``((link_to_file))`` is a signed, expiring link to the ``.ics`` served by
Thrive (thrive/notifications/invitation_links.py); every other email sends ``link_to_file``
empty, so one template with the placeholder serves both (Notify refuses a message that leaves
out a placeholder, not one that fills it with nothing).
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from notifications_python_client.notifications import NotificationsAPIClient

from thrive.core.errors import ThriveError
from thrive.core.models import OutboxMessage
from thrive.notifications.models import NotifyService, NotifyTemplate

provider = "notify"
FILE_PLACEHOLDER = "link_to_file"


class NotifyFailed(Exception):
    """Notify refused a notification; ``sent`` holds the addresses it had already accepted."""

    def __init__(self, message: str, sent: dict[str, str]) -> None:
        super().__init__(message)
        self.sent = sent


def api_key(service: NotifyService) -> str:
    """The service's API key, from the environment variable it names."""
    value = os.environ.get(service.api_key_env, "") if service.api_key_env else ""
    if not value:
        raise ThriveError(
            f"The environment variable {service.api_key_env or '(none named)'} holding the GOV.UK "
            "Notify API key is not set on this server."
        )
    return value


def template_for(service: NotifyService, kind: str, channel: str) -> NotifyTemplate | None:
    """The template for *kind* on *channel*, else the council's ``general`` one."""
    templates = {
        t.kind: t for t in service.templates.filter(channel=channel, kind__in=[kind, "general"])
    }
    return templates.get(kind) or templates.get("general")


def client_for(service: NotifyService) -> NotificationsAPIClient:
    return NotificationsAPIClient(
        api_key(service), base_url=settings.THRIVE_NOTIFY_BASE_URL, timeout=20
    )


def send(message: OutboxMessage, addresses: list[str]) -> dict[str, str] | None:
    """Send *message* to *addresses* through the council's Notify service; ``None`` when the
    council has none. Returns Notify's notification id for each address."""
    if message.organisation_id is None:
        return None
    service = NotifyService.objects.filter(
        organisation_id=message.organisation_id, enabled=True
    ).first()
    if service is None:
        return None
    template = template_for(service, message.kind, message.channel)
    if template is None:
        raise ThriveError(
            f"The council's GOV.UK Notify service has no {message.get_channel_display().lower()} "
            f"template for '{message.kind}' and no 'general' one."
        )
    client = client_for(service)
    sent: dict[str, str] = {}
    for address in addresses:
        try:
            response = _one(client, service, template, message, address)
        except Exception as exc:
            raise NotifyFailed(f"GOV.UK Notify refused {address}: {exc}", sent) from exc
        sent[address] = str(response["id"])
    return sent


def _one(
    client: NotificationsAPIClient,
    service: NotifyService,
    template: NotifyTemplate,
    message: OutboxMessage,
    address: str,
) -> Any:
    reference = f"thrive-{message.pk}"
    if message.channel == OutboxMessage.Channel.SMS:
        return client.send_sms_notification(
            phone_number=address,
            template_id=str(template.template_id),
            personalisation={"body": message.body},
            reference=reference,
            sms_sender_id=service.sms_sender_id or None,
        )
    return client.send_email_notification(
        email_address=address,
        template_id=str(template.template_id),
        personalisation={
            "subject": message.subject,
            "body": message.body,
            FILE_PLACEHOLDER: file_link(message),
        },
        reference=reference,
        email_reply_to_id=service.email_reply_to_id or None,
    )


def file_link(message: OutboxMessage) -> str:
    """For a calendar invitation, a line with the signed, expiring link to its ``.ics`` served
    by Thrive (Notify's send-a-file-by-email does not accept ``.ics``: see
    thrive/notifications/invitation_links.py); ``""`` for every other email."""
    if not message.attachments:
        return ""
    from thrive.notifications.invitation_links import invitation_url

    return f"Add it to your calendar: {invitation_url(message)}"
