"""The evidence pack's caseloads by team, its comparison of every published rate with the region,
statistical neighbours and England, and the academy's progression by level, worked by hand on
small councils made through the register's imports (real CSV files) and the published file's
loader; groups under five never shown, directly or by subtraction."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import KNOWN, make_org, make_staff, make_user
from thrive.cli import main
from thrive.core.roles import Role
from thrive.intelligence.pack_teams import hide_small

pytestmark = pytest.mark.django_db
ON = date(2025, 12, 1)
F = "fewer than 5"


def test_hide_small_hides_the_next_smallest_until_subtraction_reveals_nothing() -> None:
    assert hide_small([6, 5, 2]) == [6, None, None]  # 2 alone is the total less 11
    assert hide_small([6, 5, 0]) == [6, 5, 0]  # nobody is shown as nobody
    assert hide_small([9, 7, 3, 1]) == [9, None, None, None]  # 3 + 1 is four: 7 goes too
    assert hide_small([5, 1, 2, 6, 1]) == [None, None, None, 6, None]  # 1+2+1 then the 5
    assert hide_small([8, 5], [False, True]) == [8, None]  # hidden for another reason: 5
    assert hide_small([8, 2], [False, True]) == [None, None]


def _staff_csv(rows: list[tuple[str, str, float]]) -> bytes:
    header = (KNOWN / "staff.csv").read_text().splitlines()[0]
    lines = [header] + [
        f"{sid},Ann,{sid},social_worker,permanent,{team},{fte},2015-01-01,,Social worker,5,"
        f"SW9{sid[1:].zfill(5)},1985-01-01,2,WBRI,2,University of Warwick,2014-07-01,no,no,2,"
        ",,,,"
        for sid, team, fte in rows
    ]
    return ("\n".join(lines) + "\n").encode()


def _allocations_csv(holdings: dict[str, int]) -> bytes:
    lines = ["child_id,family_id,staff_id,case_type,start_date,end_date"]
    for sid, n in holdings.items():
        lines += [f"{sid}C{i},{sid}F{i},{sid},cin,2025-06-01," for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def teams_council() -> Any:
    """Team A: six full-time case holders with 10, 12, 14, 16, 18 and 20 children (the last two
    over the cap of 17). Team B: five half-time with 4 each. Team C: two full-time with 3 each,
    so under five; B, the next smallest, is hidden too, or C's 2 would be 13 less A's 6 and
    B's 5."""
    from thrive.people.imports import run_import

    org = make_org("905", "Teams Council")
    staff = (
        [(f"A{i}", "Team A", 1.0) for i in range(6)]
        + [(f"B{i}", "Team B", 0.5) for i in range(5)]
        + [(f"C{i}", "Team C", 1.0) for i in range(2)]
    )
    holdings = {f"A{i}": 10 + 2 * i for i in range(6)}
    holdings |= {f"B{i}": 4 for i in range(5)} | {"C0": 3, "C1": 3}
    for kind, content in (
        ("staff", _staff_csv(staff)),
        ("allocations", _allocations_csv(holdings)),
    ):
        report = run_import(kind=kind, organisation=org, filename=f"{kind}.csv", content=content)
        assert report.ok, report.summary()
    return org


def test_caseloads_by_team_worked_by_hand(teams_council: Any) -> None:
    from thrive.caseloads.selectors import caseload_summary
    from thrive.core.permissions import access_for
    from thrive.intelligence.pack_teams import caseloads_part

    part = caseloads_part(teams_council, ON)
    assert part.rows == [
        # 90 children over 6 case holders (6.0 FTE); highest 20; two over 17: fewer than 5.
        ["Team A", 6, 6.0, 90, 15.0, 15.0, 20, 17.0, F],
        ["Team B", F, None, None, None, None, None, 17.0, None],
        ["Team C", F, None, None, None, None, None, 17.0, None],
        # 90 + 20 + 6 = 116 children: 116 / 13 = 8.9 per case holder, 116 / 10.5 FTE = 11.0.
        ["All teams", 13, 10.5, 116, 8.9, 11.0, 20, 17.0, F],
    ]
    assert part.sentence.startswith(
        "On 1 December 2025 13 social workers held cases: 11.0 children per case-holding FTE "
        "against a full-time cap of 17; the highest team average was 15.0 (Team A)."
    )
    # The chart: the council's children per case-holding FTE each month end (the Caseloads
    # page's trend), the last being the pack's date: the table's 11.0.
    from thrive.caseloads.selectors.measures import caseload_trend

    assert caseload_trend(teams_council, ON)[-1]["average"] == part.rows[-1][5] == 11.0
    assert "Dec 25" in part.chart and "Jan 25" in part.chart
    # Nothing counted two ways: the Caseloads page's figures for the whole council.
    leader = make_user(teams_council, Role.SENIOR_LEADER)
    page = caseload_summary(access_for(leader, teams_council), ON)
    assert (page["holders"], page["holders_fte"], page["children"], page["average"]) == (
        13,
        10.5,
        116,
        11.0,
    )
    by_team = {r["team"].name: r for r in page["rows"]}
    assert (by_team["Team A"]["holders"], by_team["Team A"]["average"]) == (6, 15.0)


# The published file: England and the West Midlands in 2024 and 2025; Coventry (331) in 2025
# with its absence rate suppressed ("c"); its two neighbours 330 and 332 in 2025 only.
HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,inpost_fte,inpost_headcount,starters_fte,"
    "starters_headcount,leavers_fte,leavers_headcount,turnover_rate_fte,agency_fte,"
    "agency_headcount,agency_rate_fte,agency_cover_fte,agency_cover_rate_fte,vacancy_fte,"
    "vacancy_rate_fte,vacancy_agency_cover_rate_fte,case_holders_fte,cases,caseload_fte,"
    "working_days_lost_fte,absence_rate_fte"
)


def _row(year: int, where: str, turnover: str, caseload: str, absence: str) -> str:
    # in post .. leavers, turnover, agency fte/headcount/rate, cover, vacancies, cases, absence
    return (
        f"{year},Reporting year,{where},100,100,10,10,10,10,{turnover},5,5,5.0,2,40,10,9.0,50,"
        f"90,1000,{caseload},300,{absence}"
    )


ENGLAND = "National,E92000001,England,,,,,"
WEST_MIDLANDS = "Regional,E92000001,England,E12000005,West Midlands,,,"


def _la(code: str, name: str) -> str:
    return f"Local authority,E92000001,England,E12000005,West Midlands,{code},E08000{code},{name}"


def test_every_published_rate_against_region_neighbours_and_england(
    known: Any, tmp_path: Path
) -> None:
    from thrive.intelligence.models import PublishedFigure, StatisticalNeighbour
    from thrive.intelligence.pack import ofsted_pack
    from thrive.intelligence.pack_compare import COMPARED

    PublishedFigure.objects.all().delete()
    StatisticalNeighbour.objects.filter(la_code="331").delete()
    StatisticalNeighbour.objects.create(la_code="331", neighbour_code="330", rank=1)
    StatisticalNeighbour.objects.create(la_code="331", neighbour_code="332", rank=2)
    rows = [
        _row(2024, ENGLAND, "12.1", "15.9", "3.6"),
        _row(2025, ENGLAND, "11.8", "15.2", "3.5"),
        _row(2024, WEST_MIDLANDS, "11.9", "16.1", "4.0"),
        _row(2025, WEST_MIDLANDS, "11.5", "15.3", "4.1"),
        _row(2025, _la("331", "Coventry"), "11.3", "12.8", "c"),
        _row(2025, _la("330", "Birmingham"), "10.0", "16.0", "4.4"),
        _row(2025, _la("332", "Dudley"), "13.0", "17.0", "x"),
    ]
    path = tmp_path / "indicators.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8-sig")
    assert main(["benchmarks", "load", str(path)]) == 0

    pack = ofsted_pack(known, on=ON)
    section = next(s for s in pack.sections if s.key == "benchmarks")
    assert section.title.startswith("The statutory measures against")
    assert [r[0] for r in section.rows[::5]] == [
        "Turnover rate (%)",
        "Vacancy rate (%)",
        "Agency rate (%)",
        "Agency workers covering vacancies (%)",
        "Vacancies covered by agency (%)",
        "Average caseload per case holder (FTE)",
        "Sickness absence rate (%)",
    ]
    assert len(section.rows) == len(COMPARED) * 5
    by = {(r[0], r[1]): r[2:] for r in section.rows}
    # The register's own 2025 figures (tests/data/known/README.md) beside the published ones;
    # the neighbours' average (10.0 + 13.0) / 2 = 11.5.
    assert by[("Turnover rate (%)", 2025)] == [53.3, 11.3, 11.5, 11.5, 11.8, ""]
    assert by[("Average caseload per case holder (FTE)", 2025)] == [1.5, 12.8, 15.3, 16.5, 15.2, ""]
    # A blank is never a zero: it says why. Coventry's absence was suppressed; Dudley's was
    # not available, so the neighbours' average is Birmingham's alone.
    absence = by[("Sickness absence rate (%)", 2025)]
    assert absence[:5] == [2.2, None, 4.1, 4.4, 3.5]
    assert absence[5] == "published: no published figure (suppressed to protect confidentiality)"
    # 2024: the region and England only; the council and its neighbours published nothing.
    turnover_2024 = by[("Turnover rate (%)", 2024)]
    assert turnover_2024[1:5] == [None, 11.9, None, 12.1]
    assert "published: no published figure" in turnover_2024[5]
    assert "neighbours: no published figure" in turnover_2024[5]
    # Nothing published before 2024 in this file: blanks with their reason, never zeros.
    early = [r for r in section.rows if r[1] < 2024]
    assert all(r[3:7] == [None] * 4 and "no published figure" in r[7] for r in early)
    assert section.chart.count("<svg") == len(COMPARED)
    assert "against West Midlands: turnover rate 11.3 (below 11.5)" in section.commentary


def test_progression_by_level_worked_by_hand(org: Any) -> None:
    """Senior practitioner: 5 still planning, 1 applied (its panel, on 15 December, is after the
    pack's date), 6 progressed and 2 "not yet" at panels in 2025, 1 declined: 15 plans. The
    applied, "not yet" and declined (1 + 2 + 1 = 4) are hidden, and the next smallest with them
    (the 5 planning), so none can be worked out from the 15. Advanced practitioner: 3 plans,
    hidden. A plan decided in 2020, before the five years, and one made after the pack's date are
    not counted."""
    from thrive.academy.models import ProgressionLevel, ProgressionPlan
    from thrive.intelligence.pack_teams import progression_part

    senior = ProgressionLevel.objects.create(
        organisation=org,
        name="Senior practitioner",
        rank=2,
        org_role=4,
        effective_from=date(2020, 1, 1),
    )
    advanced = ProgressionLevel.objects.create(
        organisation=org,
        name="Advanced practitioner",
        rank=3,
        org_role=4,
        effective_from=date(2020, 1, 1),
    )
    person = make_staff(org)
    plans: list[tuple[Any, dict[str, Any]]] = []
    decided = {"feedback": "Well evidenced.", "applied_on": date(2025, 1, 5)}
    plans += [(senior, {})] * 5
    plans += [(senior, {"status": "applied", "applied_on": date(2025, 11, 1),
                        "panel_on": date(2025, 12, 15)})]  # fmt: skip
    plans += [(senior, {"status": "progressed", "panel_on": date(2025, 2, 1), **decided})] * 6
    plans += [(senior, {"status": "not_yet", "panel_on": date(2025, 2, 1), **decided})] * 2
    plans += [(senior, {"status": "declined", "declined_on": date(2025, 3, 1),
                        "declined_reason": "not_ready"})]  # fmt: skip
    plans += [(advanced, {})] + [(advanced, {"status": "declined", "declined_on": date(2024, 3, 1),
                                              "declined_reason": "workload"})] * 2  # fmt: skip
    plans += [(senior, {"status": "progressed", "panel_on": date(2020, 6, 1), **decided})]
    for level, extra in plans:
        ProgressionPlan.objects.create(
            organisation=org, person=person, level=level, goals="Grow", **extra
        )
    made = timezone.make_aware(datetime(2024, 1, 1))
    ProgressionPlan.objects.update(created_at=made)
    later = ProgressionPlan.objects.create(organisation=org, person=person, level=senior, goals="x")
    assert later.created_at.date() > ON

    part = progression_part(org, ON, [2021, 2022, 2023, 2024, 2025])
    assert part.rows == [
        ["Senior practitioner", 15, F, F, 6, F, F],
        ["Advanced practitioner", F, F, F, F, F, F],
    ]
    assert part.sentence == (
        "Over the five census years 15 plans towards Senior practitioner, 6 progressed at panel."
    )
    assert part.notes[-1] == (
        "Panel decisions each census year: 2021: 0 progressed, 0 not yet; 2022: 0 progressed, "
        "0 not yet; 2023: 0 progressed, 0 not yet; 2024: 0 progressed, 0 not yet; 2025: 6 "
        f"progressed, {F} not yet."
    )
