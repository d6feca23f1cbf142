"""Writes for agency placements: extensions as dated changes, the sign-off of a placement above
the price cap, and placements made from the register's agency spells."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thrive.agency.models import JobType, Placement, PlacementChange
from thrive.agency.policy import changes_rule_set, enters_caps, manages_placements
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.permissions import Access


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


@transaction.atomic
def placement_convert(
    *,
    placement: Placement,
    start_date: date,
    fte: Decimal | None = None,
    org_role: int | None = None,
    job_title: str = "",
    actor: Any,
) -> Any:
    """Convert an agency worker to a permanent post from *start_date*: a new permanent spell in
    the register (census StartOrigin 4, agency or consultancy in social work), the agency spell
    and the placement ended the day before, and the conversion counted on the placement."""
    from datetime import timedelta

    from thrive.people.models import Contract, EmploymentSpell, Profession
    from thrive.people.services import record_add

    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if locked.converted_on is not None:
        raise ThriveError(f"This worker was already converted on {locked.converted_on}.")
    if locked.worker is None:
        raise ThriveError(
            f"Staff ID {locked.staff_id} is not in the register: import them first.",
            field="start_date",
        )
    if start_date <= locked.start_date:
        raise ThriveError("The permanent post starts after the placement's start.")
    last_day = start_date - timedelta(days=1)
    spell = EmploymentSpell(
        organisation=locked.organisation,
        person=locked.worker,
        start_date=start_date,
        profession=Profession.SOCIAL_WORKER,
        contract=Contract.PERMANENT,
        team=locked.team,
        fte=fte if fte is not None else min(Decimal(1), locked.hours_per_week / Decimal(37)),
        org_role=org_role or _ORG_ROLE_BY_JOB_TYPE.get(JobType(locked.job_type), 5),
        job_title=job_title or locked.get_job_type_display(),
        start_origin=4,
    )
    record_add(
        spell,
        action="agency.converted",
        actor=actor,
        organisation=locked.organisation,
        summary=f"{locked.placement_id}: permanent from {start_date}",
    )
    open_agency = EmploymentSpell.objects.for_org(locked.organisation).filter(
        person=locked.worker, contract=Contract.AGENCY, end_date__isnull=True
    )
    open_agency.filter(start_date__lte=last_day).update(end_date=last_day, leaving_reason=8)
    locked.ended_on = max(last_day, locked.start_date)
    locked.converted_on = start_date
    locked.version += 1
    locked.save(update_fields=["ended_on", "converted_on", "version", "updated_at"])
    return spell


_ORG_ROLE_BY_JOB_TYPE = {
    JobType.SOCIAL_WORKER: 5,
    JobType.SENIOR_SOCIAL_WORKER: 4,
    JobType.ADVANCED_PRACTITIONER: 4,
    JobType.TEAM_MANAGER: 3,
    JobType.IRO: 6,
}


@transaction.atomic
def exit_strategy_save(
    *,
    organisation: Any,
    team: Any,
    target_fte: Decimal,
    target_date: date,
    planned_conversions: int = 0,
    academy_newly_qualified: int = 0,
    vacancies_recruiting: int = 0,
    notes: str = "",
    actor: Any,
) -> Any:
    """Set (or replace) *team*'s agency exit strategy."""
    from thrive.agency.models import ExitStrategy

    if team.organisation_id != organisation.pk:
        raise ThriveError("The team belongs to another council.")
    strategy = ExitStrategy.objects.for_org(organisation).filter(team=team).first()
    strategy = strategy or ExitStrategy(organisation=organisation, team=team)
    strategy.target_fte = target_fte
    strategy.target_date = target_date
    strategy.planned_conversions = planned_conversions
    strategy.academy_newly_qualified = academy_newly_qualified
    strategy.vacancies_recruiting = vacancies_recruiting
    strategy.notes = notes
    if strategy.pk:
        strategy.version += 1
    strategy.full_clean()
    strategy.save()
    audit_log(
        action="agency.exit_strategy_saved",
        user=actor,
        obj=strategy,
        organisation=organisation,
        summary=f"{team.name}: {target_fte} agency FTE by {target_date}",
    )
    return strategy


def rule_sets_ensure() -> int:
    """The national and regional rule sets Thrive starts with (``defaults.RULE_SETS``), added
    where missing; what is there is kept. Migration 0002 loads them on a new database; this puts
    them back where a database was emptied without migrating (a test database flushed between
    tests, a restored partial copy). Returns how many rules were added."""
    from thrive.agency.defaults import RULE_SETS
    from thrive.agency.models import Rule, RuleSet

    added = 0
    for code, name, source, region, existing_from, rules in RULE_SETS:
        rule_set, _ = RuleSet.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "source": source,
                "region": region,
                "existing_from": existing_from,
            },
        )
        for kind, value, start in rules:
            _, created = Rule.objects.get_or_create(
                rule_set=rule_set, kind=kind, effective_from=start, defaults={"value": value}
            )
            added += created
    return added


# ---- Agency rules and price caps edited on a page (dated; a change is a new row) ----

_WHO = (
    "the national set changes with a Thrive release or the operator's command, a region's set "
    "and price caps by that region's partnership lead, a council's own set by its agency managers."
)


@transaction.atomic
def rule_change(
    *,
    organisation: Any,
    set_code: str,
    kind: str,
    value: Decimal | None,
    effective_from: date,
    actor: Any,
    access: Access | None,
) -> Any:
    """A rule of a set that reaches *organisation* (None: any set, the operator's command) takes
    a new value from *effective_from*: the rule in force then ends the day before, and placements
    are checked against each on its own dates. A change on a date that already has one is
    refused (history is never overwritten). Who may change which set is
    :func:`thrive.agency.policy.changes_rule_set`, asked of *access* (None: the operator):
    anyone else is refused (``PermissionDenied``), whatever the page or command offered."""
    from django.db.models import Q

    from thrive.agency.models import Rule, RuleSet

    sets = RuleSet.objects.filter(code=set_code)
    if organisation is not None:
        sets = sets.filter(Q(organisation__isnull=True) | Q(organisation=organisation)).filter(
            Q(region="") | Q(region=organisation.region)
        )
    rule_set = sets.first()
    if rule_set is None:
        where = organisation.name if organisation is not None else "Thrive"
        raise ThriveError(f"rule set: '{set_code}' does not reach {where}.")
    if not changes_rule_set(access, rule_set):
        raise PermissionDenied(f"You may not change {rule_set.name} ({rule_set.code}): {_WHO}")
    rules = Rule.objects.select_for_update().filter(rule_set=rule_set, kind=kind)
    if rules.filter(effective_from=effective_from).exists():
        raise ThriveError(f"{rule_set.name} already has a {kind} rule from {effective_from}.")
    current = (
        rules.filter(effective_from__lt=effective_from)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=effective_from))
        .order_by("-effective_from")
        .first()
    )
    later = rules.filter(effective_from__gt=effective_from).order_by("effective_from").first()
    if current is not None:
        current.effective_to = effective_from
        current.full_clean()
        current.save(update_fields=["effective_to"])
    rule = Rule(
        rule_set=rule_set,
        kind=kind,
        value=value,
        effective_from=effective_from,
        effective_to=later.effective_from if later is not None else None,
    )
    rule.full_clean()
    rule.save()
    audit_log(
        action="agency.rule_changed",
        user=actor,
        obj=rule,
        organisation=organisation,
        summary=f"{rule_set.code} {kind} = {value} from {effective_from}",
        detail={"previous": str(current.value) if current is not None else None},
    )
    return rule


@transaction.atomic
def price_cap_add(
    *,
    organisation: Any,
    job_type: str,
    max_hourly: Decimal,
    effective_from: date,
    actor: Any,
    access: Access | None,
) -> Any:
    """A price cap for the council's region and *job_type* from *effective_from* (the one in
    force before keeps its dates). A cap already entered for that date is refused. Caps are the
    region's: only its lead (:func:`thrive.agency.policy.enters_caps`, asked of *access*; None:
    the operator) enters them, anyone else is refused (``PermissionDenied``)."""
    from thrive.agency.models import PriceCap, RuleSet

    rule_sets_ensure()
    region = organisation.region
    if not enters_caps(access, region):
        raise PermissionDenied(f"You may not enter price caps for {region}: {_WHO}")
    if PriceCap.objects.filter(
        region=region, job_type=job_type, effective_from=effective_from
    ).exists():
        raise ThriveError(
            f"A {job_type} cap for {region} from {effective_from} is entered already."
        )
    cap = PriceCap(
        region=region,
        job_type=job_type,
        max_hourly=max_hourly,
        effective_from=effective_from,
        rule_set=RuleSet.objects.get(code="national"),
    )
    cap.full_clean()
    cap.save()
    audit_log(
        action="agency.cap_added",
        user=actor,
        obj=cap,
        organisation=organisation,
        summary=f"{region} {job_type} £{max_hourly} from {effective_from}",
    )
    return cap


def agency_cost_rate_add(
    *,
    organisation: Any,
    annual_cost: Decimal,
    effective_from: date,
    source: str = "",
    actor: Any,
    access: Access,
) -> Any:
    """The council's default cost of a full-time agency social worker a year from
    *effective_from* (what the projection uses without placements to work it out from); the
    rate before keeps its dates. Only the council's agency managers enter it (``PermissionDenied``
    for anyone else, the region's partnership lead included); a rate already entered for that date
    is refused (audited)."""
    from thrive.agency.models import AgencyCostRate

    if access.organisation.pk != getattr(organisation, "pk", organisation) or not (
        manages_placements(access)
    ):
        raise PermissionDenied("Only the council's agency managers enter its default agency cost.")
    if AgencyCostRate.objects.for_org(organisation).filter(effective_from=effective_from).exists():
        raise ThriveError(
            f"A default agency cost from {effective_from:%-d %B %Y} is entered already.",
            field="effective_from",
        )
    rate = AgencyCostRate(
        organisation=organisation,
        annual_cost=annual_cost,
        effective_from=effective_from,
        source=source.strip(),
    )
    rate.full_clean()
    rate.save()
    audit_log(
        action="agency.cost_rate_added",
        user=actor,
        obj=rate,
        organisation=organisation,
        summary=f"Default agency cost £{annual_cost} a year from {effective_from}",
    )
    return rate


from thrive.agency.services.homes import (  # noqa: E402
    home_add,
    rota_hours_record,
    rota_leave_add,
    rota_worker_add,
    rota_worker_hours_set,
    rota_worker_link,
    rota_workers_add,
    rota_workers_contract_sync,
    shift_add,
    shifts_add,
    toil_balance,
    toil_earn,
)
from thrive.agency.services.patterns import working_pattern_set  # noqa: E402
from thrive.agency.services.rota_emails import (  # noqa: E402
    rota_email_sent,
    rota_email_setting_set,
    shift_change_emails,
)
from thrive.agency.services.rotas import (  # noqa: E402
    WTR_DEFAULT,
    rota_publish,
    rota_refill,
    rota_solve,
    working_time_rules_add,
    working_time_rules_ensure,
)
from thrive.agency.services.swaps import swap_breaches, swap_decide, swap_request  # noqa: E402

__all__ = [
    "WTR_DEFAULT",
    "rota_publish",
    "rota_refill",
    "rota_solve",
    "working_time_rules_add",
    "working_time_rules_ensure",
    "swap_breaches",
    "swap_decide",
    "swap_request",
    "home_add",
    "rota_hours_record",
    "rota_leave_add",
    "rota_worker_add",
    "rota_worker_hours_set",
    "working_pattern_set",
    "rota_email_sent",
    "rota_email_setting_set",
    "shift_change_emails",
    "rota_worker_link",
    "rota_workers_contract_sync",
    "rota_workers_add",
    "shift_add",
    "shifts_add",
    "toil_balance",
    "toil_earn",
]
