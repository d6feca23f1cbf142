"""The progression framework (levels against the PCF's nine domains, as dated data the council
edits), a person's plan with evidence and their manager's view, and the values-led panel whose
decision changes their role in the register from a date."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.academy.helpers import Council
from thrive.academy import selectors
from thrive.academy.models import ProgressionStatus
from thrive.academy.services import (
    level_add,
    manager_view_set,
    panel_decide,
    plan_add,
    plan_apply,
    progression_defaults,
    progression_evidence_add,
)
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.errors import ThriveError
from thrive.people.models import RegisterRevision

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


def test_the_framework_is_dated_data_with_wandsworths_questions() -> None:
    c = Council()
    assert progression_defaults(organisation=c.org, actor=c.lead) == 8
    assert progression_defaults(organisation=c.org, actor=c.lead) == 0
    levels = selectors.progression_levels(c.org, date(2026, 6, 17))
    assert [lv.name for lv in levels] == [
        "Social worker",
        "Experienced social worker",
        "Senior practitioner",
        "Advanced practitioner",
        "Team manager",
    ]
    assert len(levels[2].criteria) == 9 and levels[2].org_role == 4
    level_add(
        organisation=c.org,
        name="Senior practitioner",
        rank=3,
        org_role=4,
        effective_from=date(2026, 9, 1),
        criteria={"professional_leadership": "Leads group supervision"},
        actor=c.lead,
    )
    later = selectors.progression_levels(c.org, date(2026, 9, 1))
    assert later[2].criteria == {"professional_leadership": "Leads group supervision"}
    assert len(selectors.progression_levels(c.org, date(2026, 6, 17))[2].criteria) == 9
    with pytest.raises(ThriveError, match="Not a Professional Capabilities Framework domain"):
        level_add(
            organisation=c.org,
            name="X",
            rank=9,
            org_role=4,
            effective_from=date(2026, 9, 1),
            criteria={"charm": "lots"},
            actor=c.lead,
        )
    assert [q.text for q in selectors.panel_questions(c.org, date(2026, 6, 17))][0] == (
        "What are you most proud of in the last six months?"
    )


def test_apply_sit_the_panel_and_the_role_changes_in_the_register_from_a_date() -> None:
    c = Council()
    progression_defaults(organisation=c.org, actor=c.lead)
    senior = selectors.progression_levels(c.org, date(2026, 6, 17))[2]
    person = c.nqsw
    plan = plan_add(person=person, level=senior, goals="Lead on complex assessments", actor=None)
    with pytest.raises(ThriveError, match="already have a progression plan"):
        plan_add(person=person, level=senior, goals="Again", actor=None)
    with pytest.raises(ThriveError, match="at least one piece of evidence"):
        plan_apply(plan=plan, on=date(2026, 6, 17), version=plan.version, actor=None)
    progression_evidence_add(
        plan=plan,
        kind="observation",
        title="Observed strategy meeting",
        on=date(2026, 5, 4),
        actor=c.nqsw_user,
    )
    with pytest.raises(ThriveError, match="manager's view"):
        plan_apply(plan=plan, on=date(2026, 6, 17), version=plan.version, actor=None)
    plan = manager_view_set(plan=plan, view="Ready", version=plan.version, actor=c.assessor_user)
    plan = plan_apply(plan=plan, on=date(2026, 6, 17), version=plan.version, actor=None)
    assert plan.status == ProgressionStatus.APPLIED
    with pytest.raises(ThriveError, match="Score each of the 3 questions"):
        panel_decide(
            plan=plan,
            panel_on=date(2026, 6, 20),
            members="A, B",
            scores=[3],
            notes=[],
            progressed=True,
            feedback="Well done",
            role_from=date(2026, 7, 1),
            version=plan.version,
            actor=c.lead,
        )
    plan = panel_decide(
        plan=plan,
        panel_on=date(2026, 6, 20),
        members="Ada Assessor, Head of Service",
        scores=[4, 3, 3],
        notes=["A clear example"],
        progressed=True,
        feedback="Strong reflection; keep building group supervision.",
        role_from=date(2026, 7, 1),
        version=plan.version,
        actor=c.lead,
    )
    assert plan.status == ProgressionStatus.PROGRESSED
    assert [s["score"] for s in plan.scores] == [4, 3, 3]
    spell = person.spells.get()
    assert (spell.org_role, spell.job_title) == (4, "Senior practitioner")
    revision = RegisterRevision.objects.filter(kind="spell", record_id=spell.pk).latest("pk")
    assert revision.effective_date == date(2026, 7, 1) and revision.before["org_role"] == 5
    with pytest.raises(ThriveError, match="decides on an application"):
        panel_decide(
            plan=plan,
            panel_on=date(2026, 6, 20),
            members="",
            scores=[4, 3, 3],
            notes=[],
            progressed=True,
            feedback="x",
            role_from=date(2026, 7, 1),
            version=plan.version,
            actor=c.lead,
        )


def test_the_progression_command_and_endpoints(capsys: Any, client: Client) -> None:
    c = Council()
    assert (
        main(["academy", "progression", "--org", c.org.code, "--as", c.lead.email, "--defaults"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert len(data["levels"]) == 5 and len(data["panel_questions"]) == 3
    senior = selectors.progression_levels(c.org, date(2026, 6, 17))[2]
    plan_add(person=c.assessor, level=senior, goals="Lead complex work", actor=None)
    assert (
        main(
            ["academy", "progression", "--org", c.org.code, "--as", c.lead.email, "--format", "csv"]
        )
        == 0
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][:4] == ["Ada Assessor", "AS1", "Senior practitioner", "planning"]
    assert main(["academy", "progression", "--org", c.org.code, "--as", c.nqsw_user.email]) == 1
    base = f"/api/organisations/{c.org.code}/academy/progression/"
    _, key = api_token_create(user=c.assessor_user, name="t")
    body = client.get(base + "mine/", HTTP_AUTHORIZATION=f"Token {key}").json()
    mine = body["results"] if isinstance(body, dict) and "results" in body else body
    assert [(p["level"], p["status"]) for p in mine] == [("Senior practitioner", "planning")]
    assert client.get(base + "plans/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 403
    _, lead_key = api_token_create(user=c.lead, name="t")
    body = client.get(base + "plans/", HTTP_AUTHORIZATION=f"Token {lead_key}").json()
    plans = body["results"] if isinstance(body, dict) and "results" in body else body
    assert [p["person"] for p in plans] == ["Ada Assessor"]


def test_the_demo_holds_a_panel_leaves_one_waiting_and_two_declined() -> None:
    from tests.factories import make_staff
    from thrive.academy.demo.progression import progression as _progression
    from thrive.academy.selectors import progression_declines, progression_not_agreed

    c = Council()
    for n in (1, 2, 3, 4):
        make_staff(
            c.org,
            staff_id=f"SW{n}",
            team=c.team,
            start_date=date(2016, 3, n),
            org_role=5,
            start_origin=2,
        )
    assert _progression(c.org, c.lead, date(2026, 6, 17)) == 4
    plans = list(selectors.progression_plans(c.org).order_by("person__staff_id"))
    assert [p.status for p in plans] == ["progressed", "applied", "declined", "declined"]
    # Declined while preparing the plan (40 days before), and after applying (75 days before).
    assert [(p.declined_on, p.declined_reason, p.applied_on) for p in plans[2:]] == [
        (date(2026, 5, 8), "workload", None),
        (date(2026, 4, 3), "personal", date(2026, 3, 19)),
    ]
    assert all(p.declined_note for p in plans[2:])
    assert progression_not_agreed(c.org) == {
        plans[2].person_id: [date(2026, 5, 8)],
        plans[3].person_id: [date(2026, 4, 3)],
    }
    assert progression_declines(c.org)[plans[3].person_id] == {
        date(2026, 4, 3): "Personal or caring responsibilities"
    }
    spell = plans[0].person.spells.get()
    assert (spell.org_role, spell.job_title) == (4, "Senior practitioner")
