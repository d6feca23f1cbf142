"""The public jobs portal and the candidate's side: applying with no account, equality monitoring
kept apart, following an application by an emailed link, withdrawing."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_org, make_team, make_user
from tests.recruitment.helpers import channel, open_vacancy, recruiter
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import Region
from thrive.recruitment.models import Application, EqualityMonitoring, Stage
from thrive.recruitment.services import vacancy_close


def _open(org: Any, title: str, team_name: str = "Assessment Team", **kw: Any) -> Any:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    team = make_team(org, team_name)
    kw.setdefault("closing_date", clock.today() + timedelta(days=30))
    return open_vacancy(org, hr, leader, team=team, title=title, **kw)


@pytest.fixture
def job(org: Any) -> Any:
    return _open(org, "Social worker, assessment", salary_min=38000, salary_max=42000)


def _form(job: Any, **over: Any) -> dict[str, Any]:
    data = {
        "candidate_name": "Amara Okafor",
        "candidate_email": "Amara@Example.org",
        "channel": str(channel(job.organisation, "Social media: LinkedIn").pk),
        "start_origin": "2",
        "qualification_level": "2",
        "qualification_institution": "University of Warwick",
        "swe_number": "sw123456",
        "supporting_statement": "I have six years in a duty and assessment team.",
        "privacy_accepted": "on",
        "ethnicity": "BAFR",
        "gender": "2",
        "date_of_birth_0": "4",
        "date_of_birth_1": "3",
        "date_of_birth_2": "1990",
        "disability": "no",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def _apply_url(job: Any) -> str:
    return reverse("recruitment:job_apply", args=[job.organisation.code, job.pk])


@pytest.mark.django_db
def test_the_portal_shows_every_open_job_across_councils_and_filters_them(
    client: Client, org: Any, frozen_clock: Any
) -> None:
    london = make_org("202", "Camden", region=Region.LONDON)
    _open(org, "Senior practitioner", salary_min=42000, salary_max=46000)
    _open(london, "Social worker, children in care", "Children in Care", salary_max=40000)
    closed = _open(org, "Team manager", "Court Team", salary_min=50000, salary_max=56000)
    vacancy_close(vacancy=closed, actor=recruiter(org, email="closer@example.org"))
    _open(org, "Closing today", "Late Team", closing_date=clock.today())

    def titles(query: str = "") -> list[str]:
        page = client.get("/jobs/" + query)
        assert page.status_code == 200
        return re.findall(r'<h3[^>]*><a class="govuk-link" href="[^"]+">([^<]+)</a>', page.text)

    # Soonest closing first, then by council (Camden before Coventry).
    assert titles() == ["Closing today", "Social worker, children in care", "Senior practitioner"]
    frozen_clock.shift(timedelta(days=1))
    assert titles() == ["Social worker, children in care", "Senior practitioner"]
    assert titles("?region=London") == ["Social worker, children in care"]
    assert titles("?council=331") == ["Senior practitioner"]
    assert titles("?pay=44000") == ["Senior practitioner"]
    assert titles("?q=care+children") == ["Social worker, children in care"]
    assert titles("?q=manager") == []
    # By the kind of post (from the title when not chosen on raising).
    assert titles("?role=senior_practitioner") == ["Senior practitioner"]
    assert titles("?role=practitioner") == ["Social worker, children in care"]
    assert titles("?role=team_manager") == []
    assert "Kind of job" in client.get("/jobs/").text
    council = client.get(reverse("recruitment:council_jobs", args=["202"]))
    assert "Jobs at Camden" in council.text and "Senior practitioner" not in council.text
    assert client.get(reverse("recruitment:job", args=["331", closed.pk])).status_code == 404


@pytest.mark.django_db
def test_a_job_page_carries_its_job_posting_for_search_engines(client: Client, job: Any) -> None:
    page = client.get(reverse("recruitment:job", args=[job.organisation.code, job.pk]))
    found = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page.text, re.S)
    assert found
    posting = json.loads(found.group(1))
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Social worker, assessment"
    assert posting["hiringOrganization"]["name"] == "Coventry"
    assert posting["jobLocation"]["address"]["addressLocality"] == "Coventry"
    assert posting["baseSalary"]["value"]["minValue"] == 38000
    assert posting["baseSalary"]["value"]["maxValue"] == 42000
    assert posting["validThrough"] == job.closing_date.isoformat()


@pytest.mark.django_db
def test_the_portal_runs_the_same_queries_for_many_jobs(client: Client, org: Any) -> None:
    _open(org, "First")
    client.get("/jobs/")
    with CaptureQueriesContext(connection) as few:
        client.get("/jobs/")
    other = make_org("330", "Birmingham")
    for n in range(4):
        _open(other, f"Job {n}", f"Team {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/jobs/")
    assert page.text.count('<h3 class="govuk-heading-s') == 5
    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_candidate_applies_with_no_account_and_follows_it_by_the_emailed_link(
    client: Client, job: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_apply_url(job), _form(job))
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:candidate_sent")
    application = Application.objects.get(vacancy=job)
    assert application.candidate_email == "amara@example.org"
    assert application.recorded_by is None
    assert application.stage == Stage.APPLIED
    assert (application.start_origin, application.qualification_level) == (2, 2)
    assert application.swe_number == "SW123456"
    assert application.privacy_accepted_at is not None
    # Equality monitoring is a record of its own, not a field of the application.
    monitoring = EqualityMonitoring.objects.get(application=application)
    assert (monitoring.ethnicity, monitoring.gender, monitoring.disability) == ("BAFR", 2, "no")
    assert str(monitoring.date_of_birth) == "1990-03-04"
    event = AuditEvent.objects.get(action="recruitment.application_submitted")
    assert event.user is None and event.object_id == str(application.pk)

    (sent,) = mail.outbox
    assert sent.to == ["amara@example.org"]
    link = re.search(r"https?://\S+/jobs/candidate/link/\?token=\S+", str(sent.body))
    assert link
    # Before following the link the candidate has no view; after it, their application's stage.
    assert client.get(reverse("recruitment:candidate_home"))["Location"].endswith("/sign-in/")
    home = client.get("/jobs/" + link.group(0).split("/jobs/", 1)[1], follow=True)
    assert "Social worker, assessment, Coventry" in home.text
    assert "Received" in home.text
    # Signed in as a candidate is not signed in to Thrive: staff pages still ask for a sign-in.
    staff = client.get(reverse("recruitment:vacancies", args=[job.organisation.code]))
    assert staff.status_code == 302
    assert staff["Location"].startswith(reverse("accounts:login"))

    response = client.post(reverse("recruitment:candidate_withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN
    assert AuditEvent.objects.filter(action="recruitment.application_withdrawn").count() == 1
    assert "Withdrawn" in client.get(reverse("recruitment:candidate_home")).text


@pytest.mark.django_db
def test_shortlisters_never_see_the_equality_answers(client: Client, job: Any) -> None:
    client.post(_apply_url(job), _form(job))
    application = Application.objects.get(vacancy=job)
    client.force_login(recruiter(job.organisation, email="shortlister@example.org"))
    for url in (
        reverse("recruitment:applications", args=[job.organisation.code, job.pk]),
        reverse("recruitment:application", args=[job.organisation.code, application.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200 and "Amara Okafor" in page.text
        for answer in ("Black or Black British", "BAFR", "1990", "disabled", "Woman"):
            assert answer not in page.text, (url, answer)


@pytest.mark.django_db
def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(client: Client, job: Any) -> None:
    page = client.post(_apply_url(job), _form(job, privacy_accepted=None))
    assert page.status_code == 200
    assert "Error: Apply" in page.text
    assert "Confirm that you have read the privacy notice" in page.text
    assert 'value="Amara Okafor"' in page.text
    friend = str(channel(job.organisation, "Refer a friend").pk)
    page = client.post(_apply_url(job), _form(job, channel=friend))
    assert "Say who referred you" in page.text
    page = client.post(_apply_url(job), _form(job, date_of_birth_2="2020"))
    assert "Enter a date of birth at least 16 years ago" in page.text
    assert not Application.objects.exists()
    assert client.post(_apply_url(job), _form(job)).status_code == 302
    page = client.post(_apply_url(job), _form(job, candidate_name="Again"))
    assert "You have already applied for this job" in page.text
    assert Application.objects.count() == 1
    assert not EqualityMonitoring.objects.exclude(application__candidate_name="Amara Okafor")


@pytest.mark.django_db
def test_a_sign_in_link_is_refused_when_forged_or_old_and_opens_only_ones_own(
    client: Client, job: Any, frozen_clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.post(_apply_url(job), _form(job))
    client.post(_apply_url(job), _form(job, candidate_email="other@example.org"))
    theirs = Application.objects.get(candidate_email="other@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:candidate_sign_in"), {"email": "nobody@example.org"})
        asked = client.post(
            reverse("recruitment:candidate_sign_in"), {"email": "AMARA@example.org"}
        )
    assert asked["Location"] == reverse("recruitment:candidate_sent")
    assert [m.to for m in mail.outbox] == [["amara@example.org"]]
    found = re.search(r"/jobs/candidate/link/\?token=\S+", str(mail.outbox[0].body))
    assert found
    url = found.group(0)
    forged = client.get(url[:-3] + "xyz")
    assert forged.status_code == 400 and "This link has run out" in forged.text
    frozen_clock.shift(timedelta(hours=25))
    assert client.get(url).status_code == 400
    frozen_clock.shift(timedelta(hours=-25))
    assert client.get(url).status_code == 302
    page = client.get(reverse("recruitment:candidate_home"))
    assert page.text.count('<h2 class="govuk-summary-card__title">') == 1
    withdraw = client.post(reverse("recruitment:candidate_withdraw", args=[theirs.pk]))
    assert withdraw.status_code == 404
    theirs.refresh_from_db()
    assert theirs.stage == Stage.APPLIED


@pytest.mark.django_db
def test_a_draft_is_saved_with_only_an_email_and_finished_from_the_emailed_link(
    client: Client, job: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from thrive.recruitment.models import Application, ApplicationDraft

    url = _apply_url(job)
    early = {
        "candidate_name": "Amara Okafor",
        "supporting_statement": "Half of my statement",
        "ethnicity": "BAFR",
        "save_draft": "1",
    }
    page = client.post(url, early)
    assert page.status_code == 200 and "Enter your email address, so we can send you" in page.text
    assert "Half of my statement" in page.text  # what was typed is kept
    assert "Confirm that you have read the privacy notice" not in page.text  # only the email asked
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(url, {**early, "candidate_email": "Amara@Example.org"})
    assert saved.status_code == 200 and "Your draft is saved" in saved.text
    draft = ApplicationDraft.objects.get()
    assert draft.email == "amara@example.org" and "ethnicity" not in draft.data
    (sent,) = mail.outbox
    link = re.search(r"/jobs/\S+/apply/\?draft=\S+", str(sent.body))
    assert link is not None
    again = client.get(link.group(0))
    assert again.status_code == 200 and "Half of my statement" in again.text
    assert 'value="amara@example.org"' in again.text
    forged = client.get(url + "?draft=nonsense")
    assert "That draft link does not work" in forged.text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, _form(job))
    assert done.status_code == 302
    assert Application.objects.filter(vacancy=job).count() == 1
    assert not ApplicationDraft.objects.exists()  # gone once the application is sent
