"""Panel moderation: once every panellist has sent a candidate's sheet, the panel's chair records
the agreed score per question (a note where it is outside the panellists' range) and the
outcome with who shaped it; the candidates are ranked by the agreed scores, worked by hand."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from tests.recruitment.helpers import apply, move, open_vacancy, recruiter
from tests.recruitment.test_panels import _question
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.recruitment.models import CandidateOutcome, PanellistKind, Stage
from thrive.recruitment.selectors import panel_board
from thrive.recruitment.selectors.moderation import panel_ranking
from thrive.recruitment.services import (
    candidate_moderate,
    panel_add,
    panel_chair_set,
    panellist_add,
    scores_submit,
)

pytestmark = pytest.mark.django_db

# Each panellist's scores (Curiosity, Relationships) for each candidate.
SHEETS = {
    "ann": {"chair": (4, 3), "young": (5, 3), "nurse": (3, 4)},
    "bob": {"chair": (2, 5), "young": (3, 4), "nurse": (2, 4)},
    "cy": {"chair": (5, 5), "young": (4, 5), "nurse": (5, 4)},
}


@pytest.fixture
def panel(org: Any) -> Any:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    vacancy = open_vacancy(
        org, hr, leader, team=make_team(org, "Assessment Team"), title="Social worker"
    )
    apps = {
        name: move(apply(vacancy, hr, n), hr, Stage.SHORTLISTED)
        for n, name in enumerate(["ann", "bob", "cy"], start=1)
    }
    q1, q2 = _question(org, hr, "Curiosity"), _question(org, hr, "Relationships")
    found = panel_add(
        vacancy=vacancy,
        actor=hr,
        sits_on=clock.today(),
        questions=[q1, q2],
        candidates=list(apps.values()),
    )
    chair_user = make_user(org, Role.SERVICE_MANAGER, email="chair@example.org")
    young = make_user(org, Role.PANEL_MEMBER, email="young@example.org")
    nurse = make_user(org, Role.PARTNER, email="nurse@example.org")
    seats = {
        "chair": panellist_add(
            panel=found, actor=hr, user=chair_user, kind=PanellistKind.STAFF, chair=True
        ),
        "young": panellist_add(
            panel=found,
            actor=hr,
            user=young,
            kind=PanellistKind.LIVED_EXPERIENCE,
            trained_on=clock.today() - timedelta(days=3),
        ),
        "nurse": panellist_add(panel=found, actor=hr, user=nurse, kind=PanellistKind.PARTNER),
    }
    return {"hr": hr, "panel": found, "apps": apps, "seats": seats, "qs": (q1, q2)}


def _send(p: dict[str, Any], name: str, *who: str) -> None:
    q1, q2 = p["qs"]
    for seat_name in who:
        seat = p["seats"][seat_name]
        a, b = SHEETS[name][seat_name]
        scores_submit(
            panellist=seat,
            application=p["apps"][name],
            actor=seat.user,
            scores={q1.pk: (a, ""), q2.pk: (b, "")},
        )


def _moderate(p: dict[str, Any], name: str, agreed: tuple[int, int], **kw: Any) -> Any:
    q1, q2 = p["qs"]
    notes = kw.pop("notes", ("", ""))
    kw.setdefault("actor", p["seats"]["chair"].user)
    kw.setdefault("outcome", "appointable")
    kw.setdefault("reasons", "Strong, curious answers")
    kw.setdefault("shaped_by", [p["seats"]["young"], p["seats"]["chair"]])
    return candidate_moderate(
        panel=p["panel"],
        application=p["apps"][name],
        scores={q1.pk: (agreed[0], notes[0]), q2.pk: (agreed[1], notes[1])},
        **kw,
    )


def test_moderation_waits_for_every_sheet_and_only_the_chair_records_it(panel: Any) -> None:
    _send(panel, "ann", "chair", "young")
    # The scores stay hidden until every sheet is in: the young person sees only their own.
    board = panel_board(panel["panel"], viewer=panel["seats"]["young"])
    ann = next(c for c in board.candidates if c.application == panel["apps"]["ann"])
    assert not ann.revealed
    assert [bool(s.scores) for s in ann.sheets] == [False, True, False]
    with pytest.raises(ThriveError, match="still to send: nurse@example.org"):
        _moderate(panel, "ann", (4, 3))
    _send(panel, "ann", "nurse")
    # A panellist who is not the chair, and the recruiter who is not on the panel, may not.
    for actor in (panel["seats"]["young"].user, panel["hr"]):
        with pytest.raises(ThriveError, match="Only the panel's chair"):
            _moderate(panel, "ann", (4, 3), actor=actor)
    # Outside the panellists' range (3 to 4 on Relationships) needs a note.
    with pytest.raises(ThriveError, match=r"Relationships \(5\) is outside .* \(3 to 4\)"):
        _moderate(panel, "ann", (4, 5))
    with pytest.raises(ThriveError, match="shaped the outcome"):
        _moderate(panel, "ann", (4, 3), shaped_by=[])
    record = _moderate(panel, "ann", (4, 5), notes=("", "Her follow-up answer settled it"))
    assert record.outcome == "appointable" and record.version == 1
    assert {p.user.email for p in record.shaped_by.all()} == {
        "young@example.org",
        "chair@example.org",
    }
    entry = AuditEvent.objects.get(action="recruitment.candidate_moderated")
    assert entry.user == panel["seats"]["chair"].user
    # Another chair: the first no longer is.
    panel_chair_set(panel=panel["panel"], panellist=panel["seats"]["nurse"], actor=panel["hr"])
    with pytest.raises(ThriveError, match="Only the panel's chair"):
        _moderate(panel, "ann", (4, 3), version=1)
    with pytest.raises(ThriveError, match="already chairs"):
        panellist_add(
            panel=panel["panel"],
            actor=panel["hr"],
            user=panel["hr"],
            kind=PanellistKind.STAFF,
            chair=True,
        )


def test_the_ranking_uses_the_agreed_scores_by_hand(panel: Any) -> None:
    """Panellists' totals (mean of three): Ann (4+3, 5+3, 3+4) = 22/3 = 7.33, Bob (2+5, 3+4,
    2+4) = 20/3 = 6.67, Cy (10, 9, 9) = 28/3 = 9.33. Agreed: Cy 5+5 = 10, Bob 3+5 = 8,
    Ann 4+3 = 7: so Bob ranks above Ann on the agreed scores (1 Cy, 2 Bob, 3 Ann), though the
    panellists' own put Ann first. Ann moderated again at 4+4 = 8 ties with Bob: 1, 2, 2, in
    name order (Candidate 1, Ann; Candidate 2, Bob)."""
    for name in SHEETS:
        _send(panel, name, "chair", "young", "nurse")
    _moderate(panel, "cy", (5, 5))
    _moderate(panel, "ann", (4, 3), outcome="reserve")
    assert [r.rank for r in panel_ranking(panel["panel"])] == [1, 2, None]
    _moderate(panel, "bob", (3, 5), outcome="appointable")
    ranking = panel_ranking(panel["panel"])
    assert [(r.application.candidate_name, r.total, r.rank) for r in ranking] == [
        ("Candidate 3", 10, 1),
        ("Candidate 2", 8, 2),
        ("Candidate 1", 7, 3),
    ]
    # A stale version is refused; the current one is taken and bumps it.
    with pytest.raises(ThriveError, match="recorded again since you opened it"):
        _moderate(panel, "ann", (4, 4), version=None)
    again = _moderate(panel, "ann", (4, 4), version=1)
    assert again.version == 2 and again.outcome == "appointable"
    ranking = panel_ranking(panel["panel"])
    assert [(r.application.candidate_name, r.total, r.rank) for r in ranking] == [
        ("Candidate 3", 10, 1),
        ("Candidate 1", 8, 2),
        ("Candidate 2", 8, 2),
    ]
    assert CandidateOutcome.objects.count() == 3


def test_the_chair_moderates_on_a_phone_page_and_others_may_not(client: Client, panel: Any) -> None:
    q1, q2 = panel["qs"]
    code, pk, ann = panel["panel"].organisation.code, panel["panel"].pk, panel["apps"]["ann"]
    url = reverse("recruitment:moderate", args=[code, pk, ann.pk])
    client.force_login(panel["seats"]["young"].user)
    assert client.get(url).status_code == 403
    client.force_login(panel["seats"]["chair"].user)
    waiting = client.get(url)
    assert waiting.status_code == 200 and "0 of 3 sheets sent" in waiting.text
    assert 'name="outcome"' not in waiting.text  # nothing to moderate yet
    _send(panel, "ann", "chair", "young", "nurse")
    form = {
        f"score_{q1.pk}": "4",
        f"score_{q2.pk}": "5",
        f"note_{q2.pk}": "",
        "outcome": "appointable",
        "reasons": "Clear",
        "shaped_by": [str(panel["seats"]["young"].pk)],
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and "outside the panellists" in refused.text
    form[f"note_{q2.pk}"] = "Settled by her follow-up"
    done = client.post(url, form, follow=True)
    assert "The agreed scores for Candidate 1 are kept" in done.text
    assert 'id="ranking"' in done.text and "Appointable" in done.text
    # The recruiter's page shows the ranking too.
    client.force_login(panel["hr"])
    page = client.get(reverse("recruitment:panel", args=[code, pk])).text
    assert "chairs the panel" in page and "Settled by her follow-up" in page


def test_the_chair_moderates_through_the_api(client: Client, panel: Any) -> None:
    from thrive.accounts.services import api_token_create

    q1, q2 = panel["qs"]
    code, pk, bob = panel["panel"].organisation.code, panel["panel"].pk, panel["apps"]["bob"]
    url = f"/api/organisations/{code}/recruitment/panels/{pk}/moderation/"
    body = {
        "application": bob.pk,
        "scores": [{"question": q1.pk, "score": 3}, {"question": q2.pk, "score": 5}],
        "outcome": "reserve",
        "reasons": "Good; less depth on curiosity",
        "shaped_by": [panel["seats"]["nurse"].pk],
    }
    _, young_key = api_token_create(user=panel["seats"]["young"].user, name="t")
    _, chair_key = api_token_create(user=panel["seats"]["chair"].user, name="t")
    as_chair: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {chair_key}"}
    early = client.post(url, body, content_type="application/json", **as_chair)
    assert early.status_code == 400 and "still to send" in early.text
    _send(panel, "bob", "chair", "young", "nurse")
    # A panel member has no API at all; a recruiter not on the panel finds no seat on it (the
    # chair rule itself is tested through the service and the page).
    young = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {young_key}"
    )
    assert young.status_code == 403
    _, hr_key = api_token_create(user=panel["hr"], name="t")
    as_hr: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {hr_key}"}
    assert client.post(url, body, content_type="application/json", **as_hr).status_code == 404
    done = client.post(url, body, content_type="application/json", **as_chair)
    assert done.status_code == 201
    row = next(c for c in done.json()["candidates"] if c["application"] == bob.pk)
    assert (row["rank"], row["total"], row["outcome"], row["version"]) == (1, 8, "reserve", 1)
    assert row["shaped_by"] == [panel["seats"]["nurse"].pk]
    stale = client.post(url, body, content_type="application/json", **as_chair)
    assert stale.status_code == 400 and "recorded again" in stale.text
    read = client.get(url, **as_hr).json()  # the recruiter reads the ranking
    assert [c["rank"] for c in read["candidates"]] == [1, None, None]


def test_the_chair_moderates_from_a_terminal(panel: Any, capsys: Any) -> None:
    from thrive.cli import main

    q1, q2 = panel["qs"]
    cy = panel["apps"]["cy"]
    _send(panel, "cy", "chair", "young", "nurse")
    base = ["recruitment", "panel-moderate", "--org", panel["panel"].organisation.code]
    base += ["--panel", str(panel["panel"].pk), "--application", str(cy.pk)]
    base += ["--score", f"{q1.pk}=5", "--score", f"{q2.pk}=3:Thin on the second scenario"]
    base += ["--outcome", "appointable", "--reasons", "Best on the day"]
    base += ["--shaped-by", str(panel["seats"]["young"].pk)]
    assert main([*base, "--as", "young@example.org", "--version", "0"]) == 1
    assert "Only the panel's chair" in capsys.readouterr().err
    assert main([*base, "--as", "chair@example.org", "--version", "0"]) == 0
    assert "Candidate 3: appointable, agreed total 8 (version 1)." in capsys.readouterr().out
    assert main([*base, "--as", "chair@example.org", "--version", "0"]) == 1
    assert "recorded again since" in capsys.readouterr().err
