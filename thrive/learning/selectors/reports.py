"""Reads for council-wide learning reports: who is in post, a team's gaps in mandatory learning,
feedback by item and by provider."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, Max, QuerySet

from analytics.supervision import add_months
from thrive.learning.models import (
    Booking,
    CareerStage,
    Feedback,
    ProviderKind,
)
from thrive.learning.selectors.catalogue import _for, career_stage, published
from thrive.people.models import EmploymentSpell, Organisation

SMALLEST_GROUP = 5
"""Feedback averages are never shown for fewer people than this."""


def in_post_spells(
    organisation: Organisation, on: date, teams: QuerySet[Any] | None = None
) -> list[EmploymentSpell]:
    """Everyone in post on *on* (any profession, any contract), optionally in *teams*: whom
    mandatory learning is for — items can be meant for any profession, not only social workers."""
    spells = EmploymentSpell.objects.for_org(organisation).current(on)
    if teams is not None:
        spells = spells.filter(team__in=teams)
    return list(
        spells.select_related("person", "team").order_by(
            "person__last_name", "person__first_name", "id"
        )
    )


def team_gaps(
    organisation: Organisation, spells: list[EmploymentSpell], on: date
) -> list[dict[str, Any]]:
    """For each person, the mandatory items they lack or that run out within 60 days."""
    items = [i for i in published(organisation, on) if i.mandatory]
    attended: dict[tuple[int, int], date] = {}
    for person_id, item_id, last in (
        Booking.objects.filter(
            person_id__in=[s.person_id for s in spells], attended=True, session__item__in=items
        )
        .values("person_id", "session__item_id")
        .annotate(last=Max("session__starts_at"))
        .values_list("person_id", "session__item_id", "last")
    ):
        attended[(person_id, item_id)] = last.date()
    rows = []
    for spell in spells:
        stage = career_stage(spell, on)
        missing, expiring = [], []
        for item in items:
            if not _for(item, stage, spell.profession):
                continue
            last = attended.get((spell.person_id, item.pk))
            if last is None:
                missing.append(item)
            else:
                ends = add_months(last, item.renewal_months or 12)
                if ends <= on + timedelta(days=60):
                    expiring.append((item, ends))
        rows.append(
            {
                "spell": spell,
                "stage": dict(CareerStage.choices)[stage],
                "missing": missing,
                "expiring": expiring,
            }
        )
    return rows


def feedback_summary(organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """Average usefulness and difference to practice per item and per provider (the kind of
    provider and its name: two in-house teams without a name are one group, "In-house"); a group
    smaller than five shows its count but not its averages."""
    base = Feedback.objects.for_org(organisation)
    kinds = dict(ProviderKind.choices)

    def rows(keys: list[str], label: Any) -> list[dict[str, Any]]:
        out = []
        for r in (
            base.values(*keys)
            .annotate(n=Count("id"), useful=Avg("useful"), practice=Avg("practice"))
            .order_by(*keys)
        ):
            shown = r["n"] >= SMALLEST_GROUP
            out.append(
                {
                    "label": label(r),
                    "n": r["n"],
                    "useful": round(r["useful"], 1) if shown else None,
                    "practice": round(r["practice"], 1) if shown else None,
                }
            )
        return out

    kind, name = "booking__session__item__provider_kind", "booking__session__item__provider_name"

    def provider(r: dict[str, Any]) -> str:
        label = kinds.get(r[kind], r[kind])
        return f"{r[name]} ({label.lower()})" if r[name] else label

    providers = rows([kind, name], provider)
    providers.sort(key=lambda r: r["label"].casefold())
    return {
        "items": rows(
            ["booking__session__item__title"],
            lambda r: r["booking__session__item__title"] or "Not named",
        ),
        "providers": providers,
    }
