"""The header's count of unread notifications (one query, only for a signed-in person)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from thrive.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable: the query runs only on a page that shows the count.
    return {"unread_notifications": lambda: unread_count(user)}
