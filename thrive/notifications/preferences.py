"""What a person chose, applied where every message passes: the outbox.

``settings.THRIVE_OUTBOX_ROUTER`` names :func:`route`. The outbox calls it with each email before
queuing it; for every address that is a Thrive user it records the message in that person's in-app
list and returns only the addresses that still want it by email now. A person who chose text
messages for the kind is sent one (to the mobile number in their settings); one who chose none has
it only in Thrive; one who takes the daily digest has it in tomorrow's digest email instead
(:func:`digest_send`, run by the ``daily_digest`` job). Addresses that are not users (a candidate,
a council's inbox) are untouched. Invitations (a message with an attachment) are never held for
the digest: a calendar invitation a day late is no invitation. Password resets and the digest
itself are always emailed (:data:`ALWAYS_EMAILED`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from thrive.core import clock
from thrive.notifications.models import Notification, NotificationSettings

# A text message is at most two of a phone's 160-character parts: the subject and the link.
TEXT_LIMIT = 306
# The kinds short enough to be a text: a reminder or a booking, said in a line with a link.
# Role changes, questionnaires, the newsletter and anything not named stay email or in-app.
TEXT_KINDS = frozenset(
    {
        "supervision.reminder",
        "supervision.session",
        "learning.sessions",
        "learning.cpd_reminder",
        "recruitment.panels",
        "academy.review_reminder",
        "engagement.flexible_reminder",
        "engagement.shout_out",
        "engagement.dropin",
    }
)
# Always emailed, and kept out of the in-app list: a password reset link belongs in one inbox
# only, and the digest is itself the summary.
ALWAYS_EMAILED = frozenset({"accounts.security", "digest"})


def route(
    *,
    channel: str,
    to: list[str],
    subject: str,
    body: str,
    organisation: Any,
    kind: str,
    attachments: list[dict[str, str]],
) -> list[str]:
    """The addresses in *to* that get this email now; the rest are recorded, texted or held."""
    from thrive.core.outbox import text_on_commit

    if channel != "email" or kind in ALWAYS_EMAILED:
        return to
    wanted = {a.lower() for a in to}
    users = list(
        get_user_model()
        .objects.filter(email__in=wanted | set(to), is_active=True)
        .select_related("notification_settings")
    )
    if not users:
        return to
    now = clock.now()
    by_address: dict[str, Any] = {u.email.lower(): u for u in users}
    keep: list[str] = []
    texts: list[str] = []
    notes: list[Notification] = []
    for address in to:
        user = by_address.get(address.lower())
        if user is None:
            keep.append(address)
            continue
        chosen = _settings_of(user)
        how = chosen.channel_for(kind) if chosen else NotificationSettings.Channel.EMAIL
        if how == NotificationSettings.Channel.EMAIL:
            if chosen is not None and chosen.digest and not attachments:
                how = "digest"
            else:
                keep.append(address)
        elif how == NotificationSettings.Channel.TEXT:
            if chosen is not None and chosen.may_text and kind in TEXT_KINDS:
                texts.append(chosen.mobile)
            else:  # no number or no agreement to text: email rather than nothing
                how = NotificationSettings.Channel.EMAIL
                keep.append(address)
        notes.append(
            Notification(
                user=user,
                organisation=organisation,
                kind=kind,
                subject=subject[:255],
                body=body,
                created_at=now,
                delivery=how,
            )
        )
    Notification.objects.bulk_create(notes)
    if texts:
        text_on_commit(to=texts, body=text_for(subject, body), organisation=organisation, kind=kind)
    return keep


def text_for(subject: str, body: str) -> str:
    """The text message for an email: its subject and the link to open Thrive (the email's
    "Open Thrive: ..." line), within two parts of a text; the whole message is in the in-app
    list."""
    link = next(
        (
            line.split(":", 1)[1].strip()
            for line in body.splitlines()
            if line.startswith("Open Thrive:")
        ),
        "",
    )
    tail = f"\n{link}" if link else ""
    head = f"Thrive: {subject.strip()}"
    room = TEXT_LIMIT - len(tail)
    if len(head) > room:
        head = head[: room - 1].rstrip() + "…"
    return head + tail


def _settings_of(user: Any) -> NotificationSettings | None:
    try:
        return user.notification_settings  # type: ignore[no-any-return]
    except NotificationSettings.DoesNotExist:
        return None


def digest_send() -> dict[str, int]:
    """One email to each person with messages held for the digest, listing them; each held
    message is marked as sent in the same transaction, so running it twice sends nothing twice."""
    from thrive.core.outbox import email_on_commit

    people = sent = 0
    user_ids = (
        Notification.objects.filter(delivery="digest", digested_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in list(user_ids):
        with transaction.atomic():
            held = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(user_id=user_id, delivery="digest", digested_at__isnull=True)
                .select_related("user", "organisation")
                .order_by("created_at", "id")
            )
            if not held:
                continue
            user = held[0].user
            lines = [f"You have {len(held)} message{'s' if len(held) != 1 else ''} from Thrive."]
            for note in held:
                where = f" ({note.organisation.name})" if note.organisation else ""
                lines += ["", f"## {note.subject}{where}", "", note.body.strip()]
            email_on_commit(
                to=[user.email],
                subject=f"Thrive: your daily digest ({len(held)})",
                body="\n".join(lines),
                organisation=held[0].organisation,
                kind="digest",
            )
            Notification.objects.filter(pk__in=[n.pk for n in held]).update(digested_at=clock.now())
            people += 1
            sent += len(held)
    return {"people": people, "messages": sent}
