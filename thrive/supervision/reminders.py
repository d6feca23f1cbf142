"""Daily reminders (`thrive reminders send`, run by the council's scheduler): supervisors hear
who is due in the next week and who is overdue; supervisees hear about records waiting for their
agreement. At most one email a person a day; each is in the audit trail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.models import AuditEvent
from thrive.core.outbox import email_on_commit
from thrive.people.models import Organisation
from thrive.supervision.models import Kind, Session, SessionStatus
from thrive.supervision.selectors import schedules, supervised_spells

ACTION = "supervision.reminder"


@dataclass
class Outbox:
    sent: int = 0
    skipped: int = 0
    messages: list[tuple[str, str, str]] = field(default_factory=list)


def _already_today(organisation: Organisation, user_id: int, on: date) -> bool:
    """Has this council already reminded this person today? (Someone working in two councils
    hears from each.)"""
    return AuditEvent.objects.filter(
        action=ACTION, organisation=organisation, user_id=user_id, detail__on=on.isoformat()
    ).exists()


def reminders_send(
    organisation: Organisation,
    on: date,
    *,
    dry_run: bool = False,
    progress: Callable[..., Any] | None = None,
) -> Outbox:
    """Work out and send the day's reminders for one council."""
    outbox = Outbox()
    spells = supervised_spells(organisation, on)
    by_supervisor: dict[int, list[Any]] = defaultdict(list)
    for schedule in schedules(organisation, spells, on):
        manager = schedule.spell.line_manager
        if manager is not None and manager.user_id:
            by_supervisor[manager.pk].append(schedule)
    lines: dict[Any, list[str]] = defaultdict(list)
    for group in by_supervisor.values():
        user = group[0].spell.line_manager.user
        overdue = [s for s in group if s.overdue_days is not None]
        due = [
            s
            for s in group
            if s.overdue_days is None and s.booked is None and s.next_due <= on + timedelta(days=7)
        ]
        for s in overdue:
            lines[user].append(
                f"Overdue: {s.person.full_name} (due {s.next_due:%-d %B}, "
                f"{s.overdue_days} days ago)"
            )
        for s in due:
            lines[user].append(f"Due: {s.person.full_name} by {s.next_due:%-d %B}, not yet booked")
    awaiting = (
        Session.objects.for_org(organisation)
        .filter(
            status=SessionStatus.HELD,
            supervisor_signed_at__isnull=False,
            supervisee_signed_at__isnull=True,
        )
        .exclude(kind=Kind.GROUP)
        .select_related("supervisee__user", "supervisor")
    )
    for session in awaiting:
        if session.supervisee is not None and session.supervisee.user is not None:
            lines[session.supervisee.user].append(
                "Waiting for your agreement: the record of your supervision with "
                f"{session.supervisor.full_name} on {session.starts_at:%-d %B}"
            )
    people = list(lines.items())
    for user, items in progress(people, desc="Reminders") if progress else people:
        if not user.is_active or not user.email:
            continue
        if _already_today(organisation, user.pk, on):
            outbox.skipped += 1
            continue
        subject = f"Supervision: {len(items)} thing{'s' if len(items) != 1 else ''} to do"
        body = "\n".join(
            [
                f"Hello {user.full_name or user.email},",
                "",
                *[f"- {line}" for line in items],
                "",
                f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{organisation.code}/supervision/",
            ]
        )
        outbox.messages.append((user.email, subject, body))
        if dry_run:
            continue
        with transaction.atomic():
            email_on_commit(
                to=[user.email],
                subject=subject,
                body=body,
                organisation=organisation,
                kind="supervision.reminder",
            )
            audit_log(
                action=ACTION,
                user=user,
                organisation=organisation,
                summary=subject,
                detail={"on": on.isoformat(), "items": len(items)},
            )
        outbox.sent += 1
    return outbox
