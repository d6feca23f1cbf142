"""`thrive projection` on the known council (tests/data/known, worked by hand in its README):
year 0 is the register on the day — on 30 September 2025, 1.5 FTE in post, 2.0 FTE vacant,
1.0 FTE agency, 3 cases over 2.0 case-holding FTE = 1.5 — percentiles in order, the same
answer for the same seed, and scenario files checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from thrive.cli import main

pytestmark = pytest.mark.django_db
ARGS = ["--years", "3", "--runs", "2000", "--seed", "4", "--on", "2025-09-30"]


def _run(capsys: Any, *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["projection", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_year_zero_is_the_register_and_the_seed_repeats(known: Any, capsys: Any) -> None:
    out = _run(capsys, "--org", known.code, *ARGS)
    first = out["years"][0]
    assert first["year"] == 0
    assert first["inpost_fte"] == {"p10": 1.5, "p50": 1.5, "p90": 1.5}
    assert first["vacancy_fte"]["p50"] == 2.0 and first["agency_fte"]["p50"] == 1.0
    assert first["caseload"]["p50"] == 1.5
    assert [y["year"] for y in out["years"]] == [0, 1, 2, 3]
    for y in out["years"]:
        for q in ("inpost_fte", "vacancy_fte", "agency_fte", "caseload"):
            assert y[q]["p10"] <= y[q]["p50"] <= y[q]["p90"]
    assert _run(capsys, "--org", known.code, *ARGS) == out


def test_a_scenario_file_caps_agency(known: Any, capsys: Any, tmp_path: Path) -> None:
    scenario = tmp_path / "cap.json"
    scenario.write_text(json.dumps({"name": "Agency at 10%", "agency_cap_share": 0.1}))
    out = _run(capsys, "--org", known.code, *ARGS, "--scenario", str(scenario))
    assert out["scenario"]["name"] == "Agency at 10%"
    for y in out["years"][1:]:
        assert y["agency_fte"]["p90"] <= round(y["inpost_fte"]["p90"] / 9, 1) + 0.1


def test_bad_input_says_what_is_wrong(known: Any, capsys: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"agency_cap": 0.1}')
    assert main(["projection", "--org", known.code, "--scenario", str(bad)]) == 1
    assert "unknown scenario setting(s): agency_cap" in capsys.readouterr().err
    assert main(["projection", "--org", known.code, "--years", "9"]) == 1
    assert "--years must be from 1 to 5" in capsys.readouterr().err


def test_the_page_shows_fans_with_tables_scenarios_and_the_backtest(known: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.factories import make_user
    from thrive.core.roles import Role
    from thrive.jobs.models import Job
    from thrive.jobs.worker import run_worker

    client = Client()
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    url = reverse("intelligence:projection", args=[known.code])
    # The page never works the projection out itself: it asks a background job to.
    first = client.get(url).content.decode()
    assert "Work out the projection" in first and "<svg" not in first
    started = client.post(url)
    job = Job.objects.get(kind="projection_page")
    assert started["Location"] == f"/o/{known.code}/jobs/{job.pk}/"
    assert client.post(url)["Location"] == started["Location"]  # pressed twice: one job
    assert "is being worked out in the background" in client.get(url).content.decode()
    assert run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == job.total == 2
    assert 'id="job-see"' in client.get(started["Location"]).content.decode()
    text = client.get(url).content.decode()
    assert text.count("<svg") == 6 and text.count("(today)") == 6
    for name in ("As now", "Academy intake +10 a year", "Agency capped at 10%", "Caseload cap"):
        assert name in text
    # Fitted on 30 September 2024 (S1 and S3 in post: 2.0 FTE) and compared a year on (1.5).
    assert 'id="backtest"' in text and "1.5 FTE were in post" in text
    client.force_login(make_user(known, Role.PRACTITIONER))
    assert client.get(reverse("intelligence:projection", args=[known.code])).status_code == 403


def test_drivers_say_nothing_where_too_few_people(known: Any, capsys: Any) -> None:
    """The known council has four social workers: no factor has five people on each side, so
    nothing is claimed and each says so."""
    out = _run_drivers(capsys, known.code)
    assert out["people"] >= 1
    assert len(out["factors"]) == 8
    assert {f["status"] for f in out["factors"]} == {"not enough people"}
    assert out["factors"][0]["sentence"].endswith("not enough people to say.")


def _run_drivers(capsys: Any, code: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["drivers", "--org", code, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)
