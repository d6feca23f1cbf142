"""The question bank and panels: dated questions; a panel of staff, a lived-experience panellist
and a partner; independent scoring (nobody sees another's scores until all are sent); the
decision, which closes the panel to its panellists."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_org, make_team, make_user
from tests.recruitment.helpers import apply, move, open_vacancy, recruiter
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.recruitment.models import PanellistKind, PanelStatus, Score, Stage
from thrive.recruitment.selectors import panel_board, questions_of
from thrive.recruitment.services import (
    panel_add,
    panel_decide,
    panellist_add,
    question_add,
    scores_submit,
)


def _question(org: Any, actor: Any, value: str, **kw: Any) -> Any:
    kw.setdefault("effective_from", date(2026, 1, 1))
    return question_add(
        organisation=org,
        actor=actor,
        text=f"A family tells you something about {value}. What do you do?",
        value=value,
        rubric="1: no curiosity; 3: asks; 5: asks, checks and records",
        role="any",
        **kw,
    )


@pytest.fixture
def setup(org: Any) -> Any:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    team = make_team(org, "Assessment Team")
    vacancy = open_vacancy(
        org, hr, leader, team=team, title="Social worker", closing_date=clock.today()
    )
    ann, bob, cy = (apply(vacancy, hr, n) for n in (1, 2, 3))
    ann = move(ann, hr, Stage.SHORTLISTED)
    bob = move(bob, hr, Stage.SHORTLISTED)
    q1 = _question(org, hr, "Curiosity")
    q2 = _question(org, hr, "Relationships")
    panel = panel_add(
        vacancy=vacancy, actor=hr, sits_on=clock.today(), questions=[q1, q2], candidates=[ann, bob]
    )
    young = make_user(org, Role.PANEL_MEMBER, email="young@example.org")
    nurse = make_user(org, Role.PARTNER, email="nurse@example.org")
    seats = [
        panellist_add(panel=panel, actor=hr, user=hr, kind=PanellistKind.STAFF),
        panellist_add(
            panel=panel,
            actor=hr,
            user=young,
            kind=PanellistKind.LIVED_EXPERIENCE,
            represents="Children in Care Council",
            trained_on=clock.today() - timedelta(days=7),
            paid_amount=Decimal("50.00"),
            paid_on=clock.today(),
        ),
        panellist_add(
            panel=panel, actor=hr, user=nurse, kind=PanellistKind.PARTNER, represents="NHS"
        ),
    ]
    return {"hr": hr, "panel": panel, "seats": seats, "apps": (ann, bob, cy), "qs": (q1, q2)}


@pytest.mark.django_db
def test_questions_are_dated_data_and_a_panel_takes_only_those_in_use(org: Any, setup: Any) -> None:
    hr = setup["hr"]
    old = _question(org, hr, "Old value", effective_to=date(2026, 3, 31))
    assert old not in questions_of(org, on=clock.today())
    assert old in questions_of(org, on=date(2026, 3, 1))
    ann, _, cy = setup["apps"]
    vacancy = setup["panel"].vacancy
    with pytest.raises(ThriveError, match="not in use"):
        panel_add(
            vacancy=vacancy, actor=hr, sits_on=clock.today(), questions=[old], candidates=[ann]
        )
    with pytest.raises(ThriveError, match="not a shortlisted candidate"):
        panel_add(
            vacancy=vacancy, actor=hr, sits_on=clock.today(), questions=setup["qs"], candidates=[cy]
        )
    with pytest.raises(ThriveError, match="on or after"):
        _question(org, hr, "Backwards", effective_to=date(2025, 1, 1))


@pytest.mark.django_db
def test_scores_stay_hidden_until_every_panellist_has_sent_theirs(
    client: Client, setup: Any
) -> None:
    hr, panel, (staff, young, nurse) = setup["hr"], setup["panel"], setup["seats"]
    ann, bob, _ = setup["apps"]
    q1, q2 = setup["qs"]
    scores_submit(
        panellist=young,
        application=ann,
        actor=young.user,
        scores={q1.pk: (4, "Good"), q2.pk: (5, "")},
    )
    # The young person sees their own scores; the others' are hidden (and nobody else sees theirs).
    board = panel_board(panel, viewer=young)
    sheets = {s.panellist.pk: s for s in board.candidates[0].sheets}
    assert not board.candidates[0].revealed
    assert [c.score if c else None for c in sheets[young.pk].cells] == [4, 5]
    assert panel_board(panel, viewer=nurse).candidates[0].sheets[1].cells == [None, None]
    assert all(c is None for s in panel_board(panel).candidates[0].sheets for c in s.cells)
    # The score sheet page as the partner: no sign of the young person's scores.
    client.force_login(nurse.user)
    url = reverse("recruitment:score_sheet", args=[panel.organisation.code, panel.pk, ann.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Send your scores" in page.text
    assert "Good" not in page.text
    response = client.post(url, {f"score_{q1.pk}": "2", f"score_{q2.pk}": "3"})
    assert response.status_code == 302
    assert client.post(url, {f"score_{q1.pk}": "5", f"score_{q2.pk}": "5"}).status_code == 200
    assert Score.objects.filter(panellist=nurse).count() == 2  # sent once, not changed
    scores_submit(
        panellist=staff, application=ann, actor=hr, scores={q1.pk: (3, ""), q2.pk: (3, "")}
    )
    board = panel_board(panel, viewer=nurse)
    assert board.candidates[0].revealed and not board.candidates[1].revealed
    totals = [board.candidates[0].total(s) for s in board.candidates[0].sheets]
    assert totals == [6, 9, 5]  # staff, lived experience, partner (as invited)
    page = client.get(url)
    assert "Send your scores" not in page.text


@pytest.mark.django_db
def test_scoring_rules(setup: Any) -> None:
    hr, (staff, young, _) = setup["hr"], setup["seats"]
    ann, _, cy = setup["apps"]
    q1, q2 = setup["qs"]
    with pytest.raises(ThriveError, match="own scores"):
        scores_submit(
            panellist=young, application=ann, actor=hr, scores={q1.pk: (3, ""), q2.pk: (3, "")}
        )
    with pytest.raises(ThriveError, match="Relationships has no score"):
        scores_submit(panellist=staff, application=ann, actor=hr, scores={q1.pk: (3, "")})
    with pytest.raises(ThriveError, match="not before this panel"):
        scores_submit(
            panellist=staff, application=cy, actor=hr, scores={q1.pk: (3, ""), q2.pk: (3, "")}
        )
    with pytest.raises(ThriveError, match="1 to 5"):
        scores_submit(
            panellist=staff, application=ann, actor=hr, scores={q1.pk: (6, ""), q2.pk: (3, "")}
        )
    untrained = panellist_add(
        panel=setup["panel"],
        actor=hr,
        user=make_user(ann.organisation, Role.PANEL_MEMBER, email="parent@example.org"),
        kind=PanellistKind.LIVED_EXPERIENCE,
    )
    with pytest.raises(ThriveError, match="training is recorded before they score"):
        scores_submit(
            panellist=untrained,
            application=ann,
            actor=untrained.user,
            scores={q1.pk: (3, ""), q2.pk: (3, "")},
        )
    outsider = make_user(make_org("330", "Birmingham"), Role.PANEL_MEMBER, email="far@example.org")
    with pytest.raises(ThriveError, match="role at the council"):
        panellist_add(panel=setup["panel"], actor=hr, user=outsider, kind=PanellistKind.PARTNER)


@pytest.mark.django_db
def test_a_panel_member_sees_only_their_open_panels_and_loses_them_at_the_decision(
    client: Client, setup: Any
) -> None:
    hr, panel, (staff, young, nurse) = setup["hr"], setup["panel"], setup["seats"]
    q1, q2 = setup["qs"]
    code = panel.organisation.code
    other = panel_add(
        vacancy=panel.vacancy,
        actor=hr,
        sits_on=clock.today(),
        questions=[q1],
        candidates=[setup["apps"][0]],
    )
    client.force_login(young.user)
    mine = client.get(reverse("recruitment:my_panels", args=[code]))
    assert mine.status_code == 200
    assert mine.text.count(reverse("recruitment:my_panel", args=[code, panel.pk])) == 1
    assert reverse("recruitment:my_panel", args=[code, other.pk]) not in mine.text
    assert client.get(reverse("recruitment:my_panel", args=[code, other.pk])).status_code == 404
    seen = client.get(reverse("recruitment:my_panel", args=[code, panel.pk]))
    assert seen.status_code == 200 and "Candidate 1" in seen.text and "Candidate 3" not in seen.text
    assert AuditEvent.objects.filter(action="recruitment.panel_read", user=young.user).count() == 1
    # The recruiter's pages and the vacancies are not theirs.
    assert client.get(reverse("recruitment:panel", args=[code, panel.pk])).status_code == 403
    assert client.get(reverse("recruitment:vacancies", args=[code])).status_code == 403

    with pytest.raises(ThriveError, match="still to send"):
        panel_decide(panel=panel, actor=hr, decision="Offer to Candidate 1", shaped_by=[young])
    for seat in (staff, young, nurse):
        for a in setup["apps"][:2]:
            scores_submit(
                panellist=seat,
                application=a,
                actor=seat.user,
                scores={q1.pk: (3, ""), q2.pk: (4, "")},
            )
    decided = panel_decide(
        panel=panel, actor=hr, decision="Offer to Candidate 1", shaped_by=[young, nurse]
    )
    assert decided.status == PanelStatus.DECIDED
    young.refresh_from_db()
    staff.refresh_from_db()
    assert young.shaped_decision and not staff.shaped_decision
    assert client.get(reverse("recruitment:my_panel", args=[code, panel.pk])).status_code == 404
    assert (
        reverse("recruitment:my_panel", args=[code, panel.pk])
        not in client.get(reverse("recruitment:my_panels", args=[code])).text
    )


@pytest.mark.django_db
def test_the_recruiter_sets_up_a_panel_and_invites_a_care_experienced_panellist_in_the_pages(
    client: Client, setup: Any
) -> None:
    hr, panel = setup["hr"], setup["panel"]
    code = panel.organisation.code
    ann, bob, _ = setup["apps"]
    q1, _ = setup["qs"]
    client.force_login(hr)
    url = reverse("recruitment:vacancy_panels", args=[code, panel.vacancy.pk])
    page = client.get(url)
    assert "Candidate 1" in page.text and "Candidate 3" not in page.text
    response = client.post(
        url,
        {
            "name": "Second interview",
            "sits_on_0": str(clock.today().day),
            "sits_on_1": str(clock.today().month),
            "sits_on_2": str(clock.today().year),
            "questions": [str(q1.pk)],
            "candidates": [str(bob.pk)],
        },
    )
    assert response.status_code == 302
    new = panel.vacancy.panels.get(name="Second interview")
    carer = make_user(panel.organisation, Role.PANEL_MEMBER, email="carer@example.org")
    panel_url = reverse("recruitment:panel", args=[code, new.pk])
    page = client.post(
        panel_url,
        {
            "action": "invite",
            "p-email": "carer@example.org",
            "p-kind": "lived_experience",
            "p-paid_amount": "40",
        },
    )
    assert "Enter the date of the payment" in page.text
    response = client.post(
        panel_url,
        {
            "action": "invite",
            "p-email": "CARER@example.org",
            "p-kind": "lived_experience",
            "p-represents": "Parents' forum",
        },
    )
    assert response.status_code == 302
    assert new.panellists.get().user == carer
    page = client.get(panel_url)
    assert "carer@example.org" in page.text and "Parents&#x27; forum" in page.text


@pytest.mark.django_db
def test_the_panel_api_keeps_scores_hidden_until_all_are_in(client: Client, setup: Any) -> None:
    from thrive.accounts.services import api_token_create

    hr, panel, (staff, young, nurse) = setup["hr"], setup["panel"], setup["seats"]
    ann, _bob, cy = setup["apps"]
    q1, q2 = setup["qs"]
    code = panel.organisation.code
    manager = make_user(panel.organisation, Role.SERVICE_MANAGER, email="sm@example.org")
    seat = panellist_add(panel=panel, actor=hr, user=manager, kind=PanellistKind.STAFF)
    _, key = api_token_create(user=manager, name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    mine = client.get(f"/api/organisations/{code}/recruitment/panels/mine/", **auth).json()
    rows = mine["results"] if isinstance(mine, dict) else mine
    assert [(r["panel"], r["kind"]) for r in rows] == [(panel.pk, "staff")]
    url = f"/api/organisations/{code}/recruitment/panels/{panel.pk}/scores/"
    scores_submit(
        panellist=young, application=ann, actor=young.user, scores={q1.pk: (4, ""), q2.pk: (5, "")}
    )
    body = client.get(url, **auth).json()
    assert body["your_seat"] == seat.pk and [q["value"] for q in body["questions"]] == [
        "Curiosity",
        "Relationships",
    ]
    first = body["candidates"][0]
    assert first["application"] == ann.pk and not first["revealed"]
    assert all(s["scores"] is None for s in first["sheets"])  # the young person's stay hidden
    bad = client.post(
        url, {"application": cy.pk, "scores": []}, content_type="application/json", **auth
    )
    assert bad.status_code == 400 and "not before this panel" in bad.text
    short = client.post(
        url,
        {"application": ann.pk, "scores": [{"question": q1.pk, "score": 3}]},
        content_type="application/json",
        **auth,
    )
    assert short.status_code == 400 and "Relationships has no score" in short.text
    sheet = {"application": ann.pk, "scores": [{"question": q1.pk, "score": 3}]}
    sheet["scores"].append({"question": q2.pk, "score": 2, "note": "Unsure"})
    sent = client.post(url, sheet, content_type="application/json", **auth)
    assert sent.status_code == 201
    mine_only = [s for s in sent.json()["candidates"][0]["sheets"] if s["scores"] is not None]
    assert [s["panellist"] for s in mine_only] == [seat.pk]
    for who, value in ((staff, 3), (nurse, 2)):
        scores_submit(
            panellist=who,
            application=ann,
            actor=who.user,
            scores={q1.pk: (value, ""), q2.pk: (value, "")},
        )
    first = client.get(url, **auth).json()["candidates"][0]
    assert first["revealed"] and all(s["scores"] for s in first["sheets"])
    # A practitioner is refused; a panel member (no API use) too.
    for role, email in (
        (Role.PRACTITIONER, "p@example.org"),
        (Role.PANEL_MEMBER, "pm@example.org"),
    ):
        _, key2 = api_token_create(user=make_user(panel.organisation, role, email=email), name="t")
        assert client.get(url, HTTP_AUTHORIZATION=f"Token {key2}").status_code == 403


@pytest.mark.django_db
def test_a_panel_belongs_to_the_step_it_assesses_and_the_vacancy_shows_each_step(
    client: Client, org: Any, setup: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thrive.recruitment.selectors.steps import selection_by_step

    hr, panel = setup["hr"], setup["panel"]
    ann, bob, cy = setup["apps"]
    vacancy = panel.vacancy
    assert vacancy.selection_steps == ["Sift of applications", "Values-based panel interview"]
    assert panel.step == 2  # the interview, when no step is chosen
    q1, _ = setup["qs"]
    with pytest.raises(ThriveError, match="Choose a step"):
        panel_add(
            vacancy=vacancy,
            actor=hr,
            sits_on=clock.today(),
            questions=[q1],
            candidates=[ann],
            step=3,
        )
    sift = panel_add(
        vacancy=vacancy,
        actor=hr,
        sits_on=clock.today(),
        questions=[q1],
        candidates=[ann, bob],
        step=1,
        name="Sift panel",
    )
    move(ann, hr, Stage.INTERVIEWED, Stage.OFFERED)
    move(bob, hr, Stage.REJECTED)
    with CaptureQueriesContext(connection) as queries:
        rows = selection_by_step(vacancy)
    assert len(queries) == 2
    assert [(r.number, r.name, [p.pk for p in r.panels]) for r in rows] == [
        (1, "Sift of applications", [sift.pk]),
        (2, "Values-based panel interview", [panel.pk]),
    ]
    assert rows[1].outcomes == {
        "Still in the selection": 0,
        "Offered the job": 1,
        "Not taken further": 1,
        "Withdrew": 0,
    }
    assert rows[0].candidates == 2 and getattr(rows[0].panels[0], "seen", None) == 2
    client.force_login(hr)
    page = client.get(
        reverse("recruitment:vacancy", kwargs={"org_code": org.code, "pk": vacancy.pk})
    ).content.decode()
    assert "Selection, step by step" in page
    assert "1. Sift of applications" in page and "Sift panel" in page
    assert "Offered the job" in page
