"""Files kept between two requests, in the database (not one server's disk): the two-step import
keeps the checked file here until it is confirmed. A file is for the council and the person who
uploaded it, and is forgotten after a day (or once used)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from thrive.core import clock
from thrive.jobs.models import HeldFile

KEEP_FOR = timedelta(days=1)


def file_hold(*, organisation: Any, user: Any, filename: str, content: bytes) -> str:
    """Keep *content*; returns the token that fetches it. Files past their day are cleared."""
    now = clock.now()
    HeldFile.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    token = secrets.token_urlsafe(24)
    HeldFile.objects.create(
        token=token,
        organisation=organisation,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        filename=filename[:255],
        content=content,
        created_at=now,
    )
    return token


def file_read(*, token: str, organisation: Any, user: Any) -> bytes | None:
    """The file held under *token* for this council and person; None if gone or not theirs."""
    found = (
        HeldFile.objects.filter(
            token=token,
            organisation=organisation,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            created_at__gte=clock.now() - KEEP_FOR,
        )
        .values_list("content", flat=True)
        .first()
    )
    return bytes(found) if found is not None else None


def file_drop(*, token: str) -> None:
    HeldFile.objects.filter(token=token).delete()
