"""Focus after an action (issue 15), in the shared components' markup: after a form error the
error summary takes the focus and the title says "Error:"; after a success the banner is
announced. GOV.UK Frontend moves the focus (its error summary and success banner focus themselves
when they start, unless told not to); these tests check every page gives it what it needs — the
modules named, the roles, nothing turning the focus off, the summary and banner before the
heading — and the keyboard journey (tests/browser/test_keyboard_journeys.py) sees the focus land
in a browser."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.supervision.conftest import Crew, crew  # noqa: F401, F811  (the fixture)
from thrive.core import clock

THRIVE = Path(__file__).resolve().parents[2] / "thrive"
TEMPLATES = sorted(THRIVE.glob("*/templates/**/*.html"))


def _main(html: str) -> str:
    return html[html.index('<main class="govuk-main-wrapper"') : html.index("</main>")]


def _title(html: str) -> str:
    return re.sub(r"\s+", " ", html[html.index("<title>") + 7 : html.index("</title>")]).strip()


@pytest.mark.django_db
def test_after_a_form_error_the_summary_takes_the_focus_and_the_title_says_so(
    client: Client,
    crew: Crew,  # noqa: F811
) -> None:
    client.force_login(crew.senior_user)
    # The CPD form's template says nothing about errors in its title: the shared middleware does.
    response = client.post(reverse("learning:cpd_new", args=[crew.org.code]), {"title": " "})
    assert response.status_code == 200
    html = response.content.decode()
    assert _title(html).startswith("Error: ")
    main = _main(html)
    summary = main.index('class="govuk-error-summary"')
    assert 'data-module="govuk-error-summary"' in main[summary : summary + 120]
    assert 'role="alert"' in main[summary : summary + 200]
    assert summary < main.index("<h1")  # the first thing read, above the heading
    # Each problem links to its field, which exists on the page.
    for target in re.findall(r'govuk-error-summary__list">.*?</ul>', main, re.S):
        for field in re.findall(r'href="#([^"]+)"', target):
            assert f'id="{field}"' in main, field


@pytest.mark.django_db
def test_a_title_that_says_error_itself_says_it_once(client: Client, crew: Crew) -> None:  # noqa: F811
    client.force_login(crew.manager_user)
    url = reverse("supervision:book", args=[crew.org.code])
    html = client.post(url, {"kind": "one_to_one"}).content.decode()
    assert _title(html).startswith("Error: Book a session")


@pytest.mark.django_db
def test_after_a_success_the_banner_is_announced_above_the_heading(
    client: Client,
    crew: Crew,  # noqa: F811
) -> None:
    client.force_login(crew.manager_user)
    day = clock.today() + timedelta(days=2)
    response = client.post(
        reverse("supervision:book", args=[crew.org.code]),
        {
            "kind": "one_to_one",
            "supervisee": crew.senior.pk,
            "day_0": day.day,
            "day_1": day.month,
            "day_2": day.year,
            "start_time": "14:30",
            "planned_minutes": "90",
        },
        follow=True,
    )
    html = response.content.decode()
    assert not _title(html).startswith("Error")
    main = _main(html)
    banner = main.index("govuk-notification-banner--success")
    opening = main[banner : main.index(">", banner)]
    assert 'role="alert"' in opening  # announced, and focused by GOV.UK Frontend
    assert 'data-module="govuk-notification-banner"' in opening
    assert "aria-labelledby=" in opening
    assert banner < main.index("<h1")
    assert "You have booked one-to-one supervision with Sam Test" in main


def test_every_error_summary_and_success_banner_gets_the_focus() -> None:
    """Every template's error summary and success banner is one GOV.UK Frontend starts (and so
    focuses), with its role; none turns the focus off; the page script starts them all."""
    problems = []
    for path in TEMPLATES:
        text = path.read_text()
        name = path.relative_to(THRIVE)
        for m in re.finditer(r'<div class="govuk-error-summary"[^>]*>', text):
            if 'data-module="govuk-error-summary"' not in m.group(0):
                problems.append(f"{name}: an error summary GOV.UK Frontend does not start")
            if 'role="alert"' not in text[m.end() : m.end() + 200]:
                problems.append(f"{name}: an error summary without role=alert")
        for m in re.finditer(r'<div class="govuk-notification-banner[^"]*--success[^>]*>', text):
            if not re.search(r'role="[^"]*alert', m.group(0)) or "data-module=" not in m.group(0):
                problems.append(f"{name}: a success banner that is not announced")
        if "disable-auto-focus" in text:
            problems.append(f"{name}: turns off GOV.UK Frontend's focus")
    assert not problems, problems
    base = (THRIVE / "core/templates/base.html").read_text()
    assert "{% static 'thrive/init.js' %}" in base
    init = (THRIVE / "core/static/thrive/init.js").read_text()
    assert re.search(r"^initAll\(\)", init, re.M)
