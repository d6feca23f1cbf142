"""The projection API on the known council (tests/data/known): every scenario the page shows
(turnover at the region's median too), a custom scenario as the CLI's file, and the backtest,
each the same figures as the CLI for the same seed (one code path), and bad input refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_team, make_user
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db
QUERY = {"years": "3", "runs": "2000", "seed": "4", "on": "2025-09-30"}
ARGS = ["--years", "3", "--runs", "2000", "--seed", "4", "--on", "2025-09-30"]


def _api(client: Client, org: Any, role: str = Role.SENIOR_LEADER, **more: str) -> Any:
    user = make_user(
        org, role, team=make_team(org, "Elsewhere") if role == Role.TEAM_MANAGER else None
    )
    _, key = api_token_create(user=user, name="t")
    return client.get(
        f"/api/organisations/{org.code}/projection/",
        {**QUERY, **more},
        HTTP_AUTHORIZATION=f"Token {key}",
    )


def _cli(capsys: Any, *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["projection", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _region(org: Any, rates: list[float]) -> None:
    """The region's councils' published turnover (FTE, %) for 2024: median of *rates*."""
    from thrive.intelligence.models import PublishedFigure

    PublishedFigure.objects.create(
        time_period=2024, geographic_level="Regional", area_code="E12000005",
        area_name=org.region, measure="turnover_rate_fte", value=15.0,
    )  # fmt: skip
    for i, rate in enumerate(rates):
        PublishedFigure.objects.create(
            time_period=2024, geographic_level="Local authority", area_code=f"9{i:02d}",
            area_name=f"Council {i}", region_code="E12000005", measure="turnover_rate_fte",
            value=rate,
        )  # fmt: skip


def test_as_now_and_a_named_scenario_match_the_cli(client: Client, known: Any, capsys: Any) -> None:
    api = _api(client, known).json()
    cli = _cli(capsys, "--org", known.code, *ARGS)
    assert api["years"] == cli["years"] and api["inputs"] == cli["inputs"]
    assert api["years"][0]["inpost_fte"] == {"p10": 1.5, "p50": 1.5, "p90": 1.5}
    capped = _api(client, known, scenario="Agency capped at 10%").json()
    by_name = _cli(capsys, "--org", known.code, *ARGS, "--scenario", "Agency capped at 10%")
    assert capped["scenario"]["agency_cap_share"] == 0.1 and capped["years"] == by_name["years"]
    assert capped["years"] != api["years"]


def test_turnover_at_the_regions_median(client: Client, known: Any, capsys: Any) -> None:
    from thrive.intelligence.models import PublishedFigure

    PublishedFigure.objects.filter(measure="turnover_rate_fte").delete()  # none loaded
    missing = _api(client, known, scenario="Turnover at the region's median")
    assert missing.status_code == 400
    assert "no published turnover figures" in missing.content.decode()
    _region(known, [8.0, 30.0, 12.0])  # median 12.0
    api = _api(client, known, scenario="Turnover at the region's median").json()
    assert api["scenario"]["name"] == "Turnover at the region's median (12.0%)"
    assert api["scenario"]["turnover_rate"] == 12.0
    named = _api(client, known, scenario="Turnover at the region's median (12.0%)").json()
    cli = _cli(capsys, "--org", known.code, *ARGS, "--scenario", "Turnover at the region's median")
    assert api["years"] == named["years"] == cli["years"]


def test_a_custom_scenario_is_the_clis_file(
    client: Client, known: Any, capsys: Any, tmp_path: Path
) -> None:
    settings = {"name": "Grow our own", "academy_intake_delta": 2, "caseload_cap": 12}
    path = tmp_path / "grow.json"
    path.write_text(json.dumps(settings))
    cli = _cli(capsys, "--org", known.code, *ARGS, "--scenario", str(path))
    api = _api(client, known, name="Grow our own", academy_intake_delta="2", caseload_cap="12")
    data = api.json()
    assert data["scenario"]["name"] == "Grow our own" and data["years"] == cli["years"]
    for bad, said in [
        ({"agency_cap_share": "1.5"}, "agency_cap_share must be a share from 0 to 0.9"),
        ({"caseload_cap": "lots"}, "caseload_cap must be a number"),
        ({"turnover_rate": "-3"}, "turnover_rate must be a percentage from 0 to 100"),
        ({"turnover_rate": "10", "scenario": "As now"}, "not both"),
        ({"scenario": "Everything fixed"}, "scenario must be one of: As now"),
    ]:
        response = _api(client, known, **bad)
        assert response.status_code == 400 and said in response.content.decode(), bad


def test_the_backtest_reports_its_error_as_the_cli_and_page_do(
    client: Client, known: Any, capsys: Any
) -> None:
    api = _api(client, known, backtest="2024").json()
    cli = _cli(capsys, "--org", known.code, *ARGS, "--backtest", "2024")
    bt = api["backtest"]
    # Fitted on 30 September 2024 and compared a year on: 1.5 FTE were in post.
    assert (bt["fitted_year"], bt["compared_year"], bt["actual"]) == (2024, 2025, 1.5)
    assert bt["error"] == round(bt["p50"] - bt["actual"], 1) and bt == cli["backtest"]
    assert bt["p10"] <= bt["p50"] <= bt["p90"]
    assert "backtest" not in _api(client, known).json()
    assert _api(client, known, backtest="1999").status_code == 400
    manager = _api(client, known, Role.TEAM_MANAGER, backtest="2024")
    assert manager.status_code == 400 and "whole council" in manager.content.decode()
