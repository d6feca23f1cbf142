"""The DfE quarterly agency return for January to March 2026 from tests/agency/data/placements.csv,
its figures worked by hand: the page, the problems, and the CSV and XLSX exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.factories import make_user
from thrive.agency.quarterly import last_complete_quarter, quarter_bounds
from thrive.cli import main
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

DATA = Path(__file__).parent / "data"

# Days in the quarter x 37 hours x the hourly charge / 7, each rounded to the penny.
SPEND = {
    "A7": "26164.29",  # 1 Jan to 31 Mar: 90 days at £55
    "A1": "25001.43",  # 5 Jan to 31 Mar: 86 days at £55
    "A8": "25001.43",  # the same days and charge
    "A2": "13795.71",  # 2 Feb to 31 Mar: 58 days at £45
    "A3": "9197.14",  # 2 to 31 Mar: 30 days at £58
    "A4": "8562.86",  # 30 days at £54
    "A5": "8562.86",
}


@pytest.fixture
def placed(known: Any, capsys: Any) -> Any:
    assert main(["import", "agency_caps", str(DATA / "caps.csv")]) == 0
    assert main(["import", "placements", str(DATA / "placements.csv"), "--org", known.code]) == 0
    capsys.readouterr()
    return known


def test_quarters_are_calendar_quarters() -> None:
    assert quarter_bounds("2025-Q4") == (date(2025, 10, 1), date(2025, 12, 31))
    assert quarter_bounds("2026-q1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert last_complete_quarter(date(2026, 6, 17)) == "2026-Q1"
    assert last_complete_quarter(date(2026, 1, 1)) == "2025-Q4"
    with pytest.raises(ThriveError, match="like 2025-Q4"):
        quarter_bounds("2025 Q5")


@pytest.mark.django_db
def test_the_return_in_json(placed: Any, capsys: Any) -> None:
    code = main(
        ["agency", "return", "--org", placed.code, "--quarter", "2026-Q1", "--format", "json"]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {r["placement_id"]: r["spend_in_quarter"] for r in out["rows"]} == SPEND
    assert out["summary"] == {
        "placements": "7",  # A6 starts in April
        "new": "6",  # all but A7, begun in 2024
        "ended": "1",  # A8, on 31 March
        "in_force_at_end": "7",
        "fte_at_end": "7",
        "covering_vacancies": "1",
        "project_team": "1",
        "above_cap": "0",
        "above_cap_signed_off": "0",
        "with_breaches": "6",
        "spend": str(sum(Decimal(v) for v in SPEND.values())),  # 116285.72
    }
    assert out["summary"]["spend"] == "116285.72"
    a1 = next(r for r in out["rows"] if r["placement_id"] == "A1")
    assert (a1["swe_number"], a1["covers_vacancy"], a1["price_cap"]) == ("SW100004", "yes", "42")
    assert {"placement_id": "A5", "column": "breaches", "reason": "breaks: notice (national)"} in (
        out["problems"]
    )
    assert sum(1 for p in out["problems"] if p["column"] == "swe_number") == 6


@pytest.mark.django_db
def test_the_page_and_its_exports(placed: Any) -> None:
    hr = make_user(placed, Role.HR_RECRUITMENT)
    client = Client()
    client.force_login(hr)
    base = f"/o/{placed.code}/agency/quarterly-return/"
    html = client.get(base + "?quarter=2026-Q1").content.decode()
    assert '<dd class="govuk-summary-list__value" id="sum-spend">£116285.72</dd>' in html
    assert "A5</a>, breaches: breaks: notice (national)" in html
    bad = client.get(base + "?quarter=2026-Q9")
    assert "Enter the quarter as YYYY-QN" in bad.content.decode()
    exported = client.get(base + "export/?quarter=2026-Q1")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {r["placement_id"]: r["spend_in_quarter"] for r in rows} == SPEND
    book = client.get(base + "export/?quarter=2026-Q1&format=xlsx")
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][3] == "placement_id" and len(values) == 8
    assert AuditEvent.objects.filter(action="agency.return_exported").count() == 2
    client.force_login(make_user(placed, Role.TEAM_MANAGER))
    assert client.get(base + "export/?quarter=2026-Q1").status_code == 403


@pytest.mark.django_db
def test_the_quarterly_returns_are_on_the_schedule_once_a_quarter(
    placed: Any, other_org: Any, monkeypatch: Any, client: Client
) -> None:
    """The schedule (thrive/jobs/registry.py) queues the quarterly returns from 06:30 on any day
    of a quarter's first month, once for the quarter just ended; the job makes one return job a
    council, each with its file; running the schedule or the jobs again makes nothing twice."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from thrive.jobs import worker
    from thrive.jobs.models import Job
    from thrive.jobs.registry import SCHEDULE

    quarterly = [i for i in SCHEDULE if i.every == "quarter"]
    assert [i.kind for i in quarterly] == ["quarterly_returns"]
    monkeypatch.setattr(worker, "SCHEDULE", quarterly)  # the daily jobs are tested elsewhere
    london = ZoneInfo("Europe/London")
    assert worker.schedule_due(datetime(2026, 4, 1, 6, 29, tzinfo=london)) == []
    assert worker.schedule_due(datetime(2026, 3, 31, 23, 0, tzinfo=london)) == []
    assert worker.schedule_due(datetime(2026, 6, 17, 9, 0, tzinfo=london)) == []  # third month
    first = worker.schedule_due(datetime(2026, 4, 1, 6, 30, tzinfo=london))
    later = worker.schedule_due(datetime(2026, 4, 20, 9, 0, tzinfo=london))  # worker was down
    assert [j.pk for j in first] == [j.pk for j in later]
    parent = Job.objects.get()
    assert parent.unique_key == "quarterly-returns:2026-Q1"
    assert parent.params == {"quarter": "2026-Q1"}
    # The parent, then one agency return job for each council.
    assert worker.run_worker(exit_when_idle=True, poll=0, schedule=False) == 3
    returns = Job.objects.filter(kind="agency_return").order_by("organisation__code")
    assert list(returns.values_list("organisation__code", "status")) == [
        ("330", "succeeded"),
        (placed.code, "succeeded"),
    ]
    mine = returns.get(organisation=placed)
    assert mine.unique_key == f"agency-return:{placed.code}:2026-Q1"
    assert mine.result["summary"]["placements"] == "7"
    assert mine.result["problems"] > 0
    # Run again (a worker killed after queueing the councils' jobs): no second return.
    parent.status = Job.Status.QUEUED
    parent.save(update_fields=["status"])
    assert worker.run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    assert Job.objects.filter(kind="agency_return").count() == 2
    # The file is on the job's page for those who see agency placements, not for others.
    client.force_login(make_user(placed, Role.SENIOR_LEADER))
    download = client.get(f"/o/{placed.code}/jobs/{mine.pk}/download/")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 8 and rows[0][0] == "la_code"
    client.force_login(make_user(placed, Role.PRACTITIONER))
    assert client.get(f"/o/{placed.code}/jobs/{mine.pk}/download/").status_code == 403
