"""What a council keeps for its recruitment: its portal page (dated versions), the feeds of open
jobs, and its channels edited on a page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client

from tests.factories import make_org, make_team, make_user
from tests.recruitment.helpers import open_vacancy, recruiter
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Role
from thrive.recruitment.models import Channel, CouncilPage, Vacancy
from thrive.recruitment.selectors.council_page import council_page
from thrive.recruitment.services import channel_add, channel_change
from thrive.recruitment.services.council_page import council_page_write

PAGE: dict[str, Any] = {
    "practice_model": "Family Safeguarding, with adult workers in every team.",
    "teams": "Front door, assessment, children in care.",
    "pay": "Social workers £38,000 to £42,000, plus a £2,000 market supplement.",
    "development": "An ASYE with protected time; the academy's progression panels.",
    "flexible_working": "Hybrid working; part-time and compressed hours.",
    "caseload_promise": "At most 18 children for a full-time social worker.",
}


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _job(org: Any, title: str = "Social worker, assessment") -> Any:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    return open_vacancy(
        org,
        hr,
        leader,
        team=make_team(org, "Assessment Team"),
        title=title,
        closing_date=clock.today() + timedelta(days=30),
    )


@pytest.mark.django_db
def test_council_page_versions_are_dated_and_shown_on_the_portal(client: Client, org: Any) -> None:
    hr = recruiter(org)
    today = clock.today()
    first = council_page_write(organisation=org, actor=hr, effective_from=today, **PAGE)
    later = council_page_write(
        organisation=org,
        actor=hr,
        effective_from=today + timedelta(days=10),
        **{**PAGE, "caseload_promise": "At most 16 children."},
    )
    assert council_page(org, today) == first
    assert council_page(org, today + timedelta(days=10)) == later
    # A day candidates have already seen is never rewritten.
    with pytest.raises(ThriveError) as refused:
        council_page_write(
            organisation=org, actor=hr, effective_from=today - timedelta(days=1), **PAGE
        )
    assert refused.value.field == "effective_from"
    # Today's version may be corrected, checked against the version the recruiter saw.
    council_page_write(
        organisation=org, actor=hr, effective_from=today, version=first.version, **PAGE
    )
    with pytest.raises(ThriveError, match="Someone else"):
        council_page_write(
            organisation=org, actor=hr, effective_from=today, version=first.version, **PAGE
        )
    job = _job(org)
    page = client.get(f"/jobs/{org.code}/").content.decode()
    assert "Family Safeguarding" in page and "At most 18 children" in page
    assert "At most 16" not in page
    job_page = client.get(f"/jobs/{org.code}/{job.pk}/").content.decode()
    assert f"/jobs/{org.code}/#working-here" in job_page
    assert "At most 18 children" in job_page  # on the page and in its JobPosting
    assert "Our caseload promise: At most 18 children" in job_page


@pytest.mark.django_db
def test_recruiter_writes_the_page_on_a_form_and_others_are_refused(
    client: Client, org: Any
) -> None:
    hr = recruiter(org)
    client.force_login(hr)
    url = f"/o/{org.code}/recruitment/portal-page/"
    assert client.get(url).status_code == 200
    today = clock.today()
    data = {
        **PAGE,
        "effective_from_0": str(today.day),
        "effective_from_1": str(today.month),
        "effective_from_2": str(today.year),
        "caseload_promise": "",
    }
    shown = client.post(url, data)
    assert shown.status_code == 200
    body = shown.content.decode()
    assert "Family Safeguarding" in body  # what was typed is kept
    assert "caseload promise" in body.lower() and not CouncilPage.objects.exists()
    data["caseload_promise"] = "At most 18 children."
    assert client.post(url, data).status_code == 302
    assert CouncilPage.objects.get().caseload_promise == "At most 18 children."
    team_recruiter = make_user(org, Role.SERVICE_MANAGER, email="sm@example.org")
    client.force_login(team_recruiter)
    assert client.get(url).status_code == 403
    client.force_login(make_user(org, Role.PRACTITIONER, email="p@example.org"))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_feeds_rss_atom_and_csv_of_open_jobs(client: Client, org: Any) -> None:
    other = make_org("332", "Otherton")
    mine, theirs = _job(org, "Senior practitioner"), _job(other, "Team manager")
    rss = client.get("/jobs/feed.rss")
    assert rss.status_code == 200 and "rss" in rss["Content-Type"]
    titles = [i.findtext("title") for i in ElementTree.fromstring(rss.content).iter("item")]
    assert f"Senior practitioner, {org.name}" in titles and "Team manager, Otherton" in titles
    atom = client.get(f"/jobs/{org.code}/feed.atom")
    assert atom.status_code == 200 and "atom" in atom["Content-Type"]
    ns = "{http://www.w3.org/2005/Atom}"
    entries = list(ElementTree.fromstring(atom.content).iter(f"{ns}entry"))
    assert [e.findtext(f"{ns}title") for e in entries] == [f"Senior practitioner, {org.name}"]
    link = entries[0].find(f"{ns}link")
    assert link is not None and f"/jobs/{org.code}/{mine.pk}/" in str(link.get("href"))
    few = _queries(client, "/jobs/feed.rss")
    _job(org, "Family support worker")
    _job(other, "Personal adviser")
    assert _queries(client, "/jobs/feed.rss") == few
    rows = list(csv.DictReader(io.StringIO(client.get("/jobs/jobs.csv").content.decode())))
    assert {r["title"] for r in rows} == {
        "Senior practitioner",
        "Team manager",
        "Family support worker",
        "Personal adviser",
    }
    row = next(r for r in rows if r["title"] == "Team manager")
    assert row["salary_min"] == str(theirs.salary_min) and row["url"].endswith(
        f"/jobs/332/{theirs.pk}/"
    )
    assert client.get("/jobs/NOPE/feed.rss").status_code == 404
    jobs = client.get("/jobs/").content.decode()
    assert 'href="/jobs/feed.rss"' in jobs and 'href="/jobs/jobs.csv"' in jobs
    # The sitemap for search engines: the portal, each council with a job open, each open job.
    site = client.get("/jobs/sitemap.xml")
    assert site.status_code == 200 and site["Content-Type"].startswith("application/xml")
    sm = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = {
        u.findtext(f"{sm}loc"): u.findtext(f"{sm}lastmod")
        for u in ElementTree.fromstring(site.content).iter(f"{sm}url")
    }
    paths = {str(loc).removeprefix("http://testserver") for loc in urls}
    assert paths == {
        "/jobs/",
        f"/jobs/{org.code}/",
        "/jobs/332/",
        *(f"/jobs/{v.organisation.code}/{v.pk}/" for v in Vacancy.objects.filter(status="open")),
    }
    assert urls[f"http://testserver/jobs/{org.code}/{mine.pk}/"] == clock.today().isoformat()
    few = _queries(client, "/jobs/sitemap.xml")
    _job(org, "Practice educator")
    assert _queries(client, "/jobs/sitemap.xml") == few


@pytest.mark.django_db
def test_channels_added_renamed_and_retired_on_a_page(client: Client, org: Any) -> None:
    hr = recruiter(org)
    added = channel_add(
        organisation=org, actor=hr, name="Lancashire mosques outreach", kind="community"
    )
    with pytest.raises(ThriveError) as taken:
        channel_add(
            organisation=org, actor=hr, name="lancashire MOSQUES outreach", kind="community"
        )
    assert taken.value.field == "name"
    with pytest.raises(ThriveError) as platform:
        channel_add(organisation=org, actor=hr, name="TikTok", kind="social_media")
    assert platform.value.field == "platform"
    client.force_login(hr)
    page = client.get(f"/o/{org.code}/recruitment/channels/edit/").content.decode()
    assert "Lancashire mosques outreach" in page
    few = _queries(client, f"/o/{org.code}/recruitment/channels/edit/")
    for n in range(5):
        channel_add(organisation=org, actor=hr, name=f"Job fair {n}", kind="job_fair")
    assert _queries(client, f"/o/{org.code}/recruitment/channels/edit/") == few
    url = f"/o/{org.code}/recruitment/channels/{added.pk}/edit/"
    posted = {
        "name": "Preston community outreach",
        "kind": "community",
        "platform": "",
        "version": str(added.version),
    }
    assert client.post(url, posted).status_code == 302
    added.refresh_from_db()
    assert added.name == "Preston community outreach" and not added.active
    # The same form again, from the version now out of date: refused, nothing overwritten.
    again = client.post(url, {**posted, "name": "Something else", "active": "on"})
    assert again.status_code == 200 and "Someone else" in again.content.decode()
    added.refresh_from_db()
    assert added.name == "Preston community outreach"
    assert not Channel.objects.filter(name="Something else").exists()
    channel_change(
        channel=added,
        actor=hr,
        version=added.version,
        name=added.name,
        kind="community",
        active=True,
    )
    client.force_login(make_user(org, Role.SERVICE_MANAGER, email="sm@example.org"))
    assert client.get(url).status_code == 403


def _referred_starter(org: Any, hr: Any, referrer: Any, n: int) -> Any:
    from tests.recruitment.helpers import apply, move
    from tests.recruitment.test_checks import record_all_but
    from thrive.recruitment.services import application_confirm_start

    leader = make_user(org, Role.SENIOR_LEADER, email=f"leader{n}@example.org")
    vacancy = open_vacancy(
        org,
        hr,
        leader,
        team=make_team(org, "Assessment Team"),
        title=f"Social worker {n}",
        closing_date=clock.today() + timedelta(days=30),  # open on whichever day the test runs
    )
    application = apply(vacancy, hr, n, "Refer a friend", referred_by=referrer)
    application = move(application, hr, "shortlisted", "interviewed", "offered", "accepted")
    record_all_but(application, hr)
    return application_confirm_start(application=application, start_date=clock.today(), actor=hr)


@pytest.mark.django_db
def test_referral_reward_due_after_probation_then_paid(client: Client, org: Any) -> None:
    from decimal import Decimal

    from tests.factories import make_staff
    from thrive.recruitment.models import Application
    from thrive.recruitment.selectors.referrals import ReferralStatus, referral_rows
    from thrive.recruitment.services import referral_reward_pay, referral_reward_set

    hr = recruiter(org)
    today = clock.today()
    referral_reward_set(
        organisation=org,
        actor=hr,
        effective_from=today - timedelta(days=365),
        amount=Decimal("500"),
        due="probation",
        probation_months=6,
    )
    with pytest.raises(ThriveError) as used:
        referral_reward_set(
            organisation=org,
            actor=hr,
            effective_from=today - timedelta(days=365),
            amount=Decimal("750"),
            due="start",
        )
    assert used.value.field == "effective_from"
    referrer = make_staff(org, staff_id="S900", first_name="Priya", last_name="Shah")
    waiting = _referred_starter(org, hr, referrer, 1)
    passed = _referred_starter(org, hr, referrer, 2)
    # Time passes: the second friend started seven months ago.
    Application.objects.filter(pk=passed.pk).update(start_date=today - timedelta(days=213))
    rows = {r.application.pk: r for r in referral_rows(org, on=today)}
    assert rows[waiting.pk].status == ReferralStatus.WAITING
    assert rows[passed.pk].status == ReferralStatus.DUE and rows[passed.pk].referrer == "Priya Shah"
    with pytest.raises(ThriveError, match="not due"):
        referral_reward_pay(application=waiting, actor=hr)
    client.force_login(hr)
    url = f"/o/{org.code}/recruitment/referrals/"
    page = client.get(url).content.decode()
    assert "Priya Shah" in page and "Record paid" in page
    few = _queries(client, url)
    from tests.recruitment.helpers import apply

    for n in range(3, 9):
        apply(waiting.vacancy, hr, n, "Refer a friend", referred_by=referrer)
    assert _queries(client, url) == few
    assert client.post(url, {"action": "pay", "application": str(passed.pk)}).status_code == 302
    passed.refresh_from_db()
    assert passed.referral_payment.amount == Decimal("500")
    shown = client.get(f"/o/{org.code}/recruitment/applications/{passed.pk}/").content.decode()
    assert "Referral reward" in shown and "paid £500.00" in shown
    with pytest.raises(ThriveError, match="already paid"):
        referral_reward_pay(application=passed, actor=hr)
    client.force_login(make_user(org, Role.PRACTITIONER, email="p@example.org"))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_stage_emails_in_the_councils_words_after_commit_and_none_for_internal_stages(
    client: Client, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from tests.recruitment.helpers import apply, move
    from thrive.recruitment.services import stage_email_set

    hr = recruiter(org)
    today = clock.today()
    stage_email_set(
        organisation=org,
        actor=hr,
        stage="shortlisted",
        effective_from=today,
        subject="Good news about {job}",
        body="Dear {name}, {council} has shortlisted you. {link}",
    )
    for bad, field in (("Hello {candidate}", "body"), ("Hello {", "body")):
        with pytest.raises(ThriveError) as refused:
            stage_email_set(
                organisation=org,
                actor=hr,
                stage="offered",
                effective_from=today,
                subject="Offer",
                body=bad,
            )
        assert refused.value.field == field
    with pytest.raises(ThriveError) as past:
        stage_email_set(
            organisation=org,
            actor=hr,
            stage="offered",
            effective_from=today - timedelta(days=1),
            subject="Offer",
            body="Dear {name}",
        )
    assert past.value.field == "effective_from"
    job = _job(org)
    application = apply(job, hr, 1)
    with django_capture_on_commit_callbacks(execute=True):
        application = move(application, hr, "shortlisted")
    (shortlisted,) = mail.outbox
    assert shortlisted.to == ["candidate1@example.org"]
    assert shortlisted.subject == "Good news about Social worker, assessment"
    assert f"Dear Candidate 1, {org.name} has shortlisted you." in shortlisted.body
    assert "/jobs/candidate/link/?token=" in shortlisted.body
    with django_capture_on_commit_callbacks(execute=True):
        application = move(application, hr, "interviewed")  # the council's own business
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        move(application, hr, "offered")
    assert (
        mail.outbox[-1].subject == "We would like to offer you the job: Social worker, assessment"
    )
    # A move that is undone tells nobody.
    from django.db import transaction

    other = apply(job, hr, 2)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                move(other, hr, "rejected")
                raise RuntimeError("undone")
        except RuntimeError:
            pass
    assert len(mail.outbox) == 2
    # A move recorded after the fact (the candidate was told at the time) sends nothing.
    from thrive.recruitment.services import application_move

    late = apply(job, hr, 3, applied_on=today - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        application_move(
            application=late, stage="shortlisted", actor=hr, on=today - timedelta(days=1)
        )
    assert len(mail.outbox) == 2
    # Each stage's email is its own message kind (its own Notify template and setting) ...
    from thrive.core.models import OutboxMessage

    told = OutboxMessage.objects.exclude(  # the vacancy's own approval emails aside
        kind__in=["recruitment.approval_requested", "recruitment.vacancy_approved"]
    )
    assert list(told.order_by("pk").values_list("kind", flat=True)) == [
        "recruitment.shortlisted",
        "recruitment.offered",
    ]
    # ... and the council can switch one off from a day, on the page.
    client.force_login(hr)
    posted = client.post(
        f"/o/{org.code}/recruitment/stage-emails/",
        {
            "stage": "rejected",
            "effective_from_0": str(today.day),
            "effective_from_1": str(today.month),
            "effective_from_2": str(today.year),
            "subject": "Your application for {job}",
            "body": "Dear {name}, thank you.",
        },
    )
    assert posted.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        move(apply(job, hr, 4), hr, "rejected")
    assert len(mail.outbox) == 2
    page = client.get(f"/o/{org.code}/recruitment/stage-emails/").content.decode()
    assert "Good news about {job}" in page and "Thrive's wording" in page
    assert "Not sent" in page
    client.force_login(make_user(org, Role.SERVICE_MANAGER, email="sm@example.org"))
    assert client.get(f"/o/{org.code}/recruitment/stage-emails/").status_code == 403


@pytest.mark.django_db
def test_the_demo_adds_a_portal_page_interest_and_drafts_through_the_services(
    client: Client, org: Any
) -> None:
    from thrive.recruitment.models import ApplicationDraft, Interest, ReferralReward
    from thrive.recruitment.showcase import INTERESTS, seed_portal_extras

    hr = recruiter(org, email="hr@example.org")
    _job(org)
    note = seed_portal_extras(org, recruiter_email="hr@example.org")
    assert "registrations of interest" in note
    assert seed_portal_extras(org, recruiter_email="hr@example.org") == ""  # once only
    assert Interest.objects.filter(organisation=org).count() == len(INTERESTS)
    confirmed = Interest.objects.filter(confirmed_at__isnull=False, withdrawn_at__isnull=True)
    assert confirmed.count() == 5
    assert ApplicationDraft.objects.filter(organisation=org).count() == 2
    assert ReferralReward.objects.filter(organisation=org).count() == 1
    assert "Family Safeguarding" in client.get(f"/jobs/{org.code}/").content.decode()
    client.force_login(hr)
    listed = client.get(f"/o/{org.code}/recruitment/interest/").content.decode()
    assert "Hannah Price" in listed and "Maria Kowalska" not in listed
