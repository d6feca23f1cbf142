"""What learning's writes share: an email to people, with a link to learning."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from thrive.core.outbox import email_on_commit
from thrive.people.models import Organisation


def _mail(to: Iterable[str], subject: str, lines: list[str], organisation: Organisation) -> None:
    body = "\n".join(
        [*lines, "", f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{organisation.code}/learning/"]
    )
    email_on_commit(
        to=to, subject=subject, body=body, organisation=organisation, kind="learning.sessions"
    )
