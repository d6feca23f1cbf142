"""Every intelligence table downloads as a formatted workbook: headers in bold, numbers
formatted, panes frozen and the chart where the page shows one."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.core.roles import Role
from thrive.people.models import Team

pytestmark = pytest.mark.django_db


def _book(client: Client, url: str, **params: str) -> Any:
    from openpyxl import load_workbook

    response = client.get(url, {**params, "format": "xlsx"})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    return load_workbook(BytesIO(response.content))


def test_the_intelligence_pages_download_as_workbooks(client: Client, known: Any) -> None:
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    code = known.code
    book = _book(client, reverse("intelligence:workforce", args=[code]), year="2025")
    assert book.sheetnames == ["Measures", "Trend 1", "Trend 2", "Teams"]
    measures = book["Measures"]
    assert measures["A2"].font.bold and measures.freeze_panes == "B3"
    # The known council's 2025 figures (its README): 1.5 FTE in post, turnover 53.3%.
    assert [measures["A3"].value, measures["B3"].value] == ["Social workers in post (FTE)", 1.5]
    trend = book["Trend 1"]
    assert trend._charts and any(c.number_format == "#,##0.0#" for c in trend["B"][2:])
    team = Team.objects.filter(organisation=known).order_by("name").first()
    assert team is not None
    team_book = _book(client, reverse("intelligence:team", args=[code, team.pk]), year="2025")
    assert team_book.sheetnames == ["Measures", "Trend 1", "Trend 2"]
    bench = _book(client, reverse("intelligence:benchmarks", args=[code]))
    assert bench["Benchmarks"]._charts and bench["Benchmarks"]["B2"].value.startswith("Thrive")
    from thrive.jobs.worker import run_worker

    client.post(reverse("intelligence:projection", args=[code]))  # worked out in the background
    run_worker(exit_when_idle=True, poll=0, schedule=False)
    projection = _book(client, reverse("intelligence:projection", args=[code]))
    assert projection.sheetnames[0] == "Scenarios" and projection["inpost_fte"]._charts
    assert projection["Scenarios"]["A3"].value == "As now"
