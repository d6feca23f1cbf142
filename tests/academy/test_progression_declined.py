"""A person declines progression themselves: on their own page (or the API), or their line
manager records it for them (the CLI); version-checked and audited; the database keeps the status
and its date together; it feeds the stay-conversation signal (``progression_not_agreed``) and
shows on the manager's and the academy lead's pages; a declined plan can be re-opened."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.academy.helpers import Council
from thrive.academy import selectors
from thrive.academy.models import ProgressionPlan, ProgressionStatus
from thrive.academy.services import (
    plan_add,
    plan_decline,
    plan_reopen,
    progression_defaults,
)
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.people.services import line_managers_set

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]
TODAY = date(2026, 6, 17)


def _plan(c: Council, person: Any) -> ProgressionPlan:
    progression_defaults(organisation=c.org, actor=c.lead)
    senior = selectors.progression_levels(c.org, TODAY)[2]
    return plan_add(person=person, level=senior, goals="Lead complex work", actor=None)


def test_declining_is_version_checked_audited_and_can_be_reopened() -> None:
    c = Council()
    plan = _plan(c, c.assessor)
    with pytest.raises(ThriveError, match="Say what the reason is"):
        plan_decline(
            plan=plan, on=TODAY, reason="other", note=" ", version=plan.version, actor=None
        )
    with pytest.raises(ThriveError, match="Choose why"):
        plan_decline(plan=plan, on=TODAY, reason="bored", version=plan.version, actor=None)
    stale = plan.version
    declined = plan_decline(
        plan=plan,
        on=date(2026, 6, 10),
        reason="workload",
        note="Back after the inspection",
        version=plan.version,
        actor=c.assessor_user,
    )
    assert declined.status == ProgressionStatus.DECLINED
    assert declined.declined_on == date(2026, 6, 10) and declined.version == stale + 1
    with pytest.raises(ThriveError, match="changed this progression plan"):
        plan_reopen(plan=declined, version=stale, actor=c.assessor_user)
    with pytest.raises(ThriveError, match="Only a plan still open"):
        plan_decline(
            plan=declined, on=TODAY, reason="workload", version=declined.version, actor=None
        )
    event = AuditEvent.objects.get(action="academy.progression_declined")
    assert "(workload leaves no room for it now)" in event.summary
    # Declining frees the person to start another plan; the declined one cannot then re-open.
    other = plan_add(person=c.assessor, level=declined.level, goals="Another go", actor=None)
    with pytest.raises(ThriveError, match="another progression plan open"):
        plan_reopen(plan=declined, version=declined.version, actor=None)
    plan_decline(plan=other, on=TODAY, reason="not_ready", version=other.version, actor=None)
    reopened = plan_reopen(plan=declined, version=declined.version, actor=c.assessor_user)
    assert reopened.status == ProgressionStatus.PLANNING
    assert (reopened.declined_on, reopened.declined_reason, reopened.declined_note) == (
        None,
        "",
        "",
    )
    assert AuditEvent.objects.filter(action="academy.progression_reopened").count() == 1


def test_the_database_keeps_the_status_and_its_date_together() -> None:
    c = Council()
    plan = _plan(c, c.assessor)
    rows = ProgressionPlan.objects.filter(pk=plan.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(status="declined")
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(declined_on=TODAY, declined_reason="workload")
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(status="declined", declined_on=TODAY)  # no reason
    rows.update(status="declined", declined_on=TODAY, declined_reason="workload")


def test_a_declined_progression_is_a_stay_conversation_signal() -> None:
    from thrive.engagement.conversations import stay_prompts

    c = Council()
    plan = _plan(c, c.nqsw)
    (spell,) = c.nqsw.spells.all()
    line_managers_set(
        organisation=c.org, managers={spell: c.assessor}, effective_date=date(2026, 1, 5)
    )
    plan_decline(
        plan=plan,
        on=date(2026, 5, 1),
        reason="happy_in_role",
        version=plan.version,
        actor=c.nqsw_user,
    )
    assert selectors.progression_not_agreed(c.org) == {c.nqsw.pk: [date(2026, 5, 1)]}
    prompts = {p.spell.person_id: p for p in stay_prompts(access_for(c.lead, c.org), TODAY)}
    flagged = prompts.get(c.nqsw.pk)
    if flagged is not None:  # the lead reaches them only if they hold the conversations role
        assert "Declined progression on 1 May 2026" in " ".join(flagged.reasons)
    from tests.factories import make_user

    manager = make_user(c.org, "team_manager", team=c.team)
    prompts = {p.spell.person_id: p for p in stay_prompts(access_for(manager, c.org), TODAY)}
    assert prompts[c.nqsw.pk].codes == ["progression"]
    assert prompts[c.nqsw.pk].reasons == [
        "Declined progression on 1 May 2026 (happy in their current role)"
    ]
    page = Client()
    page.force_login(manager)
    html = page.get(reverse("engagement:conversations", args=[c.org.code])).content.decode()
    assert "Declined progression on 1 May 2026" in html


def test_the_person_declines_on_their_page_and_re_opens_it(client: Client) -> None:
    c = Council()
    plan = _plan(c, c.assessor)
    code = c.org.code
    mine = reverse("academy:progression", args=[code])
    client.force_login(c.assessor_user)
    page = client.get(mine).content.decode()
    assert "Decline progression" in page
    wrong = client.post(
        mine,
        {"action": "decline", "decline-reason": "other", "decline-note": "", "version": 1},
    ).content.decode()
    assert "<title>Error: " in wrong and "Say what the reason is" in wrong
    client.post(
        mine,
        {
            "action": "decline",
            "decline-reason": "personal",
            "decline-note": "Caring for my father this year",
            "version": plan.version,
        },
    )
    plan.refresh_from_db()
    assert plan.status == "declined" and plan.declined_on == TODAY
    page = client.get(mine).content.decode()
    assert "You declined progression on 17 June 2026: personal or caring" in page
    assert "Re-open this plan" in page and "Start a plan" in page

    # The academy lead's list and the plan's page say so too.
    client.force_login(c.lead)
    listing = client.get(reverse("academy:progression_plans", args=[code])).content.decode()
    assert "Declined on 17 Jun 2026 (personal or caring responsibilities)" in listing
    url = reverse("academy:progression_plan", args=[code, plan.pk])
    assert "declined progression on 17 June 2026" in client.get(url).content.decode()

    client.force_login(c.assessor_user)
    stale = client.post(
        mine, {"action": "reopen", "plan": plan.pk, "version": plan.version - 1}, follow=True
    )
    assert "changed this progression plan" in stale.content.decode()
    client.post(mine, {"action": "reopen", "plan": plan.pk, "version": plan.version})
    plan.refresh_from_db()
    assert plan.status == "planning" and plan.declined_on is None


def test_the_manager_records_it_from_the_command_line_and_the_api(
    capsys: Any, client: Client
) -> None:
    c = Council()
    plan = _plan(c, c.nqsw)
    (spell,) = c.nqsw.spells.all()
    line_managers_set(
        organisation=c.org, managers={spell: c.assessor}, effective_date=date(2026, 1, 5)
    )
    org = c.org.code
    outsider = Council("332")
    args = ["academy", "decline", "--org", org, "--person", "NQ1", "--reason", "not_ready"]
    seen = ["--version", str(plan.version)]
    assert main([*args, "--as", outsider.lead.email, *seen]) == 1  # another council's lead
    assert main([*args, "--as", c.assessor_user.email, "--version", "99"]) == 1
    assert ProgressionPlan.objects.get(pk=plan.pk).status == "planning"
    assert main([*args, "--as", c.assessor_user.email, *seen]) == 0
    assert "declined progression towards Senior practitioner on 2026-06-17" in (
        capsys.readouterr().out
    )
    event = AuditEvent.objects.get(action="academy.progression_declined")
    assert event.user == c.assessor_user
    assert main(["academy", "progression", "--org", org, "--as", c.lead.email]) == 0
    listed = capsys.readouterr().out
    assert '"declined_reason": "not_ready"' in listed
    assert f'"version": {ProgressionPlan.objects.get(pk=plan.pk).version}' in listed

    # The person re-opens it through the API, with the version they read.
    _, key = api_token_create(user=c.nqsw_user, name="t")
    auth = f"Token {key}"
    base = f"/api/organisations/{org}/academy/progression/"
    body = client.get(base + "mine/", HTTP_AUTHORIZATION=auth).json()
    (row,) = body["results"] if isinstance(body, dict) and "results" in body else body
    assert (row["status"], row["declined_on"], row["declined_reason"]) == (
        "declined",
        "2026-06-17",
        "not_ready",
    )
    stale = client.post(
        f"{base}plans/{plan.pk}/reopen/", {"version": row["version"] - 1}, HTTP_AUTHORIZATION=auth
    )
    assert stale.status_code in (400, 409)
    done = client.post(
        f"{base}plans/{plan.pk}/reopen/", {"version": row["version"]}, HTTP_AUTHORIZATION=auth
    )
    assert done.status_code == 200 and done.json()["status"] == "planning"
    again = client.post(
        f"{base}plans/{plan.pk}/decline/",
        {"reason": "other", "note": "Moving area", "version": done.json()["version"]},
        HTTP_AUTHORIZATION=auth,
    )
    assert again.status_code == 200 and again.json()["declined_note"] == "Moving area"
    # Someone who is neither the person, their manager nor the lead may not.
    _, other_key = api_token_create(user=outsider.nqsw_user, name="t")
    refused = client.post(
        f"/api/organisations/{org}/academy/progression/plans/{plan.pk}/reopen/",
        {"version": again.json()["version"]},
        HTTP_AUTHORIZATION=f"Token {other_key}",
    )
    assert refused.status_code in (403, 404)
