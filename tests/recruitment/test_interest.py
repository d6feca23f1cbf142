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
