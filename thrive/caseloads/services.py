"""Writes for caseload policy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from thrive.caseloads.models import CaseloadPolicy
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation, Team
from thrive.people.services import full_clean_or_raise


@transaction.atomic
def caseload_policy_add(
    *,
    organisation: Organisation,
    effective_from: date,
    full_time_cap: Decimal,
    ramp_months: int = 6,
    ramp_cap: Decimal = Decimal(10),
    asye_months: int = 12,
    asye_reduction_percent: Decimal = Decimal(10),
    weights: dict[str, float] | None = None,
    team: Team | None = None,
    note: str = "",
    actor: Any = None,
) -> CaseloadPolicy:
    """A policy from a date; earlier ones stay in force for earlier dates."""
    if team is not None and team.organisation_id != organisation.pk:
        raise ThriveError("The team belongs to another council.")
    if CaseloadPolicy.objects.filter(
        organisation=organisation, team=team, effective_from=effective_from
    ).exists():
        raise ThriveError(
            "There is already a policy from that date; choose another date.",
            field="effective_from",
        )
    policy = CaseloadPolicy(
        organisation=organisation,
        team=team,
        effective_from=effective_from,
        full_time_cap=full_time_cap,
        ramp_months=ramp_months,
        ramp_cap=ramp_cap,
        asye_months=asye_months,
        asye_reduction_percent=asye_reduction_percent,
        weights=weights or {},
        note=note,
    )
    full_clean_or_raise(policy)
    policy.save()
    audit_log(
        action="caseload.policy_added",
        user=actor,
        organisation=organisation,
        obj=policy,
        summary=str(policy),
    )
    return policy
