"""Writes for organisations, services and teams."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log, audit_log_many
from thrive.core.changes import lock_checked, versioned_change
from thrive.core.errors import ThriveError
from thrive.core.history import changed_fields, snapshot
from thrive.people.models import (
    Absence,
    EmploymentSpell,
    Organisation,
    Partnership,
    Region,
    RegisterRevision,
    Service,
    StaffMember,
    Team,
    TeamType,
)


def _raise_validation(exc: ValidationError) -> None:
    problems = [
        f"{field}: {message}" if field != "__all__" else message
        for field, messages in exc.message_dict.items()
        for message in messages
    ]
    raise ThriveError("The details are not valid.", problems=problems) from exc


def full_clean_or_raise(obj: object, **kwargs: object) -> None:
    """Run a model's full_clean and turn its errors into a :class:`ThriveError`."""
    try:
        obj.full_clean(**kwargs)  # type: ignore[attr-defined]
    except ValidationError as exc:
        _raise_validation(exc)


def record_add(
    obj: Any,
    *,
    action: str | tuple[str, ...],
    actor: Any,
    summary: str = "",
    detail: dict[str, Any] | None = None,
    request: Any = None,
    audit_obj: Any = None,
    organisation: Any = None,
) -> Any:
    """Check a new record against its model's rules (a ThriveError naming what is wrong), save
    it and write *action* (or each of several) to the audit trail: the shape of every service
    that adds one record. Call it inside the service's transaction.

    *audit_obj* is what the entry names when not the record itself (a family, for an adult added
    to it); *organisation* defaults to the record's own (pass it when at hand: no query)."""
    full_clean_or_raise(obj)
    obj.save()
    for name in (action,) if isinstance(action, str) else action:
        audit_log(
            action=name,
            user=actor,
            organisation=organisation or obj.organisation,
            obj=audit_obj or obj,
            summary=summary or str(obj),
            detail=detail,
            request=request,
        )
    return obj


def _region_value(region: str) -> str:
    for value in Region.values:
        if value.casefold() == region.strip().casefold():
            return value
    raise ThriveError(
        f"'{region}' is not an English region. Use one of: " + "; ".join(Region.values) + "."
    )


@transaction.atomic
def organisation_add(
    *, code: str, name: str, region: str, ons_code: str = "", partnership: str | None = None
) -> Organisation:
    """Add a council, with the lists it starts from and then edits (the practice skills of
    supervision, the tools of the workbook, recruitment's selection steps as dated records).
    Its code is the 3-digit DfE LA code; the region as DfE writes it."""
    from thrive.recruitment.services import selection_templates_add_defaults
    from thrive.supervision.services import practice_skills_add_defaults
    from thrive.workbook.services import practice_tools_add_defaults

    code = code.strip()
    if Organisation.objects.filter(code=code).exists():
        raise ThriveError(f"A council with code {code} already exists.")
    org = Organisation(
        code=code, name=name.strip(), region=_region_value(region), ons_code=ons_code
    )
    if partnership:
        org.partnership, _ = Partnership.objects.get_or_create(
            name=partnership, defaults={"region": org.region}
        )
    full_clean_or_raise(org)
    org.save()
    practice_skills_add_defaults(organisation=org)
    practice_tools_add_defaults(organisation=org)
    selection_templates_add_defaults(organisation=org)
    return org


@transaction.atomic
def service_get_or_create(*, organisation: Organisation, name: str) -> Service:
    service, _ = Service.objects.get_or_create(organisation=organisation, name=name.strip())
    return service


@transaction.atomic
def team_get_or_create(
    *,
    organisation: Organisation,
    name: str,
    service: Service | None = None,
    team_type: str = TeamType.OTHER,
) -> Team:
    team, created = Team.objects.get_or_create(
        organisation=organisation,
        name=name.strip(),
        defaults={"service": service, "team_type": team_type},
    )
    if created:
        full_clean_or_raise(team)
    return team


# --- The register: people, spells, leavers, absence ------------------------------------------

STALE = (
    "Someone else changed this record while you were working on it. Nothing you entered has "
    "been saved over their change: look at the record again and make your change once more."
)


def _revision(
    obj: Any,
    kind: str,
    before: dict[str, Any],
    after: dict[str, Any],
    effective: date,
    actor: Any,
    source: str,
) -> None:
    changed = changed_fields(before, after)
    if changed:
        RegisterRevision.objects.create(
            organisation_id=obj.organisation_id,
            kind=kind,
            record_id=obj.pk,
            effective_date=effective,
            source=source,
            user=actor if getattr(actor, "is_authenticated", False) else None,
            changed=changed,
            before={k: before[k] for k in changed},
        )


@transaction.atomic
def staff_add(
    *,
    organisation: Organisation,
    staff_id: str,
    first_name: str,
    last_name: str,
    profession: str,
    contract: str,
    team: Team,
    fte: Decimal,
    start_date: date,
    job_title: str = "",
    org_role: int | None = None,
    swe_number: str = "",
    date_of_birth: date | None = None,
    gender: int | None = None,
    ethnicity: str = "",
    start_origin: int | None = None,
    qualification_institution: str = "",
    qualification_level: int | None = None,
    qualified_on: date | None = None,
    step_up_grad: bool | None = None,
    frontline_grad: bool | None = None,
    cfkss_status: int | None = None,
    actor: Any = None,
) -> StaffMember:
    """Add a person with their first employment spell (and the census items known so far)."""
    if team.organisation_id != organisation.pk:
        raise ThriveError("The team belongs to another council.")
    if StaffMember.objects.for_org(organisation).filter(staff_id=staff_id).exists():
        raise ThriveError(f"Staff ID {staff_id} is already in the register.", field="staff_id")
    if profession == "social_worker" and (not swe_number or org_role is None):
        raise ThriveError(
            "A social worker needs a Social Work England number and a role.", field="swe_number"
        )
    person = StaffMember(
        organisation=organisation,
        staff_id=staff_id,
        first_name=first_name,
        last_name=last_name,
        swe_number=swe_number,
        date_of_birth=date_of_birth,
        gender=gender,
        ethnicity=ethnicity,
        qualification_institution=qualification_institution or "",
        qualification_level=qualification_level,
        qualified_on=qualified_on,
        step_up_grad=step_up_grad,
        frontline_grad=frontline_grad,
        cfkss_status=cfkss_status,
    )
    full_clean_or_raise(person)
    person.save()
    spell = EmploymentSpell(
        organisation=organisation,
        person=person,
        start_date=start_date,
        profession=profession,
        contract=contract,
        team=team,
        fte=fte,
        job_title=job_title,
        org_role=org_role,
        start_origin=start_origin,
    )
    full_clean_or_raise(spell)
    spell.save()
    audit_log(
        action="register.person_added",
        user=actor,
        organisation=organisation,
        obj=person,
        summary=f"{person.full_name} ({staff_id}) added",
    )
    spells_added(spells=[spell], actor=actor)
    return person


# --- Spells added: areas that act on a new spell (the academy enrols the newly qualified) register
# a hook here, so the register never imports them. Hooks run once the adding commits, with every
# spell of one change at once (a whole import is one call), and a failing hook never undoes it.

SpellsAddedHook = Callable[..., object]
_spells_added_hooks: list[SpellsAddedHook] = []


def on_spells_added(hook: SpellsAddedHook) -> SpellsAddedHook:
    """Register *hook* (called as ``hook(spell_ids=[...], actor=...)``) for spells added."""
    if hook not in _spells_added_hooks:
        _spells_added_hooks.append(hook)
    return hook


def spells_added(
    *, spells: Sequence[EmploymentSpell] = (), actor: Any, spell_ids: Sequence[int] = ()
) -> None:
    """Tell the registered hooks, once the current transaction commits, of *spells* (or the spells
    with *spell_ids*) added."""
    ids = [*spell_ids, *(s.pk for s in spells if s.pk is not None)]
    if not ids or not _spells_added_hooks:
        return

    def run() -> None:
        for hook in list(_spells_added_hooks):
            hook(spell_ids=ids, actor=actor)

    transaction.on_commit(run, robust=True)


@transaction.atomic
def spell_return(
    *,
    person: StaffMember,
    team: Team,
    start_date: date,
    contract: str,
    fte: Decimal,
    org_role: int | None = None,
    job_title: str = "",
    start_origin: int | None = None,
    actor: Any = None,
) -> EmploymentSpell:
    """A person who left coming back (a returner, a "boomerang"): a new spell from
    *start_date*, in the same profession as their last, once every earlier spell has ended.
    Their earlier spells stay as they were, so the two are linked through the person."""
    if team.organisation_id != person.organisation_id:
        raise ThriveError("The team belongs to another council.")
    spells = list(EmploymentSpell.objects.filter(person=person).order_by("start_date"))
    if not spells:
        raise ThriveError("This person has no earlier spell: add them as a new person.")
    if any(s.end_date is None or s.end_date >= start_date for s in spells):
        raise ThriveError(
            "They are still in post on that day: a return starts after their last spell ended.",
            field="start_date",
        )
    last = spells[-1]
    if last.profession == "social_worker" and org_role is None:
        raise ThriveError("A social worker needs a role.", field="org_role")
    spell = EmploymentSpell(
        organisation=person.organisation,
        person=person,
        start_date=start_date,
        profession=last.profession,
        contract=contract,
        team=team,
        fte=fte,
        job_title=job_title,
        org_role=org_role,
        start_origin=start_origin,
    )
    full_clean_or_raise(spell)
    spell.save()
    audit_log(
        action="register.returner",
        user=actor,
        organisation=person.organisation,
        obj=spell,
        summary=f"{person.full_name} back from {start_date:%-d %B %Y} (left {last.end_date})",
    )
    spells_added(spells=[spell], actor=actor)
    return spell


SPELL_CHANGE_FIELDS = ["team", "fte", "org_role", "job_title"]


@transaction.atomic
def spell_change(
    *,
    spell: EmploymentSpell,
    effective_date: date,
    version: int | None,
    team: Team | None = None,
    fte: Decimal | None = None,
    org_role: int | None = None,
    job_title: str | None = None,
    actor: Any = None,
) -> EmploymentSpell:
    """Change a spell's team, FTE, role or job title from a date; the old values are kept."""
    with versioned_change(
        spell, version=version, actor=actor, action="register.spell_changed", stale=STALE
    ) as change:
        spell = change.obj
        if effective_date < spell.start_date or (
            spell.end_date and effective_date > spell.end_date
        ):
            raise ThriveError(
                "The change must take effect during this spell.", field="effective_date"
            )
        before = snapshot(spell, SPELL_CHANGE_FIELDS)
        if team is not None:
            if team.organisation_id != spell.organisation_id:
                raise ThriveError("The team belongs to another council.")
            spell.team = team
        if fte is not None:
            spell.fte = fte
        if org_role is not None:
            spell.org_role = org_role
        if job_title is not None:
            spell.job_title = job_title
        after = snapshot(spell, SPELL_CHANGE_FIELDS)
        if before == after:
            raise ThriveError("Nothing has changed.")
        full_clean_or_raise(spell)
        _revision(spell, "spell", before, after, effective_date, actor, "change form")
        change.summary = f"{spell.person} from {effective_date}"
    return spell


@transaction.atomic
def line_managers_set(
    *,
    organisation: Organisation,
    managers: Mapping[EmploymentSpell, StaffMember],
    effective_date: date,
    actor: Any = None,
    source: str = "line managers",
) -> int:
    """Name the line manager of many spells at once (a council bringing who manages whom, and
    the demo): the same register revision and audit entry for each spell as a change made one at
    a time. A manager works for the same council and never manages themselves. Returns how many
    spells changed."""
    changed = []
    revisions = []
    for spell, manager in managers.items():
        if spell.organisation_id != organisation.pk or manager.organisation_id != organisation.pk:
            raise ThriveError("The line manager and the spell must be in this council.")
        if manager.pk == spell.person_id:
            raise ThriveError("A person cannot manage themselves.", field="line_manager")
        if spell.line_manager_id == manager.pk:
            continue
        before = snapshot(spell, ["line_manager"])
        spell.line_manager = manager
        spell.version += 1
        changed.append(spell)
        revisions.append(
            RegisterRevision(
                organisation=organisation,
                kind="spell",
                record_id=spell.pk,
                effective_date=effective_date,
                source=source,
                user=actor if getattr(actor, "is_authenticated", False) else None,
                changed=["line_manager"],
                before=before,
            )
        )
    EmploymentSpell.objects.bulk_update(changed, ["line_manager", "version"], batch_size=2000)
    RegisterRevision.objects.bulk_create(revisions, batch_size=2000)
    audit_log_many(
        {
            "action": "register.spell_changed",
            "user": actor,
            "organisation": organisation,
            "obj": spell,
            "summary": f"{spell.person} line manager from {effective_date}",
        }
        for spell in changed
    )
    return len(changed)


@transaction.atomic
def spell_end(
    *,
    spell: EmploymentSpell,
    end_date: date,
    leaving_reason: int,
    leaver_destination: int | None,
    version: int | None,
    actor: Any = None,
) -> EmploymentSpell:
    """Record a leaver: the last day, the census reason for leaving and destination."""
    with versioned_change(
        spell, version=version, actor=actor, action="register.leaver", stale=STALE
    ) as change:
        spell = change.obj
        if spell.end_date is not None:
            raise ThriveError(f"This spell already ended on {spell.end_date:%d %B %Y}.")
        if end_date < spell.start_date:
            raise ThriveError(
                "The leaving date must be on or after the start date.", field="end_date"
            )
        fields = ["end_date", "leaving_reason", "leaver_destination"]
        before = snapshot(spell, fields)
        spell.end_date = end_date
        spell.leaving_reason = leaving_reason
        spell.leaver_destination = leaver_destination
        full_clean_or_raise(spell)
        _revision(spell, "spell", before, snapshot(spell, fields), end_date, actor, "leaver form")
        change.summary = f"{spell.person} leaves {end_date}"
    user = spell.person.user
    if user is not None:
        from thrive.accounts.services import credentials_revoke, user_has_left

        # Someone who has left can no longer use the API or a calendar address (a future
        # leaving date is enforced when they are used).
        if user_has_left(user):
            credentials_revoke(user=user, reason="left", actor=actor)
    return spell


@transaction.atomic
def absence_record(
    *,
    person: StaffMember,
    reason: str,
    start_date: date,
    end_date: date,
    working_days: Decimal,
    actor: Any = None,
) -> Absence:
    if end_date < start_date:
        raise ThriveError("The last day must be on or after the first day.", field="end_date")
    if working_days > (end_date - start_date).days + 1:
        raise ThriveError(
            "There are more working days than days in the absence.", field="working_days"
        )
    if Absence.objects.filter(person=person, reason=reason, start_date=start_date).exists():
        raise ThriveError("This absence is already recorded.", field="start_date")
    absence = Absence(
        organisation_id=person.organisation_id,
        person=person,
        reason=reason,
        start_date=start_date,
        end_date=end_date,
        working_days=working_days,
    )
    return record_add(
        absence,
        action="register.absence",
        actor=actor,
        organisation=person.organisation,
        summary=f"{person} {reason} {start_date}",
    )


CENSUS_PERSON_ITEMS: dict[str, str] = {
    "PersonBirthDate": "date_of_birth",
    "GenderCurrent": "gender",
    "Ethnicity": "ethnicity",
    "QualInst": "qualification_institution",
    "QualLevel": "qualification_level",
    "StepUpGrad": "step_up_grad",
    "FrontlineGrad": "frontline_grad",
    "CFKSSstatus": "cfkss_status",
}
"""Census items kept on the person, by the census element name."""

CENSUS_SPELL_ITEMS: dict[str, str] = {
    "OrgRole": "org_role",
    "StartOrigin": "start_origin",
    "ReasonLeave": "leaving_reason",
    "LeaverDestination": "leaver_destination",
}
"""Census items kept on an employment spell, by the census element name."""


@transaction.atomic
def person_census_fix(
    *,
    person: StaffMember,
    values: dict[str, Any],
    spell: EmploymentSpell | None = None,
    version: int | None = None,
    actor: Any = None,
) -> StaffMember:
    """Fill in or correct census items (keyed by census element name, see
    :data:`CENSUS_PERSON_ITEMS` and :data:`CENSUS_SPELL_ITEMS`) on a person and, for the
    spell's items, one of their spells. The earlier values are kept in the register history."""
    unknown = set(values) - set(CENSUS_PERSON_ITEMS) - set(CENSUS_SPELL_ITEMS)
    if unknown:
        raise ThriveError(f"Not a census item Thrive keeps: {', '.join(sorted(unknown))}.")
    person = lock_checked(person, version=version, stale=STALE)
    today = clock.today()
    person_items = {
        CENSUS_PERSON_ITEMS[k]: v for k, v in values.items() if k in CENSUS_PERSON_ITEMS
    }
    spell_items = {CENSUS_SPELL_ITEMS[k]: v for k, v in values.items() if k in CENSUS_SPELL_ITEMS}
    if person_items.get("date_of_birth") and person_items["date_of_birth"] >= today:
        raise ThriveError("The date of birth must be in the past.", field="PersonBirthDate")
    if person_items:
        before = snapshot(person, list(person_items))
        for field, value in person_items.items():
            blank_text = field in ("ethnicity", "qualification_institution") and value is None
            setattr(person, field, "" if blank_text else value)
        full_clean_or_raise(person)
        person.version += 1
        person.save()
        after = snapshot(person, list(person_items))
        _revision(person, "person", before, after, today, actor, "census fix form")
    if spell_items:
        if spell is None or spell.person_id != person.pk:
            raise ThriveError("Choose which of their employment spells the items belong to.")
        spell = lock_checked(spell, version=None)
        before = snapshot(spell, list(spell_items))
        for field, value in spell_items.items():
            setattr(spell, field, value)
        full_clean_or_raise(spell)
        spell.version += 1
        spell.save()
        after = snapshot(spell, list(spell_items))
        _revision(spell, "spell", before, after, today, actor, "census fix form")
    audit_log(
        action="register.census_items_fixed",
        user=actor,
        organisation=person.organisation,
        obj=person,
        summary=f"{person.full_name}: census items {', '.join(sorted(values))} filled in",
    )
    return person
