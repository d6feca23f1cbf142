"""One registry of import kinds: each app lists its own in its ``imports`` module, and `thrive
import KIND`, the upload page and the background job all find them there."""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from thrive.cli import build_parser
from thrive.core.areas import area_modules
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.people.forms import ImportUploadForm
from thrive.people.imports import ImportKind, import_kinds, run_import
from thrive.people.imports.base import Importer

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
    """The two old ways (changing people's table at start-up, a ``cli.IMPORTS``) are gone, and
    so is a kind made of a bare function (``ImportKind(run=...)``): an ``ImportKind`` is written
    only in an app's ``imports`` module."""
    for path in (ROOT / "thrive").rglob("*.py"):
        text = path.read_text()
        assert "IMPORTERS" not in text, path
        assert "IMPORTS = " not in text, path
        assert "importer_kind" not in text, path
        if "ImportKind(" in text and path.parent.name != "imports":
            assert path.name == "imports.py", path


def test_each_kind_is_an_importer_declared_the_one_way() -> None:
    """A kind is an ``ImportKind`` over an ``Importer`` subclass, which alone names it, says who
    may import it and whether it is regional; the kind only says how it is offered."""
    assert [f.name for f in fields(ImportKind)] == ["importer", "label", "options", "after"]
    for app, module in area_modules("imports"):
        for kind in module.IMPORT_KINDS:
            assert isinstance(kind, ImportKind), (app.name, kind)
            assert issubclass(kind.importer, Importer), (app.name, kind)
            assert kind.importer.__module__.startswith(app.name + "."), (app.name, kind)
            assert (kind.name, kind.capability) == (
                kind.importer.kind,
                kind.importer.capability,
            )
    with pytest.raises(TypeError, match="Importer subclass"):
        ImportKind(lambda **kw: None)  # type: ignore[arg-type]


def _importers(cls: type[Importer]) -> list[type[Importer]]:
    return [c for sub in cls.__subclasses__() for c in (sub, *_importers(sub))]


def test_every_importer_in_the_code_is_a_registered_kind() -> None:
    """An importer no app lists would be a second way in (a file written without the command,
    the upload page and the job knowing of it)."""
    registered = {kind.importer for kind in import_kinds().values()}
    written = {c for c in _importers(Importer) if c.__module__.startswith("thrive.")}
    assert written and written <= registered, written - registered


@pytest.mark.django_db
def test_a_kinds_option_reaches_its_importer_before_the_file_is_read(org: object) -> None:
    """``--survey`` names the wave: a missing one is refused before the file is opened."""
    with pytest.raises(ThriveError, match="--survey NAME"):
        run_import(kind="survey_responses", organisation=org, content=b"", filename="x.xlsx")
