"""Shift swaps: a worker asks a colleague in the same home to take one of their published
shifts (or to exchange it for one of the colleague's); the home's manager approves or refuses.
The working-time rules and the shift's staffing and skill mix are checked again, independently
of the solver (:func:`thrive.agency.rota_solver.verify` and ``shortfalls``), when the swap is
asked for and again when it is approved: a swap that would break a rule is refused with the
rule broken."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from thrive.agency.models import (
    RotaAssignment,
    RotaStatus,
    RotaWorker,
    ShiftSwap,
    SwapStatus,
    ToilEntry,
)
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit


def swap_breaches(rota: Any, moves: list[tuple[RotaAssignment, RotaWorker]]) -> list[str]:
    """The rules *rota* would newly break with each assignment in *moves* given to its worker:
    working-time rules (rest, hours, leave, night limit) and each shift's staffing and skills.
    Breaches already there before the swap are not the swap's."""
    from thrive.agency.rota_selectors import rota_problem
    from thrive.agency.rota_solver import Assignment, shortfalls, verify

    problem, _, _, workers = rota_problem(rota.home, rota.starts, rota.weeks)
    key = {w.pk: k for k, w in workers.items()}
    moved = {a.pk: w for a, w in moves}
    before, after = [], []
    rows = RotaAssignment.objects.filter(rota=rota).select_related("shift")
    for a in rows:
        if a.worker_id not in key:  # a worker no longer active: kept as they are
            continue
        item = Assignment(a.day, a.shift.code, key[a.worker_id], a.tier, float(a.hours), 0)
        before.append(item)
        w = moved.get(a.pk)
        if w is not None:
            if w.pk not in key:
                return [f"{w.name} is not working for this home now."]
            item = Assignment(a.day, a.shift.code, key[w.pk], w.tier, float(a.hours), 0)
        after.append(item)
    if len({(a.day, a.shift, a.staff) for a in after}) < len(after):
        return ["The colleague is already on that shift."]
    found = [b for b in verify(problem, after) if b not in set(verify(problem, before))]
    had = {(g.day, g.shift, g.need): g.missing for g in shortfalls(problem, before)}
    names = {s.code: s.name for s in problem.shifts}
    for g in shortfalls(problem, after):
        if g.missing > had.get((g.day, g.shift, g.need), 0):
            need = {"staff": "enough staff", "waking_night": "a waking-night worker"}.get(
                g.need, f"a {g.need}"
            )
            found.append(f"The {names[g.shift]} shift of {g.day:%a %d %b} would be without {need}.")
    return found


def _moves(swap: ShiftSwap) -> list[tuple[RotaAssignment, RotaWorker]]:
    moves = [(swap.give, swap.colleague)]
    if swap.take is not None:
        moves.append((swap.take, swap.asker))
    return moves


@transaction.atomic
def swap_request(
    *,
    give: RotaAssignment,
    colleague: RotaWorker,
    actor: Any,
    take: RotaAssignment | None = None,
    reason: str = "",
    version: int | None = None,
) -> ShiftSwap:
    """*actor* (the worker on *give*) asks *colleague* to take that shift, and, when *take* is
    given, takes the colleague's shift *take* in return. Refused when it would break a rule, or
    when *give* is no longer at *version* (the one the worker saw: the manager changed it)."""
    today = clock.today()
    # Locked, so two asks for one shift wait for each other (the second finds the first).
    give = lock_checked(give, version=version, related=("rota", "worker", "shift"), of=("self",))
    rota = give.rota
    if rota.status != RotaStatus.PUBLISHED:
        raise ThriveError("Only shifts of a published rota can be swapped.")
    if give.day < today:
        raise ThriveError("That shift is in the past.")
    if give.worker.staff_member is None or give.worker.staff_member.user_id != actor.pk:
        raise ThriveError("You can only ask to swap your own shifts.")
    if colleague.home_id != rota.home_id or not colleague.active or colleague.pk == give.worker_id:
        raise ThriveError("Choose a colleague who works at this home.", field="colleague")
    if take is not None and (
        take.rota_id != give.rota_id or take.worker_id != colleague.pk or take.day < today
    ):
        raise ThriveError(
            f"The shift in return must be one of {colleague.name}'s coming shifts on this rota.",
            field="take",
        )
    if take is not None and take.day == give.day and take.shift_id == give.shift_id:
        raise ThriveError("You are both on that shift already.", field="take")
    if ShiftSwap.objects.filter(give=give, status=SwapStatus.REQUESTED).exists():
        raise ThriveError("You have already asked to swap that shift.")
    swap = ShiftSwap(
        organisation_id=give.organisation_id,
        give=give,
        take=take,
        asker=give.worker,
        colleague=colleague,
        reason=reason.strip(),
        requested_by=actor,
    )
    broken = swap_breaches(rota, _moves(swap))
    if broken:
        raise ThriveError("That swap would break the rota's rules:", problems=broken)
    swap.save()
    _email(
        colleague,
        "A colleague asked you to take a shift",
        f"{give.worker.name} asked you to take {_what(swap)}. The home's manager decides; "
        "you will hear when they do.",
        rota.organisation,
    )
    _email_managers(swap, actor)
    audit_log(
        action="agency.swap_requested",
        user=actor,
        organisation=rota.organisation,
        obj=swap,
        summary=f"{give.worker.name} asks {colleague.name} to take {give.shift} on {give.day}",
    )
    return swap


def _email(worker: RotaWorker, subject: str, body: str, organisation: Any) -> None:
    """Tell a rota worker linked to a person who signs in (after commit, through the outbox)."""
    person = worker.staff_member
    user = person.user if person is not None else None
    if user is not None and user.email:
        email_on_commit(
            to=[user.email],
            subject=subject,
            body=body,
            organisation=organisation,
            kind="agency.rota_swap",
        )


def _email_managers(swap: ShiftSwap, actor: Any) -> None:
    """Tell the home's rota managers a swap waits for their decision (after commit, one email
    each through the outbox; the asker is not told of their own request)."""
    from django.conf import settings

    from thrive.agency.rota_selectors import home_managers

    rota = swap.give.rota
    to = [u.email for u in home_managers(rota.home) if u.pk != getattr(actor, "pk", None)]
    # Built, not reversed: reversing loads every area's pages, seconds in a command or the demo.
    link = f"/o/{rota.organisation.code}/agency/homes/{rota.home_id}/"
    body = (
        f"{swap.asker.name} asked {swap.colleague.name} to take {_what(swap)}."
        + (f" Their reason: {swap.reason}" if swap.reason else "")
        + f" The rules were checked when it was asked for. Approve or refuse it on the rota "
        f"page: {settings.THRIVE_BASE_URL}{link}?rota={rota.pk}#swaps"
    )
    for address in to:
        email_on_commit(
            to=[address],
            subject=f"A shift swap to decide at {rota.home}",
            body=body,
            organisation=rota.organisation,
            kind="agency.rota_swap",
        )


def _what(swap: ShiftSwap) -> str:
    text = f"the {swap.give.shift.name} shift on {swap.give.day:%A %-d %B} at {swap.give.rota.home}"
    if swap.take is not None:
        text += f", for the {swap.take.shift.name} shift on {swap.take.day:%A %-d %B}"
    return text


def _earn_again(rota: Any, actor: Any) -> None:
    """Time off in lieu earned on *rota* follows the swap: worked out again."""
    from thrive.agency.services.homes import toil_earn

    ToilEntry.objects.filter(rota=rota).delete()
    toil_earn(rota=rota, actor=actor)


@transaction.atomic
def swap_decide(
    *, swap: ShiftSwap, approve: bool, version: int, actor: Any, note: str = ""
) -> ShiftSwap:
    """The home's manager approves or refuses *swap* (*version*: the one they saw). Approving
    checks the rules again on the rota as it is now; a breach refuses it with the rule."""
    locked = (
        ShiftSwap.objects.select_for_update(of=("self",))
        .select_related("give__rota__home", "give__shift", "take", "colleague", "asker")
        .get(pk=swap.pk)
    )
    if locked.version != version:
        raise ThriveError("This request changed since you opened the page; look again.")
    if locked.status != SwapStatus.REQUESTED:
        raise ThriveError(f"This request is {locked.get_status_display().lower()} already.")
    rota = locked.give.rota
    if approve:
        broken = swap_breaches(rota, _moves(locked))
        if broken:
            raise ThriveError(
                "The rota has changed and this swap would now break its rules:", problems=broken
            )
        giver = locked.asker
        for assignment, worker in _moves(locked):
            assignment.worker = worker
            assignment.tier = worker.tier
            assignment.cost = (assignment.hours * worker.hourly_cost).quantize(Decimal("0.01"))
            assignment.reason = (
                f"A swap {giver.name} asked for with {locked.colleague.name}, approved "
                f"{clock.today():%d %b %Y}."
            )
            assignment.version += 1
            assignment.save(update_fields=["worker", "tier", "cost", "reason", "version"])
        _earn_again(rota, actor)
    locked.status = SwapStatus.APPROVED if approve else SwapStatus.REFUSED
    locked.decided_by = actor
    locked.decided_at = clock.now()
    locked.decision_note = note.strip()
    locked.version += 1
    locked.save()
    word = "approved" if approve else "refused"
    for worker in (locked.asker, locked.colleague):
        _email(
            worker,
            f"Shift swap {word}",
            f"The swap of {_what(locked)} between {locked.asker.name} and "
            f"{locked.colleague.name} was {word}."
            + (f" {locked.decision_note}" if locked.decision_note else ""),
            rota.organisation,
        )
    audit_log(
        action="agency.swap_approved" if approve else "agency.swap_refused",
        user=actor,
        organisation=rota.organisation,
        obj=locked,
        summary=f"{locked.asker.name} / {locked.colleague.name}, {locked.give.day}",
    )
    return locked
