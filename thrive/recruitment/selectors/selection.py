"""The selection templates a council keeps: the steps in effect for each kind of post on a day,
and every version it has kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from thrive.recruitment.defaults import SELECTION_STEPS
from thrive.recruitment.models import PostKind, SelectionTemplate


@dataclass(frozen=True)
class StepsInForce:
    post_kind: str
    steps: list[str]
    # The council's version in effect, or None for Thrive's defaults (a council with none).
    version: SelectionTemplate | None

    @property
    def kind_words(self) -> str:
        return PostKind(self.post_kind).label


def post_kind_of(manager_post: bool) -> str:
    return PostKind.MANAGER if manager_post else PostKind.PRACTICE


def selection_in_force(organisation: Any, on: date) -> list[StepsInForce]:
    """For each kind of post, the template in effect on *on* (one query); Thrive's defaults
    when the council has none in effect."""
    found: dict[str, SelectionTemplate] = {}
    for t in (
        SelectionTemplate.objects.for_org(organisation)
        .filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("post_kind", "-effective_from")
    ):
        found.setdefault(t.post_kind, t)
    result = []
    for kind in PostKind.values:
        kept = found.get(kind)
        steps = list(kept.steps) if kept is not None else list(SELECTION_STEPS[kind])
        result.append(StepsInForce(kind, steps, kept))
    return result


def selection_steps_on(organisation: Any, *, manager_post: bool, on: date) -> list[str]:
    """The steps a vacancy for this kind of post raised on *on* is given."""
    kind = post_kind_of(manager_post)
    return next(s.steps for s in selection_in_force(organisation, on) if s.post_kind == kind)


def selection_versions(organisation: Any) -> Any:
    """Every version the council keeps, by kind of post, latest first."""
    return SelectionTemplate.objects.for_org(organisation).select_related("added_by")
