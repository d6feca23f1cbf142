"""Reads for calendars: a person's private calendar address, and the sessions its feed shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from thrive.accounts.models import RoleAssignment
from thrive.supervision.models import CalendarFeed, Session


def calendar_feed_of(user: Any) -> CalendarFeed | None:
    """The person's calendar address, if they have made one."""
    return CalendarFeed.objects.filter(user__pk=user.pk).first()


def calendar_feed_by_hash(token_hash: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user").filter(token_hash=token_hash).first()


def feed_sessions(user: Any, since: datetime) -> QuerySet[Session]:
    """The sessions *user* supervises, is supervised in or attends from *since*, in the councils
    where they still hold a role: leaving one ends its sessions in the feed, as it ends their
    sign-in there."""
    return (
        Session.objects.filter(
            Q(supervisor__user=user) | Q(supervisee__user=user) | Q(attendance__person__user=user),
            starts_at__gte=since,
            organisation_id__in=RoleAssignment.objects.filter(user=user).values("organisation_id"),
        )
        .select_related("supervisor", "supervisee")
        .distinct()
    )
