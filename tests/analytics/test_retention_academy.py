"""Retention by academy or not, worked by hand.

Ten permanent social workers, all starting on 1 January 2022, analysed on 1 January 2026.
Five came through the council's academy (an enrolment that started on their first day), five
did not (days to leaving; * = left, the others are still in post, 1,461 days):

    academy:      100*  200*  400*  in post  in post
    not academy:  500*  in post × 4

    academy      day 100: 5 at risk, 1 left → 4/5 = 0.8; day 200: 0.8 × 3/4 = 0.6;
                 day 400: 0.6 × 2/3 = 0.4.  S(1) = 0.6, S(2) = S(3) = 0.4; median day 400
                 = 1.10 years (the first time S ≤ 0.5); early leavers 2 of 5.
    not academy  day 500: 5 at risk, 1 left → 4/5 = 0.8.  S(1) = 1.0, S(2) = S(3) = 0.8;
                 median not reached; early leavers 0 of 5.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics.retention import (
    ACADEMY,
    NOT_ACADEMY,
    NOT_FOLLOWED,
    Spell,
    survival,
    tenures_from_spells,
)

ON = date(2026, 1, 1)
START = date(2022, 1, 1)


def _staff() -> list[Spell]:
    spells = []
    for i, days in enumerate([100, 200, 400, None, None]):
        end = None if days is None else START + timedelta(days=days)
        spells.append(Spell(f"A{i}", START, end, academy_started=START))
    for i, days in enumerate([500, None, None, None, None]):
        end = None if days is None else START + timedelta(days=days)
        spells.append(Spell(f"N{i}", START, end))
    return spells


def test_retention_by_academy_matches_the_hand_worked_tables() -> None:
    result = survival(tenures_from_spells(_staff()), on=ON, by="academy")
    groups = {g.group: g for g in result.groups}
    assert set(groups) == {ACADEMY, NOT_ACADEMY}
    a, n = groups[ACADEMY], groups[NOT_ACADEMY]
    assert (a.people, a.leavers, a.in_post) == (5, 3, 2)
    assert (n.people, n.leavers, n.in_post) == (5, 1, 4)
    est = {h: (e.estimate if (e := a.at.get(h)) else None) for h in (1, 2, 3)}
    assert est == pytest.approx({1: 0.6, 2: 0.4, 3: 0.4})
    est = {h: (e.estimate if (e := n.at.get(h)) else None) for h in (1, 2, 3)}
    assert est == pytest.approx({1: 1.0, 2: 0.8, 3: 0.8})
    assert a.at[5] is None and a.at_note[5] == NOT_FOLLOWED
    assert a.median_years == pytest.approx(400 / 365.25, abs=0.01)
    assert n.median_years is None
    assert (a.early_leavers, a.early_base) == (2, 5)
    assert (n.early_leavers, n.early_base) == (0, 5)


@pytest.mark.parametrize(
    ("enrolled", "through"),
    [
        (START, True),  # enrolled on the first day
        (START - timedelta(days=31), True),  # enrolled a month before the contract began
        (START - timedelta(days=32), False),  # an older enrolment: not this tenure's
        (START + timedelta(days=200), True),  # enrolled while in post
        (None, False),
    ],
)
def test_an_enrolment_belongs_to_the_tenure_it_started_in(
    enrolled: date | None, through: bool
) -> None:
    (tenure,) = tenures_from_spells([Spell("P", START, None, academy_started=enrolled)])
    assert tenure.group("academy") == (ACADEMY if through else NOT_ACADEMY)


def test_a_return_after_an_academy_tenure_is_not_through_the_academy() -> None:
    first = Spell("P", START, START + timedelta(days=300), academy_started=START)
    again = Spell("P", date(2024, 1, 1), None, academy_started=START)
    tenures = sorted(tenures_from_spells([first, again]), key=lambda t: t.start)
    assert [t.group("academy") for t in tenures] == [ACADEMY, NOT_ACADEMY]
