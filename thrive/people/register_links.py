"""Writes that tie register records to others: a leaver's posts handed on to their vacancy, and a
person linked to their sign-in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.history import snapshot
from thrive.people.models import Post, StaffMember
from thrive.people.services import _revision, full_clean_or_raise, record_add


@transaction.atomic
def posts_vacate(
    *, person: StaffMember, left_on: date, actor: Any = None, source: str = "leaver"
) -> int:
    """The posts a leaver held stop naming them on the day they left: each post's row ends the
    day before and a vacant row (the same post, ``<post_id>-V``, no holder) runs on from that
    day, so the establishment keeps who held it when. A post funded only from that day is simply
    left vacant. Returns the number of posts vacated."""
    org = person.organisation
    held = list(
        Post.objects.for_org(org)
        .select_for_update()
        .filter(holder=person)
        .exclude(funded_to__lt=left_on)
        .order_by("post_id")
    )
    taken = set(
        Post.objects.for_org(org)
        .filter(post_id__in=[f"{p.post_id}-V" for p in held])
        .values_list("post_id", flat=True)
    )
    for post in held:
        if post.funded_from < left_on and f"{post.post_id}-V" in taken:
            raise ThriveError(
                f"Post {post.post_id} already has a vacant row ({post.post_id}-V).",
                field="post_id",
            )
    fields = ["holder", "funded_to"]
    for post in held:
        before = snapshot(post, fields)
        if post.funded_from >= left_on:
            post.holder = None
        else:
            record_add(
                Post(
                    organisation=org,
                    post_id=f"{post.post_id}-V",
                    team_id=post.team_id,
                    title=post.title,
                    fte=post.fte,
                    social_work_post=post.social_work_post,
                    funded_from=left_on,
                    funded_to=post.funded_to,
                ),
                action="register.post_vacated",
                actor=actor,
                organisation=org,
                summary=f"{post.post_id} vacant from {left_on} ({person} left)",
            )
            post.funded_to = left_on - timedelta(days=1)
        full_clean_or_raise(post)
        post.save(update_fields=fields)
        _revision(post, "post", before, snapshot(post, fields), left_on, actor, source)
        if post.holder_id is None:
            audit_log(
                action="register.post_vacated",
                user=actor,
                organisation=org,
                obj=post,
                summary=f"{post.post_id} vacant from {left_on} ({person} left)",
            )
    return len(held)


@transaction.atomic
def staff_sign_in_link(
    *, person: StaffMember, user: Any, actor: Any = None, keep_name: bool = False
) -> StaffMember:
    """Link a person in the register to their sign-in, so the pages about "your own record"
    (caseload, supervision, learning) are theirs; the sign-in takes the register's name unless
    *keep_name* (a name the council's identity provider sent, say). A sign-in belongs to one
    person in a council, and a person has one sign-in."""
    person = StaffMember.objects.select_for_update().get(pk=person.pk)
    if person.user_id == user.pk:
        return person
    if person.user_id is not None:
        raise ThriveError(f"{person} already has a sign-in.", field="user")
    other = (
        StaffMember.objects.for_org(person.organisation_id)
        .filter(user=user)
        .exclude(pk=person.pk)
        .first()
    )
    if other is not None:
        raise ThriveError(f"{user.email} is already linked to {other}.", field="user")
    person.user = user
    person.save(update_fields=["user"])
    if user.full_name != person.full_name and not keep_name:
        user.full_name = person.full_name
        user.save(update_fields=["full_name"])
    audit_log(
        action="register.sign_in_linked",
        user=actor,
        organisation=person.organisation,
        obj=person,
        summary=f"{person} signs in as {user.email}",
    )
    return person
