"""Reads for the training needs analysis: needs grouped by topic and ranked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from thrive.learning.models import (
    LearningItem,
    Need,
    Voice,
)
from thrive.people.models import Organisation, Team


@dataclass
class Priority:
    topic: str
    score: int
    voices: list[str]
    needs: list[Need]
    items: list[LearningItem]

    @property
    def agreement(self) -> str:
        n = len(self.voices)
        return {3: "All three sources agree", 2: "Two sources agree"}.get(n, "One source")

    @property
    def unmet(self) -> bool:
        return not self.items


def needs_analysis(organisation: Organisation) -> list[Priority]:
    """Needs grouped by topic and ranked: the weights added up, doubled when two sources agree and
    trebled when all three do — so what the workforce, families and the evidence all say comes
    first. Topics with no catalogue item are unmet: for commissioning."""
    groups: dict[str, list[Need]] = defaultdict(list)
    for need in Need.objects.for_org(organisation).prefetch_related("items", "teams"):
        groups[need.topic.strip().casefold()].append(need)
    labels = dict(Voice.choices)
    out = []
    for needs in groups.values():
        voices = sorted({n.voice for n in needs})
        items = {i.pk: i for n in needs for i in n.items.all()}
        out.append(
            Priority(
                topic=needs[0].topic.strip(),
                score=sum(n.weight for n in needs) * len(voices),
                voices=[labels[v] for v in voices],
                needs=needs,
                items=list(items.values()),
            )
        )
    out.sort(key=lambda p: (-p.score, p.topic))
    return out


def teams_of(organisation: Organisation, ids: Iterable[Any] | None = None) -> QuerySet[Team]:
    """The council's teams by name (only those with *ids*, if given)."""
    teams = Team.objects.for_org(organisation).order_by("name")
    return teams if ids is None else teams.filter(pk__in=list(ids))


def items_of(
    organisation: Organisation, ids: Iterable[Any] | None = None
) -> QuerySet[LearningItem]:
    """Every catalogue item (published or not) by title (only those with *ids*, if given)."""
    items = LearningItem.objects.for_org(organisation).order_by("title")
    return items if ids is None else items.filter(pk__in=list(ids))
