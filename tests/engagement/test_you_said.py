"""'You said, we did': themes tagged on a wave's comments (suggested by their words), actions with
owners and dates, the staff page, and the next wave's change on the same questions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.engagement.helpers import council, q
from tests.factories import make_user
from thrive.engagement.imports import survey_responses_import
from thrive.engagement.models import Question
from thrive.engagement.selectors import comments_to_tag, themes_for_survey, you_said_we_did
from thrive.engagement.services import (
    action_add,
    action_progress,
    comments_tag,
    survey_create,
    theme_add,
)

FILE = "team,hc-workload,enps,better\n" + "".join(
    f"Duty,{2 if i < 4 else 3},7,{text}\n"
    for i, text in enumerate(["Caseloads are too high", "Less paperwork", "", "", "", "Hours"])
)


def test_themes_actions_and_the_staff_page(org: Any, today: date) -> None:
    c = council(org, today)
    assert survey_responses_import(survey=c.survey, content=FILE.encode(), filename="a.csv").ok
    theme = theme_add(
        survey=c.survey,
        name="Workload",
        you_said="Caseloads are too high to do good work.",
        keywords="caseload, hours",
        actor=c.lead,
    )
    comments = comments_to_tag(c.survey, themes_for_survey(c.survey))
    assert [(x.text, x.suggested_id) for x in comments] == [
        ("Caseloads are too high", theme.pk),
        ("Hours", theme.pk),
        ("Less paperwork", None),
    ]
    tagged = comments_tag(
        survey=c.survey, tags={x.id: x.suggested_id for x in comments}, actor=c.lead
    )
    assert tagged == 2 and themes_for_survey(c.survey)[0].comment_count == 2  # type: ignore[attr-defined]
    action = action_add(
        theme=theme,
        what="Cap caseloads at 18 children",
        owner="Head of Safeguarding",
        due_on=today + timedelta(days=60),
        actor=c.lead,
    )
    action_progress(action=action, status="done", progress="In place from May.", actor=c.lead)

    # The next wave asks the same questions; workload moves from 2.3 (6 answers: 2,2,2,2,3,3)
    # to 4.0.
    later = survey_create(
        organisation=org,
        name="Autumn 2026",
        opens_on=today,
        closes_on=today + timedelta(days=10),
        questions=[q(org, "hc-workload"), q(org, "enps")],
    )
    rows = "team,hc-workload,enps\n" + "Duty,4,9\n" * 5
    assert survey_responses_import(survey=later, content=rows.encode(), filename="b.csv").ok
    plans = you_said_we_did(org)
    assert [p.survey.name for p in plans] == ["Spring 2026"]
    assert plans[0].changes[0] == (q(org, "hc-workload").text, 2.3, 4.0)

    staff = make_user(org, "practitioner")
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("engagement:you_said", args=[org.code])).content.decode()
    assert "Caseloads are too high to do good work." in page
    assert "Cap caseloads at 18 children" in page and "In place from May." in page
    assert "Autumn 2026" in page
    assert client.get(reverse("engagement:themes", args=[org.code, c.survey.pk])).status_code == 403


def test_the_pages_refuse_a_stale_or_missing_version(org: Any, today: date) -> None:
    """Tagging the comments and recording an action's progress carry the version the page
    showed: a change saved meanwhile is never overwritten, and what was chosen or typed is kept
    (issue 14)."""
    c = council(org, today)
    assert survey_responses_import(survey=c.survey, content=FILE.encode(), filename="a.csv").ok
    theme = theme_add(
        survey=c.survey, name="Workload", you_said="Too much.", keywords="hours", actor=c.lead
    )
    client = Client()
    client.force_login(c.lead)
    url = reverse("engagement:themes", args=[org.code, c.survey.pk])
    comments = comments_to_tag(c.survey, [theme])
    tags = {f"tag_{x.id}": str(theme.pk) for x in comments}
    # The lead's page, drawn before a colleague tagged the comments (the survey's version rose).
    seen = c.survey.version
    comments_tag(survey=c.survey, tags={x.id: None for x in comments}, actor=c.lead)
    for version in (seen, ""):
        page = client.post(url, {"form": "tags", "version": version, **tags}).content.decode()
        assert "nothing was saved" in page
        assert page.count(f'<option value="{theme.pk}" selected>') == len(comments)
    assert themes_for_survey(c.survey)[0].comment_count == 0  # type: ignore[attr-defined]
    c.survey.refresh_from_db()
    done = client.post(url, {"form": "tags", "version": c.survey.version, **tags})
    assert done.status_code == 302
    assert themes_for_survey(c.survey)[0].comment_count == len(comments)  # type: ignore[attr-defined]

    action = action_add(theme=theme, what="Fewer forms", owner="Head", due_on=today, actor=c.lead)
    url = reverse("engagement:action", args=[org.code, action.pk])
    action_progress(action=action, status="under_way", progress="Started.", actor=c.lead)
    mine = {"status": "done", "progress": "All forms halved."}
    for version in (action.version, ""):  # the page before the colleague's progress, or none
        page = client.post(url, {**mine, "version": version}).content.decode()
        assert "nothing was saved" in page and "All forms halved." in page
    action.refresh_from_db()
    assert action.progress == "Started."
    assert client.post(url, {**mine, "version": action.version}).status_code == 302
    action.refresh_from_db()
    assert action.progress == "All forms halved." and action.version == 3


def test_comments_are_not_offered_for_tagging_below_the_minimum(org: Any, today: date) -> None:
    c = council(org, today)
    few = "team,hc-workload,better\nDuty,3,Only me\n"
    assert survey_responses_import(survey=c.survey, content=few.encode(), filename="a.csv").ok
    assert comments_to_tag(c.survey, []) == []
    assert Question.objects.filter(organisation=org).count() == 12


def test_the_demo_gives_a_council_three_waves_and_a_plan(org: Any, today: date) -> None:
    import random

    from tests.factories import make_staff, make_team
    from thrive.engagement.demo import seed_engagement
    from thrive.engagement.models import Survey
    from thrive.engagement.results import survey_results

    for t in range(3):
        team = make_team(org, f"Team {t}", service="Safeguarding")
        for i in range(12):
            make_staff(org, staff_id=f"D{t}-{i}", team=team)
    answered = seed_engagement(org, random.Random(7))
    assert answered > 30 and seed_engagement(org, random.Random(7)) == 0
    waves = list(Survey.objects.for_org(org).order_by("opens_on"))
    assert len(waves) == 3 and waves[-1].is_open(today) and not waves[0].is_open(today)
    assert survey_results(waves[0]).council.shown
    plans = you_said_we_did(org)
    assert plans[0].survey == waves[0] and len(plans[0].themes) == 3 and plans[0].changes


def test_the_demo_gives_a_council_the_rest_of_engagement(org: Any, today: date) -> None:
    import random

    from tests.factories import make_staff, make_team
    from thrive.engagement.demo import seed_engagement_more
    from thrive.engagement.models import FlexibleRequest, Newsletter, ShoutOut

    team = make_team(org, "Team A", service="Safeguarding")
    for i in range(14):
        make_staff(org, staff_id=f"M{i}", team=team)
    counts = seed_engagement_more(org, random.Random(3))
    assert counts["flexible"] == 5 and counts["shout_outs"] == 24 and counts["newsletters"] == 12
    assert seed_engagement_more(org, random.Random(3)) == {}
    statuses = set(FlexibleRequest.objects.for_org(org).values_list("status", flat=True))
    assert statuses == {"received", "appealed", "agreed", "refused"}
    assert ShoutOut.objects.for_org(org).filter(status="published").count() > 12
    assert Newsletter.objects.for_org(org).filter(sent_on__isnull=False).count() == 12
