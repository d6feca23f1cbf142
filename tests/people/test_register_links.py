"""Two register writes the demo used to do by hand: vacating a leaver's posts and linking a person
to their sign-in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import make_staff, make_team, make_user
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import Post, RegisterRevision
from thrive.people.register_links import posts_vacate, staff_sign_in_link


def _post(org: Any, team: Any, holder: Any, post_id: str, **kw: Any) -> Post:
    values = {"fte": Decimal(1), "social_work_post": True, "funded_from": date(2024, 1, 1)}
    return Post.objects.create(
        organisation=org, team=team, holder=holder, post_id=post_id, title="SW", **values | kw
    )


@pytest.mark.django_db
def test_a_leavers_posts_end_the_day_before_and_run_on_vacant(org: Any) -> None:
    team = make_team(org)
    person = make_staff(org, staff_id="L1")
    held = _post(org, team, person, "P1", funded_to=date(2027, 3, 31))
    later = _post(org, team, person, "P2", funded_from=date(2026, 6, 1))
    ended = _post(org, team, person, "P3", funded_to=date(2025, 12, 31))

    assert posts_vacate(person=person, left_on=date(2026, 5, 1)) == 2

    held.refresh_from_db()
    assert (held.holder, held.funded_to) == (person, date(2026, 4, 30))
    vacant = Post.objects.get(organisation=org, post_id="P1-V")
    assert vacant.holder is None
    assert (vacant.funded_from, vacant.funded_to) == (date(2026, 5, 1), date(2027, 3, 31))
    assert (vacant.team, vacant.title, vacant.fte) == (team, "SW", Decimal(1))
    later.refresh_from_db()
    assert later.holder is None and not Post.objects.filter(post_id="P2-V").exists()
    ended.refresh_from_db()
    assert ended.holder == person  # ended before they left: who held it stays true
    assert RegisterRevision.objects.filter(kind="post", record_id=held.pk).exists()
    assert AuditEvent.objects.filter(action="register.post_vacated").count() == 2


@pytest.mark.django_db
def test_vacating_refuses_a_vacant_row_already_there_and_writes_nothing(org: Any) -> None:
    team = make_team(org)
    person = make_staff(org, staff_id="L1")
    held = _post(org, team, person, "P1")
    _post(org, team, None, "P1-V", funded_from=date(2026, 1, 1))
    with pytest.raises(ThriveError, match="P1-V"):
        posts_vacate(person=person, left_on=date(2026, 5, 1))
    held.refresh_from_db()
    assert held.funded_to is None and held.holder == person


@pytest.mark.django_db
def test_a_person_is_linked_to_their_sign_in_once(org: Any, other_org: Any) -> None:
    person = make_staff(org, staff_id="S9", first_name="Ada", last_name="Kent")
    user = make_user(org, Role.PRACTITIONER, full_name="Someone else")
    linked = staff_sign_in_link(person=person, user=user)
    assert linked.user == user
    user.refresh_from_db()
    assert user.full_name == person.full_name  # the register's name
    assert AuditEvent.objects.filter(
        action="register.sign_in_linked", object_id=str(person.pk)
    ).exists()
    assert staff_sign_in_link(person=person, user=user).user == user  # again: no change

    with pytest.raises(ThriveError, match="already has a sign-in"):
        staff_sign_in_link(person=person, user=make_user(org, Role.PRACTITIONER))
    twin = make_staff(org, staff_id="S10")
    with pytest.raises(ThriveError, match="already linked"):
        staff_sign_in_link(person=twin, user=user)
    twin.refresh_from_db()
    assert twin.user is None


@pytest.mark.django_db
def test_a_sign_in_may_keep_its_own_name(org: Any) -> None:
    person = make_staff(org, staff_id="S9", first_name="Ada", last_name="Kent")
    user = make_user(org, Role.PRACTITIONER, full_name="Ada K. (from the identity provider)")
    staff_sign_in_link(person=person, user=user, keep_name=True)
    user.refresh_from_db()
    assert user.full_name == "Ada K. (from the identity provider)"
    assert person.__class__.objects.get(pk=person.pk).user == user
