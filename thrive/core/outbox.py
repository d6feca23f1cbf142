"""The one way Thrive sends email and text messages: record it inside the change, send it after the
commit.

A service calls :func:`email_on_commit` where it used to call ``send_mail``. The message is
written to :class:`~thrive.core.models.OutboxMessage` in the service's transaction and handed
to the carrier by ``transaction.on_commit`` (Zulip's ``send_event_on_commit``): a change
that rolls back tells nobody, and a carrier that fails on one message neither undoes the
change nor stops the others — the failure is kept on the message for :func:`outbox_retry`.

Which carrier: each dotted path in ``settings.THRIVE_OUTBOX_SENDERS`` is asked in turn (an app
supplies it, so core imports no app; GOV.UK Notify's is ``thrive.notifications.notify.send``).
A sender returns ``None`` when it does not carry the message (the council has no Notify service),
else the provider's id for each address it sent to, and raises when the provider refuses. Email no
sender carried goes through Django's email backend (SMTP, or the console in development).

What each person chose (email, text, nothing, or the daily digest, kind by kind) applies here too:
``settings.THRIVE_OUTBOX_ROUTER`` (``thrive.notifications.preferences.route``) sees each email
before it is queued, records it in each recipient's in-app list and returns the addresses that
still want it by email now.

A message is sent to each address at most once: the ids already recorded are skipped on a retry,
so a retry after a partial failure, or two workers retrying at once, never sends twice to one
address a provider has accepted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.module_loading import import_string

from thrive.core import clock
from thrive.core.models import OutboxMessage

log = logging.getLogger(__name__)

# What a message is about: a council's GOV.UK Notify template is chosen by it, and a person says,
# kind by kind, how they want to hear (``general`` covers any kind without a template or setting;
# ``accounts.security`` and ``digest`` are always emailed, see thrive/notifications/preferences.py).
MESSAGE_KINDS: dict[str, str] = {
    "general": "Other messages",
    "accounts.roles": "Roles and access",
    "accounts.security": "Password resets (always by email)",
    "supervision.reminder": "Supervision reminders",
    "supervision.session": "Supervision sessions",
    "learning.sessions": "Learning sessions and bookings",
    "learning.questionnaire": "Programme questionnaires",
    "learning.cpd_reminder": "CPD reminders",
    "recruitment.panels": "Interview panels",
    "recruitment.shortlisted": "Job applications: shortlisted",
    "recruitment.offered": "Job applications: offered the job",
    "recruitment.rejected": "Job applications: not taken further",
    "recruitment.check_expiry": "Safer recruitment checks running out",
    "recruitment.approval_requested": "Vacancies waiting for your approval",
    "recruitment.vacancy_approved": "Your vacancies approved",
    "digest": "Daily digest",
    "academy.review_reminder": "ASYE review reminders",
    "academy.shortlist": "Talent pool shortlists for manager posts",
    "engagement.flexible_reminder": "Flexible working decisions due",
    "engagement.shout_out": "Shout-outs about you",
    "engagement.newsletter": "The staff newsletter",
    "engagement.dropin": "Support drop-in bookings",
    "agency.rota_swap": "Shift swaps on a rota",
    "agency.rota_changed": "Your shifts changed by a rota revision",
}
# Messages the council's "Messages sent" page lists without addresses or subject: who booked a
# confidential support drop-in is known only to them and the host.
CONFIDENTIAL_KINDS = frozenset({"engagement.dropin"})

Sender = Callable[[OutboxMessage, list[str]], "dict[str, str] | None"]


def email_on_commit(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    organisation: Any = None,
    kind: str = "general",
    attachments: list[dict[str, str]] | None = None,
) -> OutboxMessage | None:
    """Queue one email to *to* (blank addresses dropped); nothing is queued for nobody.
    *attachments* are text files: ``{"filename", "mimetype", "content"}``."""
    return _queue(
        channel=OutboxMessage.Channel.EMAIL,
        to=to,
        subject=subject,
        body=body,
        organisation=organisation,
        kind=kind,
        attachments=attachments or [],
    )


def text_on_commit(
    *, to: Iterable[str], body: str, organisation: Any = None, kind: str = "general"
) -> OutboxMessage | None:
    """Queue one text message to the mobile numbers *to*; only GOV.UK Notify carries them."""
    return _queue(
        channel=OutboxMessage.Channel.SMS,
        to=to,
        subject=body[:80],
        body=body,
        organisation=organisation,
        kind=kind,
        attachments=[],
    )


def _queue(
    *,
    channel: str,
    to: Iterable[str],
    subject: str,
    body: str,
    organisation: Any,
    kind: str,
    attachments: list[dict[str, str]],
) -> OutboxMessage | None:
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"Unknown message kind {kind!r}: add it to MESSAGE_KINDS.")
    recipients = list(dict.fromkeys(a for a in to if a))
    router = _router()
    if recipients and router is not None:
        recipients = router(
            channel=channel,
            to=recipients,
            subject=subject,
            body=body,
            organisation=organisation,
            kind=kind,
            attachments=attachments,
        )
    if not recipients:
        return None
    message = OutboxMessage.objects.create(
        organisation=organisation,
        channel=channel,
        kind=kind,
        to=recipients,
        subject=subject[:255],
        body=body,
        attachments=attachments,
    )
    transaction.on_commit(lambda: deliver(message.pk), robust=True)
    return message


@cache
def _router() -> Callable[..., list[str]] | None:
    path = getattr(settings, "THRIVE_OUTBOX_ROUTER", "")
    return import_string(path) if path else None


@cache
def _senders() -> list[Sender]:
    return [import_string(path) for path in getattr(settings, "THRIVE_OUTBOX_SENDERS", [])]


def _by_django_email(message: OutboxMessage, addresses: list[str]) -> dict[str, str]:
    if message.channel != OutboxMessage.Channel.EMAIL:
        raise RuntimeError("No text message service: set up GOV.UK Notify for this council.")
    email = EmailMessage(message.subject, message.body, None, addresses)
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    email.send()
    return dict.fromkeys(addresses, "")


def deliver(pk: int) -> bool:
    """Send message *pk* to each address not yet sent to. True when every address has it."""
    message = OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).first()
    if message is None:
        return False
    ids = dict(message.provider_ids)
    waiting = [a for a in message.to if a not in ids]
    provider = message.provider
    try:
        for sender in _senders():
            sent = sender(message, waiting)
            if sent is not None:
                provider = getattr(sender, "provider", sender.__module__.rsplit(".", 1)[-1])
                ids.update(sent)
                break
        else:
            if waiting:
                ids.update(_by_django_email(message, waiting))
                provider = "email"
    except Exception as exc:  # any carrier failure is kept on the message, never raised
        partial = getattr(exc, "sent", None)  # a sender names the addresses it did reach
        if isinstance(partial, dict):
            ids.update(partial)
        log.warning("Message %s to %s not sent: %s", pk, message.to, exc)
        OutboxMessage.objects.filter(pk=pk).update(
            status=OutboxMessage.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:1000],
            provider_ids=ids,
            provider=provider,
        )
        return False
    OutboxMessage.objects.filter(pk=pk).update(
        sent_at=clock.now(),
        error="",
        status=OutboxMessage.Status.SENT,
        provider_ids=ids,
        provider=provider,
    )
    return True


# The name it had before text messages: kept for callers and tests that use it.
_deliver = deliver


def outbox_retry(*, organisation: Any = None) -> tuple[int, int]:
    """Try again every message that failed. Returns (sent, still failing)."""
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True, status=OutboxMessage.Status.FAILED)
    if organisation is not None:
        waiting = waiting.filter(organisation=organisation)
    sent = failed = 0
    for pk in waiting.values_list("pk", flat=True):
        if deliver(pk):
            sent += 1
        else:
            failed += 1
    return sent, failed
