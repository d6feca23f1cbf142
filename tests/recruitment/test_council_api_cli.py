"""The jobs portal, the council's channels, referrals and registrations of interest through the
API and the CLI, with the pages' permissions."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.factories import make_org, make_staff, make_team, make_user
from tests.recruitment.helpers import apply, move, open_vacancy, recruiter
from tests.recruitment.test_checks import record_all_but
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.recruitment.models import Channel, Interest
from thrive.recruitment.services import (
    application_confirm_start,
    interest_confirm,
    interest_register,
)

pytestmark = pytest.mark.django_db


def _token(user: Any) -> str:
    _, key = api_token_create(user=user, name="t")
    return f"Token {key}"


@pytest.fixture
def council(org: Any) -> Any:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    team = make_team(org, "Assessment Team")
    job = open_vacancy(
        org,
        hr,
        leader,
        team=team,
        title="Social worker, assessment",
        closing_date=clock.today() + timedelta(days=30),
    )
    manager = make_user(org, Role.SERVICE_MANAGER, team=team, service=team.service)
    return hr, job, manager


def test_the_jobs_portal_api_needs_no_sign_in_and_shows_only_open_jobs(
    client: Client, org: Any, council: Any, capsys: Any
) -> None:
    hr, job, _ = council
    from tests.recruitment.helpers import raise_vacancy

    raise_vacancy(org, hr, team=job.team, title="Draft job", closing_date=clock.today())
    body = client.get("/api/jobs/").json()
    rows = body["results"]
    assert [r["title"] for r in rows] == ["Social worker, assessment"]
    assert rows[0]["council_code"] == org.code and rows[0]["url"].endswith(
        f"/jobs/{org.code}/{job.pk}/"
    )
    assert client.get("/api/jobs/?pay=50000").json()["results"] == []
    assert len(client.get("/api/jobs/?q=assessment&council=" + org.code).json()["results"]) == 1
    assert len(client.get("/api/jobs/?role=practitioner").json()["results"]) == 1
    assert client.get("/api/jobs/?role=team_manager").json()["results"] == []
    assert main(["recruitment", "jobs", "--format", "json", "--role", "team_manager"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["recruitment", "jobs", "--format", "json", "--region", "West Midlands"]) == 0
    assert [r["title"] for r in json.loads(capsys.readouterr().out)] == [job.title]
    assert main(["recruitment", "jobs", "--format", "json", "--council", org.code]) == 0
    assert [r["title"] for r in json.loads(capsys.readouterr().out)] == [job.title]


def test_channels_listed_added_and_changed_through_the_api(
    client: Client, org: Any, council: Any
) -> None:
    hr, job, manager = council
    url = f"/api/organisations/{org.code}/recruitment/channels/"
    auth = _token(hr)
    listed = client.get(url, HTTP_AUTHORIZATION=auth).json()
    assert "Refer a friend" in {c["name"] for c in listed}
    added = client.post(
        url,
        {"name": "Podcast adverts", "kind": "job_board"},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert added.status_code == 201 and added.json()["applications"] == 0
    again = client.post(
        url,
        {"name": "podcast ADVERTS", "kind": "job_board"},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert again.status_code == 400 and "already has a channel" in again.json()["detail"]
    pk, version = added.json()["id"], added.json()["version"]
    change = f"{url}{pk}/"
    body = {"name": "Podcasts", "kind": "job_board", "active": False, "version": version}
    done = client.post(change, body, content_type="application/json", HTTP_AUTHORIZATION=auth)
    assert done.status_code == 200 and done.json()["active"] is False
    stale = client.post(change, body, content_type="application/json", HTTP_AUTHORIZATION=auth)
    assert stale.status_code == 400 and "Someone else changed" in stale.json()["detail"]
    # A service manager reads the list but keeps no council lists.
    sm = _token(manager)
    assert client.get(url, HTTP_AUTHORIZATION=sm).status_code == 200
    refused = client.post(
        url,
        {"name": "X", "kind": "job_board"},
        content_type="application/json",
        HTTP_AUTHORIZATION=sm,
    )
    assert refused.status_code == 403
    assert (
        client.post(
            change, body, content_type="application/json", HTTP_AUTHORIZATION=sm
        ).status_code
        == 403
    )
    # The yield, within the caller's scope; a practitioner is refused.
    for n in range(6):
        apply(job, hr, n, "Social media: LinkedIn")
    rows = client.get(f"{url}yield/", HTTP_AUTHORIZATION=auth).json()
    linkedin = next(r for r in rows if r["channel"] == "Social media: LinkedIn")
    assert (linkedin["applications"], linkedin["starters"], linkedin["left_in_probation"]) == (
        6,
        0,
        0,
    )
    assert rows[-1]["channel"] == "Every channel"
    assert client.get(f"{url}yield/?from=nonsense", HTTP_AUTHORIZATION=auth).status_code == 400
    practitioner = _token(make_user(org, Role.PRACTITIONER, email="p@example.org"))
    assert client.get(f"{url}yield/", HTTP_AUTHORIZATION=practitioner).status_code == 403


def test_referrals_and_rewards_through_the_api(client: Client, org: Any, council: Any) -> None:
    hr, job, manager = council
    base = f"/api/organisations/{org.code}/recruitment/"
    auth = _token(hr)
    today = clock.today()
    set_reward = client.post(
        f"{base}referral-rewards/",
        {"effective_from": str(today - timedelta(days=30)), "amount": "500", "due": "start"},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert set_reward.status_code == 201 and set_reward.json()["amount"] == "500.00"
    referrer = make_staff(org, staff_id="S900", first_name="Priya", last_name="Shah")
    friend = apply(job, hr, 1, "Refer a friend", referred_by=referrer, swe_number="SW000001")
    pending = apply(job, hr, 2, "Refer a friend", referred_by=referrer)
    rows = client.get(f"{base}referrals/", HTTP_AUTHORIZATION=auth).json()
    assert {r["status"] for r in rows} == {"in_progress"} and rows[0]["referred_by"] == "Priya Shah"
    refused = client.post(f"{base}referrals/{pending.pk}/pay/", {}, HTTP_AUTHORIZATION=auth)
    assert refused.status_code == 400 and "not due" in refused.json()["detail"]
    friend = move(friend, hr, "shortlisted", "interviewed", "offered", "accepted")
    record_all_but(friend, hr)
    application_confirm_start(application=friend, start_date=today, actor=hr)
    paid = client.post(f"{base}referrals/{friend.pk}/pay/", {}, HTTP_AUTHORIZATION=auth)
    assert paid.status_code == 201 and paid.json()["status"] == "paid"
    assert AuditEvent.objects.filter(action="recruitment.referral_reward_paid").count() == 1
    sm = _token(manager)
    assert client.get(f"{base}referrals/", HTTP_AUTHORIZATION=sm).status_code == 403
    assert client.get(f"{base}referral-rewards/", HTTP_AUTHORIZATION=sm).status_code == 403


def _confirmed(org: Any, n: int) -> Interest:
    found = interest_register(
        organisation=org,
        name=f"Person {n}",
        email=f"person{n}@example.org",
        job_family="social_worker",
        consent=True,
    )
    return interest_confirm(interest=found)


def test_registrations_of_interest_read_and_invited_through_the_api(
    client: Client, org: Any, council: Any, django_capture_on_commit_callbacks: Any
) -> None:
    hr, job, manager = council
    interest = _confirmed(org, 1)
    base = f"/api/organisations/{org.code}/recruitment/interest/"
    auth = _token(hr)
    rows = client.get(base, HTTP_AUTHORIZATION=auth).json()["results"]
    assert [r["email"] for r in rows] == ["person1@example.org"]
    assert AuditEvent.objects.filter(action="recruitment.interest_read").count() == 1
    bad = client.post(
        f"{base}{interest.pk}/invite/",
        {"vacancy": 0},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert bad.status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            f"{base}{interest.pk}/invite/",
            {"vacancy": job.pk},
            content_type="application/json",
            HTTP_AUTHORIZATION=auth,
        )
    assert done.status_code == 201 and done.json()["invited_to"] == job.pk
    assert mail.outbox[-1].to == ["person1@example.org"]
    sm = _token(manager)
    assert client.get(base, HTTP_AUTHORIZATION=sm).status_code == 403
    other = make_org("330", "Birmingham")
    assert client.get(base, HTTP_AUTHORIZATION=_token(recruiter(other))).status_code == 403


def test_the_cli_keeps_channels_referrals_and_interest(org: Any, council: Any, capsys: Any) -> None:
    hr, job, manager = council
    code = org.code
    assert main(["recruitment", "channels", "--org", code, "--format", "json"]) == 0
    assert "Word of mouth" in {c["name"] for c in json.loads(capsys.readouterr().out)}
    assert (
        main(
            ["recruitment", "channel-add", "--org", code, "--name", "Radio", "--kind", "job_board"]
            + ["--as", hr.email]
        )
        == 0
    )
    radio = Channel.objects.get(organisation=org, name="Radio")
    assert (
        main(
            ["recruitment", "channel-add", "--org", code, "--name", "TV", "--kind", "job_board"]
            + ["--as", manager.email]
        )
        == 1
    )
    assert "may not keep" in capsys.readouterr().err
    assert (
        main(
            ["recruitment", "channel-change", "--org", code, "--id", str(radio.pk)]
            + ["--offered", "no", "--version", str(radio.version), "--as", hr.email]
        )
        == 0
    )
    radio.refresh_from_db()
    assert radio.active is False and radio.name == "Radio"
    stale = main(
        ["recruitment", "channel-change", "--org", code, "--id", str(radio.pk)]
        + ["--name", "Radio ads", "--version", "1"]
    )
    assert stale == 1 and "Someone else changed" in capsys.readouterr().err
    # Referral rewards: who sets one is kept with it, so --as is needed.
    reward = ["recruitment", "referral-reward", "--org", code, "--from", "2026-01-01"]
    reward += ["--amount", "500", "--due", "start"]
    assert main(reward) == 1 and "--as EMAIL" in capsys.readouterr().err
    assert main([*reward, "--as", hr.email]) == 0
    referrer = make_staff(org, staff_id="S901", first_name="Sam", last_name="Lee")
    friend = apply(job, hr, 1, "Refer a friend", referred_by=referrer)
    capsys.readouterr()
    assert main(["recruitment", "referrals", "--org", code, "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["application"], row["status"], row["reward"]) == (
        friend.pk,
        "in_progress",
        "500.00",
    )
    pay = ["recruitment", "referral-pay", "--org", code, "--application", str(friend.pk)]
    assert main([*pay, "--as", hr.email]) == 1 and "not due" in capsys.readouterr().err
    # Registrations of interest: read (audited) and invited.
    interest = _confirmed(org, 2)
    assert main(["recruitment", "interest", "--org", code, "--format", "json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [interest.pk]
    assert AuditEvent.objects.filter(action="recruitment.interest_read").exists()
    assert main(["recruitment", "interest", "--org", code, "--as", manager.email]) == 1
    invite = ["recruitment", "interest-invite", "--org", code, "--interest", str(interest.pk)]
    assert main([*invite, "--vacancy", str(job.pk), "--as", hr.email]) == 0
    interest.refresh_from_db()
    assert interest.invited_to_id == job.pk
    assert Decimal(row["reward"]) == Decimal("500")


def test_applications_moved_and_the_recruiters_view_through_the_api(
    client: Client, org: Any, council: Any
) -> None:
    from thrive.recruitment.services import Equality, application_submit

    hr, job, manager = council
    base = f"/api/organisations/{org.code}/recruitment/"
    auth = _token(hr)
    application_submit(
        vacancy=job,
        candidate_name="Ada Lovelace",
        candidate_email="ada@example.org",
        channel=Channel.objects.get(organisation=org, name="Word of mouth"),
        privacy_accepted=True,
        supporting_statement="Yes",
        start_origin=2,
        equality=Equality(ethnicity="BAFR", gender=2),
    )
    first = apply(job, hr, 1)
    other_team = make_team(org, "Elsewhere", service="Elsewhere")
    elsewhere = open_vacancy(
        org,
        hr,
        make_user(org, Role.SENIOR_LEADER, email="l2@example.org"),
        team=other_team,
        title="Far away",
        closing_date=clock.today() + timedelta(days=30),
    )
    apply(elsewhere, hr, 2)
    body = client.get(f"{base}applications/", HTTP_AUTHORIZATION=auth).json()
    assert {r["candidate_name"] for r in body["results"]} == {
        "Ada Lovelace",
        "Candidate 1",
        "Candidate 2",
    }
    assert "BAFR" not in json.dumps(body) and "ethnicity" not in json.dumps(body)
    mine = client.get(f"{base}applications/", HTTP_AUTHORIZATION=_token(manager)).json()
    assert {r["vacancy_title"] for r in mine["results"]} == {job.title}
    one = client.get(
        f"{base}applications/?vacancy={job.pk}&stage=applied", HTTP_AUTHORIZATION=auth
    ).json()
    assert len(one["results"]) == 2
    url = f"{base}applications/{first.pk}/move/"

    def post(body: dict[str, Any], who: str = auth, *, read: bool = True) -> Any:
        """Posted with the application's version as read now (unless *read* is False)."""
        if read:
            first.refresh_from_db()
            body = {"version": first.version, **body}
        return client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=who)

    # Sent without a version: refused, naming the field, nothing moved (issue 14).
    missing = post({"stage": "shortlisted"}, read=False)
    assert missing.status_code == 400
    assert missing.json()["version"][0].startswith("version is required")
    for stage in ("shortlisted", "interviewed", "offered"):
        assert post({"stage": stage}).status_code == 200
    # The version read before those moves: refused, nothing overwritten (issue 14).
    stale = post({"stage": "accepted", "version": 1})
    assert stale.status_code == 400 and "Someone else changed this" in stale.json()["detail"]
    refused = post({"stage": "declined"})
    assert refused.status_code == 400 and "why they declined" in refused.json()["detail"]
    done = post({"stage": "declined", "declined_reason": "pay", "declined_note": "£3k more"})
    assert done.status_code == 200 and done.json()["declined_reason"] == "pay"
    far = client.get(f"{base}applications/?vacancy={elsewhere.pk}", HTTP_AUTHORIZATION=auth)
    far_url = f"{base}applications/{far.json()['results'][0]['id']}/move/"
    assert (
        client.post(
            far_url,
            {"stage": "shortlisted"},
            content_type="application/json",
            HTTP_AUTHORIZATION=_token(manager),
        ).status_code
        == 404
    )
    view = client.get(f"{base}recruiter/", HTTP_AUTHORIZATION=auth).json()
    assert view["offers_declined"] == 1 and view["declined_why"] == {"Pay or benefits": 1}
    assert view["conversion"]["Offered"] == 1
    assert {v["title"] for v in view["open_longest"]} == {job.title, "Far away"}
    client.force_login(hr)
    # On the application's page, declining asks why, keeping the choice made.
    offered = move(apply(job, hr, 3), hr, "shortlisted", "interviewed", "offered")
    page_url = f"/o/{org.code}/recruitment/applications/{offered.pk}/"
    again = client.post(page_url, {"stage": "declined", "version": offered.version})
    assert again.status_code == 200 and "Say why they declined the offer" in again.text
    declined = {"stage": "declined", "declined_reason": "caseload", "version": offered.version}
    assert client.post(page_url, declined).status_code == 302
    page = client.get(f"/o/{org.code}/recruitment/recruiter/").content.decode()
    assert "Pay or benefits: 1" in page and "Caseload or workload: 1" in page
    shown = client.get(f"/o/{org.code}/recruitment/applications/{first.pk}/").content.decode()
    assert "Why they declined" in shown and "£3k more" in shown
