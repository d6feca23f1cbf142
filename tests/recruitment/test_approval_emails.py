"""A vacancy sent for approval emails everyone who may approve it (not the person who raised
it, nor anyone whose approval does not reach its team); approving it emails the person who
raised it. Both through the outbox, after the commit, each with its own message kind."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from tests.factories import make_team, make_user
from tests.recruitment.helpers import raise_vacancy, recruiter
from thrive.core.models import OutboxMessage
from thrive.core.roles import Role
from thrive.recruitment.services import vacancy_approve, vacancy_submit


@pytest.mark.django_db
def test_approvers_are_emailed_after_commit_and_the_raiser_on_approval(
    org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    team = make_team(org, "Assessment Team")
    hr = recruiter(org, email="raiser@example.org")
    other_hr = recruiter(org, email="hr2@example.org")
    make_user(org, Role.SENIOR_LEADER, email="leader@example.org")
    make_user(org, Role.PRACTITIONER, email="worker@example.org")
    make_user(org, Role.SERVICE_MANAGER, email="sm@example.org")  # manages, may not approve
    vacancy = raise_vacancy(org, hr, team=team, title="Social worker")
    # Rolled back: nobody hears.
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                vacancy_submit(vacancy=vacancy, actor=hr)
                raise RuntimeError("undone")
        except RuntimeError:
            pass
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_submit(vacancy=vacancy, actor=hr)
    (asked,) = mail.outbox
    assert sorted(asked.to) == ["hr2@example.org", "leader@example.org"]
    assert asked.subject == "A vacancy waits for your approval: Social worker"
    assert f"/o/{org.code}/recruitment/vacancies/{vacancy.pk}/" in asked.body
    assert OutboxMessage.objects.get().kind == "recruitment.approval_requested"
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_approve(vacancy=vacancy, actor=other_hr)
    told = mail.outbox[1]
    assert told.to == ["raiser@example.org"]
    assert told.subject == "Your vacancy is approved and open: Social worker"
    assert OutboxMessage.objects.filter(kind="recruitment.vacancy_approved").count() == 1
