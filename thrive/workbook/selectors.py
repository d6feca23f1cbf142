"""Reads of the workbook: a family's chapters and summaries, drafts, the tools offered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from thrive.caseloads.models import Family
from thrive.caseloads.selectors import families_visible_to
from thrive.core.dated_lists import offered
from thrive.core.permissions import Access
from thrive.people.models import Organisation
from thrive.workbook.models import (
    Chapter,
    Direction,
    EntryStatus,
    FamilyShares,
    MonthlySummary,
    PracticeTool,
    WorkbookEntry,
)

# Where each month sits on the direction-of-travel chart.
# Keyed by the stored values. A value that is none of the choices (written before the services
# checked it) scores as no change, and its sharing as unknown, rather than failing the page.
DIRECTION_SCORE: dict[str, int] = {
    Direction.WORSENING.value: -1,
    Direction.NO_CHANGE.value: 0,
    Direction.IMPROVING.value: 1,
}
SHARES_SCORE: dict[str, int] = {
    FamilyShares.NO.value: 0,
    FamilyShares.PARTLY.value: 1,
    FamilyShares.YES.value: 2,
}


def tools_offered(organisation: Organisation, on: date) -> QuerySet[PracticeTool]:
    """The tools a worker may choose from on *on*."""
    return offered(PracticeTool, organisation, on)


@dataclass
class ChapterView:
    value: str
    label: str
    entries: list[WorkbookEntry] = field(default_factory=list)


@dataclass
class Workbook:
    family: Family
    chapters: list[ChapterView]
    summaries: list[MonthlySummary]
    drafts: list[WorkbookEntry]

    @property
    def entry_count(self) -> int:
        return sum(len(c.entries) for c in self.chapters)


def workbook_for(family: Family, user: Any) -> Workbook:
    """Every chapter's entries (added to the workbook), the summaries newest first, and the
    reader's own drafts. A fixed number of queries."""
    entries = list(
        WorkbookEntry.objects.filter(family=family)
        .filter(Q(status=EntryStatus.FINAL) | Q(author_id=user.pk))
        .select_related("author")
        .prefetch_related("tools")
    )
    chapters = {value: ChapterView(value, label) for value, label in Chapter.choices}
    drafts = []
    for entry in entries:
        if entry.status == EntryStatus.DRAFT:
            drafts.append(entry)
        else:
            chapters[entry.chapter].entries.append(entry)
    summaries = list(
        MonthlySummary.objects.filter(family=family)
        .select_related("author")
        .prefetch_related("tools")
        .order_by("-month")
    )
    return Workbook(family, list(chapters.values()), summaries, drafts)


def drafts_of(user: Any, organisation: Organisation) -> QuerySet[WorkbookEntry]:
    return (
        WorkbookEntry.objects.for_org(organisation)
        .filter(author_id=user.pk, status=EntryStatus.DRAFT)
        .select_related("family")
        .order_by("-updated_at")
    )


def families_to_capture(access: Access, on: date) -> QuerySet[Family]:
    """The families the quick capture offers: those *access* may see on *on*, by family ID."""
    return families_visible_to(access, on).order_by("family_id")


def tools_named(record: WorkbookEntry | MonthlySummary) -> list[PracticeTool]:
    """The practice tools an entry or a monthly summary names."""
    return list(record.tools.all())


def draft_of(user: Any, family: Family, pk: int) -> WorkbookEntry | None:
    """*user*'s own draft numbered *pk* in *family*'s workbook (None if it is not one)."""
    return WorkbookEntry.objects.filter(
        pk=pk, family=family, author_id=user.pk, status=EntryStatus.DRAFT
    ).first()


def entry_of(family: Family, pk: int) -> WorkbookEntry | None:
    """The entry numbered *pk* in *family*'s workbook (None if it is not one of its own)."""
    return WorkbookEntry.objects.filter(pk=pk, family=family).first()


def summary_of(family: Family, pk: int) -> MonthlySummary | None:
    """The monthly summary numbered *pk* of *family* (None if it is not one of its own)."""
    return MonthlySummary.objects.filter(pk=pk, family=family).first()


def summary_months_taken(family: Family) -> set[date]:
    """The months that already have a summary for *family*."""
    return set(MonthlySummary.objects.filter(family=family).values_list("month", flat=True))


def summary_revisions(summary: MonthlySummary) -> list[Any]:
    """The earlier wordings of a summary, with who wrote each."""
    return list(summary.revisions.select_related("author"))


def summaries_of(family: Family) -> list[MonthlySummary]:
    """A family's monthly summaries, newest first, with their authors and tools."""
    return list(
        MonthlySummary.objects.filter(family=family)
        .select_related("author")
        .prefetch_related("tools")
        .order_by("-month")
    )


def direction_points(summaries: list[MonthlySummary]) -> list[dict[str, Any]]:
    """Month by month, oldest first: the direction score and whether the family shares the
    concerns — the timeline's data."""
    return [
        {
            "month": s.month,
            "direction": s.get_direction_display(),
            "direction_score": DIRECTION_SCORE.get(str(s.direction), 0),
            "shares": s.get_family_shares_display(),
            "shares_score": SHARES_SCORE.get(str(s.family_shares)),
        }
        for s in sorted(summaries, key=lambda s: s.month)
    ]


def travel_in_words(points: list[dict[str, Any]]) -> str:
    """The direction of travel over the summaries, in a sentence."""
    if not points:
        return "No monthly summaries yet."
    total = sum(p["direction_score"] for p in points)
    months = len(points)
    span = f"Over {months} month{'s' if months != 1 else ''}"
    # "Recently" is the latest month's own answer (never contradicting it), with the two months
    # before it as context when the latest saw no change.
    latest = points[-1]["direction_score"]
    before = sum(p["direction_score"] for p in points[-3:-1])
    if latest > 0:
        trend = "things were getting better in the latest month"
    elif latest < 0:
        trend = "things were getting worse in the latest month"
    elif before > 0:
        trend = "there was no change in the latest month, after getting better before it"
    elif before < 0:
        trend = "there was no change in the latest month, after getting worse before it"
    else:
        trend = "there was no change in the latest month"
    improving = sum(1 for p in points if p["direction_score"] > 0)
    worsening = sum(1 for p in points if p["direction_score"] < 0)
    overall = "better" if total > 0 else "worse" if total < 0 else "about the same"
    return (
        f"{span}: {improving} improving, {worsening} worsening; overall {overall}, and {trend}. "
        f"The family {_shares_words(points[-1]['shares_score'])} the concerns now."
    )


def _shares_words(score: int | None) -> str:
    words = {0: "does not share", 1: "partly shares", 2: "shares"}
    if score is None:
        return "has no recorded answer on whether it shares"
    return words[score]
