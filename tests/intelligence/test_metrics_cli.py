"""`thrive metrics` on a hand-built council whose answers were worked by hand (data/known)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.factories import KNOWN
from thrive.cli import main
from thrive.core import clock
from thrive.intelligence.dashboard import census_year_of

EXPECTED = {
    "inpost_fte": 1.5,
    "inpost_headcount": 2,
    "starters_fte": 0.5,
    "starters_headcount": 1,
    "leavers_fte": 0.8,
    "leavers_headcount": 1,
    "turnover_rate_fte": 53.3,
    "agency_fte": 1.0,
    "agency_headcount": 1,
    "agency_rate_fte": 40.0,
    "agency_cover_fte": 1.0,
    "agency_cover_rate_fte": 100.0,
    "vacancy_fte": 2.0,
    "vacancy_rate_fte": 57.1,
    "vacancy_agency_cover_rate_fte": 50.0,
    "case_holders_fte": 2.0,
    "cases": 3,
    "caseload_fte": 1.5,
    "working_days_lost_fte": 8.2,
    "absence_rate_fte": 2.2,
}


@pytest.mark.django_db
def test_metrics_json_matches_hand_worked_answers(known: Any, capsys: Any) -> None:
    capsys.readouterr()
    assert main(["metrics", "--org", known.code, "--year", "2025", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == list(EXPECTED)
    assert out == EXPECTED
    assert isinstance(out["cases"], int) and isinstance(out["inpost_headcount"], int)


@pytest.mark.django_db
def test_metrics_csv_and_table(known: Any, capsys: Any) -> None:
    capsys.readouterr()
    assert main(["metrics", "--org", known.code, "--year", "2025", "--format", "csv"]) == 0
    header, values = capsys.readouterr().out.strip().splitlines()
    assert header.split(",") == [*EXPECTED, "note"]
    assert values.split(",")[0] == "1.5"
    assert main(["metrics", "--org", known.code, "--year", "2025"]) == 0
    assert "caseload_fte" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_earlier_year_and_an_empty_one(known: Any, capsys: Any) -> None:
    capsys.readouterr()
    main(["metrics", "--org", known.code, "--year", "2024", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    # On 30 Sep 2024: S1 (1.0) and S3 (0.8) in post; S2 not yet started; S4 not yet agency.
    assert (out["inpost_fte"], out["inpost_headcount"], out["agency_fte"]) == (1.8, 2, 0.0)
    # Before the register begins (its first sickness absence is in 2024) a year has no figures,
    # not zeros, and says why, as the workforce page does (issue 13: years without data).
    main(["metrics", "--org", known.code, "--year", "2010", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert out["inpost_fte"] is None and out["turnover_rate_fte"] is None
    assert all(out[m] is None for m in EXPECTED)
    assert out["note"] == "No register data before 2024"


@pytest.mark.django_db
def test_team_metrics_and_refusals(known: Any, capsys: Any) -> None:
    capsys.readouterr()
    assert (
        main(
            [
                "metrics",
                "--org",
                known.code,
                "--year",
                "2025",
                "--format",
                "json",
                "--team",
                "Assessment Team 1",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert (out["inpost_fte"], out["agency_fte"], out["cases"]) == (1.5, 1.0, 3)
    assert main(["metrics", "--org", known.code, "--year", "2025", "--team", "Nope"]) == 1
    assert main(["metrics", "--org", "999", "--year", "2025"]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["metrics", "--org", known.code, "--year", "twenty"])
    assert exc.value.code == 2


@pytest.mark.django_db
def test_a_change_from_a_date_leaves_earlier_years_as_they_were(known: Any, capsys: Any) -> None:
    from datetime import date
    from decimal import Decimal

    from thrive.intelligence.services import measures_for
    from thrive.people.models import EmploymentSpell, Team
    from thrive.people.services import spell_change

    spell = EmploymentSpell.objects.get(person__staff_id="S2")
    other = Team.objects.get(name="Children in Care Team")
    spell_change(
        spell=spell,
        effective_date=date(2026, 1, 5),
        version=spell.version,
        fte=Decimal("0.6"),
        team=other,
    )
    assert measures_for(known, 2025)["inpost_fte"] == 1.5  # S1 1.0 + S2 0.5, as it was
    assert measures_for(known, 2026)["inpost_fte"] == 1.6  # S1 1.0 + S2 now 0.6
    # The team it moved to has it only from the change.
    assert measures_for(known, 2025, team_ids=[other.pk])["inpost_fte"] == 0.0
    assert measures_for(known, 2026, team_ids=[other.pk])["inpost_fte"] == 0.6
    # Its starter FTE is still the FTE it started with.
    assert measures_for(known, 2025)["starters_fte"] == 0.5


@pytest.mark.django_db
def test_a_corrected_import_row_applies_to_the_whole_spell(
    known: Any, capsys: Any, tmp_path: Path
) -> None:
    from thrive.intelligence.services import measures_for

    text = (
        (KNOWN / "staff.csv")
        .read_text()
        .replace("Assessment Team 1,0.5,2024-10-01", "Assessment Team 1,0.7,2024-10-01")
    )
    path = tmp_path / "staff.csv"
    path.write_text(text)
    assert main(["import", "staff", str(path), "--org", known.code]) == 0
    assert measures_for(known, 2025)["inpost_fte"] == 1.7


@pytest.mark.django_db
def test_metrics_as_a_team_manager_counts_only_their_team(known: Any, capsys: Any) -> None:
    """`--as` asks the same policy as the dashboard and the API: a manager of one team gets that
    team's figures, never the council's, and is refused another team's."""
    from tests.factories import make_user
    from thrive.intelligence.services import measures_for
    from thrive.people.models import Team

    team = Team.objects.get(organisation=known, name="Children in Care Team")
    manager = make_user(known, "team_manager", team=team)
    capsys.readouterr()
    args = ["metrics", "--org", known.code, "--year", "2025", "--format", "json"]
    assert main([*args, "--as", manager.email]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == measures_for(known, 2025, team_ids=[team.pk])
    assert out != EXPECTED
    assert main([*args, "--as", manager.email, "--team", "Children in Care Team"]) == 0
    assert json.loads(capsys.readouterr().out) == out
    assert main([*args, "--as", manager.email, "--team", "Assessment Team 1"]) == 1
    err = capsys.readouterr().err
    assert "may not see the measures of Assessment Team 1" in err
    leader = make_user(known, "senior_leader")
    assert main([*args, "--as", leader.email]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED
    practitioner = make_user(known, "practitioner")
    assert main([*args, "--as", practitioner.email]) == 1


@pytest.mark.django_db
def test_years_without_data_are_not_zeros_in_every_format(known: Any, capsys: Any) -> None:
    capsys.readouterr()
    assert main(["metrics", "--org", known.code, "--year", "2023", "--format", "csv"]) == 0
    header, values = capsys.readouterr().out.strip().splitlines()
    assert header.split(",")[-1] == "note"
    assert values.split(",") == [""] * len(EXPECTED) + ["No register data before 2024"]
    assert main(["metrics", "--org", known.code, "--year", "2023"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("No register data before 2024\n")
    assert "0.0" not in table and "inpost_fte" in table
    # The census year still running on the test's day has figures and says so.
    current = str(census_year_of(clock.today()))
    assert main(["metrics", "--org", known.code, "--year", current, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["note"] == f"{current}: year to date" and out["inpost_fte"] is not None
    # A year with figures is the measures alone, with an empty note in CSV.
    assert main(["metrics", "--org", known.code, "--year", "2025", "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[1].endswith(",")
