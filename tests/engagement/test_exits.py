"""Exit conversations: coded reasons for the retention analysis, "would you come back", good
endings; and returners linked to their earlier spell as boomerangs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import make_staff, make_team
from thrive.core.errors import ThriveError
from thrive.engagement.exits import exit_conversation_record, exit_reasons, returners
from thrive.people.models import EmploymentSpell
from thrive.people.services import spell_end


def _leaver(org: Any, team: Any, staff_id: str, end: date) -> EmploymentSpell:
    person = make_staff(org, staff_id=staff_id, team=team)
    spell = person.spells.get()
    return spell_end(
        spell=spell, end_date=end, leaving_reason=3, leaver_destination=None, version=spell.version
    )


def test_exit_reasons_reach_the_retention_analysis(org: Any) -> None:
    team = make_team(org)
    a = _leaver(org, team, "X1", date(2026, 3, 31))
    b = _leaver(org, team, "X2", date(2026, 5, 31))
    c = _leaver(org, team, "X3", date(2025, 1, 31))
    exit_conversation_record(
        spell=a,
        held_on=date(2026, 3, 20),
        reasons=["workload", "pay"],
        would_come_back="maybe",
        reflective_conversation=True,
        reference_promised=True,
        actor=None,
    )
    exit_conversation_record(
        spell=b,
        held_on=date(2026, 5, 20),
        reasons=["pay", "travel"],
        would_come_back="yes",
        actor=None,
    )
    exit_conversation_record(
        spell=c, held_on=date(2025, 1, 20), reasons=["retirement"], would_come_back="no", actor=None
    )
    rows = exit_reasons(org, date(2026, 1, 1), date(2026, 12, 31))
    assert [(r.reason, r.main, r.mentioned) for r in rows] == [
        ("pay", 1, 2),
        ("workload", 1, 1),
        ("travel", 0, 1),
    ]
    with pytest.raises(ThriveError, match="already has"):
        exit_conversation_record(
            spell=a, held_on=date(2026, 3, 21), reasons=["pay"], would_come_back="no", actor=None
        )
    with pytest.raises(ThriveError, match="from the list"):
        exit_conversation_record(
            spell=c, held_on=date(2026, 1, 1), reasons=["boredom"], would_come_back="no", actor=None
        )
    current = make_staff(org, staff_id="X4", team=team).spells.get()
    with pytest.raises(ThriveError, match="leaving date"):
        exit_conversation_record(
            spell=current,
            held_on=date(2026, 1, 1),
            reasons=["pay"],
            would_come_back="no",
            actor=None,
        )


def test_a_returner_is_a_boomerang_linked_to_the_spell_they_left(org: Any) -> None:
    team = make_team(org)
    left = _leaver(org, team, "B1", date(2023, 6, 30))
    EmploymentSpell.objects.create(
        organisation=org,
        person=left.person,
        start_date=date(2026, 4, 1),
        profession="social_worker",
        contract="permanent",
        team=team,
        fte=Decimal("1"),
    )
    _leaver(org, team, "B2", date(2024, 1, 31))  # left and never came back
    assert [
        (p.staff_id, before.end_date, after.start_date) for p, before, after in returners(org)
    ] == [("B1", date(2023, 6, 30), date(2026, 4, 1))]


def test_a_returner_comes_back_through_the_register_and_is_a_boomerang(org: Any) -> None:
    from thrive.people.services import spell_return

    team = make_team(org)
    left = _leaver(org, team, "R1", date(2023, 6, 30))
    with pytest.raises(ThriveError, match="still in post"):
        spell_return(
            person=left.person, team=team, start_date=date(2023, 6, 1), contract="permanent",
            fte=Decimal("1.0"), org_role=5,
        )  # fmt: skip
    back = spell_return(
        person=left.person, team=team, start_date=date(2026, 3, 1), contract="permanent",
        fte=Decimal("1.0"), org_role=5, start_origin=2,
    )  # fmt: skip
    assert back.profession == left.profession and back.end_date is None
    ((person, before, after),) = [r for r in returners(org) if r[0].pk == left.person_id]
    assert (before.pk, after.pk) == (left.pk, back.pk)
    with pytest.raises(ThriveError, match="still in post"):
        spell_return(
            person=left.person, team=team, start_date=date(2026, 6, 1), contract="permanent",
            fte=Decimal("1.0"), org_role=5,
        )  # fmt: skip
