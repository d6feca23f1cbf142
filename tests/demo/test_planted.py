"""The effect planted in the demo register for the drivers model: a leaver holds more than the
cap in the months before leaving, taken from teammates (at most two each) and given back after;
the team's children on any day do not change."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd

from thrive.demo import planted
from thrive.demo.planted import plant_caseload_effect


def _held(allocations: pd.DataFrame, who: str, day: date) -> int:
    a = allocations[allocations["person_key"] == who]
    ends = pd.to_datetime(a["end_date"]).fillna(pd.Timestamp("2200-01-01"))
    return int(
        ((pd.to_datetime(a["start_date"]) <= pd.Timestamp(day)) & (ends > pd.Timestamp(day))).sum()
    )


def test_a_leaver_is_over_the_cap_before_leaving_and_the_team_keeps_its_children(
    monkeypatch: object,
) -> None:
    monkeypatch.setattr(planted, "PLANTED_SHARE", 1.0)  # type: ignore[attr-defined]
    spells = pd.DataFrame(
        [
            ("L", "social_worker", "permanent", "T", date(2020, 1, 1), date(2024, 6, 30)),
            *[(m, "social_worker", "permanent", "T", date(2020, 1, 1), None) for m in "ABC"],
        ],
        columns=["person_key", "profession", "contract", "team_key", "start_date", "end_date"],
    )
    rows = [("C000", "F000", "L", "cin", date(2021, 1, 1), None)]
    for m in "ABC":
        rows += [(f"C{m}{i}", f"F{m}{i}", m, "cin", date(2021, 1, 1), None) for i in range(10)]
    register = SimpleNamespace(
        spells=spells,
        allocations=pd.DataFrame(
            rows,
            columns=["child_id", "family_id", "person_key", "case_type", "start_date", "end_date"],
        ),
    )
    assert plant_caseload_effect(register, cap=5, seed=1) == 1
    after = register.allocations
    for day in (date(2023, 1, 1), date(2024, 3, 1), date(2024, 8, 1)):
        assert sum(_held(after, w, day) for w in "LABC") == 31
    assert _held(after, "L", date(2024, 3, 1)) == 7  # cap + 2, from three teammates
    assert _held(after, "L", date(2023, 1, 1)) == 1
    assert all(_held(after, m, date(2024, 3, 1)) >= 8 for m in "ABC")
    assert all(_held(after, m, date(2024, 8, 1)) == 10 for m in "ABC")  # given back
