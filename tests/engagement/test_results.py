"""A survey file imported from another tool, and its results read by team, service and
profession through the page, the Excel export, the CLI and the API: the figures hand-worked,
and no group under five shown, directly or by subtraction."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.engagement.checker import derivable_small_groups
from tests.engagement.helpers import council, person_in
from tests.factories import make_staff, make_user
from thrive.cli import main
from thrive.engagement.imports import survey_responses_import
from thrive.engagement.models import Response
from thrive.engagement.results import survey_results, with_region

HEADER = "response_id,team,profession,hc-workload,enps,better\n"


def _rows() -> str:
    """Assessment: 7 social workers (workload 4 each; enps 10,10,10,9,8,7,3). Duty: 3 social
    workers (workload 2). Fostering: 6 (4 social workers, 2 family support; workload 5).
    Council 16. Social workers 14, family support 2."""
    lines = []
    enps = [10, 10, 10, 9, 8, 7, 3]
    for i in range(7):
        comment = "Sam Worker1 was great" if i == 0 else ("More time" if i == 1 else "")
        lines.append(f"A{i},Assessment,social_worker,4,{enps[i]},{comment}")
    for i in range(3):
        lines.append(f"D{i},Duty,social_worker,Disagree,5,Duty is hard")
    for i in range(6):
        profession = "social_worker" if i < 4 else "family_support"
        lines.append(f"F{i},Fostering,{profession},5,9,")
    return HEADER + "\n".join(lines) + "\n"


def _import(c: Any, text: str, name: str = "responses.csv", **kw: Any) -> Any:
    return survey_responses_import(survey=c.survey, content=text.encode(), filename=name, **kw)


def test_the_import_is_all_or_nothing_and_names_row_and_column(org: Any, today: Any) -> None:
    c = council(org, today)
    bad = HEADER + "A1,Assessment,social_worker,4,10,\nA2,Nowhere,social_worker,7,11,\n"
    report = _import(c, bad)
    assert not report.ok and not Response.objects.exists()
    assert report.problems == [
        "row 3, column team: no team called 'Nowhere' in Coventry",
        "row 3, column hc-workload: '7' is not an answer on the scale 'Agreement (5 points)' "
        "(1 to 5, or its words)",
        "row 3, column enps: '11' is not an answer on the scale 'Likelihood (0 to 10)' "
        "(0 to 10, or its words)",
    ]
    unknown = _import(c, "response_id,team,wrokload\nA1,Duty,4\n")
    assert unknown.problems[0].startswith("row 1, column wrokload: unknown column")
    assert not Response.objects.exists()


def test_the_import_reads_csv_and_xlsx_and_a_second_import_changes_nothing(
    org: Any, today: Any
) -> None:
    c = council(org, today)
    report = _import(c, _rows())
    assert report.ok and (report.new, report.unchanged) == (16, 0), report.summary()
    again = _import(c, _rows())
    assert (again.new, again.unchanged) == (0, 16)
    # XLSX, without the other tool's IDs: identical rows are still told apart, and a second
    # import of the same file adds nothing.
    book = Workbook()
    sheet = book.active
    sheet.append(["Team", "hc-workload", "enps"])
    for _ in range(3):
        sheet.append(["Duty", 3, 6])
    out = io.BytesIO()
    book.save(out)
    first = survey_responses_import(survey=c.survey, content=out.getvalue(), filename="f.xlsx")
    second = survey_responses_import(survey=c.survey, content=out.getvalue(), filename="f.xlsx")
    assert (first.new, second.new, second.unchanged) == (3, 0, 3)
    assert Response.objects.filter(person__isnull=True).count() == 19


def _shown_groups(data: dict[str, Any], atoms: dict[str, set[int]]) -> list[set[int]]:
    return [atoms[g["group"]] for g in [data["council"], *data["groups"]] if not g["suppressed"]]


# The atoms of the imported council: (team, profession) cells and who is in them.
ATOM_COUNTS = [7, 3, 4, 2]  # Assessment SW, Duty SW, Fostering SW, Fostering FS
ATOMS = {
    "All of Coventry": {0, 1, 2, 3},
    "Safeguarding": {0, 1},
    "Children in Care": {2, 3},
    "Assessment": {0},
    "Duty": {1},
    "Fostering": {2, 3},
    "Social worker": {0, 1, 2},
    "Family support worker": {3},
}


def test_results_hide_small_groups_directly_and_by_difference(org: Any, today: Any) -> None:
    c = council(org, today)
    make_staff(org, staff_id="N1", first_name="Sam", last_name="Worker1", team=c.teams["Duty"])
    assert _import(c, _rows()).ok
    res = survey_results(c.survey)
    everything: list[set[int]] = []
    for by in ("team", "service", "profession"):
        data = res.as_dict(by)
        everything += _shown_groups(data, ATOMS)
        for g in data["groups"]:
            if g["suppressed"]:
                assert g["respondents"] is None and g["comments"] is None
                assert all(x["mean"] is None and x["enps"] is None for x in g["questions"])
    # Whatever a reader combines from all three breakdowns, nothing under five comes out.
    assert derivable_small_groups(ATOM_COUNTS, everything, 5) == []

    teams = {g.label: g for g in res.breakdown("team")}
    # Duty (3) is too small; Safeguarding (10) minus Assessment (7) would give it, so
    # Assessment is hidden too; Fostering (6) shows.
    assert teams["Duty"].reason == "fewer than 5 respondents"
    assert (teams["Assessment"].reason or "").startswith("hidden so that a group under 5")
    assert teams["Fostering"].respondents == 6
    services = {g.label: g for g in res.breakdown("service")}
    assert (services["Safeguarding"].respondents, services["Children in Care"].respondents) == (
        10,
        6,
    )
    professions = {g.label: g for g in res.breakdown("profession")}
    # Family support (2) is hidden, so social workers (14 of 16) must be too.
    assert not professions["Social worker"].shown and not professions["Family support worker"].shown
    # Hand-worked figures. Workload: 7x4 + 3x2 + 6x5 = 64 / 16 = 4.0; favourable (4 or 5) 13/16.
    workload, enps = res.scale_questions
    council_fig = res.council.figures[workload.pk]
    assert (res.council.respondents, council_fig.mean, council_fig.favourable) == (16, 4.0, 81)
    # eNPS, council: promoters (9, 10) 4 + 6 = 10; detractors (0-6) 1 + 3 = 4: (10-4)/16 = 38.
    assert res.council.figures[enps.pk].enps == 38
    # Safeguarding: workload (28 + 6) / 10 = 3.4; promoters 4, detractors 4: eNPS 0.
    assert services["Safeguarding"].figures[workload.pk].mean == 3.4
    assert services["Safeguarding"].figures[enps.pk].enps == 0
    # Comments: names in the register removed; shown for the council and shown groups only.
    assert res.council.comments == [
        "Duty is hard",
        "Duty is hard",
        "Duty is hard",
        "More time",
        "[name] [name] was great",
    ]
    assert teams["Duty"].comments == [] and teams["Assessment"].comments == []


def test_the_page_export_cli_and_api_hide_the_same_groups(
    org: Any, today: Any, capsys: Any, tmp_path: Path
) -> None:
    c = council(org, today)
    make_staff(org, staff_id="N1", first_name="Sam", last_name="Worker1", team=c.teams["Duty"])
    assert _import(c, _rows()).ok
    lead = c.lead
    client = Client()
    client.force_login(lead)
    url = reverse("engagement:results", args=[org.code])
    page = client.get(url, {"survey": str(c.survey.pk), "by": "team"}).content.decode()
    assert "Not shown: fewer than 5 respondents" in page
    assert "Not shown: hidden so that a group under 5" in page
    assert "Duty is hard" in page and "Sam Worker1" not in page
    export = client.get(reverse("engagement:results_export", args=[org.code]))
    book = load_workbook(io.BytesIO(export.content))
    by_team = list(book["By team"].iter_rows(min_row=2, values_only=True))
    duty = [r for r in by_team if r[0] == "Duty"]
    assert duty and all(r[2] is None and r[4] is None for r in duty)
    fostering = [r for r in by_team if r[0] == "Fostering"]
    assert fostering[0][2] == 6 and fostering[0][4] == 5.0

    assert (
        main(
            [
                "survey",
                "results",
                "--org",
                org.code,
                "--survey",
                "Spring 2026",
                "--by",
                "service",
                "--format",
                "json",
                "--as",
                lead.email,
            ]
        )
        == 0
    )
    cli = json.loads(capsys.readouterr().out)
    api = client.get(f"/api/organisations/{org.code}/engagement/results/?by=service").json()
    shown = with_region(survey_results(c.survey)).as_dict("service")
    assert cli == api == json.loads(json.dumps(shown))
    assert [g["respondents"] for g in cli["groups"]] == [6, 10]

    practitioner = make_user(org, "practitioner")
    assert main(["survey", "results", "--org", org.code, "--as", practitioner.email]) == 1
    assert "not allowed" in capsys.readouterr().err
    other = Client()
    other.force_login(practitioner)
    assert other.get(f"/api/organisations/{org.code}/engagement/results/").status_code == 403
    assert other.get(url).status_code == 403


def test_the_import_command(org: Any, today: Any, tmp_path: Path, capsys: Any) -> None:
    c = council(org, today)
    path = tmp_path / "answers.csv"
    path.write_text(_rows())
    argv = ["import", "survey_responses", str(path), "--org", org.code]
    assert main([*argv, "--survey", "Spring 2026", "--as", c.lead.email]) == 0
    assert "16 new" in capsys.readouterr().out
    assert main([*argv, "--survey", "Winter"]) == 1
    assert "no survey called 'Winter'" in capsys.readouterr().err
    practitioner = person_in(org, c.teams["Duty"], "P9")[1]
    assert main([*argv, "--survey", "Spring 2026", "--as", practitioner.email]) == 1
    assert Response.objects.count() == 16


@pytest.mark.parametrize("by", ["team", "profession"])
def test_a_council_under_five_shows_nothing(org: Any, today: Any, by: str) -> None:
    c = council(org, today)
    assert _import(c, HEADER + "A1,Assessment,social_worker,4,10,Fine\n").ok
    data = survey_results(c.survey).as_dict(by)
    assert data["council"]["suppressed"] and data["council"]["respondents"] is None
    assert data["council"]["comments"] is None
