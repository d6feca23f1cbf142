"""Long-service milestones at every 5 (or the council's step of) years of continuous or total
service, counted by the rule in force (a dated council setting); the monthly list for leaders,
the list for the annual event, and a certificate per person (WeasyPrint)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.engagement.flexible import add_months
from thrive.engagement.models import LongServiceRule, ServiceBasis
from thrive.people.models import EmploymentSpell

# Agency assignments are not service with the council.
NOT_SERVICE = ("agency",)


@dataclass
class Milestone:
    person: Any
    years: int
    on: date
    team: Any
    basis: str


def rule_on(organisation: Any, on: date) -> tuple[str, int]:
    """The basis and step in force on *on* (continuous service every 5 years unless set)."""
    found = (
        LongServiceRule.objects.for_org(organisation)
        .filter(effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    return (found.basis, found.every_years) if found else (ServiceBasis.CONTINUOUS, 5)


@transaction.atomic
def long_service_rule_set(
    *, organisation: Any, effective_from: date, basis: str, every_years: int = 5, actor: Any
) -> LongServiceRule:
    """Set how service is counted from *effective_from* (a later date overrides an earlier)."""
    if basis not in ServiceBasis.values:
        raise ThriveError("Choose continuous or total service.", field="basis")
    if not 1 <= every_years <= 10:
        raise ThriveError("Milestones come every 1 to 10 years.", field="every_years")
    rule, _ = LongServiceRule.objects.update_or_create(
        organisation=organisation,
        effective_from=effective_from,
        defaults={"basis": basis, "every_years": every_years},
    )
    rule.full_clean()
    audit_log(
        action="engagement.long_service_rule_set",
        user=actor,
        organisation=organisation,
        obj=rule,
        detail={"basis": basis, "from": effective_from.isoformat()},
    )
    return rule


def _chains(spells: list[EmploymentSpell]) -> list[list[EmploymentSpell]]:
    """Spells joined where one starts by the day after the last ended (continuous service)."""
    chains: list[list[EmploymentSpell]] = []
    for s in sorted(spells, key=lambda s: s.start_date):
        last = chains[-1][-1] if chains else None
        if last is not None and (last.end_date is None or s.start_date <= last.end_date):
            chains[-1].append(s)
        else:
            chains.append([s])
    return chains


def _chain_end(chain: list[EmploymentSpell]) -> date | None:
    ends = [s.end_date for s in chain]
    return None if any(e is None for e in ends) else max(e for e in ends if e is not None)


def milestones(organisation: Any, start: date, end: date) -> list[Milestone]:
    """Every milestone reached from *start* to *end* (inclusive) by someone still working for
    the council on the day, by the rule in force that day. Two queries."""
    by_person: dict[int, list[EmploymentSpell]] = defaultdict(list)
    for s in (
        EmploymentSpell.objects.for_org(organisation)
        .exclude(contract__in=NOT_SERVICE)
        .filter(start_date__lte=end)
        .select_related("person", "team")
    ):
        by_person[s.person_id].append(s)
    rules = list(
        LongServiceRule.objects.for_org(organisation)
        .order_by("effective_from")
        .values_list("effective_from", "basis", "every_years")
    )

    def rule(on: date) -> tuple[str, int]:
        found = [r for r in rules if r[0] <= on]
        return (found[-1][1], found[-1][2]) if found else (ServiceBasis.CONTINUOUS, 5)

    found: list[Milestone] = []
    for spells in by_person.values():
        chains = _chains(spells)
        current = chains[-1]
        chain_end = _chain_end(current)
        if chain_end is not None and chain_end <= start:
            continue
        earlier_days = sum(((_chain_end(c) or end) - c[0].start_date).days for c in chains[:-1])
        first = current[0].start_date
        for years in range(1, 61):
            for basis in (ServiceBasis.CONTINUOUS, ServiceBasis.TOTAL):
                on = add_months(first, 12 * years)
                if basis == ServiceBasis.TOTAL:
                    on -= timedelta(days=earlier_days)
                if not (start <= on <= end) or (chain_end is not None and on >= chain_end):
                    continue
                basis_then, step = rule(on)
                if basis_then != basis or years % step:
                    continue
                spell = max((s for s in current if s.start_date <= on), key=lambda s: s.start_date)
                found.append(Milestone(spell.person, years, on, spell.team, basis))
            if add_months(first, 12 * years) - timedelta(days=earlier_days) > end:
                break
    return sorted(found, key=lambda m: (m.on, m.person.last_name, m.person.first_name))


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, add_months(first, 1) - timedelta(days=1)


def certificate_pdf(organisation: Any, milestone: Milestone) -> bytes:
    """A one-page certificate for a milestone (A4 landscape)."""
    from weasyprint import HTML

    html = render_to_string(
        "engagement/certificate_pdf.html", {"organisation": organisation, "m": milestone}
    )
    return bytes(HTML(string=html).write_pdf())
