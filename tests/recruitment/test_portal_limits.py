"""The jobs portal's public forms that send email are rate-limited like password reset: per email
address (however it is spelt) across the forms, and per network address, with a clear message
and nothing sent once the limit is reached."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from tests.recruitment.helpers import open_vacancy, recruiter
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.recruitment.models import ApplicationDraft, Interest
from thrive.recruitment.services.portal_limits import ACTION


@pytest.fixture
def job(org: Any) -> Any:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    return open_vacancy(
        org,
        hr,
        leader,
        team=make_team(org, "Assessment Team"),
        title="Social worker",
        closing_date=clock.today() + timedelta(days=30),
    )


def _interest(email: str) -> dict[str, str]:
    return {
        "name": "Ada Obi",
        "email": email,
        "job_family": "social_worker",
        "area": "North",
        "consent": "on",
    }


def _draft(email: str) -> dict[str, str]:
    return {"candidate_name": "Ada Obi", "candidate_email": email, "save_draft": "1"}


@pytest.mark.django_db
def test_one_email_address_is_sent_at_most_the_limit_an_hour_across_the_forms(
    client: Client, org: Any, job: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.THRIVE_PORTAL_EMAILS_PER_EMAIL = 3
    apply_url = reverse("recruitment:job_apply", args=[org.code, job.pk])
    interest_url = reverse("recruitment:interest_register", args=[org.code])
    with django_capture_on_commit_callbacks(execute=True):
        # Three emails to one address, spelt three ways, from three different networks.
        assert client.post(apply_url, _draft("ada@example.org")).status_code == 200
        assert (
            client.post(
                interest_url, _interest("ADA@example.org"), REMOTE_ADDR="198.51.100.2"
            ).status_code
            == 200
        )
        assert (
            client.post(apply_url, _draft(" Ada@Example.ORG "), REMOTE_ADDR="198.51.100.3")
        ).status_code == 200
    sent = len(mail.outbox)
    assert sent == 3
    with django_capture_on_commit_callbacks(execute=True):
        # The fourth, by any of the forms, is refused with a message, and nothing is sent.
        for url, data in (
            (interest_url, _interest("ada@example.org")),
            (apply_url, _draft("ada@example.org")),
            (reverse("recruitment:candidate_sign_in"), {"email": "ada@example.org"}),
        ):
            refused = client.post(url, data, REMOTE_ADDR="203.0.113.9")
            assert refused.status_code == 429
            assert "several messages in the last hour" in refused.text
    assert len(mail.outbox) == sent
    assert Interest.objects.count() == 1 and ApplicationDraft.objects.count() == 1
    # Another address is not held up; and an hour later this one may be written to again.
    with django_capture_on_commit_callbacks(execute=True):
        other = client.post(interest_url, _interest("bola@example.org"))
    assert other.status_code == 200 and len(mail.outbox) == sent + 1
    AuditEvent.objects.filter(action=ACTION).update(at=clock.now() - timedelta(minutes=61))
    later = client.post(interest_url, _interest("ada@example.org"))
    assert later.status_code == 200 and "Check your email" in later.text


@pytest.mark.django_db
def test_one_network_address_sends_at_most_the_limit_an_hour(
    client: Client, org: Any, job: Any, settings: Any
) -> None:
    settings.THRIVE_PORTAL_EMAILS_PER_ADDRESS = 4
    interest_url = reverse("recruitment:interest_register", args=[org.code])
    for n in range(4):
        assert client.post(interest_url, _interest(f"p{n}@example.org")).status_code == 200
    refused = client.post(interest_url, _interest("p9@example.org"))
    assert refused.status_code == 429 and "from your network" in refused.text
    assert 'value="p9@example.org"' in refused.text  # what was typed is kept
    apply_url = reverse("recruitment:job_apply", args=[org.code, job.pk])
    assert client.post(apply_url, _draft("p9@example.org")).status_code == 429
    other = client.post(interest_url, _interest("p9@example.org"), REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200
    assert Interest.objects.count() == 5
    assert AuditEvent.objects.filter(action=ACTION).count() == 5
