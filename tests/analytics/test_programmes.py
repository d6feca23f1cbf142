"""Programme evaluation worked by hand: a paired change with its confidence interval, a small
Kaplan–Meier curve, and matching comparable colleagues."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics.programmes import (
    Answer,
    Person,
    match_comparators,
    means_over_time,
    paired_changes,
    retention,
    service_band,
)


def answers(before: list[int], after: list[int], item: str = "Confidence") -> list[Answer]:
    out = [Answer(i, item, "baseline", b) for i, b in enumerate(before)]
    out += [Answer(i, item, "6 months", a) for i, a in enumerate(after)]
    return out


def test_paired_change_by_hand() -> None:
    # Changes 1, 2, 3, 2, 2: mean 2, sd √(2/4) = 0.7071; t(0.975, 4) = 2.7764;
    # half-width 2.7764 × 0.7071 / √5 = 0.8779, so the interval is 1.12 to 2.88.
    [change] = paired_changes(answers([2, 2, 1, 3, 2], [3, 4, 4, 5, 4]), "baseline", ["6 months"])
    assert change.n == 5
    assert (change.mean_before, change.mean_after, change.mean_change) == (2.0, 4.0, 2.0)
    assert change.sd_change == pytest.approx(0.707, abs=1e-3)
    assert (change.ci_low, change.ci_high) == (1.12, 2.88)
    assert change.p_value is not None and change.p_value < 0.01


def test_people_without_both_answers_and_small_groups() -> None:
    data = answers([2, 2, 1, 3, 2, 5], [3, 4, 4, 5, 4])  # the sixth has no 6-month answer
    assert paired_changes(data, "baseline", ["6 months"])[0].n == 5
    [small] = paired_changes(answers([1, 2, 3, 4], [2, 3, 4, 5]), "baseline", ["6 months"])
    assert small.n == 4 and small.mean_change is None and small.suppressed
    means = means_over_time(answers([1, 2, 3, 4], [2, 3, 4, 5]), ["baseline", "6 months"])
    assert means["Confidence"] == [("baseline", 4, None), ("6 months", 4, None)]


def test_kaplan_meier_by_hand() -> None:
    # Five participants: one leaves after 3 months, one after 6, three stay (censored).
    # S = 1 − 1/5 = 0.8 after the first; 0.8 × (1 − 1/4) = 0.6 after the second.
    index = date(2024, 1, 1)
    as_of = index + timedelta(days=400)
    people = [
        Person(1, 5, "assessment", date(2020, 1, 1), index + timedelta(days=91), index),
        Person(2, 5, "assessment", date(2020, 1, 1), index + timedelta(days=183), index),
        *[Person(n, 5, "assessment", date(2020, 1, 1), None, index) for n in (3, 4, 5)],
    ]
    stayers = [Person(n, 5, "assessment", date(2020, 1, 1), None, index) for n in range(10, 16)]
    result = retention(people, stayers, as_of)
    survival = sorted({round(s, 2) for _, s, _, _ in result.participants.points}, reverse=True)
    assert survival == [1.0, 0.8, 0.6]
    assert result.participants.at[12] == 0.6 and result.participants.events == 2
    assert result.comparators.at[12] == 1.0
    assert result.logrank_p is not None and 0 < result.logrank_p < 1
    few = retention(people[:3], stayers, as_of)
    assert few.participants.suppressed and few.logrank_p is None


def test_comparators_match_role_team_type_and_service() -> None:
    index = date(2025, 1, 1)
    p = Person("p", 5, "assessment", date(2022, 6, 1), None, index)  # 2.6 years: "2 to 5 years"
    pool = [
        Person("same", 5, "assessment", date(2021, 3, 1), None),
        Person("other role", 4, "assessment", date(2021, 3, 1), None),
        Person("other team type", 5, "children_in_care", date(2021, 3, 1), None),
        Person("too new", 5, "assessment", date(2024, 6, 1), None),
        Person("had left", 5, "assessment", date(2021, 3, 1), date(2024, 12, 1)),
    ]
    assert service_band(p.started, index) == "2 to 5 years"
    chosen = match_comparators([p], pool, per_participant=3)
    assert [c.id for c in chosen] == ["same"] and chosen[0].index == index


def test_comparators_on_each_participants_own_index_date() -> None:
    # The programme began on 1 January 2025; one participant joined then, one on 1 July 2025.
    first = Person("first", 5, "assessment", date(2022, 6, 1), None, date(2025, 1, 1))
    later = Person("later", 4, "assessment", date(2022, 6, 1), None, date(2025, 7, 1))
    # As things stood on each date: "promoted" was a case holder (5) in January and a senior
    # practitioner (4) by July; "newcomer" started in March 2025 (after the programme began).
    on = {
        date(2025, 1, 1): [Person("promoted", 5, "assessment", date(2022, 3, 1), None)],
        date(2025, 7, 1): [
            Person("promoted", 4, "assessment", date(2022, 3, 1), None),
            Person("newcomer", 4, "assessment", date(2025, 3, 1), None),
        ],
    }
    chosen = match_comparators([first, later], lambda d: on[d], per_participant=3)
    by = {c.id: c.index for c in chosen}
    # "first" (role 5, 2–5 years) matches "promoted" as they were in January; "promoted" is
    # then used, and "newcomer" (under 2 years in July) is not in "later"'s band (3.1 years).
    assert by == {"promoted": date(2025, 1, 1)}
    early_joiner = Person("later", 4, "assessment", date(2024, 6, 1), None, date(2025, 7, 1))
    chosen = match_comparators([early_joiner], lambda d: on[d], per_participant=3)
    # Matched in July: the newcomer (started after the programme began) and their July roles.
    assert sorted(c.id for c in chosen) == ["newcomer"] and chosen[0].index == date(2025, 7, 1)


def test_p_values_are_written_as_statisticians_write_them() -> None:
    from analytics.programmes import format_p_value

    assert format_p_value(0.0) == "< 0.001"
    assert format_p_value(0.000004) == "< 0.001"
    assert format_p_value(0.000999) == "< 0.001"
    assert format_p_value(0.001) == "0.00100"
    assert format_p_value(0.0031946) == "0.00319"
    assert format_p_value(0.012345) == "0.0123"
    assert format_p_value(0.5) == "0.500"
    assert format_p_value(1.0) == "1.00"
    assert format_p_value(0.04, with_p=True) == "p = 0.0400"
    assert format_p_value(1e-9, with_p=True) == "p < 0.001"
    assert format_p_value(None) == "" and format_p_value(float("nan")) == ""


def test_p_values_keep_their_digits_for_exports() -> None:
    # A strong change: the p-value is far below 0.0001, which rounding to four places made 0.0.
    before = [1, 1, 2, 1, 2, 1, 1, 2, 1, 2, 1, 1]
    after = [5, 4, 5, 5, 5, 4, 5, 5, 5, 5, 4, 5]
    [change] = paired_changes(answers(before, after), "baseline", ["6 months"])
    assert change.p_value is not None and 0 < change.p_value < 1e-6
