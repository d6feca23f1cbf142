"""Writes for caseload policy: the caps in force from a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from thrive.caseloads.models import (
    CaseloadPolicy,
)
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation, Team
from thrive.people.services import record_add


def policy_date_refusal(organisation: Organisation, effective_from: date) -> str | None:
    """Why a policy may not start on *effective_from* (None if it may)."""
    if effective_from < clock.today() and CaseloadPolicy.objects.for_org(organisation).exists():
        return (
            "A change to the policy must start today or later, so that judgements about past "
            "dates stay as they were."
        )
    return None


def _policy_check(organisation: Organisation, team: Team | None, effective_from: date) -> None:
    """What every new policy needs: a team of this council (or none, for the whole council) and
    no other policy for the same team from the same date."""
    if team is not None and team.organisation_id != organisation.pk:
        raise ThriveError("The team belongs to another council.")
    if CaseloadPolicy.objects.filter(
        organisation=organisation, team=team, effective_from=effective_from
    ).exists():
        raise ThriveError(
            "There is already a policy from that date; choose another date.",
            field="effective_from",
        )


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
    """A policy from a date; earlier ones stay in force for earlier dates.

    A change starts today or later, so judgements already made about past dates stay as they
    were; only the council's first policy may be dated earlier, to record the one already in
    force."""
    refusal = policy_date_refusal(organisation, effective_from)
    if refusal:
        raise ThriveError(refusal, field="effective_from")
    _policy_check(organisation, team, effective_from)
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
    return record_add(policy, action="caseload.policy_added", actor=actor)


@transaction.atomic
def caseload_policies_add(
    *, organisation: Organisation, policies: list[dict[str, Any]], actor: Any = None
) -> list[CaseloadPolicy]:
    """A council's policy history at once (each a dict of `caseload_policy_add`'s arguments),
    as when a council starts on Thrive with the policies it has had. The same rules as adding
    one: the history is the council's first policy, so it may go back before today only while
    the council has none; each is checked and audited as `caseload_policy_add` does."""
    if policies:
        refusal = policy_date_refusal(organisation, min(p["effective_from"] for p in policies))
        if refusal:
            raise ThriveError(refusal, field="effective_from")
    added = []
    for fields in sorted(policies, key=lambda p: p["effective_from"]):
        fields = {"weights": {}, **fields}
        _policy_check(organisation, fields.get("team"), fields["effective_from"])
        policy = CaseloadPolicy(organisation=organisation, **fields)
        added.append(record_add(policy, action="caseload.policy_added", actor=actor))
    return added
