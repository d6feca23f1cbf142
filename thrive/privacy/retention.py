"""Applying the retention schedule: find what has passed its rule and anonymise it.

Personnel: a person whose every employment spell ended more than the rule's years ago keeps an
anonymous staff record (so workforce figures for past years still add up) and loses their
name, identifiers, absences, CPD and register history. Supervision: a held session older than
the rule's years keeps its date, kind and length (for compliance figures) and loses what was said:
the written record, addenda, actions and families discussed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.people.models import Absence, Organisation, RegisterRevision, StaffMember
from thrive.people.services import record_add
from thrive.privacy.models import RecordType, RetentionRule

ANONYMOUS_PREFIX = "anon-"
SESSION_TEXT = [
    "wellbeing",
    "workload",
    "learning",
    "balance_notes",
    "notes",
    "incident",
    "support_agreed",
    "supervisee_reflections",
    "location",
]


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


@transaction.atomic
def retention_rule_add(
    *,
    organisation: Organisation,
    record_type: str,
    years: int,
    effective_from: date,
    reason: str = "",
    actor: Any = None,
) -> RetentionRule:
    """Add a rule from a date; earlier rules stay as the history of the schedule."""
    from thrive.core.errors import ThriveError

    if record_type == RecordType.PERSONNEL and years < 6:
        raise ThriveError(
            "Personnel records are kept at least 6 years after employment ends "
            f"(the limitation period for claims), not {years}.",
            field="years",
        )
    if (
        RetentionRule.objects.for_org(organisation)
        .filter(record_type=record_type, effective_from=effective_from)
        .exists()
    ):
        raise ThriveError(
            f"There is already a rule for this kind of record from {effective_from}: "
            "choose another date (a rule is never changed, only followed by a later one).",
            field="effective_from",
        )
    rule = RetentionRule(
        organisation=organisation,
        record_type=record_type,
        years=years,
        effective_from=effective_from,
        reason=reason,
    )
    return record_add(rule, action="privacy.retention_rule_added", actor=actor)


# Thrive's default schedule, in force for a council until it sets a rule of its own (and for
# any day before its first rule). Personnel files: six years after employment ends (the usual
# limitation period for claims, and the common local-authority schedule). Supervision records
# have no national rule; six years after the session is the common choice.
DEFAULT_YEARS = {RecordType.PERSONNEL: 6, RecordType.SUPERVISION: 6}
DEFAULT_FROM = date(2000, 1, 1)
DEFAULT_REASON = "Thrive's default schedule (no rule of the council's own)"


def default_rule(organisation: Organisation, record_type: str) -> RetentionRule:
    """The default as an unsaved rule (``pk`` None), shown and applied like a stored one."""
    return RetentionRule(
        organisation=organisation,
        record_type=record_type,
        years=DEFAULT_YEARS[RecordType(record_type)],
        effective_from=DEFAULT_FROM,
        reason=DEFAULT_REASON,
    )


def rule_in_force(organisation: Organisation, record_type: str, on: date) -> RetentionRule:
    """The council's latest rule that took effect on or before *on*; the default without one."""
    rule = (
        RetentionRule.objects.for_org(organisation)
        .filter(record_type=record_type, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    return rule or default_rule(organisation, record_type)


def retention_schedule(organisation: Organisation, on: date) -> list[RetentionRule]:
    """The rule in force for each kind of record on *on* (a stored rule, or the default)."""
    return [rule_in_force(organisation, record_type, on) for record_type in RecordType]


def retention_rules(organisation: Organisation) -> list[RetentionRule]:
    """Every rule the council has set, newest first within each kind (the schedule's history)."""
    return list(
        RetentionRule.objects.for_org(organisation).order_by("record_type", "-effective_from")
    )


@dataclass
class RetentionLine:
    record_type: str
    rule: RetentionRule | None
    cutoff: date | None = None
    ids: list[int] = field(default_factory=list)

    def text(self, dry_run: bool) -> str:
        label = RecordType(self.record_type).label
        if self.rule is None:
            return f"{label}: no retention rule in force; nothing done (set one first)."
        verb = "would be anonymised" if dry_run else "anonymised"
        source = (
            f"rule from {self.rule.effective_from}"
            if self.rule.pk
            else "Thrive's default; the council has set no rule"
        )
        return (
            f"{label}: kept {self.rule.years} years ({source}); "
            f"{len(self.ids)} past it (before {self.cutoff}) {verb}."
        )


@dataclass
class RetentionReport:
    organisation: Organisation
    on: date
    dry_run: bool
    lines: list[RetentionLine]

    def summary(self) -> str:
        head = f"Retention schedule for {self.organisation.name} on {self.on}"
        head += " (dry run: nothing changed)" if self.dry_run else ""
        return "\n".join([head + ":", *(f"  {line.text(self.dry_run)}" for line in self.lines)])


def _personnel_due(organisation: Organisation, cutoff: date) -> list[int]:
    people = (
        StaffMember.objects.for_org(organisation)
        .exclude(staff_id__startswith=ANONYMOUS_PREFIX)
        .annotate(
            spells_n=Count("spells"),
            open_n=Count("spells", filter=Q(spells__end_date__isnull=True)),
            left_on=Max("spells__end_date"),
        )
        .filter(spells_n__gt=0, open_n=0, left_on__lt=cutoff)
    )
    return sorted(people.values_list("pk", flat=True))


def _supervision_due(organisation: Organisation, cutoff: date) -> list[int]:
    from thrive.supervision.models import Session

    before = datetime.combine(cutoff, time.min, tzinfo=UTC)
    text = Q()
    for name in SESSION_TEXT:
        text |= ~Q(**{name: ""})
    sessions = Session.objects.for_org(organisation).filter(starts_at__lt=before)
    sessions = sessions.filter(
        text | Q(addenda__isnull=False) | Q(actions__isnull=False) | Q(families__isnull=False)
    )
    return sorted(set(sessions.values_list("pk", flat=True)))


def _anonymise_people(organisation: Organisation, ids: list[int]) -> None:
    from thrive.learning.models import CpdRecord

    absences = list(Absence.objects.filter(person_id__in=ids).values_list("pk", flat=True))
    RegisterRevision.objects.filter(organisation=organisation).filter(
        Q(kind="person", record_id__in=ids) | Q(kind="absence", record_id__in=absences)
    ).delete()
    Absence.objects.filter(pk__in=absences).delete()
    evidence = [
        name
        for name in CpdRecord.objects.filter(person_id__in=ids).values_list("evidence", flat=True)
        if name
    ]
    CpdRecord.objects.filter(person_id__in=ids).delete()
    for person in StaffMember.objects.filter(pk__in=ids):
        person.staff_id = f"{ANONYMOUS_PREFIX}{person.pk}"
        person.first_name = "Former"
        person.last_name = f"employee {person.pk}"
        person.date_of_birth = None
        person.swe_number = ""
        person.ethnicity = ""
        person.gender = None
        person.qualification_institution = ""
        person.user = None
        person.version += 1
        person.save()
    if evidence:
        from django.core.files.storage import default_storage

        # Files leave only once the database change has committed.
        def delete_files() -> None:
            for name in evidence:
                default_storage.delete(name)

        transaction.on_commit(delete_files)


def _strip_sessions(ids: list[int]) -> None:
    from thrive.supervision.models import Action, Addendum, FamilyDiscussed, Session

    Addendum.objects.filter(session_id__in=ids).delete()
    Action.objects.filter(Q(raised_in_id__in=ids)).delete()
    FamilyDiscussed.objects.filter(session_id__in=ids).delete()
    Session.objects.filter(pk__in=ids).update(**dict.fromkeys(SESSION_TEXT, ""))


@transaction.atomic
def retention_apply(
    *, organisation: Organisation, dry_run: bool = False, actor: Any = None
) -> RetentionReport:
    """Find every record past its rule; unless *dry_run*, anonymise it and audit what was done."""
    on = clock.today()
    lines = []
    for record_type, find in (
        (RecordType.PERSONNEL, _personnel_due),
        (RecordType.SUPERVISION, _supervision_due),
    ):
        rule = rule_in_force(organisation, record_type, on)
        line = RetentionLine(record_type=record_type, rule=rule)
        line.cutoff = years_before(on, rule.years)
        line.ids = find(organisation, line.cutoff)
        lines.append(line)
    report = RetentionReport(organisation=organisation, on=on, dry_run=dry_run, lines=lines)
    if dry_run:
        return report
    for line in lines:
        if not line.ids:
            continue
        if line.record_type == RecordType.PERSONNEL:
            _anonymise_people(organisation, line.ids)
        else:
            _strip_sessions(line.ids)
        audit_log(
            action="privacy.retention_applied",
            user=actor,
            organisation=organisation,
            object_type=f"privacy.{line.record_type}",
            summary=line.text(dry_run=False),
            detail={
                "ids": line.ids,
                "cutoff": str(line.cutoff),
                "rule": line.rule.pk if line.rule else None,
            },
        )
    return report


def retention_apply_all(progress: Any = None) -> dict[str, Any]:
    """Apply every council's schedule (the scheduled job): what was anonymised, council by
    council. Safe to run again: what is anonymised is not found again."""
    orgs = list(Organisation.objects.order_by("code"))
    councils: dict[str, list[str]] = {}
    total = 0
    for number, org in enumerate(orgs, start=1):
        report = retention_apply(organisation=org)
        councils[org.code] = [line.text(dry_run=False) for line in report.lines]
        total += sum(len(line.ids) for line in report.lines)
        if progress is not None:
            progress(number, len(orgs), f"Retention schedule for {org.name}")
    return {"councils": len(orgs), "anonymised": total, "reports": councils}
