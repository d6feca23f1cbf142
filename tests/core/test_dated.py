"""``current(on)``: a dated record's queryset says whether it runs on a date, by the rule its
model declares — a spell or allocation stops on its end date (formats.md's census rule), a
specialist's assignment to a family runs to and including it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.factories import make_team
from tests.supervision.conftest import person
from thrive.caseloads.models import Allocation, FamilyAssignment
from thrive.core.models import current_q
from thrive.people.models import EmploymentSpell

START, END = date(2024, 4, 1), date(2025, 3, 31)


@pytest.mark.django_db
def test_a_spell_runs_from_its_start_until_not_on_its_end(org: Any) -> None:
    who = person(org, make_team(org), "900001", "Ada", start_date=START)
    EmploymentSpell.objects.filter(person=who).update(end_date=END)
    spells = EmploymentSpell.objects.for_org(org)
    assert not spells.current(START - timedelta(days=1)).exists()
    assert spells.current(START).exists()
    assert spells.current(END - timedelta(days=1)).exists()
    assert not spells.current(END).exists()  # ends on the census day: not counted on it
    assert spells.not_ended(START - timedelta(days=30)).exists()
    assert not spells.not_ended(END).exists()
    assert list(who.spells.current(START)) == list(spells)  # related managers have it too
    EmploymentSpell.objects.filter(person=who).update(end_date=None)
    assert spells.current(date(2099, 1, 1)).exists()


@pytest.mark.django_db
def test_each_model_says_what_its_end_date_means() -> None:
    assert EmploymentSpell.end_date_is_last_day is False
    assert Allocation.end_date_is_last_day is False
    assert FamilyAssignment.end_date_is_last_day is True
    on = date(2025, 3, 31)
    assert "end_date__gte" in str(current_q(FamilyAssignment, on))
    assert "end_date__gt'" in str(current_q(Allocation, on))
    prefixed = str(current_q(EmploymentSpell, on, prefix="spells__"))
    assert "spells__start_date__lte" in prefixed and "spells__end_date__gt" in prefixed
