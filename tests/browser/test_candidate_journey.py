"""A candidate on a phone: find a job on the portal, apply with no account, follow the emailed
link to see where the application has got to, withdraw it. Every page passes axe and none
scrolls sideways."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail

from tests.browser.conftest import assert_accessible
from tests.factories import make_org, make_team, make_user
from tests.recruitment.helpers import open_vacancy, recruiter
from thrive.core import clock
from thrive.core.roles import Role
from thrive.recruitment.models import Application, EqualityMonitoring, Stage

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page: Any) -> None:
    assert_accessible(page)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    ), f"{page.url} scrolls sideways"


def test_a_candidate_finds_a_job_applies_and_withdraws_on_a_phone(phone: Any) -> None:
    coventry = make_org("331", "Coventry")
    hr, leader = recruiter(coventry), make_user(coventry, Role.SENIOR_LEADER)
    open_vacancy(
        coventry,
        hr,
        leader,
        team=make_team(coventry, "Assessment Team"),
        title="Social worker, assessment",
        closing_date=clock.today() + timedelta(days=20),
    )
    page = phone
    page.goto("/jobs/")
    _fits(page)
    page.get_by_label("Job title or keywords").fill("assessment")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Social worker, assessment").click()
    _fits(page)
    page.get_by_role("link", name="Apply for this job").click()
    _fits(page)
    page.get_by_role("button", name="Send your application").click()
    assert "Error: Apply" in page.title()
    _fits(page)
    page.get_by_label("Your full name").fill("Amara Okafor")
    page.get_by_label("Your email address").fill("amara@example.org")
    page.get_by_label("How did you hear about this job?").select_option(label="Word of mouth")
    page.get_by_label("What do you do now?").select_option("2")
    page.get_by_label("Why you want this job").fill("Six years in a duty and assessment team.")
    page.get_by_label("Your ethnic group").select_option("BAFR")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send your application").click()
    page.wait_for_url("**/jobs/candidate/sent/")
    _fits(page)
    application = Application.objects.get(candidate_email="amara@example.org")
    assert EqualityMonitoring.objects.get(application=application).ethnicity == "BAFR"
    (sent,) = mail.outbox
    link = re.search(r"/jobs/candidate/link/\?token=\S+", str(sent.body))
    assert link
    page.goto(link.group(0))
    page.wait_for_url("**/jobs/candidate/")
    assert page.get_by_text("Received").is_visible()
    _fits(page)
    page.get_by_role("button", name="Withdraw Social worker, assessment").click()
    page.wait_for_url("**/jobs/candidate/")
    assert page.get_by_text("Withdrawn", exact=True).first.is_visible()
    _fits(page)
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN
