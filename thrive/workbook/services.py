"""Writes to the workbook. Each checks, on the server, that the writer is connected to the family
and may write in that chapter, and records the write in the family access log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from thrive.caseloads.models import Family
from thrive.caseloads.selectors import Connection, family_connection
from thrive.caseloads.services import family_write_refuse
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.dated_lists import add_defaults, offered
from thrive.core.errors import ThriveError
from thrive.core.permissions import Access
from thrive.people.models import Organisation
from thrive.workbook.defaults import DEFAULT_TOOLS
from thrive.workbook.models import (
    Chapter,
    Direction,
    EntrySource,
    EntryStatus,
    FamilyShares,
    MonthlySummary,
    PracticeTool,
    SummaryRevision,
    WorkbookEntry,
)
from thrive.workbook.policy import writes_social_work_chapter

# An adult specialist's assignment role names the chapter they write in.
SPECIALIST_CHAPTERS = {
    "da_victim": Chapter.DA_VICTIM,
    "da_perpetrator": Chapter.DA_PERPETRATOR,
    "substance_misuse": Chapter.SUBSTANCE_MISUSE,
    "adult_mental_health": Chapter.ADULT_MENTAL_HEALTH,
    "probation": Chapter.PROBATION,
    "other": Chapter.OTHER,
}


def writable_chapters(connection: Connection) -> list[str]:
    """The chapters a connected person writes in: the social worker's chapter for the allocated
    worker and their managers; each specialist their own role's chapter."""
    chapters = []
    if connection.allocated or connection.manages:
        chapters.append(Chapter.SOCIAL_WORKER.value)
    chapters += [SPECIALIST_CHAPTERS[r].value for r in sorted(connection.specialist_roles)]
    return chapters


def chapters_for_person(access: Access, on: date) -> list[str]:
    """The chapters a person may write in some family: the social worker's chapter for case
    holders and their managers, and the chapter of each specialist role they are assigned in."""
    from thrive.caseloads.models import FamilyAssignment

    chapters = []
    if writes_social_work_chapter(access):
        chapters.append(Chapter.SOCIAL_WORKER.value)
    roles = (
        FamilyAssignment.objects.for_org(access.organisation)
        .filter(person__user_id=access.user.pk)
        .current(on)
        .values_list("role", flat=True)
        .distinct()
    )
    chapters += sorted({SPECIALIST_CHAPTERS[r].value for r in roles})
    return chapters or [Chapter.SOCIAL_WORKER.value]


def _connected(access: Access, family: Family, on: date) -> Connection:
    connection = family_connection(access, family, on)
    if not connection.connected:
        family_write_refuse(
            access,
            family,
            tried="write to a family they are not connected to",
            message="You are not connected to this family.",
        )
    return connection


def _tools(
    organisation: Organisation, ids: Iterable[int], keep: Iterable[int] = ()
) -> list[PracticeTool]:
    """The tools chosen: from the council's list as offered today, or already on the record
    (a tool retired since stays on what it described)."""
    wanted = {int(i) for i in ids}
    offered_now = offered(PracticeTool, organisation, clock.today())
    tools = list(
        PracticeTool.objects.for_org(organisation)
        .filter(pk__in=wanted)
        .filter(Q(pk__in=offered_now.values("pk")) | Q(pk__in=list(keep)))
    )
    if len(tools) != len(wanted):
        raise ThriveError("Choose tools from the council's list.", field="tools")
    return tools


# A workbook text can be long: the form keeps it, so the writer loses nothing.
STALE = (
    "Someone else saved this while you were editing it. Your text is still in the form: "
    "copy it, open the record again to see their changes, then add yours."
)


def _check_chapter(connection: Connection, chapter: str) -> None:
    if chapter not in writable_chapters(connection):
        label = dict(Chapter.choices).get(chapter, chapter)
        raise ThriveError(
            f"You cannot write in the {label.lower()} chapter of this family's workbook.",
            field="chapter",
        )


def entry_save(
    *,
    access: Access,
    family: Family,
    chapter: str,
    occurred_on: date,
    body: str,
    title: str = "",
    tools: Iterable[int] = (),
    finalise: bool = False,
    source: str = EntrySource.DIRECT,
    entry: WorkbookEntry | None = None,
    version: int | None = None,
) -> WorkbookEntry:
    """Save a draft entry (new or the writer's own), or add it to the workbook with *finalise*.

    A draft may be incomplete; an entry added to the workbook needs what happened and a date not
    in the future, and is not changed afterwards."""
    today = clock.today()
    connection = _connected(access, family, today)  # a refusal is logged, so outside the atomic
    _check_chapter(connection, chapter)
    with transaction.atomic():
        return _entry_write(
            access,
            family,
            chapter,
            occurred_on,
            body,
            title,
            tools,
            finalise,
            source,
            entry,
            version,
            today,
        )


def _entry_write(
    access: Access,
    family: Family,
    chapter: str,
    occurred_on: date,
    body: str,
    title: str,
    tools: Iterable[int],
    finalise: bool,
    source: str,
    entry: WorkbookEntry | None,
    version: int | None,
    today: date,
) -> WorkbookEntry:
    keep: list[int] = []
    if entry is not None:
        entry = lock_checked(entry, version=version, stale=STALE)
        keep = list(entry.tools.values_list("pk", flat=True))
        if entry.family_id != family.pk or entry.author_id != access.user.pk:
            raise ThriveError("Only the author can change a draft.")
        if entry.status != EntryStatus.DRAFT:
            raise ThriveError("This entry is already in the workbook; add another entry instead.")
        entry.version += 1
    else:
        entry = WorkbookEntry(organisation=family.organisation, family=family, author=access.user)
    if occurred_on > today:
        raise ThriveError("The date of the work cannot be in the future.", field="occurred_on")
    if finalise and not body.strip():
        raise ThriveError("Enter what happened.", field="body")
    entry.chapter = chapter
    entry.occurred_on = occurred_on
    entry.title = title.strip()
    entry.body = body
    entry.source = source
    if finalise:
        entry.status = EntryStatus.FINAL
        entry.finalised_at = clock.now()
    entry.save()
    entry.tools.set(_tools(family.organisation, tools, keep))
    audit_log(
        action="family.workbook.entry_added" if finalise else "family.workbook.draft_saved",
        user=access.user,
        organisation=family.organisation,
        object_type="caseloads.family",
        object_id=str(family.pk),
        summary=f"{'Added' if finalise else 'Saved a draft of'} a {entry.get_chapter_display()} "
        f"entry for {family}",
        detail={"entry": entry.pk, "chapter": chapter},
    )
    return entry


@transaction.atomic
def draft_discard(*, access: Access, entry: WorkbookEntry) -> None:
    if entry.author_id != access.user.pk or entry.status != EntryStatus.DRAFT:
        raise ThriveError("Only the author can discard a draft.")
    family = entry.family
    entry.delete()
    audit_log(
        action="family.workbook.draft_discarded",
        user=access.user,
        organisation=family.organisation,
        object_type="caseloads.family",
        object_id=str(family.pk),
        summary=f"Discarded a draft entry for {family}",
    )


def summary_save(
    *,
    access: Access,
    family: Family,
    month: date,
    strengths: str,
    concerns: str,
    family_shares: str,
    direction: str,
    next_steps: str,
    tools: Iterable[int] = (),
    summary: MonthlySummary | None = None,
    version: int | None = None,
) -> MonthlySummary:
    """Write (or revise) a family's monthly shared summary. One per family per month; anyone
    connected to the family may write it, and a revision never overwrites someone else's
    unseen changes."""
    today = clock.today()
    _connected(access, family, today)  # a refusal is logged, so outside the atomic
    with transaction.atomic():
        return _summary_write(
            access,
            family,
            month,
            strengths,
            concerns,
            family_shares,
            direction,
            next_steps,
            tools,
            summary,
            version,
            today,
        )


def _summary_write(
    access: Access,
    family: Family,
    month: date,
    strengths: str,
    concerns: str,
    family_shares: str,
    direction: str,
    next_steps: str,
    tools: Iterable[int],
    summary: MonthlySummary | None,
    version: int | None,
    today: date,
) -> MonthlySummary:
    month = month.replace(day=1)
    if month > today:
        raise ThriveError("The month summarised cannot be in the future.", field="month")
    if family_shares not in FamilyShares.values:
        raise ThriveError(
            "Choose whether the family shares the concerns: yes, partly or no.",
            field="family_shares",
        )
    if direction not in Direction.values:
        raise ThriveError(
            "Choose the direction of travel: improving, no change or worsening.",
            field="direction",
        )
    keep: list[int] = []
    if summary is not None:
        summary = lock_checked(summary, version=version, stale=STALE)
        if summary.family_id != family.pk:
            raise ThriveError("That summary belongs to another family.")
        if month != summary.month:
            raise ThriveError(
                f"This is the {summary.month:%B %Y} summary; its month cannot be changed. "
                "Write a new summary for another month.",
                field="month",
            )
        keep = list(summary.tools.values_list("pk", flat=True))
        SummaryRevision.objects.create(
            organisation=family.organisation,
            summary=summary,
            revised=summary.version,
            author=summary.author,
            saved_at=summary.updated_at,
            strengths=summary.strengths,
            concerns=summary.concerns,
            family_shares=summary.family_shares,
            direction=summary.direction,
            next_steps=summary.next_steps,
            tools=sorted(summary.tools.values_list("name", flat=True)),
        )
        summary.version += 1
        action = "family.workbook.summary_revised"
    else:
        if MonthlySummary.objects.filter(family=family, month=month).exists():
            raise ThriveError(
                f"There is already a summary for {month:%B %Y}; open it to revise it.",
                field="month",
            )
        summary = MonthlySummary(organisation=family.organisation, family=family, month=month)
        action = "family.workbook.summary_added"
    summary.strengths = strengths
    summary.concerns = concerns
    summary.family_shares = family_shares
    summary.direction = direction
    summary.next_steps = next_steps
    summary.author = access.user
    summary.save()
    summary.tools.set(_tools(family.organisation, tools, keep))
    audit_log(
        action=action,
        user=access.user,
        organisation=family.organisation,
        object_type="caseloads.family",
        object_id=str(family.pk),
        summary=f"{'Revised' if summary.version > 1 else 'Wrote'} the {month:%B %Y} summary "
        f"for {family}",
        detail={"summary": summary.pk},
    )
    return summary


def workbook_bulk_add(
    *,
    access: Access,
    family: Family,
    summaries: Sequence[dict[str, Any]] = (),
    entries: Sequence[dict[str, Any]] = (),
) -> tuple[list[MonthlySummary], list[WorkbookEntry]]:
    """Several new summaries and entries one writer adds to one family's workbook (as a council
    bringing its records, or the demo, does): each as `summary_save` and `entry_save` write one
    (the same checks and audit entries, by the same code), the writer's connection to the family
    judged once for them all. Each summary is `summary_save`'s fields; each entry `entry_save`'s
    (``finalise`` as there)."""
    today = clock.today()
    connection = _connected(access, family, today)  # a refusal is logged, so outside the atomic
    for fields in entries:
        _check_chapter(connection, fields["chapter"])
    with transaction.atomic():
        written = [
            _summary_write(
                access,
                family,
                s["month"],
                s["strengths"],
                s["concerns"],
                s["family_shares"],
                s["direction"],
                s["next_steps"],
                s.get("tools", ()),
                None,
                None,
                today,
            )
            for s in summaries
        ]
        added = [
            _entry_write(
                access,
                family,
                e["chapter"],
                e["occurred_on"],
                e["body"],
                e.get("title", ""),
                e.get("tools", ()),
                e.get("finalise", False),
                e.get("source", EntrySource.DIRECT),
                None,
                None,
                today,
            )
            for e in entries
        ]
    return written, added


# --- The council's list of practice tools --------------------------------------------------


def practice_tools_add_defaults(*, organisation: Organisation) -> int:
    return add_defaults(PracticeTool, organisation, DEFAULT_TOOLS)
