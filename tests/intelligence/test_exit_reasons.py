"""What leavers said in their exit conversations reaches the retention analysis (the page, the
CLI, the API's JSON and the workbook), by group, and nothing hidden can be worked out: no count
of one to four is shown, and every row and column hides either nothing or five or more between
them (tried on many random tables)."""

from __future__ import annotations

import json
import random
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.test import Client

from analytics.retention import SMALLEST_GROUP, Tenure, exit_reasons_by_group
from tests.factories import make_staff, make_team, make_user
from thrive.cli import main
from thrive.core.roles import Role
from thrive.engagement.exits import exit_conversation_record
from thrive.people.services import spell_end

LABELS = {"pay": "Pay", "workload": "Workload", "travel": "Travel", "family": "Family"}


def _tenure(i: int, group: str) -> Tenure:
    return Tenure(i, date(2020, 1, 1), date(2024, 6, 30), group, None, None, None, None, "Other")


def _hidden_sums_ok(result: Any) -> None:
    for _, n, cells in result.rows:
        if n is None:
            assert all(v is None for v in cells)
    # Counts of one to four never shown.
    for _, n, cells in result.rows:
        assert all(v is None or v == 0 or v >= SMALLEST_GROUP for v in [n, *cells])


@pytest.mark.parametrize("seed", range(40))
def test_nothing_hidden_can_be_worked_out_by_subtraction(seed: int) -> None:
    rng = random.Random(seed)
    groups = [f"T{g}" for g in range(rng.randint(1, 5))]
    tenures, said = [], {}
    truth: dict[tuple[str, str], int] = {}
    for i in range(rng.randint(5, 80)):
        group, reason = rng.choice(groups), rng.choice(list(LABELS))
        t = _tenure(i, group)
        tenures.append(t)
        said[(i, t.end)] = [reason]
        truth[(group, reason)] = truth.get((group, reason), 0) + 1
    result = exit_reasons_by_group(tenures, said, LABELS, on=date(2025, 1, 1), by="team")
    _hidden_sums_ok(result)
    codes = [c for c, _ in result.reasons]
    shown_total = dict(zip(codes, result.totals, strict=True))
    for group, n, cells in result.rows:
        for code, v in zip(codes, cells, strict=True):
            assert v is None or v == truth.get((group, code), 0)
        # Each row against its shown total: hidden nothing, or five or more.
        if n is not None:
            hidden = sum(
                truth.get((group, c), 0) for c, v in zip(codes, cells, strict=True) if v is None
            )
            assert hidden == 0 or hidden >= SMALLEST_GROUP
    for j, code in enumerate(codes):
        if shown_total[code] is None:
            continue
        hidden = sum(truth.get((g, code), 0) for g, _, cells in result.rows if cells[j] is None)
        assert hidden == 0 or hidden >= SMALLEST_GROUP
    # Group sizes against the total shown, and the totals against the total.
    if result.conversations is not None:
        hidden_groups = sum(
            sum(truth.get((g, c), 0) for c in LABELS) for g, n, _ in result.rows if n is None
        )
        assert hidden_groups == 0 or hidden_groups >= SMALLEST_GROUP
        hidden_totals = sum(
            sum(truth.get((g, c), 0) for g in groups) for c, v in shown_total.items() if v is None
        )
        assert hidden_totals == 0 or hidden_totals >= SMALLEST_GROUP


def _leavers(org: Any, reasons: list[str]) -> None:
    team = make_team(org, name="Assessment East")
    for i, reason in enumerate(reasons):
        person = make_staff(org, staff_id=f"EX{i}", team=team)
        spell = person.spells.get()
        spell = spell_end(
            spell=spell,
            end_date=date(2025, 3, 31),
            leaving_reason=3,
            leaver_destination=None,
            version=spell.version,
        )
        exit_conversation_record(
            spell=spell, held_on=date(2025, 3, 20), reasons=[reason, "travel"],
            would_come_back="maybe", actor=None,
        )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.today("2026-01-01")
def test_a_leavers_exit_conversation_is_found_in_the_retention_analysis(
    org: Any, client: Client, capsys: Any
) -> None:
    # Six said workload, five pay, one retirement: the one is hidden, and so the five (else
    # twelve minus six minus five would give the one away).
    _leavers(org, ["workload"] * 6 + ["pay"] * 5 + ["retirement"])
    capsys.readouterr()
    assert main(["retention", "--org", org.code, "--by", "team", "--format", "json"]) == 0
    said = json.loads(capsys.readouterr().out)["exit_reasons"]
    (row,) = said["groups"]
    assert row["group"] == "Assessment East" and row["conversations"] == 12
    assert row["main_reason"] == {"pay": None, "workload": 6, "retirement": None}
    assert said["main_reason_totals"] == {"pay": None, "workload": 6, "retirement": None}

    client.force_login(make_user(org, Role.SENIOR_LEADER))
    page = client.get(f"/o/{org.code}/workforce/retention/?by=team").content.decode()
    table = page.split('id="exit-reasons-table"')[1].split("</table>")[0]
    assert "Workload" in table and "Retirement" in table and ">6<" in table
    assert table.count(">hidden<") == 4  # pay and retirement, in the team's row and in All

    from openpyxl import load_workbook

    book = client.get(f"/o/{org.code}/workforce/retention/?by=team&format=xlsx").content
    leavers = load_workbook(BytesIO(book))["Leavers"]
    rows = [[c.value for c in r] for r in leavers.iter_rows()]
    assert ["Assessment East", 12, "hidden", 6, "hidden"] in [r[:5] for r in rows]  # pay first
