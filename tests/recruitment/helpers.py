"""Recruitment's test data, set up through its services as a recruiter would cause it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.factories import make_user
from thrive.core import clock
from thrive.core.roles import Role
from thrive.people.models import Post, Team
from thrive.recruitment.models import Vacancy
from thrive.recruitment.services import vacancy_approve, vacancy_raise, vacancy_submit


def recruiter(org: Any, **kw: Any) -> Any:
    return make_user(org, Role.HR_RECRUITMENT, **kw)


def raise_vacancy(
    org: Any, actor: Any, *, post_id: str = "", team: Team | None = None, title: str = "", **kw: Any
) -> Vacancy:
    fields: dict[str, Any] = {
        "grade": "SW2",
        "salary_min": 38000,
        "salary_max": 42000,
        # Six weeks ahead of the test's day (a vacancy cannot close in the past, and the suite
        # runs on the awkward days too: a fixed date would be behind most of them).
        "closing_date": clock.today() + timedelta(weeks=6),
        "tests": ["Relationship-based practice", "Curiosity"],
    }
    fields.update(kw)
    post = Post.objects.get(organisation=org, post_id=post_id) if post_id else None
    return vacancy_raise(organisation=org, actor=actor, post=post, team=team, title=title, **fields)


def open_vacancy(org: Any, raiser: Any, approver: Any, **kw: Any) -> Vacancy:
    vacancy = raise_vacancy(org, raiser, **kw)
    vacancy_submit(vacancy=vacancy, actor=raiser)
    return vacancy_approve(vacancy=vacancy, actor=approver)


def channel(org: Any, name: str) -> Any:
    from thrive.recruitment.models import Channel

    return Channel.objects.get(organisation=org, name=name)


def apply(
    vacancy: Vacancy, actor: Any, n: int, channel_name: str = "Word of mouth", **kw: Any
) -> Any:
    from thrive.recruitment.services import application_add

    return application_add(
        vacancy=vacancy,
        actor=actor,
        candidate_name=f"Candidate {n}",
        candidate_email=f"candidate{n}@example.org",
        channel=channel(vacancy.organisation, channel_name),
        **kw,
    )


def move(application: Any, actor: Any, *stages: str) -> Any:
    from thrive.recruitment.services import application_move

    for stage in stages:
        why = "other_offer" if stage == "declined" else ""
        application = application_move(
            application=application, stage=stage, actor=actor, declined_reason=why
        )
    return application
