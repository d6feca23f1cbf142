"""The allocation assistant in the app, on the known council's Assessment Team 1:
S1 Amina (full time, holds C1 and C2 of family F1; held C3 of F2 until 30 Sep 2025),
S2 Ben (0.5 FTE, past his ASYE), S4 Dev (agency, full time, holds C4 of F3)."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.caseloads.models import Allocation, AllocationDecision, Family
from thrive.caseloads.services import (
    ChildToAllocate,
    allocation_advice,
    caseload_policy_add,
    family_allocate,
)
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.people.models import StaffMember, Team
from thrive.people.services import service_get_or_create


@pytest.fixture
def team(known: Any) -> Team:
    return Team.objects.get(organisation=known, name="Assessment Team 1")


@pytest.fixture
def manager(known: Any, team: Team) -> Any:
    return make_user(known, Role.TEAM_MANAGER, team=team)


def staff(staff_id: str) -> StaffMember:
    return StaffMember.objects.get(staff_id=staff_id)


def names(advice: Any) -> list[str]:
    return [s.candidate.name for s in advice.suggestions]


@pytest.mark.django_db
def test_a_new_sibling_goes_to_the_worker_who_has_the_others(known: Any, team: Team) -> None:
    today = clock.today()
    advice = allocation_advice(
        organisation=known,
        team=team,
        on=today,
        family_id="F1",
        children=[ChildToAllocate("C9", "cin")],
    )
    assert names(advice)[0] == "Amina Khan"
    assert "siblings stay together" in advice.suggestions[0].reasons[0]
    assert {"Ben Clarke", "Dev Patel"} <= set(names(advice))


@pytest.mark.django_db
def test_a_returning_family_prefers_who_knew_them(known: Any, team: Team) -> None:
    advice = allocation_advice(
        organisation=known,
        team=team,
        on=clock.today(),
        family_id="F2",
        children=[ChildToAllocate("C3", "cin")],
    )
    assert names(advice)[0] == "Amina Khan"
    assert advice.suggestions[0].reasons[0] == (
        "Knows the family: worked with them until 30 September 2025."
    )


@pytest.mark.django_db
def test_a_full_team_needs_a_reason_to_override(known: Any, team: Team, manager: Any) -> None:
    caseload_policy_add(
        organisation=known, effective_from=date(2020, 1, 1), full_time_cap=Decimal(2)
    )
    children = [ChildToAllocate("C20", "cp"), ChildToAllocate("C21", "cp")]
    today = clock.today()
    advice = allocation_advice(
        organisation=known, team=team, on=today, family_id="F20", children=children
    )
    assert advice.suggestions == ()
    assert "Nobody in the team has room for 2 children" in advice.summary
    access = access_for(manager, known)
    with pytest.raises(ThriveError, match="Give the reason"):
        family_allocate(
            access=access,
            team=team,
            worker=staff("S2"),
            family_id="F20",
            children=children,
            start_date=today,
        )
    assert not Family.objects.filter(family_id="F20").exists()
    decision = family_allocate(
        access=access,
        team=team,
        worker=staff("S2"),
        family_id="F20",
        children=children,
        start_date=today,
        override_reason="Ben asked to keep the brothers; a case closes next week.",
    )
    assert decision.overridden and decision.override_reason.startswith("Ben asked")
    assert Allocation.objects.filter(worker=staff("S2"), family_id="F20").count() == 2
    event = AuditEvent.objects.get(action="family.allocated")
    assert "not suggested; manager's reason: Ben asked" in event.summary


@pytest.mark.django_db
def test_a_transfer_ends_the_old_allocation_and_keeps_history(
    known: Any, team: Team, manager: Any
) -> None:
    today = clock.today()
    decision = family_allocate(
        access=access_for(manager, known),
        team=team,
        worker=staff("S2"),
        family_id="F3",
        children=[ChildToAllocate("C4", "cla")],
        start_date=today,
    )
    assert decision.transfer and decision.suggested_rank is not None
    history = list(
        Allocation.objects.filter(child_id="C4")
        .order_by("start_date")
        .values_list("worker__staff_id", "end_date")
    )
    assert history == [("S4", today), ("S2", None)]


@pytest.mark.django_db
def test_only_managers_of_the_team_allocate(known: Any, team: Team) -> None:
    other = Team.objects.get(name="Children in Care Team")
    outsider = make_user(known, Role.TEAM_MANAGER, team=other)
    with pytest.raises(ThriveError, match="cannot allocate"):
        family_allocate(
            access=access_for(outsider, known),
            team=team,
            worker=staff("S2"),
            family_id="F30",
            children=[ChildToAllocate("C30", "cin")],
            start_date=clock.today(),
        )


@pytest.mark.django_db
def test_the_assistant_page_suggests_and_allocates(
    client: Client, known: Any, team: Team, manager: Any
) -> None:
    client.force_login(manager)
    url = reverse("caseloads:allocate_new", args=[known.code])
    today = clock.today()
    proposal = {
        "family_id": "F40",
        "family_name": "The Smiths",
        "child_1": "C40",
        "status_1": "cin",
        "child_2": "C41",
        "status_2": "cp",
        "team": team.pk,
        "start_date_0": today.day,
        "start_date_1": today.month,
        "start_date_2": today.year,
    }
    page = client.post(url, {**proposal, "action": "suggest"}).content.decode()
    assert "workers have room for these 2 children" in page and "to spare" in page
    # Focus lands on the suggestions (not the top of the page, 39 tabs back); without JavaScript the
    # form's action scrolls there.
    assert 'action="#suggestions"' in page
    assert 'id="suggestions" tabindex="-1" data-thrive-focus>' in page
    # Choosing nobody keeps the proposal and says what is missing; the error summary keeps focus.
    page = client.post(url, {**proposal, "action": "allocate"}).content.decode()
    assert "There is a problem" in page and 'value="C41"' in page
    assert "data-thrive-focus" not in page
    response = client.post(url, {**proposal, "action": "allocate", "worker": staff("S2").pk})
    assert response.status_code == 302
    decision = AllocationDecision.objects.get()
    assert decision.family.name == "The Smiths" and decision.children == ["C40", "C41"]
    assert response["Location"] == reverse(
        "caseloads:family", args=[known.code, decision.family_id]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Allocation decisions" in page and "the assistant's suggestion" in page
    client.force_login(make_user(known, Role.PRACTITIONER))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_transfer_page_for_a_family(client: Client, known: Any, manager: Any) -> None:
    client.force_login(manager)
    family = Family.objects.get(family_id="F1")
    url = reverse("caseloads:allocate_family", args=[known.code, family.pk])
    page = client.get(url).content.decode()
    assert "Transfer Family F1" in page and "C1" in page
    yesterday = clock.today() - timedelta(days=1)
    page = client.post(
        url,
        {
            "children": ["C1", "C2"],
            "team": Team.objects.get(name="Assessment Team 1").pk,
            "start_date_0": yesterday.day,
            "start_date_1": yesterday.month,
            "start_date_2": yesterday.year,
            "action": "suggest",
        },
    ).content.decode()
    assert "Suggestions" in page and "Dev Patel" in page


# --- Typing an ID never opens another team's family ------------------------------------------


@pytest.fixture
def outsider(known: Any) -> Any:
    """A manager who may allocate in the Children in Care Team, and sees none of F1's children."""
    return make_user(known, Role.TEAM_MANAGER, team=Team.objects.get(name="Children in Care Team"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("family_id", "child"),
    [
        ("F1", "C1"),  # another team's family and child
        ("F1", "C99"),  # a new child added to another team's family
        ("FX", "C1"),  # another team's child, under a family ID of one's own
    ],
)
def test_a_manager_cannot_take_another_teams_family_by_its_id(
    known: Any, outsider: Any, family_id: str, child: str
) -> None:
    cic = Team.objects.get(name="Children in Care Team")
    with pytest.raises(ThriveError, match="ask that team's manager"):
        family_allocate(
            access=access_for(outsider, known),
            team=cic,
            worker=staff("S3"),
            family_id=family_id,
            children=[ChildToAllocate(child, "cin")],
            start_date=clock.today(),
        )
    # Nothing moved, nothing created, and the attempt is in the access log.
    assert Allocation.objects.get(child_id="C1", end_date__isnull=True).worker == staff("S1")
    assert not Family.objects.filter(family_id="FX").exists()
    assert set(Family.objects.get(family_id="F1").members.values_list("member_id", flat=True)) == {
        "C1",
        "C2",
        "C5",
    }
    refused = AuditEvent.objects.get(action="family.refused")
    assert refused.user == outsider and "held by a team they cannot allocate in" in refused.summary


@pytest.mark.django_db
def test_the_assistant_page_refuses_another_teams_family_before_suggesting(
    client: Client, known: Any, outsider: Any
) -> None:
    client.force_login(outsider)
    today = clock.today()
    page = client.post(
        reverse("caseloads:allocate_new", args=[known.code]),
        {
            "family_id": "F1",
            "child_1": "C1",
            "status_1": "cin",
            "team": Team.objects.get(name="Children in Care Team").pk,
            "start_date_0": today.day,
            "start_date_1": today.month,
            "start_date_2": today.year,
            "action": "suggest",
        },
    ).content.decode()
    assert "There is a problem" in page and "ask that team&#x27;s manager" in page
    assert "Suggestions" not in page and 'value="F1"' in page


@pytest.mark.django_db
def test_a_returning_family_nobody_holds_may_be_allocated(
    known: Any, team: Team, manager: Any
) -> None:
    """F2 closed on 30 Sep 2025: its family ID brings it back, to the worker who knew it."""
    decision = family_allocate(
        access=access_for(manager, known),
        team=team,
        worker=staff("S1"),
        family_id="F2",
        children=[ChildToAllocate("C3", "cp")],
        start_date=clock.today(),
    )
    assert decision.suggested_rank == 1 and not decision.transfer


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway"
)
def test_two_managers_allocating_a_new_child_at_once_make_one_allocation(
    known: Any, team: Team
) -> None:
    """Two managers press Allocate for the same brand-new child of a known family at the same
    moment, to different workers: one allocation is made, and the other manager is told why."""
    managers = [make_user(known, Role.TEAM_MANAGER, team=team) for _ in range(2)]
    workers = [staff("S1"), staff("S2")]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def allocate(n: int) -> None:
        try:
            start.wait()
            family_allocate(
                access=access_for(managers[n], known),
                team=team,
                worker=workers[n],
                family_id="F1",
                children=[ChildToAllocate("C50", "cin")],
                start_date=clock.today(),
                override_reason="Agreed at the allocation meeting.",
            )
            outcomes.append("allocated")
        except ThriveError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("allocated") == 1, outcomes
    assert Allocation.objects.filter(child_id="C50").count() == 1
    assert "already has an allocation" in next(o for o in outcomes if o != "allocated")


@pytest.mark.django_db
def test_a_leavers_children_move_only_at_the_hands_of_their_last_teams_managers(
    known: Any, team: Team, manager: Any
) -> None:
    """Chloe left the Children in Care Team on 30 Sep 2025 still holding C60: the manager of
    Assessment Team 1 cannot take C60 by typing its ID; a manager of Chloe's last team can."""
    Allocation.objects.create(
        organisation=known,
        child_id="C60",
        family_id="F60",
        worker=staff("S3"),
        case_type="cin",
        start_date=date(2025, 1, 1),
    )
    move: dict[str, Any] = {
        "team": team,
        "worker": staff("S2"),
        "family_id": "F60",
        "children": [ChildToAllocate("C60", "cin")],
        "start_date": clock.today(),
    }
    with pytest.raises(ThriveError, match="held by a team where you cannot allocate") as refused:
        family_allocate(access=access_for(manager, known), **move)
    assert "Children in Care" not in str(refused.value)
    # A service manager over both teams may.
    service = service_get_or_create(organisation=known, name="Children's social care")
    Team.objects.filter(name__in=["Assessment Team 1", "Children in Care Team"]).update(
        service=service
    )
    team.refresh_from_db()
    service_manager = make_user(known, Role.SERVICE_MANAGER, service=service)
    decision = family_allocate(access=access_for(service_manager, known), **move)
    assert decision.transfer


@pytest.mark.django_db
def test_a_transfer_never_suggests_the_worker_who_holds_the_child(known: Any, team: Team) -> None:
    advice = allocation_advice(
        organisation=known,
        team=team,
        on=clock.today(),
        family_id="F1",
        children=[ChildToAllocate("C1", "cin")],
    )
    assert "Amina Khan" not in names(advice)
    amina = next(n for n in advice.not_suggested if n.candidate.name == "Amina Khan")
    assert amina.reason == "Already holds C1, so a transfer must go to someone else."


def test_the_not_suggested_divider_stays_on_one_line() -> None:
    """GOV.UK's radios divider is a 40px centred box: "or, not suggested" wrapped to three lines."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "thrive"
    scss = (root / "core/static_src/thrive.scss").read_text()
    rule = scss.split(".thrive-radios__divider {", 1)[1].split("}", 1)[0]
    assert "width: auto" in rule and "text-align: left" in rule
    template = (root / "caseloads/templates/caseloads/allocate.html").read_text()
    assert 'govuk-radios__divider thrive-radios__divider">or, not suggested' in template
