"""Exit conversations with leavers (coded reasons, "would you come back", good endings) and
returners ("boomerangs": a person with an earlier spell that ended before a later one began).
:func:`exit_reasons` is what the retention analysis reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.engagement.models import ComeBack, ExitConversation, ExitReason
from thrive.people.models import EmploymentSpell


@transaction.atomic
def exit_conversation_record(
    *,
    spell: EmploymentSpell,
    held_on: date,
    reasons: list[str],
    would_come_back: str,
    reflective_conversation: bool = False,
    reference_promised: bool = False,
    notes: str = "",
    actor: Any,
) -> ExitConversation:
    """Record the exit conversation for a leaver's spell (the main reason first)."""
    if spell.end_date is None:
        raise ThriveError("Record the leaving date in the register before the exit conversation.")
    unknown = [r for r in reasons if r not in ExitReason.values]
    if not reasons or unknown:
        raise ThriveError("Choose at least one reason for leaving from the list.")
    if would_come_back not in ComeBack.values:
        raise ThriveError("Say whether they would come back: yes, maybe or no.")
    if ExitConversation.objects.filter(spell=spell).exists():
        raise ThriveError("This spell already has an exit conversation.")
    conversation = ExitConversation(
        organisation=spell.organisation,
        spell=spell,
        held_on=held_on,
        reasons=list(dict.fromkeys(reasons)),
        would_come_back=would_come_back,
        reflective_conversation=reflective_conversation,
        reference_promised=reference_promised,
        notes=(notes or "").strip(),
    )
    conversation.full_clean()
    conversation.save()
    audit_log(
        action="engagement.exit_recorded",
        user=actor,
        organisation=spell.organisation,
        obj=conversation,
    )
    return conversation


@dataclass
class ExitReasonRow:
    reason: str
    label: str
    main: int
    mentioned: int


def exit_reasons(organisation: Any, start: date, end: date) -> list[ExitReasonRow]:
    """For leavers whose spell ended from *start* to *end*: how often each reason was the main
    one and how often it was given at all (for the retention analysis)."""
    main: Counter[str] = Counter()
    mentioned: Counter[str] = Counter()
    for reasons in (
        ExitConversation.objects.for_org(organisation)
        .filter(spell__end_date__gte=start, spell__end_date__lte=end)
        .values_list("reasons", flat=True)
    ):
        if reasons:
            main[reasons[0]] += 1
        mentioned.update(set(reasons))
    return [
        ExitReasonRow(code, label, main[code], mentioned[code])
        for code, label in ExitReason.choices
        if mentioned[code]
    ]


def exit_reasons_by_leaving(organisation: Any) -> dict[tuple[int, date | None], list[str]]:
    """Every recorded exit conversation's reasons (main first), keyed by the leaver and the last
    day of the spell they left: what the retention analysis matches to its tenures (one
    query)."""
    return {
        (person, end): list(reasons)
        for person, end, reasons in ExitConversation.objects.for_org(organisation).values_list(
            "spell__person_id", "spell__end_date", "reasons"
        )
        if reasons
    }


def exit_reason_labels() -> dict[str, str]:
    return dict(ExitReason.choices)


# The council's own employees: a boomerang left one of these posts and came back to one. An agency
# assignment followed by a permanent post is a conversion (the agency area's), not a return; a
# student placement or a secondment is not the council's employment either.
EMPLOYED = ("permanent", "fixed_term", "apprentice")


def returners(organisation: Any) -> list[tuple[Any, EmploymentSpell, EmploymentSpell]]:
    """People who came back ("boomerangs"): each with the council's employment that ended (the
    latest before their return) and the later employment, after a gap (an agency spell between
    does not make them any less a returner; an agency spell before a permanent one is no return)."""
    found = []
    spells: dict[int, list[EmploymentSpell]] = {}
    for s in (
        EmploymentSpell.objects.for_org(organisation)
        .filter(contract__in=EMPLOYED)
        .select_related("person", "team")
        .order_by("person_id", "start_date")
    ):
        spells.setdefault(s.person_id, []).append(s)
    for person_spells in spells.values():
        for after in person_spells[1:]:
            ended = [
                s for s in person_spells if s.end_date is not None and s.end_date < after.start_date
            ]
            # A return, not a change of contract the day the other ended (end dates are
            # exclusive: a spell starting on the other's end date is continuous employment).
            running = any(
                s.start_date < after.start_date
                and (s.end_date is None or s.end_date >= after.start_date)
                for s in person_spells
                if s is not after
            )
            if ended and not running:
                found.append(
                    (after.person, max(ended, key=lambda s: s.end_date or s.start_date), after)
                )
                break
    return found
