"""Writes for the council's supervision rules: policies from a date, its settings, and its
starting list of practice skills."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.dated_lists import add_defaults
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation, StaffMember
from thrive.people.services import full_clean_or_raise
from thrive.supervision.defaults import DEFAULT_SKILLS
from thrive.supervision.models import (
    PracticeSkill,
    SupervisionPolicy,
    SupervisionSettings,
)


def practice_skills_add_defaults(*, organisation: Organisation) -> int:
    return add_defaults(PracticeSkill, organisation, DEFAULT_SKILLS)


@transaction.atomic
def supervision_policy_add(
    *,
    organisation: Organisation,
    effective_from: date,
    frequency: str,
    minimum_minutes_per_month: int = 90,
    person: StaffMember | None = None,
    asye: bool = False,
    org_role: int | None = None,
    team_type: str = "",
    first_within_days: int | None = None,
    note: str = "",
    actor: Any = None,
) -> SupervisionPolicy:
    """A rule from a date, for the council or one group of people. Earlier dates keep theirs."""
    named = sum([person is not None, asye, org_role is not None, bool(team_type)])
    if named > 1:
        raise ThriveError("A policy applies to one group: a person, ASYE, a role or a team type.")
    if person is not None and person.organisation_id != organisation.pk:
        raise ThriveError("The person works for another council.")
    policy = SupervisionPolicy(
        organisation=organisation,
        effective_from=effective_from,
        frequency=frequency,
        minimum_minutes_per_month=minimum_minutes_per_month,
        person=person,
        asye=asye,
        org_role=org_role,
        team_type=team_type,
        first_within_days=first_within_days,
        note=note,
    )
    full_clean_or_raise(policy)
    policy.save()
    audit_log(
        action="supervision.policy_added",
        user=actor,
        organisation=organisation,
        obj=policy,
        summary=f"{policy.applies_to}: {policy.get_frequency_display()} from {effective_from}",
    )
    return policy


@transaction.atomic
def settings_save(
    *,
    organisation: Organisation,
    personal_access: str,
    retention_years: int,
    grace_days: int | None = None,
    actor: Any,
    version: int | None = None,
) -> SupervisionSettings:
    """The council's supervision settings. *grace_days* left out keeps the days of grace; a save
    based on an older copy (*version*) is refused rather than overwriting someone else's."""
    current, _ = SupervisionSettings.objects.get_or_create(organisation=organisation)
    with versioned_change(
        current,
        version=version,
        actor=actor,
        action="supervision.settings_changed",
        stale="Someone else changed the settings while you were looking; check them again.",
    ) as change:
        found = change.obj
        found.personal_access = personal_access
        found.retention_years = retention_years
        if grace_days is not None:
            found.grace_days = grace_days
        full_clean_or_raise(found)
        change.summary = (
            f"Personal parts readable by: {found.get_personal_access_display()}; "
            f"kept {found.retention_years} years; {found.grace_days} days of grace"
        )
    return found
