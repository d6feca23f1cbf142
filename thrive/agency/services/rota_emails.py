"""The rota's emails a council can switch off from a date, and the email telling each worker
how a published revision changed their shifts (through the outbox, after commit)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.agency.models import RotaAssignment, RotaEmailKind, RotaEmailSetting
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit
from thrive.people.services import full_clean_or_raise


def rota_email_sent(organisation: Any, kind: str, on: date) -> bool:
    """Whether *organisation* sends the rota email *kind* on *on* (no setting: it does)."""
    row = (
        RotaEmailSetting.objects.filter(
            organisation=organisation, kind=kind, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )
    return True if row is None else row.send


@transaction.atomic
def rota_email_setting_set(
    *, organisation: Any, kind: str, effective_from: date, send: bool, actor: Any
) -> RotaEmailSetting:
    """Send (or stop sending) the rota email *kind* from *effective_from* (today or later;
    earlier settings are kept, history is not rewritten). Setting the same date again
    corrects it. Audited."""
    if kind not in RotaEmailKind.values:
        raise ThriveError(f"No rota email '{kind}'.", field="kind")
    if effective_from < clock.today():
        raise ThriveError("The setting starts today or later.", field="effective_from")
    row, _ = RotaEmailSetting.objects.get_or_create(
        organisation=organisation,
        kind=kind,
        effective_from=effective_from,
        defaults={"send": send, "set_by": actor if getattr(actor, "pk", None) else None},
    )
    row.send = send
    row.set_by = actor if getattr(actor, "pk", None) else None
    full_clean_or_raise(row)
    row.save()
    audit_log(
        action="agency.rota_email_set",
        user=actor,
        organisation=organisation,
        obj=row,
        summary=f"{row.get_kind_display()}: {'sent' if send else 'not sent'} from {effective_from}",
    )
    return row


def _line(a: Any) -> str:
    return f"- {a.day:%A %-d %B}: {a.shift.name} {a.shift.starts:%H:%M}–{a.shift.ends:%H:%M}"


def shift_change_emails(*, revision: Any, link: str) -> int:
    """Email each worker whose shifts published *revision* changes from the rota it revises
    (the shifts added and removed), when the worker signs in to Thrive and the council sends
    these emails today. Called inside the publishing transaction: sent after commit. Returns
    how many were queued."""
    if revision.revises_id is None:
        return 0
    if not rota_email_sent(revision.organisation, RotaEmailKind.SHIFT_CHANGES, clock.today()):
        return 0

    def _of(rota_id: int) -> dict[tuple[Any, int, int], Any]:
        return {
            (a.day, a.shift_id, a.worker_id): a
            for a in RotaAssignment.objects.filter(rota_id=rota_id).select_related(
                "shift", "worker__staff_member__user"
            )
        }

    before, after = _of(revision.revises_id), _of(revision.pk)
    added: dict[int, list[Any]] = {}
    removed: dict[int, list[Any]] = {}
    workers: dict[int, Any] = {}
    for k in after.keys() - before.keys():
        added.setdefault(k[2], []).append(after[k])
        workers[k[2]] = after[k].worker
    for k in before.keys() - after.keys():
        removed.setdefault(k[2], []).append(before[k])
        workers[k[2]] = before[k].worker
    home = revision.home
    sent = 0
    for pk, worker in sorted(workers.items(), key=lambda kv: kv[1].name):
        person = worker.staff_member
        user = person.user if person is not None else None
        if user is None or not user.email:
            continue
        order = lambda a: (a.day, a.shift.order, a.shift.starts)  # noqa: E731
        on = sorted(added.get(pk, []), key=order)
        off = sorted(removed.get(pk, []), key=order)
        parts = [f"{home.name}'s rota from {revision.starts:%-d %B %Y} has changed."]
        if on:
            parts.append("Shifts added for you:\n" + "\n".join(_line(a) for a in on))
        if off:
            parts.append("Shifts taken off you:\n" + "\n".join(_line(a) for a in off))
        parts.append(f"Your shifts: {link}")
        email_on_commit(
            to=[user.email],
            subject=f"Your shifts at {home.name} have changed",
            body="\n\n".join(parts),
            organisation=revision.organisation,
            kind=RotaEmailKind.SHIFT_CHANGES,
        )
        sent += 1
    return sent
