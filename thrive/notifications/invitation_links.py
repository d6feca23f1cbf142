"""Calendar invitations by link, for messages GOV.UK Notify carries.

Notify's "send a file by email" takes only the file types its documentation lists (PDF, CSV,
.txt, .rtf, .odt, Word and a few others; not ``.ics``: it answers "Unsupported file type"). So
an invitation, update or cancellation that goes through Notify carries, in the template's
``((link_to_file))``, a link to the ``.ics`` served by Thrive: the address names the outbox
message, signed with the server's secret (nobody can make one for another message), and expires
after ``THRIVE_INVITATION_LINK_DAYS`` (90). Email that goes through Thrive's own mail server
still has the ``.ics`` attached (``METHOD:REQUEST`` / ``METHOD:CANCEL``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from thrive.core.models import OutboxMessage

SALT = "thrive.notifications.invitation-link"


def invitation_token(message: OutboxMessage) -> str:
    return signing.dumps({"m": message.pk}, salt=SALT, compress=False)


def invitation_url(message: OutboxMessage) -> str:
    """The signed, expiring address of *message*'s calendar file."""
    path = reverse("notifications:invitation_file", args=[invitation_token(message)])
    return f"{settings.THRIVE_BASE_URL}{path}"


class LinkExpired(Exception):
    pass


def invitation_message(token: str) -> OutboxMessage | None:
    """The message a link names, if its signature holds and it has a calendar file; raises
    :class:`LinkExpired` once the link is older than ``THRIVE_INVITATION_LINK_DAYS``."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=timedelta(days=settings.THRIVE_INVITATION_LINK_DAYS)
        )
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature:
        return None
    pk = data.get("m") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    message = OutboxMessage.objects.filter(pk=pk).first()
    if message is None or not message.attachments:
        return None
    if not str(message.attachments[0].get("mimetype", "")).startswith("text/calendar"):
        return None
    return message
