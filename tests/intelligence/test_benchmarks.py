"""Loading DfE's published files and setting a council's figures beside them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.cli import main
from thrive.core.roles import Role
from thrive.intelligence.models import PublishedFigure, StatisticalNeighbour

DFE = Path(settings.THRIVE_DFE_DATA_DIR)
INDICATORS = DFE / "csww_indicators_2017_to_2025.csv"
NEIGHBOURS = DFE / "New_Statistical_Neighbour_Groupings_April_2021.csv"
needs_dfe = pytest.mark.skipif(not INDICATORS.exists(), reason="published DfE files not present")

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,inpost_fte,inpost_headcount,starters_fte,"
    "starters_headcount,leavers_fte,leavers_headcount,turnover_rate_fte,turnover_rate_headcount,"
    "agency_fte,agency_headcount,agency_rate_fte,agency_rate_headcount,agency_cover_fte,"
    "agency_cover_rate_fte,vacancy_fte,vacancy_rate_fte,vacancy_agency_cover_rate_fte,"
    "case_holders_fte,cases,caseload_fte,working_days_lost_fte,absence_rate_fte"
)
ROWS = [
    "2025,Reporting year,National,E92000001,England,,,,,,36186.3,38292,5837.8,6043,4276.3,4611,"
    "11.8,12,5415.9,5566,13,12.7,4390.8,81.1,5965.4,14.2,73.6,21105.4,321661,15.2,322786.3,3.5",
    "2025,Reporting year,Regional,E92000001,England,E12000005,West Midlands,,,,4130.2,4357,584.2,"
    "619,474.3,509,11.5,11.7,482,505,10.4,10.4,394.8,81.9,674.3,14,58.5,2441.8,37460,15.3,"
    "42342.7,4.1",
    "2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,331,E08000026,"
    "Coventry,377.8,399,50.7,69,42.6,48,11.3,12,24.4,25,6.1,5.9,24.4,100,30,7.4,81.3,235.5,3014,"
    "12.8,4404.5,4.6",
    "2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,330,E08000025,"
    "Birmingham,c,c,x,x,z,z,z,z,5,5,1,1,u,u,4,u,x,x,x,x,x,x",
]


def write(tmp_path: Path, rows: list[str], name: str = "indicators.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8-sig")
    return path


@pytest.mark.django_db
def test_load_synthetic_indicators_with_symbols(tmp_path: Path, capsys: Any) -> None:
    assert main(["benchmarks", "load", str(write(tmp_path, ROWS))]) == 0
    assert "Loaded" in capsys.readouterr().out
    coventry = PublishedFigure.objects.get(
        area_code="331", measure="turnover_rate_fte", time_period=2025
    )
    assert coventry.value == 11.3
    suppressed = PublishedFigure.objects.get(
        area_code="330", measure="inpost_fte", time_period=2025
    )
    assert (suppressed.value, suppressed.symbol) == (None, "c")
    # Loading again replaces rather than duplicates.
    count = PublishedFigure.objects.count()
    assert main(["benchmarks", "load", str(write(tmp_path, ROWS))]) == 0
    assert PublishedFigure.objects.count() == count


@pytest.mark.django_db
def test_bad_published_file_is_refused_with_reasons(tmp_path: Path, capsys: Any) -> None:
    before = PublishedFigure.objects.count()  # the shipped figures, loaded by migrate
    bad = ROWS[:2] + [ROWS[2].replace("377.8", "lots")]
    assert main(["benchmarks", "load", str(write(tmp_path, bad))]) == 1
    assert "column inpost_fte" in capsys.readouterr().err
    assert PublishedFigure.objects.count() == before  # nothing written
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    assert main(["benchmarks", "load", str(other)]) == 1


@needs_dfe
@pytest.mark.django_db
def test_load_the_real_published_files(capsys: Any) -> None:
    assert main(["benchmarks", "load", str(INDICATORS), str(NEIGHBOURS)]) == 0
    england = PublishedFigure.objects.get(
        time_period=2025, geographic_level="National", measure="inpost_fte"
    )
    assert england.value == 36186.3
    havering = PublishedFigure.objects.get(
        time_period=2025, area_name="Havering", measure="agency_rate_fte"
    )
    assert havering.value == 41.7
    assert StatisticalNeighbour.objects.filter(la_code="202").first().neighbour_code == "213"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_dashboard_and_benchmarks_page_show_published_figures(
    client: Client, org: Any, tmp_path: Path
) -> None:
    assert main(["benchmarks", "load", str(write(tmp_path, ROWS))]) == 0
    client.force_login(make_user(org, Role.SENIOR_LEADER))
    page = client.get(reverse("intelligence:workforce", args=[org.code]), {"year": 2025})
    text = page.content.decode()
    assert 'data-published="turnover_rate_fte">11.3<' in text
    assert "Statistical neighbours" in text
    page = client.get(
        reverse("intelligence:benchmarks", args=[org.code]), {"measure": "vacancy_rate_fte"}
    )
    text = page.content.decode()
    assert "Coventry (published)" in text and "England (published)" in text
    assert text.count("<svg") == 1 and 'id="benchmark-table"' in text


@pytest.mark.django_db
def test_benchmarks_page_is_for_whole_council_roles(client: Client, org: Any) -> None:
    from tests.factories import make_team

    team = make_team(org, "Assessment Team 1")
    client.force_login(make_user(org, Role.TEAM_MANAGER, team=team))
    assert client.get(reverse("intelligence:benchmarks", args=[org.code])).status_code == 403
    client.force_login(make_user(org, Role.PANEL_MEMBER))
    assert client.get(reverse("intelligence:benchmarks", args=[org.code])).status_code == 403
