"""Every council's measures in one pass (``thrive metrics --all``), the same figures as one
council's, and the cache of them moved on by any write to the register."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import import_known, make_org, make_user
from tests.intelligence.test_metrics_cli import EXPECTED
from thrive.cli import main
from thrive.core.cache import data_version
from thrive.core.roles import Role
from thrive.intelligence.services import measures_all_councils, measures_for, measures_for_year
from thrive.people.models import StaffMember
from thrive.people.services import absence_record


@pytest.mark.django_db
def test_metrics_all_prints_every_council_in_one_pass(known: Any, capsys: Any) -> None:
    second = import_known(make_org("331", "Coventry"))
    empty = make_org("332", "Dudley")
    capsys.readouterr()
    assert main(["metrics", "--all", "--year", "2025", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_code = {row["organisation"]: row for row in rows}
    assert set(by_code) == {known.code, second.code, empty.code}
    for code in (known.code, second.code):
        # The hand-worked figures, for each council as for it alone.
        got = {m: by_code[code][m] for m in EXPECTED}
        assert got == {m: str(v) for m, v in EXPECTED.items()}
    assert by_code[empty.code]["inpost_fte"] == "0.0"
    assert by_code[empty.code]["turnover_rate_fte"] == ""  # no denominator: no figure
    one = measures_all_councils([known, second], 2024)
    assert one[known.pk] == measures_for_year(known, 2024)
    assert one[known.pk].measures == one[second.pk].measures


@pytest.mark.django_db
def test_metrics_all_as_a_person_shows_only_their_whole_councils(known: Any, capsys: Any) -> None:
    other = import_known(make_org("331", "Coventry"))
    leader = make_user(known, Role.SENIOR_LEADER, email="leader@example.test")
    make_user(other, Role.TEAM_MANAGER, email="leader@example.test")
    capsys.readouterr()
    argv = ["metrics", "--all", "--year", "2025", "--format", "csv", "--as", leader.email]
    assert main(argv) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["organisation"] for row in rows] == [known.code]
    make_user(other, Role.PRACTITIONER, email="nobody@example.test")
    assert main([*argv[:-1], "nobody@example.test"]) != 0
    assert "may not see any council" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_write_to_the_register_changes_the_cached_figure(known: Any) -> None:
    before = measures_for(known, 2025)
    assert before["working_days_lost_fte"] == EXPECTED["working_days_lost_fte"]
    version = data_version(known)
    s1 = StaffMember.objects.get(organisation=known, staff_id="S1")
    absence_record(
        person=s1,
        reason="SIC",
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 7),
        working_days=Decimal("5"),
    )
    assert data_version(known) == version + 1
    after = measures_for(known, 2025)
    assert after["working_days_lost_fte"] == pytest.approx(EXPECTED["working_days_lost_fte"] + 5)
    assert measures_for_year(known, 2025).measures == after
    assert measures_all_councils([known], 2025)[known.pk].measures == after


@pytest.mark.django_db
def test_the_workforce_page_shows_a_register_write_at_once(known: Any, client: Any) -> None:
    leader = make_user(known, Role.SENIOR_LEADER, email="leader@example.test")
    client.force_login(leader)
    url = f"/o/{known.code}/workforce/?year=2025"
    assert "8.2" in client.get(url).content.decode()
    absence_record(
        person=StaffMember.objects.get(organisation=known, staff_id="S1"),
        reason="SIC",
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 7),
        working_days=Decimal("5"),
    )
    page = client.get(url).content.decode()
    assert "13.2" in page
