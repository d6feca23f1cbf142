"""The agency rules checker on planted breaches of each rule, in London and the West Midlands,
before and after a rule change, on extension and for legacy placements: every breach found and
named with its source, none invented. Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from thrive.agency.defaults import RULE_SETS
from thrive.agency.rules import (
    CapFact,
    PlacementFacts,
    RuleFact,
    Terms,
    add_months,
    check_placement,
    cost_between,
)

D = Decimal


def default_rules() -> list[RuleFact]:
    return [
        RuleFact(code, name, kind, value, start, None, region, existing_from)
        for code, name, _source, region, existing_from, rules in RULE_SETS
        for kind, value, start in rules
    ]


CAPS = [
    CapFact("London", "social_worker", D("48.00"), date(2025, 10, 1)),
    CapFact("West Midlands", "social_worker", D("42.00"), date(2025, 10, 1)),
    CapFact("West Midlands", "team_manager", D("55.00"), date(2025, 10, 1)),
]
START = date(2025, 11, 3)


def terms(on: date = START, pay: str = "40", ni: str = "5", charge: str = "60") -> Terms:
    return Terms(on, date(2026, 5, 1), D(pay), D(ni), D(charge), D(37))


def facts(**kw: Any) -> PlacementFacts:
    base = PlacementFacts(
        placement_id="P1",
        region="London",
        job_type="social_worker",
        start_date=START,
        end_date=date(2026, 5, 1),
        notice_weeks=4,
        terms=(terms(),),
        qualified_on=date(2015, 7, 1),
        pq_experience_years=D("8.0"),
        reference_given=True,
        reference_obtained=True,
    )
    return replace(base, **kw)


def found(
    p: PlacementFacts, on: date = date(2026, 1, 15), rules: Any = None
) -> set[tuple[str, str]]:
    result = check_placement(p, rules if rules is not None else default_rules(), CAPS, on)
    return {(b.rule, b.source) for b in result.breaches}


def test_a_compliant_placement_in_london_has_no_breach_and_nothing_unknown() -> None:
    result = check_placement(facts(), default_rules(), CAPS, date(2026, 1, 15))
    assert result.breaches == [] and result.unknown == [] and result.exceptions == []
    assert result.checked_on == [START]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"pq_experience_years": D("2.9")}, {("pq_experience", "national")}),
        ({"reference_obtained": False}, {("reference", "national")}),
        ({"reference_given": False}, {("reference", "national")}),
        ({"notice_weeks": 2}, {("notice", "national")}),
        ({"notice_weeks": 2, "substantive_notice_weeks": 2}, set()),
        ({"notice_weeks": 1, "substantive_notice_weeks": 2}, {("notice", "national")}),
        ({"terms": (terms(pay="43.01"),)}, {("price_cap", "national")}),
        ({"terms": (terms(pay="43.00"),)}, set()),  # exactly at the cap: 43 + 5 = 48
        # Left a permanent London post (Camden, 202) 2 months before: national 3 and Pledge 6.
        (
            {
                "left_permanent_la_code": "202",
                "left_permanent_region": "London",
                "left_permanent_on": add_months(START, -2),
            },
            {("cool_off", "national"), ("cool_off", "london_pledge")},
        ),
        # 4 months: the national 3 months are met, the Pledge's 6 are not.
        (
            {
                "left_permanent_la_code": "202",
                "left_permanent_region": "London",
                "left_permanent_on": add_months(START, -4),
            },
            {("cool_off", "london_pledge")},
        ),
        # Exactly 6 months: allowed.
        (
            {
                "left_permanent_la_code": "202",
                "left_permanent_region": "London",
                "left_permanent_on": add_months(START, -6),
            },
            set(),
        ),
        # A permanent post in another region a month before: no cool-off in London.
        (
            {
                "left_permanent_la_code": "330",
                "left_permanent_region": "West Midlands",
                "left_permanent_on": add_months(START, -1),
            },
            set(),
        ),
        # Newly qualified: not a London rule, but under 3 years' experience nationally.
        (
            {"qualified_on": add_months(START, -6), "pq_experience_years": D("0.5")},
            {("pq_experience", "national")},
        ),
    ],
)
def test_each_planted_breach_in_london_is_found_and_named(change: Any, expected: Any) -> None:
    assert found(facts(**change)) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"qualified_on": add_months(START, -6), "pq_experience_years": D("0.5")},
            {("pq_experience", "national"), ("newly_qualified", "west_midlands_mou")},
        ),
        # Qualified 18 months before: not newly qualified, still under 3 years.
        (
            {"qualified_on": add_months(START, -18), "pq_experience_years": D("1.5")},
            {("pq_experience", "national")},
        ),
        # Left Birmingham (330) 8 months before: the MoU's 12 months, not the national 3.
        (
            {
                "left_permanent_la_code": "330",
                "left_permanent_region": "West Midlands",
                "left_permanent_on": add_months(START, -8),
            },
            {("cool_off", "west_midlands_mou")},
        ),
        (
            {
                "left_permanent_la_code": "330",
                "left_permanent_region": "West Midlands",
                "left_permanent_on": add_months(START, -1),
            },
            {("cool_off", "national"), ("cool_off", "west_midlands_mou")},
        ),
        # A London leaver a month before: London's rules do not reach the West Midlands.
        (
            {
                "left_permanent_la_code": "202",
                "left_permanent_region": "London",
                "left_permanent_on": add_months(START, -1),
            },
            set(),
        ),
        ({"terms": (terms(pay="38", ni="4.01"),)}, {("price_cap", "national")}),
        ({"terms": (terms(pay="38", ni="4.00"),)}, set()),
    ],
)
def test_each_planted_breach_in_the_west_midlands_is_found_and_named(
    change: Any, expected: Any
) -> None:
    within_cap = {"terms": (terms(pay="37", ni="4"),), **change}  # 41 an hour: under 42
    assert found(facts(region="West Midlands", **within_cap)) == expected


def test_a_breach_names_the_values_compared() -> None:
    p = facts(
        region="West Midlands",
        left_permanent_la_code="330",
        left_permanent_region="West Midlands",
        left_permanent_on=date(2025, 3, 1),
        terms=(terms(pay="40", ni="4.50"),),
    )
    result = check_placement(p, default_rules(), CAPS, date(2026, 1, 15))
    by_rule = {b.rule: b for b in result.breaches}
    assert by_rule["cool_off"].values["earliest_start"] == "2026-03-01"
    assert "12 months' cool-off required" in by_rule["cool_off"].detail
    assert by_rule["price_cap"].values == {
        "hourly_pay": "40",
        "employer_ni_and_levy": "4.5",
        "capped_hourly": "44.5",
        "cap": "42",
        "cap_from": "2025-10-01",
    }
    assert (
        "£44.50 an hour" in by_rule["price_cap"].detail and "£42.00" in by_rule["price_cap"].detail
    )


def test_above_the_cap_with_both_sign_offs_is_an_exception_not_a_breach() -> None:
    p = facts(terms=(terms(pay="50"),), signed_off=True)
    result = check_placement(p, default_rules(), CAPS, date(2026, 1, 15))
    assert result.breaches == []
    assert [(e.rule, e.source) for e in result.exceptions] == [("price_cap", "national")]


def test_what_is_not_recorded_is_unknown_never_a_breach() -> None:
    p = facts(
        pq_experience_years=None,
        qualified_on=None,
        reference_given=None,
        notice_weeks=None,
        left_permanent_la_code="999",
        left_permanent_region=None,
        left_permanent_on=date(2025, 10, 1),
        job_type="iro",  # no London cap entered for IROs
    )
    result = check_placement(p, default_rules(), CAPS, date(2026, 1, 15))
    assert result.breaches == []
    assert {(u.rule, u.source) for u in result.unknown} == {
        ("pq_experience", "national"),
        ("reference", "national"),
        ("notice", "national"),
        ("price_cap", "national"),
        ("cool_off", "national"),
        ("cool_off", "london_pledge"),
    }


def _pledge_changed_to_nine_months() -> list[RuleFact]:
    """The London Pledge's cool-off goes from 6 to 9 months on 1 January 2026."""
    rules = [r for r in default_rules() if r.set_code != "london_pledge"]
    return [
        *rules,
        RuleFact(
            "london_pledge",
            "London Pledge",
            "cool_off",
            D(6),
            date(2022, 4, 1),
            date(2026, 1, 1),
            "London",
        ),
        RuleFact(
            "london_pledge", "London Pledge", "cool_off", D(9), date(2026, 1, 1), None, "London"
        ),
    ]


def test_before_and_after_a_rule_change_and_again_on_extension() -> None:
    rules = _pledge_changed_to_nine_months()
    left = {"left_permanent_la_code": "202", "left_permanent_region": "London"}
    before = facts(
        start_date=date(2025, 12, 1),
        left_permanent_on=date(2025, 5, 1),
        terms=(terms(date(2025, 12, 1)),),
        **left,
    )
    after = facts(
        placement_id="P2",
        start_date=date(2026, 2, 1),
        left_permanent_on=date(2025, 7, 1),
        terms=(terms(date(2026, 2, 1)),),
        **left,
    )
    # Seven months' gap each: allowed under 6 months, not under 9.
    assert found(before, date(2026, 4, 1), rules) == set()
    assert found(after, date(2026, 4, 1), rules) == {("cool_off", "london_pledge")}
    # The first is extended on 1 March 2026: checked again against the rules then.
    extended = replace(before, terms=(*before.terms, terms(date(2026, 3, 1))))
    assert found(extended, date(2026, 2, 20), rules) == set()
    result = check_placement(extended, rules, CAPS, date(2026, 4, 1))
    assert [(b.rule, b.source, b.checked_on) for b in result.breaches] == [
        ("cool_off", "london_pledge", date(2026, 3, 1))
    ]
    assert result.checked_on == [date(2025, 12, 1), date(2026, 3, 1)]


def test_a_price_cap_change_reaches_a_placement_when_it_is_extended() -> None:
    caps = [*CAPS, CapFact("London", "social_worker", D("45.00"), date(2026, 4, 1))]
    p = facts(terms=(terms(pay="42"),))  # 47 an hour: under 48
    assert check_placement(p, default_rules(), caps, date(2026, 4, 15)).breaches == []
    extended = replace(p, terms=(*p.terms, terms(date(2026, 5, 1), pay="42")))
    breaches = check_placement(extended, default_rules(), caps, date(2026, 5, 2)).breaches
    assert [(b.rule, b.values["cap"], b.checked_on) for b in breaches] == [
        ("price_cap", "45", date(2026, 5, 1))
    ]


def test_legacy_placements_are_checked_from_1_october_2025() -> None:
    legacy = facts(
        start_date=date(2024, 6, 1),
        end_date=date(2026, 3, 31),
        terms=(terms(date(2024, 6, 1)),),
        pq_experience_years=D("2"),
        reference_obtained=False,
    )
    # Begun before the national rules: nothing to find until they reach it.
    assert found(legacy, date(2025, 9, 30)) == set()
    result = check_placement(legacy, default_rules(), CAPS, date(2025, 10, 2))
    assert {(b.rule, b.source, b.checked_on) for b in result.breaches} == {
        ("pq_experience", "national", date(2025, 10, 1)),
        ("reference", "national", date(2025, 10, 1)),
    }
    # One that ended before 1 October 2025 is never reached.
    ended = replace(legacy, end_date=date(2025, 9, 30))
    assert found(ended, date(2026, 1, 1)) == set()


def test_cost_between_spreads_the_weeks_hours_over_its_days() -> None:
    # Two weeks at 37 hours and £60: 2 x 37 x 60 = 4,440.
    assert cost_between([terms()], START, date(2025, 11, 16)) == D("4440.00")
    # A week at £60 then a week at £70 from 10 November: 37 x 60 + 37 x 70 = 4,810.
    two = [terms(), terms(date(2025, 11, 10), charge="70")]
    assert cost_between(two, START, date(2025, 11, 16)) == D("4810.00")
    assert cost_between(two, date(2025, 11, 17), date(2025, 11, 16)) == D("0")


def test_add_months_keeps_to_the_calendar() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 3), -12) == date(2024, 11, 3)
