"""Writes for a person's private calendar address: made (the secret shown once), revoked, and
noted when read."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.supervision.models import (
    CalendarFeed,
)


def feed_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user: Any) -> str:
    """A new secret calendar address for *user* (any earlier one stops working). The secret is
    shown once; only its hash is kept."""
    CalendarFeed.objects.filter(user=user).delete()
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(user=user, token_hash=feed_hash(token))
    audit_log(action="supervision.feed_created", user=user, summary="Created a calendar address")
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: Any) -> int:
    count, _ = CalendarFeed.objects.filter(user=user).delete()
    audit_log(action="supervision.feed_revoked", user=user, summary="Revoked the calendar address")
    return count


def calendar_feed_used(*, feed: CalendarFeed) -> None:
    """Note when a calendar address was last read (so a person sees whether it is in use)."""
    feed.last_used_at = clock.now()
    feed.save(update_fields=["last_used_at"])
