"""Progression from the pages: a practitioner starts a plan, adds evidence and applies; their
manager gives a view; the academy lead records the values-led panel; the register shows the new
role; someone else's plan is not theirs to see."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.academy.helpers import Council
from thrive.academy import selectors
from thrive.academy.models import ProgressionPlan
from thrive.academy.services import progression_defaults

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


def test_apply_sit_the_panel_and_see_the_role_change(client: Client) -> None:
    c = Council()
    code = c.org.code
    client.force_login(c.lead)
    assert (
        "No framework yet"
        in client.get(reverse("academy:progression_levels", args=[code])).content.decode()
    )
    client.post(reverse("academy:progression_levels", args=[code]))
    page = client.get(reverse("academy:progression_levels", args=[code])).content.decode()
    assert "Senior practitioner" in page and "Critical reflection and analysis" in page
    senior = selectors.progression_levels(c.org, date(2026, 6, 17))[2]

    client.force_login(c.assessor_user)  # an experienced colleague applies
    mine = reverse("academy:progression", args=[code])
    wrong = client.post(mine, {"action": "plan", "plan-level": str(senior.pk), "plan-goals": ""})
    assert "<title>Error: " in wrong.content.decode() and "Your goals" in wrong.content.decode()
    client.post(
        mine, {"action": "plan", "plan-level": str(senior.pk), "plan-goals": "Lead complex work"}
    )
    plan = ProgressionPlan.objects.get()
    client.post(
        mine,
        {
            "action": "evidence",
            "evidence-kind": "learning",
            "evidence-title": "Practice supervisor course",
            "evidence-on_0": "4",
            "evidence-on_1": "5",
            "evidence-on_2": "2026",
            "evidence-note": "",
        },
    )
    refused = client.post(mine, {"action": "apply", "version": plan.version}, follow=True)
    assert "manager&#x27;s view is needed" in refused.content.decode()

    client.force_login(c.nqsw_user)  # someone else's plan is not theirs to see
    url = reverse("academy:progression_plan", args=[code, plan.pk])
    assert client.get(url).status_code == 404

    client.force_login(c.lead)
    client.post(url, {"action": "view", "view-manager_view": "Ready", "version": plan.version})
    plan.refresh_from_db()
    assert plan.manager_view == "Ready"

    client.force_login(c.assessor_user)
    client.post(mine, {"action": "apply", "version": plan.version})
    plan.refresh_from_db()
    assert plan.status == "applied"

    client.force_login(c.lead)
    assert (
        "Ada Assessor"
        in client.get(reverse("academy:progression_plans", args=[code])).content.decode()
    )
    panel = {
        "action": "panel",
        "version": plan.version,
        "panel-panel_on_0": "16",
        "panel-panel_on_1": "6",
        "panel-panel_on_2": "2026",
        "panel-members": "Head of service, principal social worker",
        "panel-score_1": "4",
        "panel-score_2": "3",
        "panel-score_3": "3",
        "panel-decision": "progressed",
        "panel-feedback": "A strong, reflective application.",
    }
    missing = client.post(url, panel).content.decode()
    assert "Enter the date the new role starts" in missing
    client.post(
        url,
        {**panel, "panel-role_from_0": "1", "panel-role_from_1": "7", "panel-role_from_2": "2026"},
    )
    plan.refresh_from_db()
    assert plan.status == "progressed"
    spell = c.assessor.spells.get()
    assert spell.job_title == "Senior practitioner" and spell.org_role == 4
    client.force_login(c.assessor_user)
    page = client.get(mine).content.decode()
    assert "Your new role started on 1 July 2026" in page and "A strong, reflective" in page


def test_the_framework_defaults_are_for_the_lead_only(client: Client) -> None:
    c = Council()
    client.force_login(c.nqsw_user)
    assert client.post(reverse("academy:progression_levels", args=[c.org.code])).status_code == 403
    assert client.get(reverse("academy:progression_plans", args=[c.org.code])).status_code == 403
    progression_defaults(organisation=c.org, actor=c.lead)
    page = client.get(reverse("academy:progression", args=[c.org.code])).content.decode()
    assert "Start a plan" in page


def test_the_lead_describes_a_level_anew_from_a_date_and_a_wrong_date_keeps_what_was_typed(
    client: Client,
) -> None:
    c = Council()
    progression_defaults(organisation=c.org, actor=c.lead)
    client.force_login(c.lead)
    url = reverse("academy:progression_levels", args=[c.org.code])
    form = {
        "action": "level",
        "level-name": "Senior practitioner",
        "level-rank": "3",
        "level-org_role": "4",
        "level-kss": "Practice supervisor",
        "level-effective_from_0": "1",
        "level-effective_from_1": "13",
        "level-effective_from_2": "2026",
        "level-pcf_professional_leadership": "Leads group supervision in the team",
    }
    wrong = client.post(url, form).content.decode()
    assert "<title>Error: " in wrong and "Leads group supervision in the team" in wrong
    client.post(url, {**form, "level-effective_from_1": "6"})
    (senior,) = [
        lv for lv in selectors.progression_levels(c.org, date(2026, 6, 17)) if lv.rank == 3
    ]
    assert senior.criteria == {"professional_leadership": "Leads group supervision in the team"}
    assert senior.kss == "Practice supervisor"


def test_evidence_files_on_a_plan_and_the_panel_questions_edited(
    client: Client, settings: object, tmp_path: object
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thrive.academy.models import PanelQuestion
    from thrive.academy.services import plan_add
    from thrive.core.models import AuditEvent

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    c = Council()
    code = c.org.code
    progression_defaults(organisation=c.org, actor=c.lead)
    senior = selectors.progression_levels(c.org, date(2026, 6, 17))[2]
    plan = plan_add(person=c.assessor, level=senior, goals="Lead complex work", actor=c.lead)
    client.force_login(c.assessor_user)
    mine = reverse("academy:progression", args=[code])
    form = {
        "action": "evidence",
        "evidence-kind": "observation",
        "evidence-title": "Observed child protection conference",
        "evidence-on_0": "4",
        "evidence-on_1": "5",
        "evidence-on_2": "2026",
        "evidence-note": "",
    }
    exe = SimpleUploadedFile("notes.exe", b"MZ", content_type="application/octet-stream")
    refused = client.post(mine, {**form, "evidence-file": exe}, follow=True)
    assert "must be a PDF" in refused.content.decode() and not plan.evidence.exists()
    pdf = SimpleUploadedFile("observation.pdf", b"%PDF-1.4 seen", content_type="application/pdf")
    client.post(mine, {**form, "evidence-file": pdf})
    piece = plan.evidence.get()
    link = reverse("academy:progression_evidence_file", args=[code, piece.pk])
    assert link in client.get(mine).content.decode()
    assert b"".join(client.get(link).streaming_content) == b"%PDF-1.4 seen"  # type: ignore[attr-defined]
    client.force_login(c.nqsw_user)  # not their plan
    assert client.get(link).status_code == 404
    client.force_login(c.lead)
    assert client.get(link).status_code == 200
    assert AuditEvent.objects.filter(action="academy.progression_evidence_read").count() == 1

    levels = reverse("academy:progression_levels", args=[code])
    added = {
        "action": "question",
        "question-text": "How have you helped a colleague grow this year?",
        "question-order": "4",
        "question-effective_from_0": "17",
        "question-effective_from_1": "6",
        "question-effective_from_2": "2026",
    }
    assert client.post(levels, added).status_code == 302
    again = client.post(levels, added)
    assert "already asks that question" in again.content.decode()
    asked = [q.text for q in selectors.panel_questions(c.org, date(2026, 6, 17))]
    assert asked[-1] == "How have you helped a colleague grow this year?" and len(asked) == 4
    first = PanelQuestion.objects.get(organisation=c.org, order=1)
    retire = {"action": "retire_question", "question": str(first.pk), "version": first.version}
    assert client.post(levels, retire).status_code == 302
    assert len(selectors.panel_questions(c.org, date(2026, 6, 17))) == 3
    stale = client.post(levels, retire, follow=True)
    assert "Someone else changed" in stale.content.decode()
    client.force_login(c.nqsw_user)
    assert client.post(levels, added).status_code == 403
