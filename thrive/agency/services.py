"""Writes for agency placements: extensions as dated changes, the sign-off of a placement above
the price cap, and placements made from the register's agency spells."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from thrive.agency.models import JobType, Placement, PlacementChange
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError


@transaction.atomic
def placement_extend(
    *,
    placement: Placement,
    planned_end_date: date,
    effective_on: date | None = None,
    hourly_pay: Decimal | None = None,
    employer_ni_and_levy: Decimal | None = None,
    hourly_charge: Decimal | None = None,
    hours_per_week: Decimal | None = None,
    reason: str = "",
    actor: Any,
) -> PlacementChange:
    """Extend *placement* to *planned_end_date*, on the terms given (the current ones otherwise),
    from *effective_on* (today). The placement is checked again against the rules then."""
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if locked.ended_on is not None:
        raise ThriveError("The placement has ended; it cannot be extended.")
    if planned_end_date <= locked.planned_end_date:
        raise ThriveError(
            f"The new planned end must be after the current one ({locked.planned_end_date})."
        )
    effective = effective_on or clock.today()
    if effective <= locked.start_date:
        raise ThriveError("An extension takes effect after the placement's start.")
    current = locked.changes.order_by("-effective_on", "-id").first() or locked
    change = PlacementChange(
        organisation=locked.organisation,
        placement=locked,
        effective_on=effective,
        planned_end_date=planned_end_date,
        hourly_pay=hourly_pay if hourly_pay is not None else current.hourly_pay,
        employer_ni_and_levy=(
            employer_ni_and_levy
            if employer_ni_and_levy is not None
            else current.employer_ni_and_levy
        ),
        hourly_charge=hourly_charge if hourly_charge is not None else current.hourly_charge,
        hours_per_week=hours_per_week if hours_per_week is not None else current.hours_per_week,
        reason=reason,
    )
    change.full_clean()
    change.save()
    locked.planned_end_date = planned_end_date
    locked.version += 1
    locked.save(update_fields=["planned_end_date", "version", "updated_at"])
    audit_log(
        action="agency.placement_extended",
        user=actor,
        obj=locked,
        organisation=locked.organisation,
        summary=f"{locked.placement_id} to {planned_end_date} from {effective}",
    )
    return change


@transaction.atomic
def placement_sign_off(
    *,
    placement: Placement,
    dcs_name: str,
    dcs_on: date,
    ceo_name: str,
    ceo_on: date,
    actor: Any,
) -> Placement:
    """Record that the director of children's services and the chief executive signed off a
    placement above the price cap (both are needed)."""
    if not dcs_name.strip() or not ceo_name.strip():
        raise ThriveError("Name both the director of children's services and the chief executive.")
    if dcs_on > clock.today() or ceo_on > clock.today():
        raise ThriveError("A sign-off date cannot be in the future.")
    placement.dcs_signed_off_by, placement.dcs_signed_off_on = dcs_name.strip(), dcs_on
    placement.ceo_signed_off_by, placement.ceo_signed_off_on = ceo_name.strip(), ceo_on
    placement.version += 1
    placement.full_clean()
    placement.save()
    audit_log(
        action="agency.placement_signed_off",
        user=actor,
        obj=placement,
        organisation=placement.organisation,
        summary=f"{placement.placement_id}: DCS {dcs_on}, chief executive {ceo_on}",
    )
    return placement


# Census OrgRole -> the agency job type it most nearly is.
_JOB_TYPE_BY_ORG_ROLE = {
    1: JobType.TEAM_MANAGER,
    2: JobType.TEAM_MANAGER,
    3: JobType.TEAM_MANAGER,
    4: JobType.ADVANCED_PRACTITIONER,
    5: JobType.SOCIAL_WORKER,
    6: JobType.SOCIAL_WORKER,
}
HOURS_A_WEEK_AT_FULL_TIME = Decimal(37)


@transaction.atomic
def placements_from_register(*, organisation: Any, actor: Any) -> int:
    """A placement for each agency social worker's spell in the register that has none yet (pay,
    NI and notice left "not known" until the placements file or a person records them)."""
    from thrive.people.models import Contract, EmploymentSpell, Profession

    taken = set(
        Placement.objects.for_org(organisation)
        .filter(spell__isnull=False)
        .values_list("spell_id", flat=True)
    )
    ids = set(Placement.objects.for_org(organisation).values_list("placement_id", flat=True))
    spells = (
        EmploymentSpell.objects.for_org(organisation)
        .filter(contract=Contract.AGENCY, profession=Profession.SOCIAL_WORKER)
        .select_related("person")
        .order_by("start_date", "pk")
    )
    made = []
    for spell in spells:
        if spell.pk in taken:
            continue
        placement_id = f"{spell.person.staff_id}-{spell.start_date:%Y%m%d}"
        if placement_id in ids:
            continue
        end = spell.end_date or spell.start_date.replace(year=spell.start_date.year + 1)
        made.append(
            Placement(
                organisation=organisation,
                placement_id=placement_id,
                staff_id=spell.person.staff_id,
                worker=spell.person,
                spell=spell,
                agency=spell.agency_name or "(not recorded)",
                job_type=_JOB_TYPE_BY_ORG_ROLE.get(spell.org_role or 5, JobType.SOCIAL_WORKER),
                team_id=spell.team_id,
                start_date=spell.start_date,
                planned_end_date=end,
                ended_on=spell.end_date,
                hourly_charge=spell.hourly_rate or Decimal(0),
                hours_per_week=(spell.fte * HOURS_A_WEEK_AT_FULL_TIME).quantize(Decimal("0.01")),
                qualified_on=spell.person.qualified_on,
            )
        )
    Placement.objects.bulk_create(made)
    if made:
        audit_log(
            action="agency.placements_from_register",
            user=actor,
            organisation=organisation,
            summary=f"{len(made)} placements from agency spells",
        )
    return len(made)
