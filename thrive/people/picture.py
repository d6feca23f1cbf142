"""One picture of a person: supervision, CPD and learning beside their register record, for the
people who may see each part."""

from __future__ import annotations

from datetime import date
from typing import Any

from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import StaffMember


def _allows(access: Access, capability: str, person: StaffMember, team: Any) -> bool:
    return access.allows(
        capability,
        team_id=team.pk if team else None,
        service_id=team.service_id if team else None,
        user_id=person.user_id,
    )


def person_picture(access: Access, person: StaffMember, on: date) -> dict[str, Any]:
    """Supervision (rule, last, next due, overdue), CPD against the registration year, and
    mandatory learning gaps — each only when the viewer's roles reach this person."""
    from thrive.learning.models import Booking, CpdRecord, RegistrationRule
    from thrive.learning.registration import cpd_check
    from thrive.learning.selectors import current_spell, team_gaps
    from thrive.supervision.models import Session
    from thrive.supervision.selectors import schedules, supervised_spells

    spell = current_spell(person, on)
    team = spell.team if spell else None
    picture: dict[str, Any] = {}
    if spell is not None and _allows(access, Cap.SUPERVISION_VIEW, person, team):
        spells = supervised_spells(person.organisation, on, person=person)
        if spells:
            picture["supervision"] = schedules(person.organisation, spells, on)[0]
            picture["sessions"] = list(
                Session.objects.filter(supervisee=person)
                .select_related("supervisor")
                .order_by("-starts_at")[:3]
            )
    if _allows(access, Cap.CPD_VIEW, person, team):
        records = list(CpdRecord.objects.filter(person=person))
        picture["cpd"] = cpd_check(
            records, on, RegistrationRule.objects.for_org(person.organisation)
        )
    if spell is not None and _allows(access, Cap.LEARNING_VIEW, person, team):
        picture["gaps"] = team_gaps(person.organisation, [spell], on)[0]
        picture["attended"] = list(
            Booking.objects.filter(person=person, attended=True)
            .select_related("session__item")
            .order_by("-session__starts_at")[:5]
        )
    if _allows(access, Cap.FLEXIBLE_DECIDE, person, team) or (
        person.user_id is not None and person.user_id == access.user.pk
    ):
        from thrive.engagement.flexible import flexible_agreed

        picture["flexible"] = flexible_agreed(person)
    return picture


def home_picture(access: Access, me: StaffMember | None, on: date) -> dict[str, Any]:
    """What a person's home page shows about their own work: caseload against cap, next
    supervision, open actions, CPD, recommended learning, workbook drafts; and for someone who
    supervises, their diary in numbers."""
    if me is None:
        return {}
    from thrive.caseloads.selectors import case_holding_spells, worker_loads
    from thrive.learning.selectors import recommended_for
    from thrive.supervision.models import Action
    from thrive.supervision.selectors import diary
    from thrive.workbook.selectors import drafts_of

    org = me.organisation
    out: dict[str, Any] = {}
    loads = worker_loads(org, case_holding_spells(org, on, person=me), on)
    if loads:
        out["load"] = loads[0]
    mine = person_picture(access, me, on)
    out.update({k: mine[k] for k in ("supervision", "cpd") if k in mine})
    out["actions"] = Action.objects.filter(person=me, closed_on__isnull=True).count()
    if access.can(Cap.LEARNING_VIEW):
        out["recommended"] = recommended_for(me, on, limit=3)
    out["drafts"] = drafts_of(me.user, org).count() if me.user else 0
    if access.can(Cap.SUPERVISION_RECORD):
        book = diary(me, on)
        if book["everyone"]:
            out["diary"] = {
                "people": len(book["everyone"]),
                "overdue": len(book["overdue"]),
                "due": len(book["due"]),
                "awaiting": len(book["awaiting_signature"]),
            }
    return out


def team_development(access: Access, team: Any, on: date) -> dict[str, Any]:
    """A team's supervision compliance (last 3, 6 and 12 months, overdue now) and how many people
    lack mandatory learning, for the people whose roles reach the team."""
    from thrive.learning.team_reports import mandatory_gaps_by_team
    from thrive.people.models import Team
    from thrive.supervision.selectors import compliance_report

    out: dict[str, Any] = {}
    reach = {"team_id": team.pk, "service_id": team.service_id}
    if access.allows(Cap.SUPERVISION_COMPLIANCE, **reach):
        report = compliance_report(team.organisation, [team.pk], on)
        if report["rows"]:
            out["supervision"] = report["rows"][0]
    if access.allows(Cap.LEARNING_GAPS, **reach):
        # The same count as the team's row on the learning gaps page: everyone in post.
        gaps = mandatory_gaps_by_team(team.organisation, on, Team.objects.filter(pk=team.pk))
        out["learning_gaps"] = gaps.with_gaps
        out["learning_people"] = gaps.people
    return out
