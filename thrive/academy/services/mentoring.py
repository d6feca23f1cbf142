"""Strengths-based mentoring's writes: offering a practice skill and asking for one, the mentee's
choice of mentor (checked again: has the skill, has room, is not their line manager), meetings,
the closing reflection, and practice champion networks with their members."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.academy.models import (
    ChampionNetwork,
    MentoringMeeting,
    MentoringOutcome,
    MentoringPair,
    NetworkMember,
    RequestStatus,
    SkillOffer,
    SkillRequest,
)
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.people.models import StaffMember
from thrive.people.services import full_clean_or_raise

PAIR_STALE = "Someone else changed this mentoring while you were looking; look again."


def _same_org(person: StaffMember, skill: Any) -> None:
    if skill.organisation_id != person.organisation_id:
        raise ThriveError("That skill belongs to another council.", field="skill")


@transaction.atomic
def skill_offer_add(
    *, person: StaffMember, skill: Any, capacity: int, actor: Any, note: str = ""
) -> SkillOffer:
    """Offer to mentor colleagues in a skill, for *capacity* people at a time."""
    _same_org(person, skill)
    if not 1 <= capacity <= 5:
        raise ThriveError("Offer room for between 1 and 5 people at a time.", field="capacity")
    if SkillOffer.objects.filter(person=person, skill=skill, withdrawn_on__isnull=True).exists():
        raise ThriveError(f"You already offer {skill.name}.", field="skill")
    offer = SkillOffer(
        organisation=person.organisation,
        person=person,
        skill=skill,
        capacity=capacity,
        note=note.strip(),
        offered_on=clock.today(),
    )
    full_clean_or_raise(offer)
    offer.save()
    audit_log(
        action="academy.skill_offered",
        user=actor,
        organisation=person.organisation,
        obj=offer,
        summary=f"{person} offers to mentor in {skill.name}",
    )
    return offer


def skill_offer_withdraw(*, offer: SkillOffer, version: int | None, actor: Any) -> SkillOffer:
    """Stop offering a skill from today (pairs already started go on)."""
    if offer.withdrawn_on is not None:
        raise ThriveError("That offer is already withdrawn.")
    with versioned_change(
        offer, version=version, actor=actor, action="academy.skill_offer_withdrawn"
    ) as change:
        change.obj.withdrawn_on = clock.today()
        change.summary = f"{offer.person} no longer offers {offer.skill}"
    return change.obj


@transaction.atomic
def skill_request_add(
    *, person: StaffMember, skill: Any, actor: Any, note: str = ""
) -> SkillRequest:
    """Ask to develop a skill with a colleague who is strong in it."""
    _same_org(person, skill)
    if SkillRequest.objects.filter(person=person, skill=skill, status=RequestStatus.OPEN).exists():
        raise ThriveError(f"You have already asked for {skill.name}.", field="skill")
    request = SkillRequest(
        organisation=person.organisation,
        person=person,
        skill=skill,
        note=note.strip(),
        asked_on=clock.today(),
    )
    full_clean_or_raise(request)
    request.save()
    audit_log(
        action="academy.skill_requested",
        user=actor,
        organisation=person.organisation,
        obj=request,
        summary=f"{person} asks to develop {skill.name}",
    )
    return request


@transaction.atomic
def mentoring_pair_start(
    *, request: SkillRequest, offer: SkillOffer, actor: Any, on: date | None = None
) -> MentoringPair:
    """The mentee's choice: start mentoring with the colleague who made *offer*. The match is
    checked as the suggestions were made (same skill, room, not the line manager) and its
    reasons are kept on the pair."""
    from thrive.academy.selectors_mentoring import suggestions

    on = on or clock.today()
    request = SkillRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.OPEN:
        raise ThriveError("This request already has a mentor.")
    if offer.skill_id != request.skill_id or offer.withdrawn_on is not None:
        raise ThriveError("That colleague does not offer this skill.", field="offer")
    chosen = next((s for s in suggestions(request, on) if s.person_id == offer.pk), None)
    if chosen is None:
        raise ThriveError(
            f"{offer.person} cannot mentor you in this: they are your line manager or have "
            "no room just now.",
            field="offer",
        )
    pair = MentoringPair(
        organisation=request.organisation,
        request=request,
        mentor=offer.person,
        mentee=request.person,
        skill=request.skill,
        reasons="; ".join(chosen.reasons),
        started_on=on,
    )
    full_clean_or_raise(pair)
    pair.save()
    request.status = RequestStatus.MATCHED
    request.version += 1
    request.save(update_fields=["status", "version", "updated_at"])
    audit_log(
        action="academy.mentoring_started",
        user=actor,
        organisation=request.organisation,
        obj=pair,
        summary=f"{pair.mentee} chose {pair.mentor} as mentor in {pair.skill}",
    )
    return pair


@transaction.atomic
def mentoring_meeting_add(
    *, pair: MentoringPair, held_on: date, actor: Any, note: str = ""
) -> MentoringMeeting:
    if pair.ended_on is not None:
        raise ThriveError("This mentoring has ended.")
    if held_on > clock.today():
        raise ThriveError("The date of the meeting cannot be in the future.", field="held_on")
    if held_on < pair.started_on:
        raise ThriveError(
            f"The meeting cannot be before the mentoring began on {pair.started_on:%-d %B %Y}.",
            field="held_on",
        )
    meeting = MentoringMeeting(
        organisation=pair.organisation, pair=pair, held_on=held_on, note=note.strip()
    )
    full_clean_or_raise(meeting)
    meeting.save()
    audit_log(
        action="academy.mentoring_meeting",
        user=actor,
        organisation=pair.organisation,
        obj=pair,
        summary=f"{pair.mentee} and {pair.mentor} met on {held_on:%-d %B %Y}",
    )
    return meeting


def mentoring_close(
    *,
    pair: MentoringPair,
    on: date,
    reflection: str,
    outcome: str,
    version: int | None,
    actor: Any,
) -> MentoringPair:
    """End the mentoring with the mentee's closing reflection and how far the skill developed."""
    if pair.ended_on is not None:
        raise ThriveError("This mentoring has already ended.")
    if not reflection.strip():
        raise ThriveError("Write your closing reflection.", field="reflection")
    if outcome not in MentoringOutcome.values:
        raise ThriveError("Choose how far the skill developed.", field="outcome")
    if on > clock.today() or on < pair.started_on:
        raise ThriveError("The end date must be between the start and today.", field="on")
    with versioned_change(
        pair, version=version, actor=actor, action="academy.mentoring_closed", stale=PAIR_STALE
    ) as change:
        p = change.obj
        p.ended_on = on
        p.reflection = reflection.strip()
        p.outcome = outcome
        change.summary = f"{p.mentee}'s mentoring in {p.skill} closed: {p.get_outcome_display()}"
    return change.obj


@transaction.atomic
def champion_network_add(
    *, organisation: Any, topic: str, actor: Any, skill: Any = None, description: str = ""
) -> ChampionNetwork:
    """A practice champions network on a topic (often one of the practice skills)."""
    topic = topic.strip()
    if not topic:
        raise ThriveError("Enter the topic.", field="topic")
    if ChampionNetwork.objects.for_org(organisation).filter(topic__iexact=topic).exists():
        raise ThriveError(f"There is already a network for {topic}.", field="topic")
    if skill is not None and skill.organisation_id != organisation.pk:
        raise ThriveError("That skill belongs to another council.", field="skill")
    network = ChampionNetwork(
        organisation=organisation, topic=topic, skill=skill, description=description.strip()
    )
    full_clean_or_raise(network)
    network.save()
    audit_log(
        action="academy.champion_network_added",
        user=actor,
        organisation=organisation,
        obj=network,
        summary=f"Practice champions network: {topic}",
    )
    return network


@transaction.atomic
def champion_add(
    *, network: ChampionNetwork, person: StaffMember, actor: Any, on: date | None = None
) -> NetworkMember:
    if person.organisation_id != network.organisation_id:
        raise ThriveError("That person is not in this council's register.", field="person")
    if NetworkMember.objects.filter(network=network, person=person, left_on__isnull=True).exists():
        raise ThriveError(f"{person} is already a champion for {network.topic}.", field="person")
    member = NetworkMember(
        organisation=network.organisation,
        network=network,
        person=person,
        joined_on=on or clock.today(),
    )
    full_clean_or_raise(member)
    member.save()
    audit_log(
        action="academy.champion_added",
        user=actor,
        organisation=network.organisation,
        obj=network,
        summary=f"{person} is a practice champion for {network.topic}",
    )
    return member


def champion_step_down(*, member: NetworkMember, version: int | None, actor: Any) -> NetworkMember:
    if member.left_on is not None:
        raise ThriveError("They have already stepped down.")
    with versioned_change(
        member, version=version, actor=actor, action="academy.champion_stepped_down"
    ) as change:
        change.obj.left_on = clock.today()
        change.summary = f"{member.person} stepped down as a champion for {member.network}"
        change.audit_obj = member.network
    return change.obj
