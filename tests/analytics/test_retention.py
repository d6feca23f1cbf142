"""Kaplan–Meier retention against a survival table worked by hand.

Eight permanent social workers, analysed on 1 January 2026 (days since starting; * = left):

    A 100*  B 200*  C 300  D 500*  E 700  F 800*  G 1000  H 1200

    day   at risk  left   S(t)
    100      8      1     7/8           = 0.875
    200      7      1     0.875 × 6/7   = 0.75
    300      (C censored: 5 remain)
    500      5      1     0.75 × 4/5    = 0.6
    700      (E censored: 3 remain)
    800      3      1     0.6 × 2/3     = 0.4

A year is 365.25 days, so S(1 year) = 0.75 (day 365.25), S(2) = 0.6 (day 730.5),
S(3) = 0.4 (day 1095.75); the longest follow-up is 1200 days = 3.29 years, so S(5) is not
estimated. The median is the first time S ≤ 0.5: day 800 = 2.19 years.

Greenwood at one year: Σ d/(n(n−d)) = 1/56 + 1/42 = 1/24; on the log(−log) scale
v = (1/24) / ln(0.75)², and the 95% limits are 0.75^exp(±1.96·√v) = 0.3148 and 0.9309.

Early leavers: seven started at least a year before (not C); A and B left within twelve months:
2 of 7 = 28.6%.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from analytics.retention import NOT_FOLLOWED, NOT_WATCHED, Spell, survival, tenures_from_spells

ON = date(2026, 1, 1)
START = date(2022, 1, 1)


def _staff() -> list[Spell]:
    spells = []
    for name, days, left in [
        ("A", 100, True),
        ("B", 200, True),
        ("C", 300, False),
        ("D", 500, True),
        ("E", 700, False),
        ("F", 800, True),
        ("G", 1000, False),
        ("H", 1200, False),
    ]:
        if left:
            spells.append(
                Spell(name, START, START + timedelta(days=days), team="North", leaver_destination=1)
            )
        else:
            spells.append(Spell(name, ON - timedelta(days=days), None, team="North"))
    return spells


def test_survival_matches_the_hand_worked_table() -> None:
    result = survival(tenures_from_spells(_staff()), on=ON)
    (g,) = result.groups
    assert (g.people, g.leavers, g.in_post) == (8, 4, 4)
    assert g.at[1] is not None and g.at[1].estimate == pytest.approx(0.75)
    assert g.at[2] is not None and g.at[2].estimate == pytest.approx(0.6)
    assert g.at[3] is not None and g.at[3].estimate == pytest.approx(0.4)
    assert g.at[5] is None and g.at_note[5] == NOT_FOLLOWED
    assert g.median_years == pytest.approx(800 / 365.25, abs=0.01)
    var = 1 / 56 + 1 / 42
    v = var / math.log(0.75) ** 2
    low = 0.75 ** math.exp(1.96 * math.sqrt(v))
    high = 0.75 ** math.exp(-1.96 * math.sqrt(v))
    assert (round(low, 4), round(high, 4)) == (0.3148, 0.9309)
    assert g.at[1].low == pytest.approx(low, abs=1e-3)
    assert g.at[1].high == pytest.approx(high, abs=1e-3)
    assert (g.early_leavers, g.early_base, g.early_rate) == (2, 7, 28.6)
    # The curve never goes past the longest follow-up.
    assert max(t for t, *_ in g.curve) == pytest.approx(1200 / 365.25, abs=1e-3)


def test_contiguous_spells_are_one_tenure_and_a_gap_is_two() -> None:
    spells = [
        Spell("P", date(2020, 1, 1), date(2021, 12, 31), org_role=5),
        Spell("P", date(2022, 1, 1), None, org_role=4),
        Spell("Q", date(2020, 1, 1), date(2021, 1, 1)),
        Spell("Q", date(2022, 6, 1), None),
        Spell("R", date(2020, 1, 1), None, contract="agency"),
    ]
    tenures = tenures_from_spells(spells)
    assert sorted((t.person, t.start, t.end) for t in tenures) == [
        ("P", date(2020, 1, 1), None),
        ("Q", date(2020, 1, 1), date(2021, 1, 1)),
        ("Q", date(2022, 6, 1), None),
    ]
    assert [t.org_role for t in tenures if t.person == "P"] == [5]


def test_groups_under_five_are_hidden_and_not_given_away_by_subtraction() -> None:
    spells = _staff()
    spells += [Spell(f"S{i}", date(2023, 1, 1), None, team="South") for i in range(3)]
    spells += [Spell(f"W{i}", date(2023, 1, 1), None, team="West") for i in range(6)]
    result = survival(tenures_from_spells(spells), on=ON, by="team")
    shown = {g.group: g.suppressed for g in result.groups}
    # South (3) is hidden; West (6), the next smallest, is hidden with it so that the council's
    # total less North does not give South away.
    assert shown == {
        "North": "",
        "South": "fewer than five people",
        "West": "fewer than five people",
    }
    south = next(g for g in result.groups if g.group == "South")
    assert south.as_dict()["at_risk"] is None and south.curve == []


def test_left_truncation_counts_only_the_time_the_register_watched() -> None:
    """Five people who started in 2010 and were first seen on 1 October 2020; one leaves a
    year later. Without entry times they would look like eleven safe years each."""
    spells = [Spell(f"T{i}", date(2010, 1, 1), None) for i in range(4)]
    spells.append(Spell("T4", date(2010, 1, 1), date(2021, 10, 1)))
    result = survival(tenures_from_spells(spells), on=ON, observed_from=date(2020, 10, 1))
    (g,) = result.groups
    assert g.at[1] is None and g.at_note[1] == NOT_WATCHED
    # The only leaving is at 11.75 years, when all five were at risk: S drops to 4/5.
    assert g.curve[-1][1] == pytest.approx(0.8)
    # Nobody was watched from their first day, so there is no early-leaver figure.
    assert g.early_base is None


def test_destinations_hide_small_counts() -> None:
    spells = [Spell(f"L{i}", START, date(2023, 1, 1), leaver_destination=1) for i in range(6)]
    spells += [Spell(f"M{i}", START, date(2023, 1, 1), leaver_destination=3) for i in range(2)]
    spells += [Spell(f"N{i}", START, date(2023, 1, 1), leaver_destination=5) for i in range(5)]
    result = survival(tenures_from_spells(spells), on=ON)
    counts = {c.code: c.count for c in result.destinations}
    # 2 is hidden; then 5 (the next smallest) so that 13 − 6 − 5 does not give the 2 away.
    assert counts == {1: 6, 3: None, 5: None}


def test_a_risk_set_that_empties_under_left_truncation_is_said_not_estimated() -> None:
    """Three watched from 1 Oct 2020 all leave in 2021; two more start later than the register
    began being kept and stay: nobody is at risk at 11 years' service, so no curve."""
    spells = [Spell(f"U{i}", date(2010, 1, 1), date(2021, 1, 1)) for i in range(3)]
    spells += [Spell(f"V{i}", date(2009, 6, 1), None) for i in range(2)]
    result = survival(tenures_from_spells(spells), on=ON, observed_from=date(2020, 10, 1))
    (g,) = result.groups
    assert g.suppressed == "too few people watched at some lengths of service to estimate"
    assert g.curve == [] and g.at[1] is None and g.at_note[1] == g.suppressed
    assert g.as_dict()["at_risk"] == 5  # five people: their number is not hidden
