"""What the endpoints that move or cancel a record share (learning sessions, supervision
sessions, selection panels, support drop-ins): the version the caller saw, the reason, a date and
time within reach, and the answer (the record's number, its new version, how many were told).
Each endpoint calls its page's service, so the permission and version checks, the calendar
updates (``METHOD:REQUEST`` with a higher ``SEQUENCE``, or ``METHOD:CANCEL``) and the audit
trail are the page's."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from rest_framework import serializers

from thrive.core import clock

FURTHEST = timedelta(days=5 * 366)


def within_reach(value: datetime) -> None:
    """A moment from yesterday to five years ahead (the services refuse the past themselves)."""
    now = clock.now()
    if not now - timedelta(days=1) <= value <= now + FURTHEST:
        raise serializers.ValidationError("Choose a date and time within the next five years.")


def day_within_reach(value: date) -> None:
    today = clock.today()
    if not today - timedelta(days=1) <= value <= today + FURTHEST:
        raise serializers.ValidationError("Choose a day within the next five years.")


VERSION_REQUIRED = (
    'version is required: send the record\'s version you read (its "version"), so a change '
    "made since by someone else is refused rather than overwritten."
)


class VersionField(serializers.IntegerField):
    """The record's version the caller read, on every endpoint that changes an existing record.
    Required (issue 14): a change without one could overwrite someone else's; missing or
    ``null``, the answer is ``400`` naming the field (:data:`VERSION_REQUIRED`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", True)
        kwargs.setdefault(
            "error_messages", {"required": VERSION_REQUIRED, "null": VERSION_REQUIRED}
        )
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault(
            "help_text", "The record's version you saw: refused (400) if it has changed since."
        )
        super().__init__(**kwargs)


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300, help_text="Why; kept and told to people.")
    version = VersionField()


class ChangedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="The record's version after the change.")
    status = serializers.CharField(help_text="The record's status after the change.")
    told = serializers.IntegerField(help_text="How many people were sent the update.")
