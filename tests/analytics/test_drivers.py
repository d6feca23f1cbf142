"""The Cox model finds an effect planted in simulated records, with its interval, and does not
claim one that was not planted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.drivers import Factor, drivers, monthly_intervals

OVER_CAP = Factor("over_cap", "people over their caseload cap for three months or more")
NOISE = Factor("noise", "people whose staff number is even")
LEARNING = Factor("learning", "learning", binary=False, scale=10, unit="hours of learning")


def _simulate(n: int = 1200, seed: int = 11, planted: float = 2.0) -> pd.DataFrame:
    """Monthly records: leaving at 1.5% a month, times *planted* while over the cap (from a
    random month for half the people); 'noise' and 'learning' have no effect."""
    rng = np.random.default_rng(seed)
    rows = []
    for pid in range(n):
        switch = rng.integers(0, 36) if rng.random() < 0.5 else 10**6
        noise = int(rng.random() < 0.5)
        follow = int(rng.integers(12, 61))
        for m in range(follow):
            over = int(m >= switch)
            learning = float(rng.gamma(2.0, 5.0))
            hazard = 0.015 * (planted if over else 1.0)
            left = rng.random() < hazard
            # Leaving happens some day in the month, not all on its last day.
            stop = m + float(rng.uniform(0.05, 1.0)) if left else m + 1.0
            rows.append((pid, m, stop, int(left), over, noise, learning))
            if left:
                break
    return pd.DataFrame(
        rows, columns=["id", "start", "stop", "event", "over_cap", "noise", "learning"]
    )


def test_a_planted_effect_is_found_with_its_interval_and_an_absent_one_is_not() -> None:
    found = {f.factor.column: f for f in drivers(_simulate(), [OVER_CAP, NOISE, LEARNING])}
    over = found["over_cap"]
    assert over.claimed and over.low is not None and over.high is not None
    assert over.low < 2.0 < over.high and over.low > 1.2
    assert over.sentence().startswith(
        "People over their caseload cap for three months or more left "
    )
    assert "times as fast (" in over.sentence()
    for absent in ("noise", "learning"):
        assert not found[absent].claimed, found[absent]
        assert "no clear effect" in found[absent].sentence()
    assert over.ph_p_value is not None and over.ph_p_value > 0.05


def test_a_factor_too_few_people_share_is_not_estimated() -> None:
    data = _simulate(n=200)
    data["rare"] = (data["id"] < 3).astype(int)
    (rare,) = drivers(data, [Factor("rare", "people on the rare rota")])
    assert rare.status == "not enough people" and rare.hazard_ratio is None
    assert rare.sentence() == "People on the rare rota: not enough people to say."


def test_monthly_intervals_split_tenures_and_carry_values_forward() -> None:
    people = pd.DataFrame({"id": [1, 2], "months": [2.5, 2.0], "event": [1, 0]})
    cov = pd.DataFrame({"id": [1, 2], "month": [1, 0], "over_cap": [1, 1]})
    out = monthly_intervals(people, cov)
    assert out[["id", "start", "stop", "event", "over_cap"]].values.tolist() == [
        [1, 0, 1.0, 0, 0],
        [1, 1, 2.0, 0, 1],
        [1, 2, 2.5, 1, 1],
        [2, 0, 1.0, 0, 1],
        [2, 1, 2.0, 0, 1],
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_with_nothing_planted_nothing_is_claimed(seed: int) -> None:
    found = drivers(_simulate(n=400, seed=seed, planted=1.0), [OVER_CAP, NOISE])
    assert not any(f.claimed for f in found)


def test_person_months_are_worked_by_hand() -> None:
    """Started 1 January 2024, in post on 30 September 2024 (273 days = 8.97 months: 9 rows).
    Cap 2; three cases held from 15 February to 15 June, so over the cap at the starts of
    March–June (months 2–5): three of the last six months from month 4 to month 8. Sessions on
    10 February and 10 May: from month 6 (when six months in post) fewer than three in the last
    six months."""
    from datetime import date, datetime

    from analytics.drivers import person_months
    from analytics.retention import Spell, tenures_from_spells

    tenures = tenures_from_spells([Spell("P", date(2024, 1, 1), None)])
    months = person_months(
        tenures,
        allocations=[("P", date(2024, 2, 15), date(2024, 6, 15))] * 3,
        sessions=[("P", datetime(2024, 2, 10, 10)), ("P", datetime(2024, 5, 10, 10))],
        cap=2,
        on=date(2024, 9, 30),
    )
    assert months["start"].tolist() == list(range(9))
    assert months["over_cap"].tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 1]
    assert months["supervision_short"].tolist() == [0, 0, 0, 0, 0, 0, 1, 1, 1]
    assert months["event"].sum() == 0 and months["stop"].iloc[-1] == pytest.approx(273 / 30.4375)


def test_the_further_factors_are_worked_by_hand() -> None:
    """P started 1 January 2024 in team A, newly qualified (ASYE from that day); 12 hours of
    learning on 10 March 2024; their line manager changed on 1 May 2024. Team A: P and Q
    permanent (1.0 FTE each) and an agency worker (0.5 FTE) from 1 January; Q left A on
    1 April. On 1 May: turnover 1 leaver / 1 permanent in post = 100%; agency 0.5 / 1.5 =
    33.3%."""
    from datetime import date

    from analytics.drivers import person_months, team_context
    from analytics.retention import Spell, tenures_from_spells

    spells = [
        ("A", "permanent", 1.0, date(2024, 1, 1), None),
        ("A", "permanent", 1.0, date(2024, 1, 1), date(2024, 4, 1)),
        ("A", "agency", 0.5, date(2024, 1, 1), None),
    ]
    context = team_context(spells, [("A", date(2024, 4, 1))], [(2024, m) for m in range(1, 8)])
    assert context[("A", 2024, 1)] == (0.0, 20.0)  # 0.5 of 2.5 FTE
    assert context[("A", 2024, 5)] == (100.0, 33.3)
    tenures = tenures_from_spells([Spell("P", date(2024, 1, 1), None, team="A")])
    months = person_months(
        tenures,
        allocations=[],
        sessions=[],
        cap=2,
        on=date(2024, 7, 15),
        learning={"P": [(date(2024, 3, 10), 12.0)]},
        asye_starts={"P": date(2024, 1, 1)},
        team_context=context,
        manager_changes={"P": [date(2024, 5, 1)]},
    )
    assert months["learning_hours"].tolist() == [0, 0, 0, 12, 12, 12, 12]
    assert months["asye"].tolist() == [1] * 7
    assert months["manager_changed"].tolist() == [0, 0, 0, 0, 0, 1, 1]
    assert months["team_turnover"].tolist() == [0, 0, 0, 0, 100, 100, 100]  # from 2 April
    assert months["agency_share"].iloc[4] == 33.3


def test_team_stability_is_relative_to_the_council_and_hides_small_teams() -> None:
    """A found factor doubling the leaving rate: team A has 3 of 6 with it, team B 0 of 6,
    team C 2 people with it. Council mean hazard (14 in post): (5×2 + 9×1)/14 = 19/14; A:
    1.5 × 14/19 = 1.11; B: 14/19 = 0.74; C not shown."""
    from datetime import date
    from types import SimpleNamespace

    from analytics.drivers import CASELOAD, Finding
    from analytics.retention import Tenure
    from thrive.intelligence.drivers import DriversResult, team_stability

    people = [("A", i < 3) for i in range(6)] + [("B", False)] * 6 + [("C", True)] * 2
    tenures = [
        Tenure(f"p{i}", date(2024, 1, 1), None, team, None, None, None, None, "")
        for i, (team, _) in enumerate(people)
    ]
    months = pd.DataFrame(
        [(f"p{i}:2024-01-01", 0, 1.0, 0, int(over)) for i, (_, over) in enumerate(people)],
        columns=["id", "start", "stop", "event", "over_cap"],
    )
    found = Finding(CASELOAD, hazard_ratio=2.0, low=1.5, high=2.7, status="effect")
    result = DriversResult(date(2024, 2, 1), 14, 0, [found])
    teams = [SimpleNamespace(name=n, pk=i) for i, n in enumerate("ABC")]
    a, b, c = team_stability(result, months, tenures, teams, date(2024, 2, 1))
    assert (a.people, a.relative_rate, b.relative_rate) == (6, 1.11, 0.74)
    assert a.exposed == {"over_cap": "fewer than 5"} and b.exposed == {"over_cap": 0}
    assert c.people is None and c.relative_rate is None and "Fewer than 5" in c.note


def test_a_factor_no_leaver_had_says_the_records_cannot_tell() -> None:
    from analytics.drivers import Finding

    f = Finding(
        Factor("asye", "people in their ASYE"),
        hazard_ratio=0.0,
        low=0.0,
        high=float("inf"),
        status="no clear effect",
    )
    assert f.sentence() == (
        "People in their ASYE: the records cannot tell (no one who left had it, or everyone who "
        "left did)."
    )


def test_a_persons_own_leaving_is_never_in_their_own_factors() -> None:
    """P started in team A on 1 March 2024 and left on 31 October 2024: 244 days, 8.02 months,
    so nine intervals, the last (8 to 8.02) the one they leave in. It starts on day
    floor(8 × 30.4375) = 243 of the tenure, 30 October, the day before the leaving, and its
    factors are as they stood then. Counting calendar months from 1 March instead would put it
    on 1 November, after P had gone, where team A's turnover over the last 12 months counts
    P's own leaving (1 leaver of the 1 permanent left in post: 100%) and where their learning
    on 31 October, the day they left, would count too. Q stays in team A throughout."""
    from datetime import date

    from analytics.drivers import person_months, team_context
    from analytics.retention import Spell, tenures_from_spells

    left = date(2024, 10, 31)
    spells = [
        ("A", "permanent", 1.0, date(2024, 3, 1), left),
        ("A", "permanent", 1.0, date(2023, 1, 1), None),
    ]
    context = team_context(spells, [("A", left)], [(2024, m) for m in range(3, 12)])
    assert context[("A", 2024, 11)] == (100.0, 0.0)  # P's own leaving, once P has gone
    assert context[("A", 2024, 10)] == (0.0, 0.0)
    tenures = tenures_from_spells([Spell("P", date(2024, 3, 1), left, team="A")])
    months = person_months(
        tenures,
        allocations=[],
        sessions=[],
        cap=2,
        on=date(2024, 12, 31),
        learning={"P": [(date(2024, 10, 1), 6.0), (left, 7.0)]},
        team_context=context,
    )
    assert months["start"].tolist() == list(range(9))
    assert months["event"].tolist() == [0] * 8 + [1]
    assert months["stop"].iloc[-1] == pytest.approx(244 / 30.4375)
    assert months["team_turnover"].tolist() == [0.0] * 9
    # The eighth interval starts on 30 September (day 213), before the learning of 1 October.
    assert months["learning_hours"].tolist() == [0.0] * 8 + [6.0]
    # The census year each interval starts in (October to September): the stratum.
    assert months["period"].tolist() == [2024] * 8 + [2025]


def test_the_baseline_is_stratified_by_census_year() -> None:
    """Leaving twice as fast in one census year as in the other, and a factor that only people
    in that year have (as learning recorded only in recent years is), with no effect of its own:
    without the census year the factor stands in for it; with it, it is not claimed."""
    rng = np.random.default_rng(5)
    rows = []
    for pid in range(1500):
        late = int(rng.random() < 0.5)
        for m in range(36):
            hazard = 0.02 * (2.0 if late else 1.0)
            left = rng.random() < hazard
            stop = m + float(rng.uniform(0.05, 1.0)) if left else m + 1.0
            rows.append((pid, m, stop, int(left), float(late * rng.gamma(2.0, 5.0)), 2020 + late))
            if left:
                break
    data = pd.DataFrame(rows, columns=["id", "start", "stop", "event", "learning", "period"])
    (confounded,) = drivers(data.drop(columns=["period"]), [LEARNING])
    assert confounded.claimed and confounded.hazard_ratio is not None
    assert confounded.hazard_ratio > 1
    (adjusted,) = drivers(data, [LEARNING])
    assert not adjusted.claimed, adjusted
