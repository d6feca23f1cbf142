"""One count of case holders: the Caseloads page, its 12-month trend, the team board, the API and
the statutory measures agree on the same day, by the measures' definition (social workers in post
or on agency holding at least one child that day).

Worked by hand on the known council, 30 Sep 2025: Amina (S1, 1.0 FTE) holds C1 and C2 (C3's
allocation ends that day, so is not counted); Dev (S4, agency, 1.0) holds C4; Ben (S2, 0.5,
newly qualified, cap 7.6) is in a case-holding role but holds none; Chloe (S3) left that day.
So 2 case holders, 2.0 FTE, 3 children, 1.5 per FTE; the team's total cap is 17 + 17 = 34.0
(not 41.6 with Ben's), and Ben is listed apart.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.caseloads.test_api import auth
from tests.caseloads.test_caseloads import D
from tests.factories import make_user
from thrive.caseloads.selectors import caseload_trend, team_trend
from thrive.core.roles import Role
from thrive.intelligence.services import measures_for
from thrive.people.models import Team


@pytest.mark.django_db
def test_page_trend_board_api_and_measures_agree(client: Client, known: Any) -> None:  # noqa: F811
    measures = measures_for(known, 2025)
    assert (measures["case_holders_fte"], measures["cases"], measures["caseload_fte"]) == (
        2.0,
        3,
        1.5,
    )
    last = caseload_trend(known, D)[-1]
    assert last["date"] == D
    assert (last["holders"], last["holders_fte"], last["children"], last["average"]) == (
        2,
        2.0,
        3,
        1.5,
    )
    assert (last["not_holding"], last["workers"]) == (1, 3)
    assert last["cap"] == 34.0  # case holders' caps only

    leader = make_user(known, Role.PRINCIPAL_SOCIAL_WORKER)
    client.force_login(leader)
    page = client.get(reverse("caseloads:overview", args=[known.code]), {"on": "2025-09-30"})
    text = page.content.decode()
    holders = text.split('id="case-holders">')[1].split("</dd>")[0]
    assert holders.startswith("2 ") and "2.0 FTE, holding 3 children" in holders
    assert 'id="not-holding-count">1<' in text
    assert 'id="average-caseload">1.5<' in text
    table = text.split('id="caseload-trend-table"')[1].split("</table>")[0]
    row = table.split("30 Sep 2025</th>")[1].split("</tr>")[0]
    cells = [c.split(">")[-1] for c in row.split("</td>")[:4]]
    assert cells == ["2", "2.0", "3", "1.5"]

    data = client.get(
        f"/api/organisations/{known.code}/caseloads/", {"on": "2025-09-30"}, headers=auth(leader)
    ).json()
    assert (data["case_holders"], data["case_holders_fte"], data["children"]) == (2, 2.0, 3)
    assert (data["average_per_case_holding_fte"], data["holding_no_children"]) == (1.5, 1)


@pytest.mark.django_db
def test_the_board_caps_case_holders_and_lists_the_rest_apart(
    client: Client,
    known: Any,  # noqa: F811
) -> None:
    team = Team.objects.get(name="Assessment Team 1")
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=team))
    text = client.get(
        reverse("caseloads:team", args=[known.code, team.pk]), {"on": "2025-09-30"}
    ).content.decode()
    board = text.split('id="team-board"')[1].split("</table>")[0]
    assert "Amina Khan" in board and "Dev Patel" in board and "Ben Clarke" not in board
    total = board.split('id="team-total"')[1]
    assert "2 case holders" in total and ">34.0<" in total and ">3<" in total
    apart = text.split('id="not-holding-list"')[1].split("</ul>")[0]
    assert "Ben Clarke" in apart and "cap 7.6" in apart
    trend = {p["date"]: p for p in team_trend(known, team.pk, D)}
    assert (trend[D]["holders"], trend[D]["not_holding"], trend[D]["cap"]) == (2, 1, 34.0)
