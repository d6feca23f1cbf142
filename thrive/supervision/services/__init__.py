"""Writes for supervision, by sub-area: the council's rules and settings, sessions (booking,
cancelling), records (two-way, signed, then addenda; group case supervision) and the calendar
address. Each checks on the server who may do it; records lock when both have signed (after which
changes are dated addenda); every write is in the audit trail. Every public name is imported
here, so ``from thrive.supervision.services import ...`` is the one way in."""

from __future__ import annotations

from thrive.supervision.services.calendar import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_used,
    feed_hash,
)
from thrive.supervision.services.records import (
    FamilyNote,
    GroupFamily,
    NewAction,
    addendum_add,
    group_record_save,
    record_save,
    reflections_save,
)
from thrive.supervision.services.rules import (
    practice_skills_add_defaults,
    settings_save,
    supervision_policy_add,
)
from thrive.supervision.services.sessions import (
    may_manage_session,
    session_book,
    session_cancel,
    session_move,
    sessions_history_add,
)

__all__ = [
    "FamilyNote",
    "GroupFamily",
    "NewAction",
    "addendum_add",
    "calendar_feed_create",
    "calendar_feed_revoke",
    "calendar_feed_used",
    "feed_hash",
    "group_record_save",
    "practice_skills_add_defaults",
    "record_save",
    "reflections_save",
    "session_book",
    "session_cancel",
    "session_move",
    "may_manage_session",
    "sessions_history_add",
    "settings_save",
    "supervision_policy_add",
]
