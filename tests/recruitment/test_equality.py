"""Equality by stage: counts by broad ethnic group against Census 2021, the four-fifths rule with
its interval, small groups hidden (and the next smallest when only one would be), worked by hand."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from tests.recruitment.helpers import channel, move, open_vacancy, recruiter
from thrive.core import clock
from thrive.core.roles import Role
from thrive.recruitment import edi
from thrive.recruitment.models import Stage
from thrive.recruitment.services import Equality, application_submit


def test_small_groups_are_hidden_with_the_next_smallest_when_alone() -> None:
    assert edi.hidden_groups({"White": 20, "Asian": 10, "Black": 8, "Mixed": 3, "Other": 0}) == {
        "Mixed",
        "Black",
    }
    assert edi.hidden_groups({"White": 20, "Asian": 2, "Black": 8, "Mixed": 3, "Other": 0}) == {
        "Asian",
        "Mixed",
    }
    assert edi.hidden_groups({"White": 20, "Asian": 5, "Black": 0, "Mixed": 0, "Other": 0}) == set()


def test_the_four_fifths_ratio_and_its_interval_by_hand() -> None:
    counts = {
        "applied": {"White": 40, "Asian": 20, "Black": 10},
        "shortlisted": {"White": 20, "Asian": 7, "Black": 5},
    }
    rows = edi.by_stage(counts, {"applied": 6, "shortlisted": 0}, {"White": 0.5})
    applied, shortlisted = rows[0], rows[1]
    assert applied.total == 70 and applied.not_given == 6
    cells = {c.group: c for c in shortlisted.cells}
    assert shortlisted.total == 32
    # Rates: White 20/40 = 0.5 (highest), Asian 7/20 = 0.35, Black 5/10 = 0.5.
    assert cells["Asian"].rate == pytest.approx(0.35)
    assert cells["Asian"].ratio == pytest.approx(0.7)
    assert cells["Asian"].adverse
    assert cells["Black"].ratio == pytest.approx(1.0) and not cells["Black"].adverse
    # Katz: var = (1-0.35)/7 + (1-0.5)/20 = 0.117857; half = 1.96 * 0.343303 = 0.672874.
    low, high = cells["Asian"].interval or (0, 0)
    assert low == pytest.approx(0.35717, abs=1e-4)
    assert high == pytest.approx(1.37189, abs=1e-4)
    assert cells["White"].interval is None  # the highest group is the yardstick
    assert cells["White"].share == pytest.approx(20 / 32)
    assert cells["White"].population == 0.5
    assert cells["Mixed"].count == 0 and cells["Mixed"].ratio is None


def test_coventrys_population_from_the_census_file() -> None:
    shares = edi.population_shares("E08000026")
    assert shares is not None
    # Coventry's usual residents: Asian 63,915; Black 30,723; Mixed 11,731; White 226,246;
    # Other 12,706; together 345,321.
    assert shares["White"] == pytest.approx(226246 / 345321)
    assert shares["Asian"] == pytest.approx(63915 / 345321)
    assert sum(shares.values()) == pytest.approx(1)
    assert edi.population_shares("E99999999") is None


@pytest.mark.django_db
def test_the_page_counts_candidates_by_stage_and_only_hr_sees_it(client: Client, org: Any) -> None:
    org.ons_code = "E08000026"
    org.save()
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    vacancy = open_vacancy(
        org,
        hr,
        leader,
        team=make_team(org, "Assessment Team"),
        title="SW",
        closing_date=clock.today(),
    )
    groups = ["WBRI"] * 6 + ["AIND"] * 6 + ["BAFR"] * 2
    for n, code in enumerate(groups):
        a = application_submit(
            vacancy=vacancy,
            candidate_name=f"Candidate {n}",
            candidate_email=f"c{n}@example.org",
            channel=channel(org, "Word of mouth"),
            privacy_accepted=True,
            supporting_statement="Yes",
            start_origin=2,
            equality=Equality(ethnicity=code),
        )
        if code == "WBRI" or (code == "AIND" and n < 9):
            move(a, hr, Stage.SHORTLISTED)
    client.force_login(hr)
    page = client.get(reverse("recruitment:equality", args=[org.code]))
    assert page.status_code == 200
    text = page.text
    # Applied: White 6, Asian 6, Black 2 (hidden, and alone, so the next smallest, Asian or
    # White at 6, is hidden too). Shortlisted: White 6, Asian 3: Asian hidden, and White with it.
    assert "Ethnic group, applied: 14 who answered" in text
    assert "Ethnic group, shortlisted: 9 who answered" in text
    assert "Black or Black British" not in text and "BAFR" not in text
    assert "Candidate 1" not in text
    assert text.count("fewer than 5") >= 4
    practitioner = make_user(org, Role.SERVICE_MANAGER, email="sm@example.org")
    client.force_login(practitioner)
    assert client.get(reverse("recruitment:equality", args=[org.code])).status_code == 403


def test_age_bands_on_the_day_of_applying() -> None:
    from datetime import date

    assert edi.age_band(date(2001, 6, 2), date(2026, 6, 1)) == "16 to 24"
    assert edi.age_band(date(2001, 6, 1), date(2026, 6, 1)) == "25 to 34"
    assert edi.age_band(date(1976, 6, 1), date(2026, 6, 1)) == "50 to 64"
    assert edi.age_band(date(1961, 6, 1), date(2026, 6, 1)) == "65 and over"
    assert edi.age_band(None, date(2026, 6, 1)) is None


@pytest.mark.django_db
def test_gender_age_and_disability_by_stage_with_the_same_suppression(
    org: Any, capsys: Any
) -> None:
    from datetime import date

    from thrive.core.permissions import access_for
    from thrive.recruitment.selectors.equality import equality_tables

    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    vacancy = open_vacancy(
        org,
        hr,
        leader,
        team=make_team(org, "Assessment Team"),
        title="SW",
        closing_date=clock.today(),
    )
    year = clock.today().year
    # 8 women (born 1996: 25 to 34 or so), 6 men (born 1970), one who preferred not to say;
    # 3 disabled. Shortlisted: 6 women, 1 man.
    answers = (
        [(2, date(year - 30, 1, 1), "no")] * 8
        + [(1, date(year - 45, 1, 1), "no")] * 3
        + [(1, date(year - 45, 1, 1), "yes")] * 3
        + [(9, None, "")]
    )
    for n, (gender, born, disabled) in enumerate(answers):
        a = application_submit(
            vacancy=vacancy,
            candidate_name=f"Candidate {n}",
            candidate_email=f"c{n}@example.org",
            channel=channel(org, "Word of mouth"),
            privacy_accepted=True,
            supporting_statement="Yes",
            start_origin=2,
            equality=Equality(gender=gender, date_of_birth=born, disability=disabled),
        )
        if n < 6 or n == 8:
            move(a, hr, Stage.SHORTLISTED)
    tables = {t.key: t for t in equality_tables(access_for(hr, org))}
    assert list(tables) == ["ethnicity", "gender", "age", "disability"]
    # No comparator for these, and each says why (DfE's characteristics tables are not shipped;
    # disability is not in DfE's census at all), never a made-up one.
    assert "DfE's tables of social workers by gender are not among" in tables["gender"].comparator
    assert "by age are not among" in tables["age"].comparator
    assert "does not collect disability" in tables["disability"].comparator
    applied, shortlisted = tables["gender"].rows[:2]
    cells = {c.group: c for c in applied.cells}
    # The one who preferred not to say is hidden, and so the men (the next smallest cell): 16
    # applied, so 16 - 8 - 6 would give the one away. The total (15 - 1) goes with them.
    assert (cells["Woman"].count, cells["Man"].count, applied.not_given) == (8, None, None)
    assert applied.total is None
    assert all(c.population is None for c in applied.cells)
    cells = {c.group: c for c in shortlisted.cells}
    # Man: 1 of 6 shortlisted, hidden; and so the women (the only other group) too.
    assert cells["Man"].count is None and cells["Woman"].count is None
    age = {c.group: c.count for c in tables["age"].rows[0].cells}
    # One gave no date of birth: hidden with the next smallest band, as for gender.
    assert age["25 to 34"] == 8 and age["35 to 49"] is None and age["16 to 24"] == 0
    disability = {c.group: c.count for c in tables["disability"].rows[0].cells}
    # Disabled 3 and the one not answering: both hidden, so "Not disabled" can be shown.
    assert disability == {"Disabled": None, "Not disabled": 11}
    assert tables["disability"].rows[0].not_given is None
    # The same figures, with the same hiding, from `thrive recruitment report`.
    import json

    from thrive.cli import main

    report = ["recruitment", "report", "--org", org.code, "--format", "json"]
    assert main([*report, "--as", hr.email]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {(r["characteristic"], r["stage"], r["group"]): r for r in out["equality"]}
    assert rows[("gender", "applied", "Woman")]["count"] == 8
    assert rows[("gender", "applied", "Man")]["count"] is None
    assert rows[("gender", "applied", "Not given")]["count"] is None
    assert rows[("gender", "shortlisted", "Man")]["count"] is None
    assert rows[("disability", "applied", "Disabled")]["count"] is None
    assert rows[("age", "applied", "25 to 34")]["count"] == 8
    assert main([*report[:-2], "--format", "csv"]) == 0
    assert "characteristic,stage,group,count,share" in capsys.readouterr().out
    manager = make_user(org, Role.SERVICE_MANAGER, email="sm@example.org")
    assert main([*report, "--as", manager.email]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["equality"] is None and "whole council" in captured.err


@pytest.mark.django_db
def test_the_workforce_by_grade_hides_what_a_row_or_a_column_would_give_away(
    client: Client, org: Any, capsys: Any
) -> None:
    """Worked by hand. Case holders: White 10, Black 6, Asian 3; first line managers: White 6,
    Asian 5; every grade: White 16, Black 6, Asian 8.

    Asian 3 is hidden, and with it the case holders' next smallest, Black 6 (their total, 19,
    less the rest). Every grade's Asian 8 less the managers' 5 would give the 3: the managers'
    Asian is hidden; then their White 6 (their total 11 less the rest); then the case holders'
    White 10 (every grade's 16 less 6). Every grade's Black 6 less the managers' 0 gives the case
    holders' 6: it is hidden, and with it every grade's next smallest, Asian 8."""
    from tests.factories import make_staff
    from thrive.recruitment.selectors.equality import workforce_by_grade

    team = make_team(org, "Assessment Team")
    plan = [(5, "WBRI", 10), (5, "BAFR", 6), (5, "AIND", 3), (3, "WBRI", 6), (3, "AIND", 5)]
    for role, code, n in plan:
        for _ in range(n):
            make_staff(org, team=team, org_role=role, ethnicity=code)
    rows = {r.grade: r for r in workforce_by_grade(org, clock.today())}
    assert list(rows) == ["First line manager", "Case holder", "Every grade"]

    def counts(grade: str) -> dict[str, int | None]:
        return {c.group: c.count for c in rows[grade].cells}

    assert counts("Case holder") == {
        "Asian": None,
        "Black": None,
        "Mixed": 0,
        "White": None,
        "Other": 0,
    }
    assert counts("First line manager") == {
        "Asian": None,
        "Black": 0,
        "Mixed": 0,
        "White": None,
        "Other": 0,
    }
    assert counts("Every grade") == {
        "Asian": None,
        "Black": None,
        "Mixed": 0,
        "White": 16,
        "Other": 0,
    }
    assert (rows["Case holder"].total, rows["Every grade"].total) == (19, 30)
    hr = recruiter(org)
    client.force_login(hr)
    page = client.get(reverse("recruitment:equality", args=[org.code])).text
    assert "The workforce by grade" in page and "not shown" in page
    import json

    from thrive.cli import main

    assert main(["recruitment", "report", "--org", org.code, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)["equality"]
    shown = {
        (r["stage"], r["group"]): r["count"] for r in out if r["characteristic"] == "workforce"
    }
    assert shown[("Every grade", "White")] == 16 and shown[("Case holder", "White")] is None


def test_no_count_follows_by_subtraction_between_stages_by_hand() -> None:
    """Worked by hand. Counts by stage (Mixed and Other have no one):

    ============  =======  ===========  ===========  =======  =======
    group         applied  shortlisted  interviewed  offered  started
    ============  =======  ===========  ===========  =======  =======
    White              30           20           12        6        5
    Asian              12           10            8        0        0
    Black               9            6            6        5        0
    ============  =======  ===========  ===========  =======  =======

    Nobody is under five, so the row rule alone hides nothing. Between stages: Asian 12 -> 10
    (2 left: hidden), 12 -> 8 against the last shown 12 (4: hidden), 12 -> 0 (shown). Black
    9 -> 6, 9 -> 6, 9 -> 5 (3, 3, 4: each hidden), 9 -> 0 (shown). White 30, 20, 12, 6 (gaps of
    10, 8, 6: shown), then 6 -> 5 (1: hidden). The row rule then finds Black alone hidden at
    offered and hides the next smallest, White's 6 (White's 5 at started was already hidden);
    White at started is alone with no one else to hide, so the whole row is hidden, its noughts
    too, and the total of 5 (beside the stage's count of everyone, shown elsewhere, a row of
    noughts would give White's count away). Nothing else changes on the next round.
    """
    counts = {
        "applied": {"White": 30, "Asian": 12, "Black": 9},
        "shortlisted": {"White": 20, "Asian": 10, "Black": 6},
        "interviewed": {"White": 12, "Asian": 8, "Black": 6},
        "offered": {"White": 6, "Asian": 0, "Black": 5},
        "started": {"White": 5, "Asian": 0, "Black": 0},
    }
    rows = edi.by_stage(counts, {}, None)
    shown = {
        r.stage: {c.group: c.count for c in r.cells if c.group in ("White", "Asian", "Black")}
        for r in rows
    }
    assert shown == {
        "applied": {"White": 30, "Asian": 12, "Black": 9},
        "shortlisted": {"White": 20, "Asian": None, "Black": None},
        "interviewed": {"White": 12, "Asian": None, "Black": None},
        "offered": {"White": None, "Asian": 0, "Black": None},
        "started": {"White": None, "Asian": None, "Black": None},
    }
    assert [r.total for r in rows] == [51, 36, 26, 11, None]
    started = {c.group: c for c in rows[4].cells}
    assert started["Asian"].share is None  # the shares would give the hidden total away
    # Every shown count for a group against its previous shown count: none 1 to 4 apart.
    for group in ("White", "Asian", "Black"):
        seen = [n for s in edi.STAGES if (n := shown[s][group]) is not None]
        assert all(not 0 < a - b < edi.MINIMUM for a, b in zip(seen, seen[1:], strict=False))
    # A hidden count has no rate either (the rate times the applicants would give it).
    shortlisted = {c.group: c for c in rows[1].cells}
    assert shortlisted["Asian"].rate is None and shortlisted["White"].rate == pytest.approx(2 / 3)


def test_not_given_is_a_cell_of_the_row_and_falls_between_stages_by_hand() -> None:
    """Worked by hand. The stage counts of everyone are published (the recruiter's view and
    the report), so a row's groups plus "not given" sum to a known total. Counts (N: not given;
    Black, Mixed and Other have no one):

    ========  =======  ===========  ===========  =======  =======
    cell      applied  shortlisted  interviewed  offered  started
    ========  =======  ===========  ===========  =======  =======
    White          30           20           12        0        0
    Asian           8            8            6        3        0
    N              10            7            0        6        0
    everyone       48           35           18        9        0
    ========  =======  ===========  ===========  =======  =======

    Row rule: Asian's 3 at offered is alone; the next smallest shown cell is N's 6, so both go
    (before, N's 6 was shown and 9 - 6 gave Asian's 3). Between stages: N 10 -> 7 (3 left:
    hidden; before, shown), Asian 8 -> 8 -> 6 (2: hidden). Row rule again: N alone at
    shortlisted hides Asian's 8 (smaller than White's 20); Asian alone at interviewed hides
    White's 12 (N has no one). Next round: Asian 8 -> 0 at started and White 20 -> 0 at offered,
    N 10 -> 0 at interviewed: all shown; nothing changes. Those who answered: 38 at applied; at
    shortlisted 28, hidden, as 35 - 28 would give N's 7; 18 at interviewed (White and Asian
    both hidden there); offered's 3 under five; started none.
    """
    counts = {
        "applied": {"White": 30, "Asian": 8},
        "shortlisted": {"White": 20, "Asian": 8},
        "interviewed": {"White": 12, "Asian": 6},
        "offered": {"White": 0, "Asian": 3},
        "started": {},
    }
    not_given = {"applied": 10, "shortlisted": 7, "interviewed": 0, "offered": 6, "started": 0}
    rows = edi.by_stage(counts, not_given, None)
    shown = {
        r.stage: {
            **{c.group: c.count for c in r.cells if c.group in ("White", "Asian")},
            "N": r.not_given,
        }
        for r in rows
    }
    assert shown == {
        "applied": {"White": 30, "Asian": 8, "N": 10},
        "shortlisted": {"White": 20, "Asian": None, "N": None},
        "interviewed": {"White": None, "Asian": None, "N": 0},
        "offered": {"White": 0, "Asian": None, "N": None},
        "started": {"White": 0, "Asian": 0, "N": 0},
    }
    assert [r.total for r in rows] == [38, None, 18, None, None]
    # No hidden cell follows from the stage's count of everyone: never exactly one hidden cell
    # with anyone in it, and a hidden "not given" hides the total of those who answered.
    for r in rows:
        everyone = {**counts[r.stage], "N": not_given[r.stage]}
        unknown = [k for k, n in everyone.items() if n and shown[r.stage][k] is None]
        assert len(unknown) != 1
        assert r.not_given is not None or r.total is None
    # Nor from one stage to the next: no shown cell one to four below its last shown count.
    for cell in ("White", "Asian", "N"):
        seen = [n for s in edi.STAGES if (n := shown[s][cell]) is not None]
        assert all(not 0 < a - b < edi.MINIMUM for a, b in zip(seen, seen[1:], strict=False))


@pytest.mark.django_db
def test_the_workforce_by_grades_not_given_is_a_cell_of_its_row_by_hand(
    org: Any, capsys: Any
) -> None:
    """Worked by hand (N: ethnic group not recorded; each grade's headcount is published, as on
    the workforce pages, so a row's groups plus N sum to a known number):

    ==================  =====  =====  =====  ==  =========
    grade               White  Asian  Black  N   headcount
    ==================  =====  =====  =====  ==  =========
    First line manager      9      0      6   8         23
    Case holder            12      7      0   3         22
    Every grade            21      7      6  11         45
    ==================  =====  =====  =====  ==  =========

    Round 1. Row: the case holders' N 3 is alone, so their next smallest cell, Asian 7, is
    hidden (before, 22 - 12 - 7 gave the 3). Columns: every grade's Asian 7 less the managers'
    0 would give the case holders' 7, so every grade's Asian is hidden; every grade's N 11 less
    the managers' 8 would give the 3, so the managers' N 8 is hidden. Round 2. Row: the
    managers' N is alone, so their Black 6 goes (smaller than White 9); every grade's Asian is
    alone, so its Black 6 goes (smaller than N 11 and White 21). Round 3 changes nothing.

    Totals of those recorded: hidden for both grades (their N is hidden: 23 - 15 and 22 - 19
    would give it), and so their shares; every grade's 34 is shown (N 11 is shown, two groups
    are hidden). What remains unknown cannot be solved: Asian + N = 10 for the case holders,
    Black + N = 14 for the managers, Asian + Black = 13 and N + N = 11 for every grade: three
    independent equations in four unknowns, each unknown anywhere from 0 to 10 or more."""
    from tests.factories import make_staff
    from thrive.recruitment.selectors.equality import workforce_by_grade

    team = make_team(org, "Assessment Team")
    plan = [
        (3, "WBRI", 9),
        (3, "BAFR", 6),
        (3, "REFU", 5),  # refused: not given
        (3, "", 3),  # not obtained: not given
        (5, "WBRI", 12),
        (5, "AIND", 7),
        (5, "NOBT", 3),
    ]
    for role, code, n in plan:
        for _ in range(n):
            make_staff(org, team=team, org_role=role, ethnicity=code)
    rows = {r.grade: r for r in workforce_by_grade(org, clock.today())}
    assert list(rows) == ["First line manager", "Case holder", "Every grade"]

    def shown(grade: str) -> dict[str, int | None]:
        cells = rows[grade].cells
        groups = {c.group: c.count for c in cells if c.group in ("White", "Asian", "Black")}
        return {**groups, "N": rows[grade].not_given}

    assert shown("First line manager") == {"White": 9, "Asian": 0, "Black": None, "N": None}
    assert shown("Case holder") == {"White": 12, "Asian": None, "Black": 0, "N": None}
    assert shown("Every grade") == {"White": 21, "Asian": None, "Black": None, "N": 11}
    assert [r.total for r in rows.values()] == [None, None, 34]
    assert all(c.share is None for c in rows["Case holder"].cells)
    every = {c.group: c.share for c in rows["Every grade"].cells}
    assert every["White"] == pytest.approx(21 / 34) and every["Asian"] is None
    # No row has exactly one hidden cell with anyone in it, and a hidden N hides the total.
    people = {
        "First line manager": {"White": 9, "Black": 6, "N": 8},
        "Case holder": {"White": 12, "Asian": 7, "N": 3},
        "Every grade": {"White": 21, "Asian": 7, "Black": 6, "N": 11},
    }
    for grade, cells in people.items():
        assert len([k for k in cells if shown(grade)[k] is None]) != 1
        assert rows[grade].not_given is not None or rows[grade].total is None
    # The report prints "Not given" as a row of each grade, hidden as on the page.
    import json

    from thrive.cli import main

    assert main(["recruitment", "report", "--org", org.code, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)["equality"]
    given = {
        r["stage"]: r["count"]
        for r in out
        if r["characteristic"] == "workforce" and r["group"] == "Not given"
    }
    assert given == {"First line manager": None, "Case holder": None, "Every grade": 11}


@pytest.mark.django_db
def test_the_workforce_by_gender_and_age_band_by_hand(
    client: Client, org: Any, capsys: Any
) -> None:
    """Worked by hand: the register records each person's gender and date of birth, so the
    workforce by grade has a table for each, with no comparator (none ships), hidden as for the
    ethnic group.

    Gender (census GenderCurrent: 2 woman, 1 man; 0, 9 or blank not recorded), nothing under
    five: first line managers Woman 9, Man 5; case holders Woman 14, Man 5, not recorded 6;
    every grade Woman 23, Man 10, not recorded 6. Shares of those recorded: 9/14, 14/19, 23/33.

    Age band today (N: no date of birth):

    ==================  =====  =====  =====  ==  =========
    grade               25-34  35-49  50-64  N   headcount
    ==================  =====  =====  =====  ==  =========
    First line manager      0      8      6   0         14
    Case holder            10      7      2   6         25
    Every grade            10     15      8   6         39
    ==================  =====  =====  =====  ==  =========

    Round 1. Rows: the case holders' 50-64 (2) is alone, so their next smallest cell, N 6, goes.
    Columns: every grade's 50-64 (8) less the managers' 6 would give the case holders' 2, so the
    managers' 50-64 goes; every grade's N 6 less the managers' 0 would give the case holders' 6,
    so every grade's N goes. Round 2. Rows: the managers' 50-64 is alone, so their 35-49 (8)
    goes; every grade's N is alone, so its next smallest, 50-64 (8), goes. Columns: every
    grade's 35-49 (15) less the case holders' 7 would give the managers' 8, so the case holders'
    35-49 goes. Round 3 changes nothing.

    What remains unknown cannot be solved: managers 35-49 + 50-64 = 14; case holders 35-49 +
    50-64 + N = 15; every grade's 35-49, 15, is the two grades' together; every grade's 50-64 +
    N = 14: three independent equations in five unknowns (8, 6, 7, 2, 6 or 9, 5, 6, 3, 6 both
    fit). The managers' total of those with a date of birth, 14, is shown (their N is 0, shown,
    and two groups are hidden); the case holders' and every grade's are not (their N is
    hidden)."""
    from datetime import date

    from tests.factories import make_staff
    from thrive.recruitment.selectors.equality import workforce_tables

    team = make_team(org, "Assessment Team")
    year = clock.today().year

    def born(age: int) -> date:
        return date(year - age, 1, 1)  # that age today, whatever today is

    plan: list[tuple[int, int | None, date | None, int]] = [
        (3, 2, born(40), 8),  # first line managers: 8 women aged 40
        (3, 2, born(55), 1),  # a woman aged 55
        (3, 1, born(55), 5),  # 5 men aged 55
        (5, 2, born(30), 10),  # case holders: 10 women aged 30
        (5, 2, born(40), 4),
        (5, 1, born(40), 3),
        (5, 1, born(55), 2),
        (5, 9, None, 2),  # gender "prefer not to say", no date of birth
        (5, 0, None, 2),  # gender not known
        (5, None, None, 2),  # nothing recorded
    ]
    for role, gender, dob, n in plan:
        for _ in range(n):
            make_staff(org, team=team, org_role=role, gender=gender, date_of_birth=dob)
    tables = {t.key: t for t in workforce_tables(org, clock.today())}
    assert list(tables) == ["ethnicity", "gender", "age"]
    assert "No comparator" in tables["gender"].comparator
    assert "No comparator" in tables["age"].comparator

    def shown(key: str) -> dict[str, dict[str, int | None]]:
        return {
            r.grade: {**{c.group: c.count for c in r.cells}, "N": r.not_given}
            for r in tables[key].rows
        }

    assert shown("gender") == {
        "First line manager": {"Woman": 9, "Man": 5, "N": 0},
        "Case holder": {"Woman": 14, "Man": 5, "N": 6},
        "Every grade": {"Woman": 23, "Man": 10, "N": 6},
    }
    by_gender = {r.grade: r for r in tables["gender"].rows}
    assert [r.total for r in by_gender.values()] == [14, 19, 33]
    woman = {g: next(c.share for c in r.cells if c.group == "Woman") for g, r in by_gender.items()}
    assert woman == pytest.approx(
        {"First line manager": 9 / 14, "Case holder": 14 / 19, "Every grade": 23 / 33}
    )
    assert all(c.population is None for r in by_gender.values() for c in r.cells)
    ages = shown("age")
    assert ages == {
        "First line manager": {
            "16 to 24": 0,
            "25 to 34": 0,
            "35 to 49": None,
            "50 to 64": None,
            "65 and over": 0,
            "N": 0,
        },
        "Case holder": {
            "16 to 24": 0,
            "25 to 34": 10,
            "35 to 49": None,
            "50 to 64": None,
            "65 and over": 0,
            "N": None,
        },
        "Every grade": {
            "16 to 24": 0,
            "25 to 34": 10,
            "35 to 49": 15,
            "50 to 64": None,
            "65 and over": 0,
            "N": None,
        },
    }
    assert [r.total for r in tables["age"].rows] == [14, None, None]
    # The page shows the three tables; the report prints them as "workforce_gender" and
    # "workforce_age", hidden as on the page.
    client.force_login(recruiter(org))
    page = client.get(reverse("recruitment:equality", args=[org.code])).text
    assert "By gender" in page and "By age band" in page and "Disability is not recorded" in page
    import json

    from thrive.cli import main

    assert main(["recruitment", "report", "--org", org.code, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)["equality"]
    printed = {(r["characteristic"], r["stage"], r["group"]): r["count"] for r in out}
    assert printed[("workforce_gender", "Case holder", "Not given")] == 6
    assert printed[("workforce_age", "Every grade", "35 to 49")] == 15
    assert printed[("workforce_age", "Case holder", "50 to 64")] is None


def test_each_stage_shows_each_groups_share_at_the_stage_before_by_hand() -> None:
    """Worked by hand (everyone gave their group). Applied: Asian 10, White 30 (shares 25%,
    75%). Shortlisted: Asian 5, White 20 (20%, 80%; the stage before, 25% and 75%).
    Interviewed: Asian 5, White 10 (the stage before: 20%, 80%). Offered: Asian 2 is hidden,
    and with it White 6 (also 4 below its 10): no shares, so none for the stage after.
    Started: Asian 0, White 5 (0%, 100%); the stage before's shares are not shown."""
    counts = {
        "applied": {"Asian": 10, "White": 30},
        "shortlisted": {"Asian": 5, "White": 20},
        "interviewed": {"Asian": 5, "White": 10},
        "offered": {"Asian": 2, "White": 6},
        "started": {"Asian": 0, "White": 5},
    }
    rows = edi.by_stage(counts, dict.fromkeys(edi.STAGES, 0), None)

    def before(stage: str) -> dict[str, float | None]:
        row = next(r for r in rows if r.stage == stage)
        return {c.group: c.previous_share for c in row.cells if c.group in ("Asian", "White")}

    assert before("applied") == {"Asian": None, "White": None}
    assert before("shortlisted") == pytest.approx({"Asian": 0.25, "White": 0.75})
    assert before("interviewed") == pytest.approx({"Asian": 0.2, "White": 0.8})
    assert before("offered") == {"Asian": None, "White": None}
    assert before("started") == {"Asian": None, "White": None}
    started = next(r for r in rows if r.stage == "started")
    assert {c.group: c.share for c in started.cells if c.group in ("Asian", "White")} == {
        "Asian": 0.0,
        "White": 1.0,
    }
