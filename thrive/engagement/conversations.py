"""Stay and exit conversations: who the council's chosen risk signals say to talk with (a long
spell over the caseload cap, overdue supervision), the stay conversations managers hold, the
leavers still to have an exit conversation, and the returners. Writes are services (one
transaction, ``full_clean``, an audit entry); reads are scoped to the caller's reach."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.engagement.models import (
    EngagementSettings,
    ExitConversation,
    StayConversation,
    StaySignal,
    default_stay_signals,
)
from thrive.people.models import EmploymentSpell, StaffMember

# A stay conversation held within this many days quietens the prompt for that person.
QUIET_DAYS = 90
# Leavers within this many days are listed for an exit conversation.
LEAVERS_DAYS = 183


@dataclass
class StaySettings:
    signals: list[str]
    over_cap_weeks: int
    supervision_overdue_days: int


def stay_settings(organisation: Any) -> StaySettings:
    found = EngagementSettings.objects.for_org(organisation).first()
    if found is None:
        return StaySettings(default_stay_signals(), 8, 14)
    return StaySettings(
        list(found.stay_signals), found.over_cap_weeks, found.supervision_overdue_days
    )


@transaction.atomic
def stay_settings_set(
    *,
    organisation: Any,
    signals: list[str],
    over_cap_weeks: int,
    supervision_overdue_days: int,
    actor: Any,
) -> EngagementSettings:
    """Choose the risk signals that prompt a stay conversation, and their limits."""
    unknown = [s for s in signals if s not in StaySignal.values]
    if unknown:
        raise ThriveError(f"Unknown signal: {', '.join(unknown)}.", field="signals")
    if not 1 <= over_cap_weeks <= 52:
        raise ThriveError("The weeks over the cap must be from 1 to 52.", field="over_cap_weeks")
    if not 1 <= supervision_overdue_days <= 180:
        raise ThriveError(
            "The days supervision is overdue must be from 1 to 180.",
            field="supervision_overdue_days",
        )
    row, _ = EngagementSettings.objects.select_for_update().get_or_create(organisation=organisation)
    row.stay_signals = list(dict.fromkeys(signals))
    row.over_cap_weeks = over_cap_weeks
    row.supervision_overdue_days = supervision_overdue_days
    row.version += 1
    row.full_clean()
    row.save()
    audit_log(
        action="engagement.stay_signals_set",
        user=actor,
        organisation=organisation,
        obj=row,
        detail={"signals": row.stay_signals},
    )
    return row


@transaction.atomic
def stay_conversation_record(
    *,
    person: StaffMember,
    team: Any,
    held_on: date,
    notes: str,
    agreed: str = "",
    signals: list[str] | None = None,
    actor: Any,
) -> StayConversation:
    """Record a stay conversation a manager held (what prompted it, what was said, what was
    agreed)."""
    from thrive.core import clock

    if held_on > clock.today():
        raise ThriveError("The conversation cannot be in the future.", field="held_on")
    if not (notes or "").strip():
        raise ThriveError("Say what was talked about.", field="notes")
    conversation = StayConversation(
        organisation=person.organisation,
        person=person,
        team=team,
        held_on=held_on,
        held_by=actor if getattr(actor, "pk", None) else None,
        signals=[s for s in (signals or []) if s in StaySignal.values],
        notes=notes.strip(),
        agreed=(agreed or "").strip(),
    )
    conversation.full_clean()
    conversation.save()
    audit_log(
        action="engagement.stay_recorded",
        user=actor,
        organisation=person.organisation,
        obj=conversation,
    )
    return conversation


# --- Reads ------------------------------------------------------------------------------------


def _reaches(access: Access, team: Any) -> bool:
    return access.allows(Cap.CONVERSATIONS, team_id=team.pk, service_id=team.service_id)


@dataclass
class Prompt:
    spell: EmploymentSpell
    reasons: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def stay_prompts(access: Access, on: date) -> list[Prompt]:
    """The people in the caller's reach whom a chosen signal flags, without a stay conversation
    in the last 90 days (never the caller themselves)."""
    from thrive.caseloads.selectors import case_holding_spells, worker_loads
    from thrive.supervision.selectors import schedules, supervised_spells

    org = access.organisation
    chosen = stay_settings(org)
    found: dict[int, Prompt] = {}

    def flag(spell: EmploymentSpell, code: str, words: str) -> None:
        if spell.person.user_id == access.user.pk or not _reaches(access, spell.team):
            return
        prompt = found.setdefault(spell.person_id, Prompt(spell))
        prompt.reasons.append(words)
        prompt.codes.append(code)

    if StaySignal.OVER_CAP in chosen.signals:
        spells = case_holding_spells(org, on)
        earlier = on - timedelta(weeks=chosen.over_cap_weeks)
        then = {
            w.spell.person_id: w
            for w in worker_loads(org, case_holding_spells(org, earlier), earlier)
        }
        for w in worker_loads(org, spells, on):
            before = then.get(w.spell.person_id)
            if w.cap and w.load > w.cap and before is not None and before.load > before.cap:
                flag(
                    w.spell,
                    StaySignal.OVER_CAP,
                    f"Over the caseload cap now ({w.load:g} against {w.cap:g}) and "
                    f"{chosen.over_cap_weeks} weeks ago",
                )
    if StaySignal.SUPERVISION in chosen.signals:
        for s in schedules(org, supervised_spells(org, on), on):
            if s.overdue_days is not None and s.overdue_days >= chosen.supervision_overdue_days:
                flag(s.spell, StaySignal.SUPERVISION, f"Supervision {s.overdue_days} days overdue")
    if StaySignal.PROGRESSION in chosen.signals:
        from thrive.academy.selectors import progression_declines, progression_not_agreed

        declines = progression_declines(org)
        refused = {
            person: max(d for d in days if d <= on)
            for person, days in progression_not_agreed(org).items()
            if any(on - timedelta(days=365) < d <= on for d in days)
        }
        for spell in (
            EmploymentSpell.objects.for_org(org)
            .current(on)
            .filter(person_id__in=list(refused))
            .select_related("person", "team", "team__service")
        ):
            if spell.team is not None:
                day = refused[spell.person_id]
                declined = declines.get(spell.person_id, {}).get(day)
                flag(
                    spell,
                    StaySignal.PROGRESSION,
                    f"Declined progression on {day:%-d %B %Y} ({declined.lower()})"
                    if declined is not None
                    else f"Progression not agreed at the panel on {day:%-d %B %Y}",
                )
    recent = set(
        StayConversation.objects.for_org(org)
        .filter(person_id__in=list(found), held_on__gt=on - timedelta(days=QUIET_DAYS))
        .values_list("person_id", flat=True)
    )
    return sorted(
        (p for pid, p in found.items() if pid not in recent),
        key=lambda p: (p.spell.person.last_name, p.spell.person.first_name),
    )


def leavers_to_talk_with(access: Access, on: date) -> list[EmploymentSpell]:
    """Spells in the caller's reach that ended in the last six months (or end within a month)
    with no exit conversation yet."""
    spells = (
        EmploymentSpell.objects.visible_to(access, Cap.CONVERSATIONS)
        .filter(
            end_date__isnull=False,
            end_date__gte=on - timedelta(days=LEAVERS_DAYS),
            end_date__lte=on + timedelta(days=31),
            exit_conversation__isnull=True,
        )
        .exclude(person__user_id=access.user.pk)
        .select_related("person", "team")
        .order_by("-end_date", "pk")
    )
    return list(spells)


def exit_conversations(access: Access) -> list[ExitConversation]:
    return list(
        ExitConversation.objects.visible_to(access, Cap.CONVERSATIONS)
        .exclude(spell__person__user_id=access.user.pk)
        .select_related("spell__person", "spell__team")[:50]
    )


def stay_conversations(access: Access) -> list[StayConversation]:
    return list(
        StayConversation.objects.visible_to(access, Cap.CONVERSATIONS)
        .exclude(person__user_id=access.user.pk)
        .select_related("person", "team", "held_by")[:50]
    )


def spell_for_exit(access: Access, pk: int) -> EmploymentSpell | None:
    """A leaver's spell the caller may record the exit conversation for."""
    return (
        EmploymentSpell.objects.visible_to(access, Cap.CONVERSATIONS)
        .exclude(person__user_id=access.user.pk)
        .filter(pk=pk, end_date__isnull=False)
        .select_related("person", "team")
        .first()
    )


def person_for_stay(access: Access, pk: int, on: date) -> EmploymentSpell | None:
    """The current spell of a person the caller may hold a stay conversation with."""
    return (
        EmploymentSpell.objects.visible_to(access, Cap.CONVERSATIONS)
        .current(on)
        .exclude(person__user_id=access.user.pk)
        .filter(person_id=pk)
        .select_related("person", "team")
        .order_by("-start_date")
        .first()
    )


def returners_in_reach(access: Access) -> list[tuple[Any, EmploymentSpell, EmploymentSpell]]:
    """Boomerangs (people who came back) whose later spell is in the caller's reach."""
    from thrive.engagement.exits import returners

    return [r for r in returners(access.organisation) if _reaches(access, r[2].team)]
