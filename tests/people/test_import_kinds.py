"""One registry of import kinds: each app lists its own in its ``imports`` module, and `thrive
import KIND`, the upload page and the background job all find them there."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from thrive.cli import build_parser
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.people.forms import ImportUploadForm
from thrive.people.imports import import_kinds, run_import

ROOT = Path(__file__).resolve().parents[2]


def test_every_apps_kinds_are_found_where_the_app_lists_them() -> None:
    kinds = import_kinds()
    assert list(kinds)[:4] == ["staff", "posts", "absences", "allocations"]
    assert {"placements", "agency_caps", "survey_responses"} <= set(kinds)
    assert kinds["placements"].capability == Cap.AGENCY_MANAGE
    assert kinds["agency_caps"].regional
    assert kinds["survey_responses"].capability == Cap.ENGAGEMENT_MANAGE
    assert [o.name for o in kinds["survey_responses"].options] == ["survey"]


def test_the_command_offers_every_kind_and_each_kinds_options() -> None:
    parser = build_parser()
    args = parser.parse_args(
        ["import", "survey_responses", "f.csv", "--org", "331", "--survey", "Spring"]
    )
    assert args.kind == "survey_responses" and args.survey == "Spring"
    sub: Any = next(
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    ).choices["import"]
    kind: Any = next(a for a in sub._actions if a.dest == "kind")
    assert list(kind.choices) == list(import_kinds())


def test_the_upload_page_offers_the_registers_kinds_only() -> None:
    field: Any = ImportUploadForm().fields["kind"]
    offered = dict(field.choices)
    assert list(offered) == ["staff", "posts", "absences", "allocations"]
    assert all(import_kinds()[name].capability == Cap.REGISTER_IMPORT for name in offered)


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_naming_the_kinds(org: object) -> None:
    with pytest.raises(ThriveError, match="'payroll' is not an import; use one of: staff"):
        run_import(kind="payroll", organisation=org, content=b"a\n", filename="x.csv")


def test_no_app_adds_a_kind_any_other_way() -> None:
    """The two old ways (changing people's table at start-up, a ``cli.IMPORTS``) are gone."""
    for path in (ROOT / "thrive").rglob("*.py"):
        text = path.read_text()
        assert "IMPORTERS" not in text, path
        assert "IMPORTS = " not in text, path
