"""The one way Thrive sends email: record it inside the change, send it after the commit.

A service calls :func:`email_on_commit` where it used to call ``send_mail``. The message is
written to :class:`~thrive.core.models.OutboxMessage` in the service's transaction and handed
to the mail backend by ``transaction.on_commit`` (Zulip's ``send_event_on_commit``): a change
that rolls back tells nobody, and a backend that fails on one message neither undoes the
change nor stops the others — the failure is kept on the message for :func:`outbox_retry`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction

from thrive.core import clock
from thrive.core.models import OutboxMessage

log = logging.getLogger(__name__)


def email_on_commit(
    *, to: Iterable[str], subject: str, body: str, organisation: Any = None
) -> OutboxMessage | None:
    """Queue one email to *to* (blank addresses dropped); nothing is queued for nobody."""
    recipients = [a for a in to if a]
    if not recipients:
        return None
    message = OutboxMessage.objects.create(
        organisation=organisation, to=recipients, subject=subject[:255], body=body
    )
    transaction.on_commit(lambda: _deliver(message.pk), robust=True)
    return message


def _deliver(pk: int) -> bool:
    message = OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).first()
    if message is None:
        return False
    try:
        EmailMessage(message.subject, message.body, None, list(message.to)).send()
    except Exception as exc:  # any backend failure is kept on the message, never raised
        log.warning("Email %s to %s not sent: %s", pk, message.to, exc)
        OutboxMessage.objects.filter(pk=pk).update(error=f"{type(exc).__name__}: {exc}"[:1000])
        return False
    OutboxMessage.objects.filter(pk=pk).update(sent_at=clock.now(), error="")
    return True


def outbox_retry(*, organisation: Any = None) -> tuple[int, int]:
    """Try again every message that failed. Returns (sent, still failing)."""
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True).exclude(error="")
    if organisation is not None:
        waiting = waiting.filter(organisation=organisation)
    sent = failed = 0
    for pk in waiting.values_list("pk", flat=True):
        if _deliver(pk):
            sent += 1
        else:
            failed += 1
    return sent, failed
