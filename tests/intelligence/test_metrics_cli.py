"""`thrive metrics` on a hand-built council whose answers were worked by hand (data/known)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from thrive.cli import main

KNOWN = Path(__file__).resolve().parents[1] / "data" / "known"

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


@pytest.fixture
def known(org: Any) -> Any:
    for kind in ["staff", "posts", "absences", "allocations"]:
        assert main(["import", kind, str(KNOWN / f"{kind}.csv"), "--org", org.code]) == 0
    return org


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
    assert header.split(",") == list(EXPECTED)
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
    main(["metrics", "--org", known.code, "--year", "2010", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert out["inpost_fte"] == 0.0 and out["turnover_rate_fte"] is None


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
