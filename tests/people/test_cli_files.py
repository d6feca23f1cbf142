"""A file named on the command line that cannot be read is refused in words, by every command
that reads one (they share ``read_path``), and nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import make_org
from thrive.cli import main
from thrive.core.errors import ThriveError
from thrive.intelligence.models import BenchmarkLoad
from thrive.people.imports.reading import read_path
from thrive.people.models import StaffMember


def test_read_path_gives_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(b"staff_id\nS1\n")
    assert read_path(path) == b"staff_id\nS1\n"


def test_read_path_refuses_a_missing_file_in_words(tmp_path: Path) -> None:
    with pytest.raises(ThriveError, match=r"Cannot read .*missing\.csv: No such file"):
        read_path(tmp_path / "missing.csv")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "argv",
    [
        ["import", "staff", "{missing}", "--org", "331"],
        ["benchmarks", "load", "{missing}"],
        ["census", "validate", "{missing}"],
    ],
)
def test_commands_refuse_a_file_they_cannot_read(
    argv: list[str], tmp_path: Path, capsys: Any
) -> None:
    make_org("331", "Coventry")
    missing = str(tmp_path / "missing.csv")
    loads = BenchmarkLoad.objects.count()
    code = main([a.replace("{missing}", missing) for a in argv])
    err = capsys.readouterr().err
    assert code == 1
    assert f"Refused: Cannot read {missing}: No such file or directory." in err
    assert not StaffMember.objects.exists()
    assert BenchmarkLoad.objects.count() == loads
