"""Every demo council's earlier census years are calibrated to their own published figures,
compared with the same function the benchmark (``benchmarks/demo_fit_by_year.py``) uses, from
the published file that ships with Thrive: all fourteen West Midlands councils, 2021-2025."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analytics.measures import compute_measures
from analytics.published import indicators_wide, parse_indicators
from analytics.synth import Targets, generate_register, year_misses
from analytics.synth.hours import spell_states

INDICATORS = Path(__file__).resolve().parents[2] / (
    "thrive/intelligence/data/published/csww-indicators/csww_indicators_2017_to_2025.csv"
)
CODES = (
    "331", "330", "334", "335", "336", "332", "333", "937", "885", "860", "861", "893", "894",
    "884",
)  # fmt: skip
# The one published row no register can reproduce: Telford and Wrekin 2023 publishes 6.0 agency
# FTE covering vacancies but 5.0 agency FTE in all (see the test below). The generator keeps the
# cover (and so both cover rates) and its agency FTE is then 6.0.
CANNOT = {("894", 2023): {"agency_fte"}}


@pytest.fixture(scope="module")
def published() -> dict[str, dict[int, dict[str, object]]]:
    wide = indicators_wide(parse_indicators(INDICATORS))
    out: dict[str, dict[int, dict[str, object]]] = {}
    for code in CODES:
        rows = wide[wide["area_code"] == code].set_index("time_period")
        out[code] = {
            int(y): {str(k): v for k, v in row.to_dict().items()}  # type: ignore[call-overload]
            for y, row in rows.iterrows()
        }
    return out


@pytest.mark.parametrize("code", CODES)
def test_every_year_reproduces_every_published_measure(
    published: dict[str, dict[int, dict[str, object]]], code: str
) -> None:
    rows = published[code]
    targets = Targets.from_measures(rows[2025])
    reg = generate_register(targets, la_code=code, seed=2025 + int(code), history=rows)
    assert year_misses(reg, rows[2025], 2025) == []  # the census year: every measure
    for year in range(2021, 2025):
        misses = year_misses(reg, rows[year], year)
        assert {m[0] for m in misses} == CANNOT.get((code, year), set()), (year, misses)
    # In post on the earlier census dates is reached by changes of hours, not by starters or
    # leavers: a few of the staff in post, never a whole year's worth.
    changes = reg.fte_changes
    assert len(changes) < 0.5 * (reg.spells["profession"] == "social_worker").sum()
    spells = reg.spells.set_index(["person_key", "start_date"])
    spell = spells.loc[list(zip(changes["person_key"], changes["start_date"], strict=True))]
    effective = pd.to_datetime(changes["effective_date"]).to_numpy()
    assert (effective > pd.to_datetime(spell.index.get_level_values("start_date"))).all()
    assert (spell["contract"].isin(["permanent", "fixed_term"])).all()
    ends = pd.to_datetime(spell["end_date"])
    assert (ends.isna() | (ends.to_numpy() > effective)).all()


def test_coventrys_agency_cover_of_100_is_its_published_figure_by_hand(
    published: dict[str, dict[int, dict[str, object]]],
) -> None:
    """The demo shows Coventry's ``agency_cover_rate_fte`` as 100.0: every agency FTE covers a
    vacancy. By hand from DfE's published rows for Coventry (331): in 2025, 24.4 agency FTE, of
    which 24.4 cover a vacancy: 24.4 / 24.4 x 100 = 100.0; 30.0 vacant FTE, so 24.4 / 30.0 x 100
    = 81.3 of vacancies covered; 2024 is 38.2 of 38.2 (100.0). Earlier years were not: 2021 36.0
    of 71.0 (50.7), 2022 65.7 of 72.2 (91.0), 2023 24.0 of 52.6 (45.6). So the measure (as
    ``formats.md`` defines it) and the demo agree with DfE; the calibration reproduces each year
    (the test above)."""
    from analytics.measures import rates_from_components, round_half_up

    rows = published["331"]
    by_hand = {2021: 50.7, 2022: 91.0, 2023: 45.6, 2024: 100.0, 2025: 100.0}
    for year, rate in by_hand.items():
        row = rows[year]
        assert row["agency_cover_rate_fte"] == rate, year
        rates = rates_from_components(row)  # type: ignore[arg-type]
        assert round_half_up(rates["agency_cover_rate_fte"] or 0) == rate, year
    assert (rows[2025]["agency_cover_fte"], rows[2025]["agency_fte"]) == (24.4, 24.4)
    assert round_half_up(100 * 24.4 / 30.0) == rows[2025]["vacancy_agency_cover_rate_fte"] == 81.3


def test_telford_2023_publishes_more_agency_cover_than_agency() -> None:
    """By hand from DfE's 2023 row for Telford and Wrekin (894): agency FTE 5.0, agency FTE
    covering vacancies 6.0, vacant FTE 12.0, vacancies covered 50.0%. Cover is agency workers'
    FTE, so it can be at most the agency FTE: within tolerance agency is at most 5.25, so cover
    is at most 5.25, and over at least 11.4 vacant FTE (12.0 less 5%) that is at most 46.1%,
    more than a point from 50.0. One of agency FTE, vacant FTE and the cover rate must miss."""
    wide = indicators_wide(parse_indicators(INDICATORS))
    row = wide[(wide["area_code"] == "894") & (wide["time_period"] == 2023)].iloc[0]
    assert (row["agency_fte"], row["agency_cover_fte"], row["vacancy_fte"]) == (5.0, 6.0, 12.0)
    assert row["vacancy_agency_cover_rate_fte"] == 50.0
    assert 5.0 * 1.05 / (12.0 * 0.95) * 100 < 50.0 - 1


def test_a_change_of_hours_is_neither_a_starter_nor_a_leaver_by_hand() -> None:
    """One social worker in post since 2015 at 0.6 FTE goes full time on 1 March 2023 and leaves
    on 31 July 2024; one starts on 1 December 2022 at 0.5 and goes to 0.8 on 1 January 2023.
    By hand: in post 30 Sept 2022 = 0.6; 2023 = 1.0 + 0.8 = 1.8; 2024 = 0.8. Starters 2023 =
    0.5 (the FTE at start); leavers 2024 = 1.0 (the FTE at leaving); no leaver in 2023."""
    spells = pd.DataFrame(
        {
            "person_key": [1, 2],
            "profession": ["social_worker"] * 2,
            "contract": ["permanent"] * 2,
            "fte": [1.0, 0.8],
            "start_date": [date(2015, 4, 1), date(2022, 12, 1)],
            "end_date": [date(2024, 7, 31), None],
        }
    )
    changes = pd.DataFrame(
        {
            "person_key": [1, 2],
            "start_date": [date(2015, 4, 1), date(2022, 12, 1)],
            "effective_date": [date(2023, 3, 1), date(2023, 1, 1)],
            "fte": [0.6, 0.5],
        }
    )
    states = spell_states(spells, changes).rename(columns={"person_key": "person_id"})
    assert len(states) == 4
    for col in ("start_date", "end_date", "valid_from", "valid_to"):
        states[col] = pd.to_datetime(states[col])
    empty_posts = pd.DataFrame(
        columns=["post_id", "fte", "social_work_post", "funded_from", "funded_to"]
        + ["holder_person_id"]
    )
    absences = pd.DataFrame(columns=["person_id", "reason", "start_date", "end_date"])
    absences["working_days"] = pd.Series(dtype=float)
    allocations = pd.DataFrame(columns=["child_id", "person_id", "start_date", "end_date"])

    def measures(year: int) -> dict[str, object]:
        return dict(compute_measures(states, empty_posts, absences, allocations, year))

    assert measures(2022)["inpost_fte"] == 0.6
    m2023 = measures(2023)
    assert (m2023["inpost_fte"], m2023["starters_fte"], m2023["leavers_fte"]) == (1.8, 0.5, 0.0)
    m2024 = measures(2024)
    assert (m2024["inpost_fte"], m2024["leavers_fte"], m2024["starters_fte"]) == (0.8, 1.0, 0.0)


def test_without_history_earlier_years_are_plausible_not_calibrated(
    published: dict[str, dict[int, dict[str, object]]],
) -> None:
    rows = published["331"]
    plain = generate_register(Targets.from_measures(rows[2025]), la_code="331", seed=5)
    assert year_misses(plain, rows[2025], 2025) == []
    assert plain.fte_changes.empty
    assert any(
        m[0] == "leavers_fte" for y in range(2021, 2025) for m in year_misses(plain, rows[y], y)
    )
