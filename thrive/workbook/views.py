"""The workbook pages: a family's workbook, writing an entry (and the phone quick capture),
the monthly shared summary, and the council's list of practice tools."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thrive.caseloads.models import Family
from thrive.caseloads.selectors import family_choices, family_connection, visible_family
from thrive.caseloads.views_families import (
    log_family_list,
    log_family_read,
    log_family_refused,
    visible_family_or_404,
)
from thrive.core import clock
from thrive.core.charts import Series, line_chart
from thrive.core.dated_lists import list_page
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_version
from thrive.core.roles import Cap
from thrive.workbook.forms import EntryForm, SummaryForm
from thrive.workbook.models import (
    EntrySource,
    MonthlySummary,
    PracticeTool,
    WorkbookEntry,
)
from thrive.workbook.selectors import (
    direction_points,
    draft_of,
    drafts_of,
    entry_of,
    families_to_capture,
    summary_months_taken,
    summary_of,
    summary_revisions,
    tools_named,
    tools_offered,
    travel_in_words,
    workbook_for,
)
from thrive.workbook.services import (
    chapters_for_person,
    draft_discard,
    entry_save,
    summary_save,
    writable_chapters,
)


def _org(request: AuthedRequest) -> Any:
    return request.organisation


T = TypeVar("T")


def _access(request: AuthedRequest) -> Any:
    return request.access


def _tools_for_form(organisation: Any, on: date, chosen: Sequence[PracticeTool] = ()) -> list[Any]:
    """The tools offered today, plus any retired one an existing record already names."""
    tools = list(tools_offered(organisation, on))
    tools += [t for t in chosen if t not in tools]
    return sorted(tools, key=lambda t: t.name)


@org_view(Cap.HOME)
def workbook(request: AuthedRequest, pk: int) -> HttpResponse:
    family = visible_family_or_404(
        request, pk, action="family.workbook.read", what="the workbook of"
    )
    book = workbook_for(family, request.user)
    points = direction_points(book.summaries)
    chart = None
    if len(points) > 1:
        chart = line_chart(
            chart_id="travel",
            title=f"{family}: direction of travel and whether the family shares the concerns",
            categories=[p["month"].strftime("%b %y") for p in points],
            series=[
                Series(
                    "Direction (0 worsening, 1 no change, 2 improving)",
                    [p["direction_score"] + 1 for p in points],
                ),
                Series(
                    "Family shares concerns (0 no, 1 partly, 2 yes)",
                    [p["shares_score"] for p in points],
                ),
            ],
            description="Each month's shared summary: whether things were improving and whether "
            "the family shared the concerns",
            scale=2,
        )
    connection = family_connection(_access(request), family, clock.today())
    return render(
        request,
        "workbook/workbook.html",
        {
            "family": family,
            "book": book,
            "points": points,
            "travel": travel_in_words(points),
            "chart": chart,
            "chapters_writable": writable_chapters(connection),
        },
    )


def _entry_page(
    request: AuthedRequest,
    *,
    family: Family | None,
    entry: WorkbookEntry | None = None,
    quick: bool = False,
) -> HttpResponse:
    """One view for new entries, drafts and the quick capture: "Save as draft" keeps what was
    typed (even if incomplete); "Add to the workbook" checks it and makes it part of the record."""
    org, access = _org(request), _access(request)
    today = clock.today()
    families_choice = None
    if quick:
        families_choice = family_choices(families_to_capture(access, today))
    chapters: list[str] = []
    if family is not None:
        chapters = writable_chapters(family_connection(access, family, today))
    elif quick:
        chapters = chapters_for_person(access, today)
    if family is not None and not chapters:
        raise Http404
    tools = _tools_for_form(org, today, tools_named(entry) if entry else [])
    initial: dict[str, Any] = {"occurred_on": today}
    if entry is not None:
        initial = {
            "chapter": entry.chapter,
            "occurred_on": entry.occurred_on,
            "title": entry.title,
            "body": entry.body,
            "tools": [str(t.pk) for t in tools_named(entry)],
        }
    elif family is not None and request.GET.get("chapter") in chapters:
        initial["chapter"] = request.GET["chapter"]
    kwargs: dict[str, Any] = {"chapters": chapters, "tools": tools, "families": families_choice}
    if request.method == "POST":
        form = EntryForm(request.POST, **kwargs)
        finalise = request.POST.get("action") == "add"
        if form.is_valid():
            d = form.cleaned_data
            target = family
            if quick:
                target = visible_family(access, d["family"], today)
            try:
                if target is None:
                    raise ThriveError("Choose one of your families.", field="family")
                saved = entry_save(
                    access=access,
                    family=target,
                    chapter=d["chapter"],
                    occurred_on=d["occurred_on"] or today,
                    title=d["title"],
                    body=d["body"],
                    tools=d["tools"],
                    finalise=finalise,
                    source=EntrySource.QUICK
                    if quick or entry and entry.source == "quick"
                    else EntrySource.DIRECT,
                    entry=entry,
                    version=posted_version(request),
                )
            except ThriveError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if finalise:
                    messages.success(request, f"Your entry is in {target}'s workbook.")
                    return redirect("workbook:workbook", org_code=org.code, pk=target.pk)
                messages.success(
                    request, "Your draft is saved. Only you can see it until you add it."
                )
                return redirect(
                    "workbook:entry_edit", org_code=org.code, pk=target.pk, entry_pk=saved.pk
                )
    else:
        form = EntryForm(initial=initial, **kwargs)
    context = {
        "form": form,
        "family": family,
        "entry": entry,
        "quick": quick,
        "drafts": drafts_of(request.user, org)[:20] if quick else [],
        "back_url": reverse("workbook:workbook", args=[org.code, family.pk])
        if family
        else reverse("caseloads:mine", args=[org.code]),
    }
    if families_choice:
        log_family_list(request, len(families_choice), "the quick note page")
    return render(request, "workbook/entry_form.html", context)


@org_view(Cap.HOME)
def entry_new(request: AuthedRequest, pk: int) -> HttpResponse:
    family = visible_family_or_404(
        request, pk, action="family.workbook.read", what="the workbook of"
    )
    return _entry_page(request, family=family)


@org_view(Cap.HOME)
def entry_edit(request: AuthedRequest, pk: int, entry_pk: int) -> HttpResponse:
    family = visible_family_or_404(request, pk, log_read=False)
    entry = _found_in(request, family, draft_of(request.user, family, entry_pk), "a draft")
    log_family_read(request, family, action="family.workbook.read", what="a draft for")
    return _entry_page(request, family=family, entry=entry)


@org_view(Cap.HOME)
def capture(request: AuthedRequest) -> HttpResponse:
    """The quick capture between visits, made for a phone: pick the family, say what happened,
    tick the tools, and either keep it as a draft or add it."""
    return _entry_page(request, family=None, quick=True)


@require_POST
@org_view(Cap.HOME)
def entry_discard(request: AuthedRequest, pk: int, entry_pk: int) -> HttpResponse:
    org = _org(request)
    family = visible_family_or_404(request, pk, log_read=False)
    entry = _found_in(request, family, entry_of(family, entry_pk), "a workbook entry")
    try:
        draft_discard(access=_access(request), entry=entry)
    except ThriveError:
        # Only one's own draft can be discarded: any other entry is "not found" here, as
        # someone else's draft is on every page (so the answer tells nothing about the ID).
        _found_in(request, family, None, "a draft to discard")
    log_family_read(request, family, action="family.workbook.read", what="a draft for")
    messages.success(request, "The draft is discarded.")
    return redirect("workbook:workbook", org_code=org.code, pk=family.pk)


def _found_in(request: AuthedRequest, family: Family, record: T | None, what: str) -> T:
    """The record, or "not found" when the family has no such one (or it is someone else's
    draft), the refusal logged against the family."""
    if record is None:
        log_family_refused(request, family, f"Asked for {what} they may not open")
        raise Http404
    return record


def _months(today: date, taken: set[date], keep: date | None = None) -> list[date]:
    """The last twelve months without a summary — or, revising one, just its own month (a
    summary's month never changes, however old it is)."""
    if keep is not None:
        return [keep]
    months, current = [], today.replace(day=1)
    for _ in range(12):
        if current not in taken:
            months.append(current)
        current = (current - timedelta(days=1)).replace(day=1)
    return months


def _summary_page(
    request: AuthedRequest, family: Family, summary: MonthlySummary | None
) -> HttpResponse:
    org, access = _org(request), _access(request)
    today = clock.today()
    taken = summary_months_taken(family)
    months = _months(today, taken, summary.month if summary else None)
    tools = _tools_for_form(org, today, tools_named(summary) if summary else [])
    kwargs = {"months": months, "tools": tools}
    if request.method == "POST":
        form = SummaryForm(request.POST, **kwargs)
        if form.is_valid():
            d = form.cleaned_data
            try:
                summary_save(
                    access=access,
                    family=family,
                    month=date.fromisoformat(d["month"]),
                    strengths=d["strengths"],
                    concerns=d["concerns"],
                    family_shares=d["family_shares"],
                    direction=d["direction"],
                    next_steps=d["next_steps"],
                    tools=d["tools"],
                    summary=summary,
                    version=posted_version(request),
                )
            except ThriveError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "The monthly summary is saved.")
                return redirect("workbook:workbook", org_code=org.code, pk=family.pk)
    elif summary is not None:
        form = SummaryForm(
            initial={
                "month": summary.month.isoformat(),
                "strengths": summary.strengths,
                "concerns": summary.concerns,
                "family_shares": summary.family_shares,
                "direction": summary.direction,
                "next_steps": summary.next_steps,
                "tools": [str(t.pk) for t in tools_named(summary)],
            },
            **kwargs,
        )
    else:
        form = SummaryForm(**kwargs)
    return render(
        request,
        "workbook/summary_form.html",
        {
            "form": form,
            "family": family,
            "summary": summary,
            "revisions": summary_revisions(summary) if summary else [],
            # The version the user saw, so a change someone made meanwhile is not overwritten.
            "version": request.POST.get("version", summary.version) if summary else None,
            "back_url": reverse("workbook:workbook", args=[org.code, family.pk]),
        },
    )


@org_view(Cap.HOME)
def summary_new(request: AuthedRequest, pk: int) -> HttpResponse:
    family = visible_family_or_404(
        request, pk, action="family.workbook.read", what="the workbook of"
    )
    return _summary_page(request, family, None)


@org_view(Cap.HOME)
def summary_edit(request: AuthedRequest, pk: int, summary_pk: int) -> HttpResponse:
    family = visible_family_or_404(request, pk, log_read=False)
    summary = _found_in(request, family, summary_of(family, summary_pk), "a monthly summary")
    log_family_read(request, family, action="family.workbook.read", what="a monthly summary of")
    return _summary_page(request, family, summary)


@org_view(Cap.WORKBOOK_TOOLS)
def tools(request: AuthedRequest) -> HttpResponse:
    """The council's list of practice tools: add one, or retire one from today."""
    return list_page(
        request,
        PracticeTool,
        title="Practice tools",
        intro="The tools workers choose from when they write in a family's workbook and its "
        "monthly summary.",
        url_name="workbook:tools",
    )
