"""Supervision pages, by sub-area: sessions (your supervision and diary, booking, the records
you may read, a session's page), records (writing the two-way and the group record), compliance
(with the policy and settings) and calendars. Every view is imported here, so
``thrive.supervision.views.<view>`` names each page as it did before the split."""

from __future__ import annotations

from thrive.supervision.views.calendar import (
    feed,
    feed_manage,
    session_ics,
)
from thrive.supervision.views.compliance import (
    compliance,
    policy,
    skills,
)
from thrive.supervision.views.records import (
    family_notes_for,
    group_record,
    record,
)
from thrive.supervision.views.sessions import (
    book,
    home,
    session_detail,
    session_move_page,
    sessions_list,
)

__all__ = [
    "book",
    "compliance",
    "family_notes_for",
    "feed",
    "feed_manage",
    "group_record",
    "home",
    "policy",
    "record",
    "session_detail",
    "session_move_page",
    "session_ics",
    "sessions_list",
    "skills",
]
