"""Survey results beside the partnership's other councils on the same questions: pooled over
the councils where at least five answered, and shown only when two or more contribute (one
alone would be that council's own figure); in the CLI's JSON and on the page."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.engagement.helpers import q
from tests.factories import make_org, make_team, make_user
from thrive.cli import main
from thrive.engagement.imports import survey_responses_import
from thrive.engagement.results import TOO_FEW_COUNCILS, survey_results, with_region
from thrive.engagement.services import library_ensure, survey_create
from thrive.people.models import Partnership


def _wave(org: Any, today: date, values: list[int]) -> Any:
    make_team(org, "Assessment", service="Safeguarding")
    library_ensure(organisation=org)
    survey = survey_create(
        organisation=org,
        name="Spring 2026",
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=14),
        questions=[q(org, "hc-workload")],
    )
    text = "response_id,team,profession,hc-workload\n" + "".join(
        f"R{i},Assessment,social_worker,{v}\n" for i, v in enumerate(values)
    )
    report = survey_responses_import(survey=survey, content=text.encode(), filename="r.csv")
    assert report.ok, report.problems
    return survey


def test_the_other_councils_only_where_two_or_more_contribute(
    org: Any, other_org: Any, today: date, capsys: Any
) -> None:
    group = Partnership.objects.create(name="West Midlands partnership", region=org.region)
    third, small = make_org("334", "Solihull"), make_org("335", "Walsall")
    for o in (org, other_org, third, small):
        o.partnership = group
        o.save()
    mine = _wave(org, today, [3] * 6)
    _wave(other_org, today, [4] * 5)
    _wave(small, today, [1] * 4)  # four answers: never pooled
    code = q(org, "hc-workload").pk
    figure = with_region(survey_results(mine)).region[code]
    assert figure.reason == TOO_FEW_COUNCILS and figure.mean is None  # Birmingham alone
    _wave(third, today, [2] * 5)
    figure = with_region(survey_results(mine)).region[code]
    assert figure.shown and figure.mean == 3.0  # (5 × 4 + 5 × 2) / 10, Walsall's four left out
    capsys.readouterr()
    assert main(["survey", "results", "--org", org.code, "--survey", "Spring 2026",
                 "--by", "team", "--format", "json"]) == 0  # fmt: skip
    (row,) = json.loads(capsys.readouterr().out)["region"]
    assert (row["code"], row["mean"], row["suppressed"]) == ("hc-workload", 3.0, False)
    client = Client()
    client.force_login(make_user(org, "principal_social_worker"))
    page = client.get(reverse("engagement:results", args=[org.code])).content.decode()
    assert (
        "The partnership&#x27;s other councils" in page
        or "The partnership's other councils" in page
    )
    # The Excel export: the council beside the other councils, hidden by the same rules.
    book = load_workbook(
        io.BytesIO(client.get(reverse("engagement:results_export", args=[org.code])).content)
    )
    assert book.sheetnames == ["By team", "By service", "By profession", "Region", "Comments"]
    (row,) = book["Region"].iter_rows(min_row=2, values_only=True)
    assert row[1:3] == (3.0, 0) and not row[4]  # the council: six answers of 3
    assert row[5] == 3.0 and not row[8]  # the other councils, Walsall's four left out
    third.partnership = None
    third.save()
    book = load_workbook(
        io.BytesIO(client.get(reverse("engagement:results_export", args=[org.code])).content)
    )
    (row,) = book["Region"].iter_rows(min_row=2, values_only=True)
    assert row[5:8] == (None, None, None) and row[8] == TOO_FEW_COUNCILS
