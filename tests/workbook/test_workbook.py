"""The Family Safeguarding workbook: chapters written by each worker, drafts kept for their author,
the monthly shared summary and its timeline, the council's tools, every read and write logged."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import linked_user, make_user
from thrive.caseloads.models import Family
from thrive.caseloads.services import family_assign
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.people.models import StaffMember, Team
from thrive.workbook.models import MonthlySummary, PracticeTool, WorkbookEntry
from thrive.workbook.selectors import direction_points, travel_in_words
from thrive.workbook.services import entry_save, summary_save


def f(family_id: str) -> Family:
    return Family.objects.get(family_id=family_id)


def wb_url(org: Any, family_id: str, name: str = "workbook:workbook", *extra: int) -> str:
    return reverse(name, args=[org.code, f(family_id).pk, *extra])


def tool_ids(org: Any, *names: str) -> list[str]:
    return [str(PracticeTool.objects.get(organisation=org, name=n).pk) for n in names]


@pytest.mark.django_db
def test_a_new_council_has_the_default_tools(org: Any) -> None:
    names = set(PracticeTool.objects.for_org(org).values_list("name", flat=True))
    assert {"Motivational interviewing", "Genogram", "Ecomap", "Scaling questions"} <= names


@pytest.mark.django_db
def test_worker_drafts_then_adds_an_entry(client: Client, known: Any) -> None:
    worker = linked_user(known, "S1", Role.PRACTITIONER)
    client.force_login(worker)
    url = wb_url(known, "F1", "workbook:entry_new")
    today = clock.today()
    data = {
        "chapter": "social_worker",
        "occurred_on_0": today.day,
        "occurred_on_1": today.month,
        "occurred_on_2": today.year,
        "title": "Home visit",
        "body": "Saw both children; mum used the scaling question well.",
        "tools": tool_ids(known, "Scaling questions"),
        "action": "draft",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    draft = WorkbookEntry.objects.get()
    assert draft.status == "draft" and draft.author == worker
    # Nobody else sees the draft: the team manager reads the workbook without it.
    manager = make_user(known, Role.TEAM_MANAGER, team=Team.objects.get(name="Assessment Team 1"))
    client.force_login(manager)
    page = client.get(wb_url(known, "F1")).content.decode()
    assert "Saw both children" not in page
    # The author finishes it: it goes into the social worker's chapter for everyone.
    client.force_login(worker)
    edit = wb_url(known, "F1", "workbook:entry_edit", draft.pk)
    assert "Saw both children" in client.get(edit).content.decode()
    response = client.post(edit, {**data, "action": "add", "version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "final" and draft.finalised_at is not None
    client.force_login(manager)
    page = client.get(wb_url(known, "F1")).content.decode()
    assert "Saw both children" in page and "Scaling questions" in page
    actions = list(
        AuditEvent.objects.filter(object_id=str(f("F1").pk)).values_list("action", flat=True)
    )
    assert "family.workbook.draft_saved" in actions
    assert "family.workbook.entry_added" in actions
    assert actions.count("family.workbook.read") >= 3
    # Added entries are not edited afterwards.
    client.force_login(worker)
    assert client.get(edit).status_code == 404


@pytest.mark.django_db
def test_adding_an_entry_without_text_keeps_what_was_typed(client: Client, known: Any) -> None:
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    response = client.post(
        wb_url(known, "F1", "workbook:entry_new"),
        {
            "chapter": "social_worker",
            "occurred_on_0": "1",
            "occurred_on_1": "2",
            "occurred_on_2": "2026",
            "title": "Phone call with dad",
            "body": "",
            "action": "add",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter what happened" in page and "Phone call with dad" in page
    assert not WorkbookEntry.objects.exists()


@pytest.mark.django_db
def test_specialists_write_their_own_chapter_only(known: Any) -> None:
    user = linked_user(known, "S5", Role.ADULT_SPECIALIST)
    family_assign(
        family=f("F3"),
        person=StaffMember.objects.get(staff_id="S5"),
        role="substance_misuse",
        start_date=date(2025, 1, 1),
    )
    access = access_for(user, known)
    entry = entry_save(
        access=access,
        family=f("F3"),
        chapter="substance_misuse",
        occurred_on=date(2026, 1, 5),
        body="Dad attended his first group.",
        finalise=True,
    )
    assert entry.chapter == "substance_misuse"
    with pytest.raises(ThriveError, match="social worker chapter"):
        entry_save(
            access=access,
            family=f("F3"),
            chapter="social_worker",
            occurred_on=date(2026, 1, 5),
            body="x",
            finalise=True,
        )


@pytest.mark.django_db
def test_nobody_unconnected_reads_or_writes(client: Client, known: Any) -> None:
    outsider = make_user(known, Role.PRINCIPAL_SOCIAL_WORKER)
    client.force_login(outsider)
    assert client.get(wb_url(known, "F1")).status_code == 404
    assert client.post(wb_url(known, "F1", "workbook:entry_new"), {"body": "x"}).status_code == 404
    with pytest.raises(ThriveError, match="not connected"):
        entry_save(
            access=access_for(outsider, known),
            family=f("F1"),
            chapter="social_worker",
            occurred_on=date(2026, 1, 5),
            body="x",
            finalise=True,
        )
    assert not WorkbookEntry.objects.exists()
    assert AuditEvent.objects.filter(action="family.refused", user=outsider).count() == 3


@pytest.mark.django_db
def test_entries_cannot_be_dated_in_the_future(known: Any) -> None:
    access = access_for(linked_user(known, "S1", Role.PRACTITIONER), known)
    with pytest.raises(ThriveError, match="future"):
        entry_save(
            access=access,
            family=f("F1"),
            chapter="social_worker",
            occurred_on=clock.today() + timedelta(days=1),
            body="x",
        )


def summary_data(month: date, **kw: Any) -> dict[str, Any]:
    return {
        "month": month,
        "strengths": "Grandmother helps every day.",
        "concerns": "Arguments at home when dad drinks.",
        "family_shares": "partly",
        "direction": "improving",
        "next_steps": "Dad to meet the substance misuse worker weekly.",
        **kw,
    }


@pytest.mark.django_db
def test_monthly_summaries_one_per_month_with_a_timeline(known: Any) -> None:
    access = access_for(linked_user(known, "S1", Role.PRACTITIONER), known)
    family = f("F1")
    this_month = clock.today().replace(day=1)
    months = [(this_month - timedelta(days=32 * k)).replace(day=1) for k in (3, 2, 1, 0)]
    directions = ["worsening", "no_change", "improving", "improving"]
    shares = ["no", "partly", "partly", "yes"]
    for month, direction, share in zip(months, directions, shares, strict=True):
        summary_save(
            access=access,
            family=family,
            **summary_data(month, direction=direction, family_shares=share),
        )
    with pytest.raises(ThriveError, match="already a summary"):
        summary_save(access=access, family=family, **summary_data(months[-1]))
    points = direction_points(list(MonthlySummary.objects.filter(family=family)))
    assert [p["direction_score"] for p in points] == [-1, 0, 1, 1]
    words = travel_in_words(points)
    assert "2 improving, 1 worsening" in words and "getting better" in words
    assert "shares the concerns now" in words


@pytest.mark.django_db
def test_a_stale_revision_never_overwrites(known: Any) -> None:
    one = access_for(linked_user(known, "S1", Role.PRACTITIONER), known)
    manager = make_user(known, Role.TEAM_MANAGER, team=Team.objects.get(name="Assessment Team 1"))
    two = access_for(manager, known)
    month = clock.today().replace(day=1)
    summary = summary_save(access=one, family=f("F1"), **summary_data(month))
    opened_version = summary.version
    summary_save(
        access=two,
        family=f("F1"),
        summary=summary,
        version=opened_version,
        **summary_data(month, concerns="Manager's wording"),
    )
    with pytest.raises(ThriveError, match="Someone else saved"):
        summary_save(
            access=one,
            family=f("F1"),
            summary=summary,
            version=opened_version,
            **summary_data(month, concerns="Worker's wording"),
        )
    summary.refresh_from_db()
    assert summary.concerns == "Manager's wording"


@pytest.mark.django_db
def test_summary_page_and_chart(client: Client, known: Any) -> None:
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    this_month = clock.today().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    for month, direction in ((last_month, "no_change"), (this_month, "improving")):
        response = client.post(
            wb_url(known, "F1", "workbook:summary_new"),
            {
                **summary_data(month, direction=direction),
                "month": month.isoformat(),
                "tools": tool_ids(known, "Genogram", "Ecomap"),
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(wb_url(known, "F1")).content.decode()
    assert "<svg" in page and "Month by month" in page and "Ecomap, Genogram" in page


@pytest.mark.django_db
def test_quick_capture_lists_only_my_families_and_keeps_drafts(client: Client, known: Any) -> None:
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    url = reverse("workbook:capture", args=[known.code])
    page = client.get(url).content.decode()
    assert "Family F1" in page and "Family F3" not in page
    today = clock.today()
    response = client.post(
        url,
        {
            "family": f("F1").pk,
            "chapter": "social_worker",
            "occurred_on_0": today.day,
            "occurred_on_1": today.month,
            "occurred_on_2": today.year,
            "body": "Quick note from the car",
            "action": "draft",
        },
    )
    assert response.status_code == 302
    entry = WorkbookEntry.objects.get()
    assert entry.source == "quick" and entry.status == "draft"
    assert "Quick note from the car" not in client.get(url).content.decode()  # listed by title
    assert "Your drafts" in client.get(url).content.decode()
    # Someone else's family cannot be chosen.
    response = client.post(url, {"family": f("F3").pk, "body": "x", "action": "add"})
    assert response.status_code == 200 and WorkbookEntry.objects.count() == 1


@pytest.mark.django_db
def test_council_edits_its_tools_and_retired_ones_stay_on_records(
    client: Client, known: Any
) -> None:
    access = access_for(linked_user(known, "S1", Role.PRACTITIONER), known)
    genogram = PracticeTool.objects.get(organisation=known, name="Genogram")
    entry = entry_save(
        access=access,
        family=f("F1"),
        chapter="social_worker",
        occurred_on=date(2026, 1, 5),
        body="Drew the genogram.",
        tools=[genogram.pk],
        finalise=True,
    )
    client.force_login(make_user(known, Role.PRINCIPAL_SOCIAL_WORKER))
    url = reverse("workbook:tools", args=[known.code])
    today = clock.today()
    response = client.post(
        url,
        {
            "name": "Signs of Safety mapping",
            "available_from_0": today.day,
            "available_from_1": today.month,
            "available_from_2": today.year,
        },
    )
    assert response.status_code == 302
    client.post(url, {"action": "retire", "item": genogram.pk, "version": genogram.version})
    genogram.refresh_from_db()
    assert genogram.retired_on == today
    assert list(entry.tools.values_list("name", flat=True)) == ["Genogram"]
    client.force_login(access.user)
    form = client.get(wb_url(known, "F1", "workbook:entry_new")).content.decode()
    assert "Signs of Safety mapping" in form and ">Genogram<" not in form
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_revised_summary_keeps_its_earlier_words_its_month_and_its_retired_tools(
    client: Client, known: Any
) -> None:
    """Revising keeps the earlier version (shown under "Earlier versions"); a revision cannot
    move the summary to another month; a tool retired since stays on it, but cannot be chosen
    for a new summary even by posting its number."""
    from thrive.core.dated_lists import item_retire

    user = linked_user(known, "S1", Role.PRACTITIONER)
    access = access_for(user, known)
    this_month = clock.today().replace(day=1)
    genogram = PracticeTool.objects.get(organisation=known, name="Genogram")
    summary = summary_save(
        access=access, family=f("F1"), tools=[genogram.pk], **summary_data(this_month)
    )
    item_retire(genogram, on=clock.today(), actor=user)
    revised = summary_save(
        access=access,
        family=f("F1"),
        summary=summary,
        version=summary.version,
        tools=[genogram.pk],
        **summary_data(this_month, concerns="Fewer arguments; dad is in treatment."),
    )
    assert list(revised.tools.values_list("name", flat=True)) == ["Genogram"]
    (earlier,) = revised.revisions.all()
    assert (earlier.revised, earlier.concerns) == (1, "Arguments at home when dad drinks.")
    assert earlier.tools == ["Genogram"]
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    with pytest.raises(ThriveError, match="its month cannot be changed"):
        summary_save(
            access=access,
            family=f("F1"),
            summary=revised,
            version=revised.version,
            **summary_data(last_month),
        )
    with pytest.raises(ThriveError, match="Choose tools from the council's list"):
        summary_save(access=access, family=f("F1"), tools=[genogram.pk], **summary_data(last_month))
    client.force_login(user)
    page = client.get(wb_url(known, "F1", "workbook:summary_edit", revised.pk)).content.decode()
    assert "Earlier versions" in page and "Arguments at home when dad drinks." in page
