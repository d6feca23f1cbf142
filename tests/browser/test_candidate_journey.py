"""A candidate on a phone: find a job on the portal, apply with no account, follow the emailed
link to see where the application has got to, withdraw it; register interest, confirm it from the
email and withdraw it. Every page passes axe and none scrolls sideways."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

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
    hr = recruiter(coventry, email="hr@example.org")
    leader = make_user(coventry, Role.SENIOR_LEADER)
    open_vacancy(
        coventry,
        hr,
        leader,
        team=make_team(coventry, "Assessment Team"),
        title="Social worker, assessment",
        closing_date=clock.today() + timedelta(days=20),
    )
    from thrive.recruitment.services.council_page import council_page_write

    council_page_write(
        organisation=coventry,
        actor=hr,
        effective_from=clock.today(),
        practice_model="Family Safeguarding",
        teams="Front door, assessment, children in care",
        pay="£38,000 to £44,000",
        development="The academy",
        flexible_working="Hybrid",
        caseload_promise="At most 18 children",
    )
    page = phone
    page.goto("/jobs/331/")
    _fits(page)
    assert page.get_by_text("At most 18 children").is_visible()
    page.goto("/jobs/")
    _fits(page)
    page.get_by_label("Job title or keywords").fill("assessment")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Social worker, assessment").click()
    _fits(page)
    page.get_by_role("link", name="Apply for this job").click()
    _fits(page)
    page.get_by_role("button", name="Send your application").click()
    expect(page).to_have_title(re.compile("^Error: Apply"))
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
    # (The council's own emails, such as the vacancy's approval, go to its staff.)
    (sent,) = [m for m in mail.outbox if "amara@example.org" in m.to]
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

    # The recruiter's pages for what the council keeps: its portal page, channels, referral
    # reward and emails to candidates.
    from tests.factories import PASSWORD

    page.goto("/sign-in/")
    page.get_by_label("Email address").fill("hr@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    for path in ("portal-page/", "channels/edit/", "referrals/", "stage-emails/"):
        page.goto(f"/o/331/recruitment/{path}")
        _fits(page)
    page.get_by_role("button", name="Save the wording").click()
    expect(page).to_have_title(re.compile("^Error: Emails to candidates"))
    _fits(page)

    # An offer's safer recruitment checks on a phone: a DBS check recorded without the barred
    # list and a job that ended 200 days ago say what they lack; a reference added through the
    # form (a problem first, then right).
    from tests.recruitment.helpers import apply, move
    from thrive.recruitment.services import check_record
    from thrive.recruitment.services.safer_records import employment_record

    vacancy = Application.objects.get().vacancy
    offer = move(
        apply(vacancy, hr, 2),
        hr,
        Stage.SHORTLISTED,
        Stage.INTERVIEWED,
        Stage.OFFERED,
        Stage.ACCEPTED,
    )
    check_record(
        application=offer,
        kind="dbs",
        evidence="Certificate 001",
        actor=hr,
        standard={"dbs_level": "enhanced"},
    )
    employment_record(
        application=offer,
        actor=hr,
        employer="Warwickshire County Council",
        started_on=clock.today() - timedelta(days=3000),
        ended_on=clock.today() - timedelta(days=200),
    )
    page.goto(f"/o/331/recruitment/applications/{offer.pk}/")
    assert page.get_by_text("The children's barred list was not checked.").is_visible()
    assert page.locator("#gaps").get_by_text("Not explained").is_visible()
    _fits(page)
    page.get_by_text("Add a reference").click()
    form = page.locator("#add-reference")
    form.get_by_label("Referee").fill("Ms Mensah")
    form.get_by_role("button", name="Record it").click()
    expect(page).to_have_title(re.compile("^Error: "))
    _fits(page)
    form = page.locator("#add-reference")
    form.get_by_label("Their organisation").fill("Warwickshire County Council")
    form.get_by_label("From the current or most recent employer").check()
    for label, when in (
        ("Covers work from", clock.today() - timedelta(days=3000)),
        ("Covers work to", clock.today() - timedelta(days=200)),
        ("Received on", clock.today()),
    ):
        group = form.get_by_role("group", name=label)
        group.get_by_label("Day").fill(str(when.day))
        group.get_by_label("Month").fill(str(when.month))
        group.get_by_label("Year").fill(str(when.year))
    form.get_by_role("button", name="Record it").click()
    expect(page.locator("#references")).to_contain_text("Ms Mensah")
    _fits(page)


def test_a_candidate_registers_interest_confirms_and_withdraws_on_a_phone(phone: Any) -> None:
    """From the council's portal page: register interest (a problem first), follow the emailed
    link to confirm it, then the withdraw link; each page passes axe and fits a phone."""
    from thrive.recruitment.models import Interest

    make_org("331", "Coventry")
    page = phone
    page.goto("/jobs/331/")
    _fits(page)
    page.get_by_role("link", name="Register your interest").click()
    _fits(page)
    page.get_by_label("Your full name").fill("Ada Obi")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("The kind of job you are interested in").select_option("social_worker")
    page.get_by_role("button", name="Register your interest").click()
    expect(page).to_have_title(re.compile("^Error: Register your interest"))
    _fits(page)
    page.get_by_label("The council may keep my name and email").check()
    page.get_by_role("button", name="Register your interest").click()
    expect(page).to_have_title(re.compile("^Check your email"))
    _fits(page)
    (sent,) = [m for m in mail.outbox if "ada@example.org" in m.to]
    links = {
        kind: re.search(rf"/jobs/interest/{kind}/\?token=\S+", str(sent.body))
        for kind in ("confirm", "withdraw")
    }
    assert links["confirm"] and links["withdraw"]
    page.goto(links["confirm"].group(0))
    expect(page).to_have_title(re.compile("^Interest confirmed"))
    _fits(page)
    assert Interest.objects.get().confirmed_at is not None
    page.goto(links["withdraw"].group(0))
    _fits(page)
    page.get_by_role("button", name="Withdraw your interest").click()
    expect(page).to_have_title(re.compile("^Interest withdrawn"))
    _fits(page)
    assert Interest.objects.get().withdrawn_at is not None


def test_a_care_experienced_panellist_scores_on_a_phone_before_seeing_others(phone: Any) -> None:
    from decimal import Decimal

    from tests.factories import PASSWORD
    from tests.recruitment.helpers import apply, move
    from thrive.recruitment.models import PanellistKind, Score
    from thrive.recruitment.services import panel_add, panellist_add, question_add, scores_submit

    coventry = make_org("331", "Coventry")
    hr, leader = recruiter(coventry), make_user(coventry, Role.SENIOR_LEADER)
    vacancy = open_vacancy(
        coventry,
        hr,
        leader,
        team=make_team(coventry, "Assessment Team"),
        title="Social worker, assessment",
        closing_date=clock.today(),
    )
    candidate = move(apply(vacancy, hr, 1), hr, Stage.SHORTLISTED)
    question = question_add(
        organisation=coventry,
        actor=hr,
        text="A young person will not talk to you. What do you do?",
        value="Relationships",
        rubric="1: insists; 3: patient; 5: finds what matters to them",
        role="any",
        effective_from=clock.today(),
    )
    panel = panel_add(
        vacancy=vacancy,
        actor=hr,
        sits_on=clock.today(),
        questions=[question],
        candidates=[candidate],
    )
    staff = panellist_add(panel=panel, actor=hr, user=hr, kind=PanellistKind.STAFF, chair=True)
    scores_submit(panellist=staff, application=candidate, actor=hr, scores={question.pk: (2, "Hm")})
    young = make_user(coventry, Role.PANEL_MEMBER, email="young@example.org")
    panellist_add(
        panel=panel,
        actor=hr,
        user=young,
        kind=PanellistKind.LIVED_EXPERIENCE,
        represents="Children in Care Council",
        trained_on=clock.today() - timedelta(days=7),
        paid_amount=Decimal("50.00"),
        paid_on=clock.today(),
    )
    page = phone
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill("young@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/o/{coventry.code}/recruitment/my-panels/")
    _fits(page)
    page.get_by_role("link", name=re.compile("Interview panel")).first.click()
    _fits(page)
    assert page.get_by_text("Scores hidden until every sheet is sent").is_visible()
    page.get_by_role("link", name="Your score sheet for Candidate 1").click()
    _fits(page)
    page.get_by_role("button", name="Send your scores").click()
    expect(page).to_have_title(re.compile("^Error: Score sheet"))
    _fits(page)
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Send your scores").click()
    page.wait_for_load_state()
    _fits(page)
    assert Score.objects.filter(panellist__user=young).get().score == 4
    # Every sheet is in: the chair (the recruiter) moderates on the phone.
    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(hr.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/o/{coventry.code}/recruitment/my-panels/{panel.pk}/")
    _fits(page)
    page.get_by_role("link", name=re.compile("Moderate Candidate 1")).click()
    _fits(page)
    page.get_by_label("5", exact=True).check()  # outside the panellists' 2 to 4
    page.get_by_label("Appointable", exact=True).check()
    page.get_by_label("The reasons for the outcome").fill("Warm, and found what mattered")
    page.get_by_label("young@example.org").check()
    page.get_by_role("button", name="Keep the agreed scores and outcome").click()
    expect(page).to_have_title(re.compile("^Error: Moderate"))
    _fits(page)
    page.get_by_label(re.compile("Relationships: note")).fill("The young person's view settled it")
    page.get_by_role("button", name="Keep the agreed scores and outcome").click()
    page.wait_for_load_state()
    expect(page.locator("#ranking")).to_contain_text("Appointable")
    _fits(page)


def test_a_recruiter_imports_an_applicants_file_on_a_phone(phone: Any) -> None:
    from pathlib import Path

    from tests.factories import PASSWORD

    coventry = make_org("331", "Coventry")
    hr = recruiter(coventry, email="hr@example.org")
    vacancy = open_vacancy(
        coventry,
        hr,
        make_user(coventry, Role.SENIOR_LEADER),
        team=make_team(coventry, "Assessment Team"),
        title="Social worker, assessment",
    )
    sample = Path(__file__).parents[1] / "recruitment" / "data" / "applications.csv"
    page = phone
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill("hr@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/o/{coventry.code}/recruitment/vacancies/{vacancy.pk}/applications/")
    page.get_by_role("link", name="Import applications from a file").click()
    _fits(page)
    page.get_by_label("Upload a file").set_input_files(str(sample))
    page.get_by_role("button", name="Send the file").click()
    expect(page.locator("#import-report")).to_contain_text("would be written")
    _fits(page)
    assert not Application.objects.filter(vacancy=vacancy).exists()
    page.get_by_label("Upload a file").set_input_files(str(sample))
    page.get_by_label("Only check the file (write nothing)").uncheck()
    page.get_by_role("button", name="Send the file").click()
    expect(page.locator("#import-report")).to_contain_text("41 new")
    _fits(page)
    assert Application.objects.filter(vacancy=vacancy).count() == 41
