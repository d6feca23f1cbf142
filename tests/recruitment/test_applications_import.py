"""An applicants file (tests/recruitment/data/applications.csv, 41 rows) through `thrive import
applications`: every problem by row and column and nothing written, the same file twice changes
nothing, the equality answers kept apart; and the equality report's figures for the file against
the written rules (shares by stage, four-fifths ratios with their intervals, groups under five
hidden, including by subtraction), worked by hand below."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from tests.recruitment.helpers import apply, open_vacancy, recruiter
from thrive.cli import main
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.recruitment.models import Application, EqualityMonitoring, Stage

DATA = Path(__file__).parent / "data"
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


@pytest.fixture
def recruiting(org: Any) -> Any:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    team = make_team(org, "Assessment Team")
    vacancy = open_vacancy(org, hr, leader, team=team, title="Social worker")
    return hr, vacancy


def _import(org: Any, vacancy: Any, hr: Any, path: Path, *extra: str) -> int:
    args = ["import", "applications", str(path), "--org", org.code, "--as", hr.email]
    return main([*args, "--vacancy", str(vacancy.pk), *extra])


def test_the_file_imports_once_and_again_changes_nothing(
    org: Any, recruiting: Any, capsys: Any
) -> None:
    hr, vacancy = recruiting
    assert _import(org, vacancy, hr, DATA / "applications.csv") == 0
    assert "41 new, 0 changed, 0 unchanged" in capsys.readouterr().out
    apps = Application.objects.filter(vacancy=vacancy)
    assert apps.count() == 41
    # The furthest stage and how it ended, as the model keeps them.
    started = apps.get(candidate_ref="C001")
    assert started.stage == Stage.ACCEPTED and str(started.start_date) == "2026-06-01"
    assert apps.get(candidate_ref="C003").stage == Stage.DECLINED
    assert apps.get(candidate_ref="C001").candidate_name == "C001"  # the reference, no name
    # The equality answers in their own table, one a candidate ("prefer not to say" blank).
    assert EqualityMonitoring.objects.filter(application__vacancy=vacancy).count() == 41
    last = EqualityMonitoring.objects.get(application=apps.get(candidate_ref="C041"))
    assert last.ethnicity == "" and last.gender is None
    mixed = EqualityMonitoring.objects.get(application=apps.get(candidate_ref="C037"))
    assert mixed.ethnicity == "MWBC" and mixed.gender == 9
    assert AuditEvent.objects.filter(action="import.applications").count() == 1

    assert _import(org, vacancy, hr, DATA / "applications.csv") == 0
    assert "0 new, 0 changed, 41 unchanged" in capsys.readouterr().out
    assert apps.count() == 41

    # One row moved on: one changed, the rest unchanged.
    moved = (
        (DATA / "applications.csv")
        .read_text()
        .replace(
            "C040,Word of mouth,applied,,2026-03-03",
            "C040,Word of mouth,applied,withdrawn,2026-03-03",
        )
    )
    changed = Path(str(DATA / "applications.csv").replace(".csv", "-moved.csv"))
    try:
        changed.write_text(moved)
        assert _import(org, vacancy, hr, changed) == 0
    finally:
        changed.unlink()
    assert "0 new, 1 changed, 40 unchanged" in capsys.readouterr().out
    assert apps.get(candidate_ref="C040").stage == Stage.WITHDRAWN


def test_every_problem_by_row_and_column_and_nothing_written(
    org: Any, recruiting: Any, capsys: Any, tmp_path: Path
) -> None:
    hr, vacancy = recruiting
    header = (
        "candidate_ref,channel,stage,outcome,applied_on,shortlisted_on,interviewed_on,"
        "ethnicity,gender,disability\n"
    )
    cells = tmp_path / "cells.csv"  # cells that are not what their column holds
    cells.write_text(
        header + "A1,Word of mouth,applied,,2026-03-02,,,ZZZZ,7,perhaps\n"
        "A2,Word of mouth,applied,,,,,,,\n"
    )
    rules = tmp_path / "rules.csv"  # each cell right, the rules across them broken
    rules.write_text(
        header + "A1,Word of mouth,shortlisted,,2026-03-02,,,WBRI,1,no\n"
        "A2,Carrier pigeon,applied,,2026-03-02,,,,,\n"
        "A1,Word of mouth,interviewed,declined,2026-03-02,2026-03-01,2026-03-09,,,\n"
        "A4,Word of mouth,applied,,2026-03-02,,2026-03-09,,,\n"
    )
    expected = {
        cells: [
            "row 2, column ethnicity: 'ZZZZ' is not a census ethnicity code",
            "row 2, column gender: '7' is not a census gender code",
            "row 2, column disability: 'perhaps' is not a disability answer code",
            "row 3, column applied_on: is required",
        ],
        rules: [
            "row 2, column shortlisted_on: is required for an application that reached shortlisted",
            "row 3, column channel: 'Carrier pigeon' is not one of the council's channels",
            "row 4, column candidate_ref: the same candidate_ref for the same vacancy repeats "
            "row 2",
            "row 4, column shortlisted_on: 2026-03-01 is before applied_on 2026-03-02",
            "row 4, column outcome: declined cannot follow interviewed",
            "row 5, column interviewed_on: is given, but the furthest stage reached is applied",
        ],
    }
    for path, problems in expected.items():
        assert _import(org, vacancy, hr, path) == 1
        captured = capsys.readouterr()
        out = captured.out + captured.err
        assert "refused, nothing was written" in out
        for problem in problems:
            assert problem in out, problem
    assert not Application.objects.filter(vacancy=vacancy).exists()
    # An email another application for the vacancy already has (one made by hand).
    apply(vacancy, hr, 7)
    taken = tmp_path / "taken.csv"
    taken.write_text(
        "candidate_ref,candidate_email,channel,stage,applied_on\n"
        "B1,candidate7@example.org,Word of mouth,applied,2026-03-02\n"
    )
    assert _import(org, vacancy, hr, taken) == 1
    captured = capsys.readouterr()
    assert (
        "row 2, column candidate_email: another application for this vacancy has this email "
        "(made on the form or by hand)" in captured.out + captured.err
    )
    # A vacancy not the council's is named too.
    assert (
        main(
            [
                "import",
                "applications",
                str(DATA / "applications.csv"),
                "--org",
                org.code,
                "--as",
                hr.email,
                "--vacancy",
                "999999",
            ]
        )
        == 1
    )
    captured = capsys.readouterr()
    assert "there is no vacancy 999999 at this council" in captured.out + captured.err


def test_the_equality_report_for_the_file_against_the_rules_by_hand(
    org: Any, recruiting: Any, capsys: Any
) -> None:
    """The file by ethnic group (applied, shortlisted, interviewed, offered, started):
    White 20, 10, 10, 4, 2; Asian 10, 5, 5, 0, 0; Black 6, 5, 0, 0, 0; Mixed 3, 0, 0, 0, 0;
    Other none; not given 2 at applying (one blank, one "prefer not to say").

    Hidden, by the rules (edi.py): applied: Mixed 3 and "not given" 2 (under five: two hidden,
    so nothing follows from the total) and so the total (it would give "not given" from the
    stage's count of everyone). Shortlisted: Black 5 is 1 below its 6 at applying (the one who
    left would follow by subtraction), so hidden, and alone, so the next smallest (Asian 5) too;
    total 20 shown. Interviewed: nothing (15). Offered and started: White 4 and 2 (under five;
    no other group has anyone), so the whole row is hidden, its noughts too (beside the stage's
    count of everyone, shown elsewhere, noughts would give White's count away), totals too.

    Interviewed, the four-fifths rule: rates White 10/20 = 0.5 (the yardstick: equal to Asian's,
    on more applicants), Asian 5/10 = 0.5 (ratio 1.0), Black 0/6 = 0 (ratio 0: under four-
    fifths, no interval). Asian's 95% interval (Katz): var = (1-0.5)/5 + (1-0.5)/10 = 0.15,
    half-width 1.96 x 0.387298 = 0.759105, so exp(-0.759105) = 0.4681 to exp(0.759105) = 2.1364.
    Shares at interviewing: Asian 5/15 = 0.3333, White 10/15 = 0.6667 (0.5 at shortlisting);
    shortlisted: White 10/20 = 0.5, Mixed 0.
    """
    hr, vacancy = recruiting
    assert _import(org, vacancy, hr, DATA / "applications.csv") == 0
    capsys.readouterr()
    assert main(["recruitment", "report", "--org", org.code, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    cell = {
        (r["stage"], r["group"]): r
        for r in report["equality"]
        if r["characteristic"] == "ethnicity"
    }

    def counts(stage: str) -> list[Any]:
        groups = ["Asian", "Black", "Mixed", "White", "Other", "Not given"]
        return [cell[(stage, g)]["count"] for g in groups]

    assert counts("applied") == [10, 6, None, 20, 0, None]
    assert counts("shortlisted") == [None, None, 0, 10, 0, 0]
    assert counts("interviewed") == [5, 0, 0, 10, 0, 0]
    assert counts("offered") == [None] * 6
    assert counts("started") == [None] * 6
    assert all(cell[("applied", g)]["share"] is None for g in ["Asian", "White"])
    assert cell[("shortlisted", "White")]["share"] == 0.5
    assert cell[("shortlisted", "Mixed")]["share"] == 0.0
    white, asian, black = (cell[("interviewed", g)] for g in ["White", "Asian", "Black"])
    assert (white["share"], asian["share"]) == (0.6667, 0.3333)
    assert white["share_stage_before"] == 0.5 and asian["share_stage_before"] is None
    assert (white["selection_rate"], white["ratio"], white["ratio_low"]) == (0.5, 1.0, None)
    assert (asian["selection_rate"], asian["ratio"]) == (0.5, 1.0)
    assert (asian["ratio_low"], asian["ratio_high"]) == (0.4681, 2.1364)
    assert not asian["under_four_fifths"]
    assert (black["selection_rate"], black["ratio"], black["ratio_low"]) == (0.0, 0.0, None)
    assert black["under_four_fifths"]
    assert cell[("offered", "White")]["share"] is None


def test_the_recruiter_uploads_the_file_and_others_may_not(
    client: Client, org: Any, recruiting: Any
) -> None:
    hr, vacancy = recruiting
    url = reverse("recruitment:applications_import", args=[org.code, vacancy.pk])
    # A panel member may not; a service manager outside the vacancy's service finds no vacancy.
    client.force_login(make_user(org, Role.PANEL_MEMBER, email="pm@example.org"))
    assert client.get(url).status_code == 403
    client.force_login(make_user(org, Role.SERVICE_MANAGER, email="sm@example.org"))
    assert client.get(url).status_code == 404
    client.force_login(hr)
    assert client.get(url).status_code == 200
    with open(DATA / "applications.csv", "rb") as f:
        checked = client.post(url, {"file": f, "check_only": "on"})
    assert "41 new, 0 changed, 0 unchanged records would be written" in checked.text
    assert not Application.objects.filter(vacancy=vacancy).exists()
    with open(DATA / "applications.csv", "rb") as f:
        done = client.post(url, {"file": f})
    assert "41 new, 0 changed, 0 unchanged records were written" in done.text
    assert Application.objects.filter(vacancy=vacancy).count() == 41
