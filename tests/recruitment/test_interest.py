"""Register interest: with consent, confirmed by the emailed link, withdrawable; recruiters see
the confirmed ones and invite to apply."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from tests.recruitment.helpers import open_vacancy, recruiter
from thrive.core import clock
from thrive.core.roles import Role
from thrive.recruitment.models import Interest


def _links(body: str) -> dict[str, str]:
    return {
        kind: re.search(rf"(/jobs/interest/{kind}/\?token=\S+)", body).group(1)  # type: ignore[union-attr]
        for kind in ("confirm", "withdraw")
    }


@pytest.mark.django_db
def test_register_confirm_invite_and_withdraw(
    client: Client, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    vacancy = open_vacancy(
        org,
        hr,
        leader,
        team=make_team(org, "Assessment Team"),
        title="Social worker",
        closing_date=clock.today(),
    )
    url = reverse("recruitment:interest_register", args=[org.code])
    assert "Register your interest" in client.get(f"/jobs/{org.code}/").text
    # No consent: refused, what was typed kept.
    page = client.post(
        url, {"name": "Ada Obi", "email": "ada@example.org", "job_family": "social_worker"}
    )
    assert page.status_code == 200 and "Say that the council may keep your details" in page.text
    assert 'value="ada@example.org"' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            url,
            {
                "name": "Ada Obi",
                "email": "Ada@Example.org",
                "job_family": "social_worker",
                "area": "North",
                "consent": "on",
            },
        )
    assert sent.status_code == 200 and "Check your email" in sent.text
    interest = Interest.objects.get(organisation=org)
    assert interest.email == "ada@example.org" and interest.confirmed_at is None
    # Recruiters see nothing until it is confirmed.
    client.force_login(hr)
    listing = reverse("recruitment:interest_list", args=[org.code])
    assert "Ada Obi" not in client.get(listing).text
    client.logout()
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    links = _links(str(message.body))
    done = client.get(links["confirm"])
    assert done.status_code == 200 and "Interest confirmed" in done.text
    assert client.get("/jobs/interest/confirm/?token=forged").status_code == 400
    # The recruiter sees it and invites Ada to apply; a service manager may not see the list.
    client.force_login(hr)
    assert "Ada Obi" in client.get(listing).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(listing, {"interest": interest.pk, "vacancy": vacancy.pk})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.invited_to == vacancy
    invite = mail.outbox[-1]
    assert invite.subject == "An invitation to apply: Social worker"
    assert f"/jobs/{org.code}/{vacancy.pk}/" in str(invite.body)
    client.force_login(make_user(org, Role.SERVICE_MANAGER, email="sm@example.org"))
    assert client.get(listing).status_code == 403
    # Withdrawing: a GET only asks; the button withdraws and clears the name and email.
    client.logout()
    ask = client.get(links["withdraw"])
    assert ask.status_code == 200 and "Withdraw your interest" in ask.text
    assert Interest.objects.get(pk=interest.pk).withdrawn_at is None
    token = links["withdraw"].split("token=")[1]
    gone = client.post(reverse("recruitment:interest_withdraw"), {"token": token})
    assert gone.status_code == 200 and "Interest withdrawn" in gone.text
    interest.refresh_from_db()
    assert interest.withdrawn_at is not None and "ada" not in interest.email
    client.force_login(hr)
    assert "Ada Obi" not in client.get(listing).text


@pytest.mark.django_db
def test_the_nightly_job_removes_unconfirmed_interest_and_drafts_whose_links_ran_out(
    org: Any,
) -> None:
    """An unconfirmed registration is kept while its confirming link works (7 days from the
    last email about it); a draft while its link works (30 days from the last save) and its job
    is open. The nightly retention job removes the rest, audited with the counts."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from thrive.core.models import AuditEvent
    from thrive.jobs.models import Job
    from thrive.jobs.worker import run_worker, schedule_due
    from thrive.recruitment.models import ApplicationDraft
    from thrive.recruitment.services import draft_save, interest_confirm, interest_register
    from thrive.recruitment.services.vacancies import vacancy_close

    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    team = make_team(org, "Assessment Team")
    open_job = open_vacancy(org, hr, leader, team=team, title="Social worker")
    closed_job = open_vacancy(org, hr, leader, team=team, title="Senior practitioner")

    def register(email: str) -> Interest:
        return interest_register(
            organisation=org, name="A", email=email, job_family="social_worker", consent=True
        )

    def age(model: Any, pk: int, days: int) -> None:
        model.objects.filter(pk=pk).update(updated_at=clock.now() - timedelta(days=days))

    stale, fresh, confirmed, again = (
        register(f"{who}@example.org") for who in ("stale", "fresh", "confirmed", "again")
    )
    age(Interest, stale.pk, 8)
    age(Interest, fresh.pk, 6)
    interest_confirm(interest=confirmed)
    age(Interest, confirmed.pk, 400)
    age(Interest, again.pk, 8)
    register("again@example.org")  # a fresh link: kept another 7 days
    old_draft = draft_save(vacancy=open_job, email="old@example.org", answers={})
    age(ApplicationDraft, old_draft.pk, 31)
    draft_save(vacancy=open_job, email="new@example.org", answers={})
    draft_save(vacancy=closed_job, email="new@example.org", answers={})
    vacancy_close(vacancy=closed_job, actor=hr)

    night = datetime.combine(clock.today(), datetime.min.time(), ZoneInfo("Europe/London"))
    assert [j for j in schedule_due(night.replace(hour=23, minute=30)) if j.kind == "retention"]
    run_worker(exit_when_idle=True, schedule=False)
    job = Job.objects.get(kind="retention")
    assert job.status == "succeeded", job.error
    assert (job.result["interests_removed"], job.result["drafts_removed"]) == (1, 2)
    assert set(Interest.objects.values_list("email", flat=True)) == {
        "fresh@example.org",
        "confirmed@example.org",
        "again@example.org",
    }
    assert list(ApplicationDraft.objects.values_list("email", "vacancy")) == [
        ("new@example.org", open_job.pk)
    ]
    event = AuditEvent.objects.get(action="recruitment.portal_leftovers_removed")
    assert event.organisation == org and event.detail == {"interests": 1, "drafts": 2}
