"""Caseloads against caps, worked by hand on the known council (tests/data/known):

On 30 Sep 2025 in Assessment Team 1: S1 (1.0 FTE, not newly qualified) holds C1 and C2 (C3 ends
that day) against 17; S2 (0.5 FTE, newly qualified from 1 Oct 2024: 364 days in, past the six-month
ramp, so 17 x 0.5 x 0.9 = 7.65, shown 7.6) holds none; S4 (agency, 1.0) holds C4 against 17.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.caseloads.models import Allocation, CaseloadPolicy
from thrive.caseloads.selectors import case_holding_spells, worker_loads
from thrive.caseloads.services import caseload_policy_add
from thrive.core.roles import Role
from thrive.people.models import StaffMember, Team

D = date(2025, 9, 30)


def loads(org: Any, on: date = D) -> dict[str, Any]:
    team = Team.objects.get(name="Assessment Team 1")
    return {
        w.spell.person.staff_id: w
        for w in worker_loads(org, case_holding_spells(org, on, team=team), on)
    }


@pytest.mark.django_db
def test_caps_and_loads_worked_by_hand(known: Any) -> None:
    w = loads(known)
    assert set(w) == {"S1", "S2", "S4"}  # not the secondee S6
    assert (w["S1"].cases, w["S1"].cap, w["S1"].status) == (2, 17.0, "Within cap")
    assert (w["S2"].cases, w["S2"].cap, w["S2"].newly_qualified) == (0, 7.6, True)
    assert (w["S4"].cases, w["S4"].cap) == (1, 17.0)


@pytest.mark.django_db
def test_newly_qualified_ramp_breach(known: Any) -> None:
    s2 = StaffMember.objects.get(staff_id="S2")
    for i in range(4):
        Allocation.objects.create(
            organisation=known, child_id=f"N{i}", worker=s2, start_date=date(2025, 1, 15)
        )
    # 31 Jan 2025: 122 days in, 10 x 0.5 x 122/182.6 = 3.34, shown 3.3; holding 4: over.
    w = loads(known, date(2025, 1, 31))["S2"]
    assert (w.cases, w.cap, w.status) == (4, 3.3, "Over cap")


@pytest.mark.django_db
def test_a_policy_change_keeps_past_judgements(known: Any) -> None:
    caseload_policy_add(
        organisation=known, effective_from=date(2025, 6, 1), full_time_cap=Decimal(15)
    )
    assert loads(known, D)["S1"].cap == 15.0
    assert loads(known, date(2025, 5, 31))["S1"].cap == 17.0
    team = Team.objects.get(name="Assessment Team 1")
    # History recorded directly: through the app a change starts today or later.
    CaseloadPolicy.objects.create(
        organisation=known,
        effective_from=date(2025, 7, 1),
        full_time_cap=Decimal(12),
        team=team,
        weights={"cin": 1.5},
    )
    w = loads(known, D)["S1"]
    assert (w.cap, w.load) == (12.0, 3.0)  # two children in need at 1.5 each
    assert loads(known, date(2025, 6, 30))["S1"].cap == 15.0


@pytest.mark.django_db
def test_team_board_overview_and_csv(client: Client, known: Any) -> None:
    team = Team.objects.get(name="Assessment Team 1")
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=team))
    board = client.get(reverse("caseloads:team", args=[known.code, team.pk]), {"on": "2025-09-30"})
    text = board.content.decode()
    assert "Within cap" in text and "Newly qualified" in text and text.count("<svg") >= 1
    assert "The figures</caption>" in text
    csv = client.get(
        reverse("caseloads:team", args=[known.code, team.pk]), {"on": "2025-09-30", "format": "csv"}
    ).content.decode("utf-8-sig")
    assert "S1,Amina Khan,Assessment Team 1,1,no,2,2.0,17.0,Within cap" in csv
    overview = client.get(reverse("caseloads:overview", args=[known.code]), {"on": "2025-09-30"})
    assert b"Assessment Team 1" in overview.content
    assert b"Children in Care Team" not in overview.content  # not their team
    other = Team.objects.get(name="Children in Care Team")
    assert client.get(reverse("caseloads:team", args=[known.code, other.pk])).status_code == 404


@pytest.mark.django_db
def test_my_caseload(client: Client, known: Any) -> None:
    user = make_user(known, Role.PRACTITIONER)
    me = StaffMember.objects.get(staff_id="S1")
    me.user = user
    me.save()
    client.force_login(user)
    page = client.get(reverse("caseloads:mine", args=[known.code]), {"on": "2025-09-30"})
    # Only the page's main content: the CSRF token in the header could hold "C3" by chance.
    text = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert 'id="my-cases">2<' in text and "C1" in text and "C3" not in text
    assert client.get(reverse("caseloads:overview", args=[known.code])).status_code == 403


@pytest.mark.django_db
def test_policy_form_with_check_your_answers(client: Client, known: Any) -> None:
    client.force_login(make_user(known, Role.PRINCIPAL_SOCIAL_WORKER))
    url = reverse("caseloads:policy_add", args=[known.code])
    client.post(
        url,
        {
            "effective_from_0": "1",
            "effective_from_1": "4",
            "effective_from_2": "2026",
            "full_time_cap": "16",
            "ramp_cap": "10",
            "ramp_months": "6",
            "asye_reduction_percent": "10",
            "weight_cp": "1.5",
        },
    )
    done = client.post(reverse("caseloads:policy_add_check", args=[known.code]), follow=True)
    assert b"The caseload policy from 1 April 2026 is saved" in done.content
    assert b"cp 1.5" in done.content
    # The council's first policy could record the past; a change may not rewrite it.
    again = client.post(
        url,
        {
            "effective_from_0": "1",
            "effective_from_1": "5",
            "effective_from_2": "2026",
            "full_time_cap": "12",
            "ramp_cap": "10",
            "ramp_months": "6",
            "asye_reduction_percent": "10",
        },
    )
    text = again.content.decode()
    assert "must start today or later" in text and 'value="12"' in text
    assert CaseloadPolicy.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.TEAM_MANAGER, Role.PRACTITIONER, Role.HR_RECRUITMENT, Role.PANEL_MEMBER]
)
def test_policy_changes_are_refused_to_other_roles(client: Client, known: Any, role: str) -> None:
    client.force_login(make_user(known, role))
    assert client.get(reverse("caseloads:policy_add", args=[known.code])).status_code == 403


@pytest.mark.django_db
def test_team_caseloads_api(client: Client, known: Any) -> None:
    from thrive.accounts.services import api_token_create

    team = Team.objects.get(name="Assessment Team 1")
    other = Team.objects.get(name="Children in Care Team")
    _, key = api_token_create(user=make_user(known, Role.TEAM_MANAGER, team=team), name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    url = f"/api/organisations/{known.code}/caseloads/teams/{team.pk}/?on=2025-09-30"
    rows = {r["staff_id"]: r for r in client.get(url, **auth).json()}
    assert (rows["S1"]["cases"], rows["S1"]["cap"], rows["S1"]["status"]) == (2, 17.0, "Within cap")
    assert rows["S2"]["newly_qualified"] is True
    other_url = f"/api/organisations/{known.code}/caseloads/teams/{other.pk}/"
    assert client.get(other_url, **auth).status_code == 404
    _, practitioner_key = api_token_create(user=make_user(known, Role.PRACTITIONER), name="p")
    refused = client.get(url, HTTP_AUTHORIZATION=f"Token {practitioner_key}")
    assert refused.status_code == 404


@pytest.mark.django_db
def test_managers_are_not_case_holders_unless_they_hold_a_case(known: Any) -> None:
    """Amina (S1) is a senior practitioner (OrgRole 4). Made team manager (OrgRole 3) she leaves
    the board and its cap total — unless she still holds a case that day, as she does on D."""
    from thrive.caseloads.selectors import team_trend
    from thrive.people.models import EmploymentSpell

    team = Team.objects.get(name="Assessment Team 1")
    EmploymentSpell.objects.filter(person__staff_id="S1").update(org_role=3)
    assert "S1" in loads(known, D)  # holds C1 and C2 on 30 Sep 2025
    Allocation.objects.filter(worker__staff_id="S1").update(end_date=date(2025, 9, 1))
    assert set(loads(known, D)) == {"S2", "S4"}
    trend = {p["date"]: p for p in team_trend(known, team.pk, D)}
    assert trend[D]["workers"] == 2
    assert trend[date(2025, 8, 31)]["workers"] == 3  # still holding then


@pytest.mark.django_db
def test_weights_follow_the_childs_status_from_the_family_record(known: Any) -> None:
    """C1 is allocated as a child in need; moved to a child protection plan on 1 Sep 2025 in the
    family record, with child protection weighted 3, Amina's load on 30 Sep is 3 + 1, and the
    August month end still counts C1 as a child in need."""
    from thrive.caseloads.models import ChildStatus, FamilyMember
    from thrive.caseloads.selectors import team_trend

    CaseloadPolicy.objects.create(
        organisation=known, effective_from=date(2020, 1, 1), full_time_cap=17, weights={"cp": 3}
    )
    child = FamilyMember.objects.get(member_id="C1")
    ChildStatus.objects.filter(child=child).update(end_date=date(2025, 9, 1))
    ChildStatus.objects.create(
        organisation=known, child=child, status="cp", start_date=date(2025, 9, 1)
    )
    amina = loads(known, D)["S1"]
    assert amina.load == 4.0
    team = Team.objects.get(name="Assessment Team 1")
    trend = {p["date"]: p["load"] for p in team_trend(known, team.pk, D)}
    # 30 Sep: C1 (now cp) 3 + C2 1 + C4 1; 31 Aug: C1 1 + C2 1 + C3 (cp) 3 + C4 1.
    assert (trend[D], trend[date(2025, 8, 31)]) == (5.0, 6.0)


@pytest.mark.django_db
def test_a_newly_qualified_worker_keeps_their_ramp_when_moving_team(known: Any) -> None:
    """Ben (S2, qualified June 2024) started in Assessment Team 1 on 1 Oct 2024 and moved to the
    Children in Care Team on 1 Feb 2025. On 31 Mar 2025, 181 days into his ramp, his cap is
    10 x 0.5 x 181/182.6 = 4.96, rounded down to 4.9 — not a ramp restarted on 1 Feb (1.5)."""
    from thrive.people.models import EmploymentSpell

    first = EmploymentSpell.objects.get(person__staff_id="S2")
    first.end_date = date(2025, 2, 1)
    first.save()
    first.pk = None
    first.start_date, first.end_date = date(2025, 2, 1), None
    first.start_origin = None
    first.team = Team.objects.get(name="Children in Care Team")
    first.save()
    on = date(2025, 3, 31)
    (ben,) = worker_loads(known, case_holding_spells(known, on, person__staff_id="S2"), on)
    assert (ben.cap, ben.newly_qualified) == (4.9, True)


@pytest.mark.django_db
def test_the_council_view_has_a_trend_a_teams_export_and_names_newly_qualified_breaches(
    client: Client, known: Any
) -> None:
    s2 = StaffMember.objects.get(staff_id="S2")
    for i in range(4):
        Allocation.objects.create(
            organisation=known, child_id=f"N{i}", worker=s2, start_date=date(2025, 1, 15)
        )
    client.force_login(make_user(known, Role.PRINCIPAL_SOCIAL_WORKER))
    url = reverse("caseloads:overview", args=[known.code])
    page = client.get(url, {"on": "2025-01-31"}).content.decode()
    assert 'id="caseload-trend-title"' in page and 'id="caseload-trend-table"' in page
    table = page.split('id="caseload-trend-table"')[1].split("</table>")[0]
    # 31 Jan 2025: Amina 3 children (C1, C2, C3) on 1 FTE, Ben 4 on 0.5, Dev none yet:
    # 7 children / 1.5 FTE = 4.7; Ben over his ramp (3.3).
    assert "31 Jan 2025" in table and ">4.7<" in table
    newly = page.split('id="newly-over"')[1].split("</ul>")[0]
    assert "Ben Clarke (Assessment Team 1): 4 children against a ramp cap of 3.3" in newly
    csv = client.get(url, {"on": "2025-01-31", "format": "teams-csv"}).content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert (
        lines[0]
        == "team,workers,children,average_per_case_holder,near_cap,over_cap,held_by_leavers"
    )
    assert "Assessment Team 1,3,7,3.5,0,1,0" in lines
