"""The leadership pipeline's writes: a career conversation (which puts a person in the talent
pool, moves their readiness, or takes them out for another path), what became of a pool member
(appointed, left the council, left the pool), the register's leavers closed, and the ranked
shortlist for a vacant manager post offered to its recruiter (email after commit)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.academy.models import (
    CareerConversation,
    PoolMember,
    PoolStatus,
    Readiness,
    ShortlistOffer,
)
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation, StaffMember, TeamType
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import VacancyRole

POOL_STALE = (
    "Someone else changed this person's place in the pool while you were looking; look again."
)


@transaction.atomic
def career_conversation_record(
    *,
    person: StaffMember,
    held_on: date,
    readiness: str,
    actor: Any,
    interest: list[str] | None = None,
    other_path: str = "",
    notes: str = "",
    programme: Any = None,
) -> CareerConversation:
    """Record a career conversation. Ready now or in 12 months: the person joins the talent
    pool, or their place in it takes the new readiness and interest. Another path: they leave the
    pool (if they were in it), with the path kept as the reason."""
    if readiness not in Readiness.values:
        raise ThriveError("Choose what the conversation concluded.", field="readiness")
    if held_on > clock.today():
        raise ThriveError("The date of the conversation cannot be in the future.", field="held_on")
    if readiness == Readiness.OTHER_PATH and not other_path.strip():
        raise ThriveError(
            "Say what the other path is, for example a specialism.", field="other_path"
        )
    unknown = set(interest or []) - set(TeamType.values)
    if unknown:
        raise ThriveError("Choose the kinds of team from the list.", field="interest")
    if programme is not None and programme.organisation_id != person.organisation_id:
        raise ThriveError("That programme belongs to another council.", field="programme")
    org = person.organisation
    conversation = CareerConversation(
        organisation=org,
        person=person,
        held_on=held_on,
        readiness=readiness,
        interest=sorted(interest or []),
        other_path=other_path.strip() if readiness == Readiness.OTHER_PATH else "",
        notes=notes.strip(),
        programme=programme,
        held_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    full_clean_or_raise(conversation)
    conversation.save()
    member = (
        PoolMember.objects.for_org(org)
        .select_for_update()
        .filter(person=person, status=PoolStatus.IN_POOL)
        .first()
    )
    if readiness == Readiness.OTHER_PATH:
        if member is not None:
            member.status = PoolStatus.WITHDRAWN
            member.outcome_on = held_on
            member.outcome_note = f"Another path: {conversation.other_path}"[:300]
            member.version += 1
            member.save()
    elif member is None:
        member = PoolMember(
            organisation=org,
            person=person,
            readiness=readiness,
            interest=conversation.interest,
            joined_on=held_on,
        )
        full_clean_or_raise(member)
        member.save()
    else:
        member.readiness = readiness
        member.interest = conversation.interest
        member.version += 1
        member.save()
    audit_log(
        action="academy.career_conversation",
        user=actor,
        organisation=org,
        obj=conversation,
        summary=f"{person}: career conversation, {conversation.get_readiness_display().lower()}",
    )
    return conversation


def pool_outcome_record(
    *,
    member: PoolMember,
    status: str,
    on: date,
    version: int | None,
    actor: Any,
    vacancy: Any = None,
    note: str = "",
) -> PoolMember:
    """What became of a person in the pool: appointed (to a manager vacancy, if it went through
    recruitment), left the council, or left the pool."""
    if status not in (PoolStatus.APPOINTED, PoolStatus.LEFT, PoolStatus.WITHDRAWN):
        raise ThriveError("Choose what happened.", field="status")
    if on > clock.today():
        raise ThriveError("The date cannot be in the future.", field="on")
    if on < member.joined_on:
        raise ThriveError(
            f"The date cannot be before they joined the pool on {member.joined_on:%-d %B %Y}.",
            field="on",
        )
    if vacancy is not None and (
        vacancy.organisation_id != member.organisation_id or status != PoolStatus.APPOINTED
    ):
        raise ThriveError(
            "Name a vacancy only for an appointment in this council.", field="vacancy"
        )
    if member.status != PoolStatus.IN_POOL:
        raise ThriveError(f"{member.person} is no longer in the pool.")
    with versioned_change(
        member, version=version, actor=actor, action="academy.pool_outcome", stale=POOL_STALE
    ) as change:
        m = change.obj
        m.status = status
        m.outcome_on = on
        m.appointed_to = vacancy
        m.outcome_note = note.strip()[:300]
        change.summary = f"{m.person}: {m.get_status_display().lower()}"
    return change.obj


# The census OrgRole a manager post brings (domain facts: 2 middle, 3 first line manager).
ROLE_ORG_ROLE = {
    VacancyRole.PRACTICE_MANAGER: 3,
    VacancyRole.TEAM_MANAGER: 3,
    VacancyRole.SERVICE_MANAGER: 2,
}


@transaction.atomic
def pool_appoint(
    *, member: PoolMember, vacancy: Any, on: date, version: int | None, actor: Any, note: str = ""
) -> PoolMember:
    """Appoint a person in the talent pool to a manager vacancy, in one transaction: the register
    changes through its own services (their spell moves to the vacancy's team with its title and
    the census role of the post from *on*; they hold the vacancy's post, and the post they held
    is vacant), the vacancy is filled and the pool entry is closed as appointed, all audited."""
    from thrive.academy.selectors_pipeline import OPEN_STATUSES, is_manager_vacancy
    from thrive.people.models import EmploymentSpell, Post
    from thrive.people.services import spell_change
    from thrive.recruitment.services import vacancy_fill

    if vacancy.organisation_id != member.organisation_id or not is_manager_vacancy(vacancy):
        raise ThriveError("Appoint from the pool to a manager vacancy of this council.")
    if vacancy.status not in OPEN_STATUSES:
        raise ThriveError("This vacancy is already filled or closed.")
    org = member.organisation
    spell = (
        EmploymentSpell.objects.for_org(org)
        .current(on)
        .filter(person=member.person_id)
        .order_by("-start_date")
        .first()
    )
    if spell is None:
        raise ThriveError("They are not in post in the register on that date.", field="on")
    # The pool entry first: it checks the date, the version and that they are still in the pool.
    member = pool_outcome_record(
        member=member,
        status=PoolStatus.APPOINTED,
        on=on,
        vacancy=vacancy,
        version=version,
        actor=actor,
        note=note or f"Appointed {vacancy.title}, {vacancy.team}",
    )
    spell_change(
        spell=spell,
        effective_date=max(on, spell.start_date),
        version=spell.version,
        team=vacancy.team,
        fte=vacancy.fte,
        org_role=ROLE_ORG_ROLE.get(vacancy.role, 3),
        job_title=vacancy.title,
        actor=actor,
    )
    held = list(Post.objects.for_org(org).select_for_update().filter(holder=member.person_id))
    new_post = vacancy.post
    for post in held:
        if new_post is None or post.pk != new_post.pk:
            post.holder = None
            post.version += 1
            post.save(update_fields=["holder", "version", "updated_at"])
    if new_post is not None:
        new_post = Post.objects.select_for_update().get(pk=new_post.pk)
        if new_post.holder_id not in (None, member.person_id):
            raise ThriveError(f"Post {new_post.post_id} is held by someone else.")
        new_post.holder = member.person
        new_post.version += 1
        new_post.save(update_fields=["holder", "version", "updated_at"])
    vacancy_fill(vacancy=vacancy, actor=actor)
    audit_log(
        action="academy.pool_appointed",
        user=actor,
        organisation=org,
        obj=member,
        summary=f"{member.person} appointed from the talent pool: {vacancy.title}, "
        f"{vacancy.team}, from {on:%-d %B %Y}",
    )
    return member


@transaction.atomic
def pool_leavers_record(*, organisation: Organisation, on: date, actor: Any) -> list[PoolMember]:
    """Pool members the register shows have left the council: marked *left*, dated their last
    day. Safe to run daily."""
    from thrive.academy.selectors_pipeline import last_days

    members = list(
        PoolMember.objects.for_org(organisation)
        .select_for_update()
        .filter(status=PoolStatus.IN_POOL)
        .select_related("person")
    )
    ended = last_days([m.person_id for m in members], on)
    done = []
    for m in members:
        last = ended.get(m.person_id)
        if last is None:
            continue
        m.status = PoolStatus.LEFT
        m.outcome_on = max(last, m.joined_on)
        m.version += 1
        done.append(m)
    PoolMember.objects.bulk_update(done, ["status", "outcome_on", "version"])
    for m in done:
        audit_log(
            action="academy.pool_outcome",
            user=actor,
            organisation=organisation,
            obj=m,
            summary=f"{m.person}: left the council on {m.outcome_on:%-d %B %Y}",
        )
    return done


@transaction.atomic
def shortlist_offer(*, vacancy: Any, on: date, actor: Any) -> ShortlistOffer:
    """Offer the pool's ranked shortlist for a manager vacancy to the recruiter who raised it
    (once a vacancy), by email after commit, and keep what was offered."""
    from thrive.academy.selectors import rule_on
    from thrive.academy.selectors_pipeline import is_manager_vacancy, shortlist
    from thrive.core.outbox import email_on_commit

    if not is_manager_vacancy(vacancy):
        raise ThriveError("The talent pool is offered for manager posts only.")
    if ShortlistOffer.objects.filter(vacancy=vacancy).exists():
        raise ThriveError("This shortlist was already offered to the recruiter.")
    ranked = shortlist(vacancy, on)
    if not ranked:
        raise ThriveError("Nobody in the talent pool to offer.")
    recruiter = vacancy.raised_by
    offer = ShortlistOffer(
        organisation=vacancy.organisation,
        vacancy=vacancy,
        offered_on=on,
        offered_to=recruiter,
        shortlist=[
            {"person": r.person_id, "name": r.name, "score": r.score, "reasons": list(r.reasons)}
            for r in ranked
        ],
    )
    full_clean_or_raise(offer)
    offer.save()
    lines = [f"{n}. {r.name}: {'; '.join(r.reasons)}." for n, r in enumerate(ranked, start=1)]
    # The council's dated academy rule may switch the email off (the offer is still kept).
    emailed = rule_on(vacancy.organisation, on).shortlist_email
    email_on_commit(
        to=[recruiter.email] if recruiter is not None and emailed else [],
        organisation=vacancy.organisation,
        kind="academy.shortlist",
        subject=f"Internal candidates for {vacancy.title} before it is advertised",
        body=(
            f"The talent pool has {len(ranked)} internal candidate"
            f"{'s' if len(ranked) != 1 else ''} for {vacancy.title}, {vacancy.team}:\n\n"
            + "\n".join(lines)
            + "\n\nThe shortlist, with each person's readiness and development, is on the "
            "talent pool page in Thrive."
        ),
    )
    audit_log(
        action="academy.shortlist_offered",
        user=actor,
        organisation=vacancy.organisation,
        obj=offer,
        summary=f"Talent pool shortlist of {len(ranked)} offered for {vacancy.title}",
    )
    return offer


def shortlists_offer_due(
    *, organisation: Organisation, on: date, actor: Any
) -> list[ShortlistOffer]:
    """Offer the pool's shortlist for every manager vacancy not yet advertised (draft or
    awaiting approval) and not yet offered, when anyone is in the pool: what the daily academy
    job and ``thrive academy talent --offer`` do."""
    from thrive.academy.selectors_pipeline import manager_vacancies_of, offers_for, shortlist

    vacancies = [
        v for v in manager_vacancies_of(organisation) if v.status in ("draft", "awaiting_approval")
    ]
    offered = offers_for([v.pk for v in vacancies])
    return [
        shortlist_offer(vacancy=v, on=on, actor=actor)
        for v in vacancies
        if v.pk not in offered and shortlist(v, on)
    ]
