"""The published figures ship with Thrive: a versioned data package read from inside the
repository, loaded by ``migrate`` and by ``thrive benchmarks load`` with no file."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import thrive
from tests.factories import make_user
from thrive.cli import main
from thrive.core.roles import Role
from thrive.intelligence.models import BenchmarkLoad, PublishedFigure, StatisticalNeighbour
from thrive.intelligence.published_data import PACKAGE_DIR, package, sha256_of

REPO = Path(thrive.__file__).resolve().parents[1]


def test_every_file_is_in_the_package_as_published_with_its_source_and_licence() -> None:
    pkg = package()
    assert pkg.licence == "Open Government Licence v3.0"
    assert "Open Government Licence v3.0" in pkg.attribution
    kinds = {f.kind for f in pkg.files}
    assert {"indicators", "neighbours", "ethnicity_la", "ethnicity_region"} <= kinds
    total = 0
    for f in pkg.files:
        content = f.path.read_bytes()
        total += len(content)
        assert sha256_of(content) == f.sha256, f.file
        assert f.licence == "Open Government Licence v3.0"
        assert f.publisher in {"Department for Education", "Office for National Statistics"}
        assert f.source.startswith("https://") and f.published and f.attribution
        # Inside the repository (and the installed package), not beside it.
        assert f.path.resolve().is_relative_to(REPO / "thrive"), f.path
    assert 700_000 < total < 900_000  # about 0.8 MB


def test_the_installed_package_carries_the_files() -> None:
    """pyproject's package-data names every file of the package, so a wheel carries them."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["thrive.intelligence"]
    base = REPO / "thrive" / "intelligence"
    shipped = [PACKAGE_DIR / "manifest.toml", *(f.path for f in package().files)]
    for path in shipped:
        relative = str(path.relative_to(base))
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative
    ignore = (REPO / ".gitignore").read_text().split()
    assert not any(p in {"*.csv", "*.toml", "data/", "thrive/intelligence/data/"} for p in ignore)


def _forget_published() -> None:
    PublishedFigure.objects.all().delete()
    StatisticalNeighbour.objects.all().delete()
    BenchmarkLoad.objects.all().delete()


@pytest.mark.django_db
def test_a_fresh_deployment_with_nothing_beside_it_has_the_benchmarks(
    client: Client, org: Any, settings: Any, tmp_path: Path
) -> None:
    # No ../shared anywhere: the only published data is the package inside the repository.
    settings.THRIVE_SHARED_DIR = tmp_path / "nowhere"
    settings.THRIVE_DFE_DATA_DIR = tmp_path / "nowhere" / "data" / "dfe"
    _forget_published()
    call_command("migrate", verbosity=0)  # what `thrive migrate` runs on a new deployment
    loads = {load.kind: load for load in BenchmarkLoad.objects.all()}
    assert set(loads) == {"indicators", "neighbours"}
    for kind, load in loads.items():
        assert load.source == "package" and load.sha256 == package().file(kind).sha256
        assert load.package_version == package().version
    england = PublishedFigure.objects.get(
        time_period=2025, geographic_level="National", measure="inpost_fte"
    )
    assert england.value == 36186.3
    assert StatisticalNeighbour.objects.filter(la_code="331").count() == 10
    # Running migrate again loads nothing more.
    call_command("migrate", verbosity=0)
    assert BenchmarkLoad.objects.count() == 2

    client.force_login(make_user(org, Role.SENIOR_LEADER))
    page = client.get(reverse("intelligence:workforce", args=[org.code]), {"year": 2025})
    text = page.content.decode()
    assert 'data-published="turnover_rate_fte">11.3<' in text  # Coventry's published figure
    assert "West Midlands" in text and "Statistical neighbours (average)" in text
    assert "Neighbours&#x27; range" in text or "Neighbours' range" in text
    assert 'data-range="turnover_rate_fte">' in text and " to " in text
    benchmarks = client.get(reverse("intelligence:benchmarks", args=[org.code])).content.decode()
    assert "Coventry (published)" in benchmarks and "England (published)" in benchmarks
    assert "ships with Thrive" in benchmarks
    assert "thrive benchmarks load" not in benchmarks and "<code>" not in benchmarks
    assert "Open Government Licence v3.0" in benchmarks
    footer = text[text.index('id="published-data-attribution"') :]
    assert "Department for Education" in footer and "Office for National Statistics" in footer


@pytest.mark.django_db
def test_a_senior_leader_never_sees_an_administrators_command(client: Client, org: Any) -> None:
    _forget_published()
    client.force_login(make_user(org, Role.SENIOR_LEADER))
    page = client.get(reverse("intelligence:benchmarks", args=[org.code])).content.decode()
    main_part = page.split("<main", 1)[1].split("</main>")[0]
    assert "not available in this deployment" in main_part
    assert "benchmarks load" not in main_part and "<code>" not in main_part


def _newer_file(tmp_path: Path) -> Path:
    """The shipped indicators file with a 2026 added (2025's rows again) and one 2025 figure
    revised: what DfE's next release looks like to the loader."""
    lines = package().file("indicators").path.read_text(encoding="utf-8-sig").splitlines()
    header, rows = lines[0], lines[1:]
    revised = []
    for row in rows:
        if row.startswith("2025,") and ",331,E08000026,Coventry," in row:
            cells = row.split(",")
            column = header.split(",").index("turnover_rate_fte")
            cells[column] = "11.4"  # was 11.3
            row = ",".join(cells)
        revised.append(row)
    added = ["2026," + r.split(",", 1)[1] for r in rows if r.startswith("2025,")]
    path = tmp_path / "csww_indicators_2017_to_2026.csv"
    path.write_text("\n".join([header, *added, *revised]) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_load_with_no_file_loads_the_package_and_a_newer_file_says_what_changed(
    tmp_path: Path, capsys: Any
) -> None:
    _forget_published()
    assert main(["benchmarks", "load"]) == 0
    out = capsys.readouterr().out
    assert "ships with Thrive" in out and "csww_indicators_2017_to_2025.csv" in out
    assert "for 2017–2025" in out
    assert main(["benchmarks", "load"]) == 0  # the same again: nothing changed, nothing said
    assert "Changed" not in capsys.readouterr().out

    assert main(["benchmarks", "load", str(_newer_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "for 2017–2026" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["2025", "turnover_rate_fte", "0", "added,", "1", "changed,", "0", "removed"] in lines
    la_and_areas = PublishedFigure.objects.filter(time_period=2025, measure="inpost_fte").count()
    assert ["2026", "inpost_fte", str(la_and_areas), "added,", "0", "changed,", "0", "removed"] in (
        lines
    )
    load = BenchmarkLoad.objects.filter(kind="indicators").first()
    assert load is not None and load.source == "file"
    assert {
        "measure": "turnover_rate_fte",
        "year": 2025,
        "added": 0,
        "changed": 1,
        "removed": 0,
    } in (load.changes)
    assert (
        PublishedFigure.objects.get(
            time_period=2025, area_code="331", measure="turnover_rate_fte"
        ).value
        == 11.4
    )
    # An upgrade's migrate never undoes an administrator's newer file.
    call_command("migrate", verbosity=0)
    assert PublishedFigure.objects.filter(time_period=2026).exists()
    assert (
        PublishedFigure.objects.get(
            time_period=2025, area_code="331", measure="turnover_rate_fte"
        ).value
        == 11.4
    )
