"""Applying the retention schedule: find what has passed its rule and anonymise it.

Personnel: a person whose every employment spell ended more than the rule's years ago keeps an
anonymous staff record (so workforce figures for past years still add up) and loses their
name, identifiers, absences, CPD and register history. Supervision: a held session older than
the rule's years keeps its date, kind and length (for compliance figures) and loses what was said:
the written record, addenda, actions and families discussed. Candidates (rules in months): an
unsuccessful application past its rule keeps its job, channel, stage and dates (so recruitment
figures for past campaigns still add up) and loses the candidate's name, email, what they wrote,
their equality monitoring answers, their checks and the panel's notes about them; a confirmed
registration of interest with no contact for longer than its rule is withdrawn and cleared, as if
the person had withdrawn it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce, Greatest

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.people.models import Absence, Organisation, RegisterRevision, StaffMember
from thrive.people.services import record_add
from thrive.privacy.models import RecordType, RetentionRule, Unit

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


def months_before(day: date, months: int) -> date:
    """The same day of the month *months* earlier (the month's last day if it has fewer)."""
    import calendar

    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def cutoff_for(rule: RetentionRule, on: date) -> date:
    if rule.unit == Unit.MONTHS:
        return months_before(on, rule.years)
    return years_before(on, rule.years)


@transaction.atomic
def retention_rule_add(
    *,
    organisation: Organisation,
    record_type: str,
    years: int,
    effective_from: date,
    reason: str = "",
    actor: Any = None,
    unit: str = Unit.YEARS,
) -> RetentionRule:
    """Add a rule from a date (*years* counts *unit*: years or months); earlier rules stay as the
    history of the schedule."""
    from thrive.core.errors import ThriveError

    if unit not in Unit.values:
        raise ThriveError(f"Keep records for years or months, not {unit}.", field="unit")
    if record_type == RecordType.PERSONNEL and unit != Unit.YEARS:
        raise ThriveError(
            "Personnel records are kept in years: at least 6 after employment ends.", field="unit"
        )
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
        unit=unit,
        effective_from=effective_from,
        reason=reason,
    )
    return record_add(rule, action="privacy.retention_rule_added", actor=actor)


# Thrive's default schedule, in force for a council until it sets a rule of its own (and for
# any day before its first rule). Personnel files: six years after employment ends (the usual
# limitation period for claims, and the common local-authority schedule). Supervision records
# have no national rule; six years after the session is the common choice. An unsuccessful
# application: six months after the decision (the portal's privacy notice says so; the ICO's
# employment guidance suggests about that, time for a discrimination claim to be brought). A
# confirmed registration of interest: a year with no contact, then it lapses.
DEFAULTS = {
    RecordType.PERSONNEL: (6, Unit.YEARS),
    RecordType.SUPERVISION: (6, Unit.YEARS),
    RecordType.APPLICATIONS: (6, Unit.MONTHS),
    RecordType.INTEREST: (12, Unit.MONTHS),
}
DEFAULT_FROM = date(2000, 1, 1)
DEFAULT_REASON = "Thrive's default schedule (no rule of the council's own)"


def default_rule(organisation: Organisation, record_type: str) -> RetentionRule:
    """The default as an unsaved rule (``pk`` None), shown and applied like a stored one."""
    return RetentionRule(
        organisation=organisation,
        record_type=record_type,
        years=DEFAULTS[RecordType(record_type)][0],
        unit=DEFAULTS[RecordType(record_type)][1],
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
        if self.record_type == RecordType.INTEREST:
            verb = "would lapse and be cleared" if dry_run else "lapsed and cleared"
        source = (
            f"rule from {self.rule.effective_from}"
            if self.rule.pk
            else "Thrive's default; the council has set no rule"
        )
        return (
            f"{label}: kept {self.rule.period} ({source}); "
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


UNSUCCESSFUL = ["rejected", "withdrawn", "declined"]


def _applications_due(organisation: Organisation, cutoff: date) -> list[int]:
    """Unsuccessful applications (rejected, withdrawn, declined; or never taken further on a job
    no longer open) whose decision was before *cutoff*: the later of the application's last
    change and its job's."""
    from thrive.recruitment.models import Application, VacancyStatus

    before = datetime.combine(cutoff, time.min, tzinfo=UTC)
    unsuccessful = Q(stage__in=UNSUCCESSFUL) | (
        ~Q(stage="accepted") & ~Q(vacancy__status=VacancyStatus.OPEN)
    )
    applications = (
        Application.objects.for_org(organisation)
        .filter(unsuccessful, hired__isnull=True)
        .exclude(candidate_email__startswith=ANONYMOUS_PREFIX)
        .annotate(decided=Greatest("updated_at", "vacancy__updated_at"))
        .filter(decided__lt=before)
    )
    return sorted(applications.values_list("pk", flat=True))


def _interest_due(organisation: Organisation, cutoff: date) -> list[int]:
    """Confirmed, current registrations of interest with no contact since before *cutoff*: not
    confirmed or invited since (unconfirmed ones are removed once their link runs out)."""
    from thrive.recruitment.models import Interest

    before = datetime.combine(cutoff, time.min, tzinfo=UTC)
    interest = (
        Interest.objects.for_org(organisation)
        .filter(confirmed_at__isnull=False, withdrawn_at__isnull=True)
        .annotate(contact=Greatest("confirmed_at", Coalesce("invited_at", "confirmed_at")))
        .filter(contact__lt=before)
    )
    return sorted(interest.values_list("pk", flat=True))


def _anonymise_applications(ids: list[int]) -> None:
    from thrive.recruitment.models import (
        Application,
        EqualityMonitoring,
        SaferCheck,
        Score,
    )

    EqualityMonitoring.objects.filter(application_id__in=ids).delete()
    SaferCheck.objects.filter(application_id__in=ids).delete()
    Score.objects.filter(application_id__in=ids).update(note="")
    for application in Application.objects.filter(pk__in=ids):
        application.candidate_name = f"Former candidate {application.pk}"
        application.candidate_email = f"{ANONYMOUS_PREFIX}{application.pk}@invalid"
        for name in (
            "declined_note",
            "referrer_named",
            "supporting_statement",
            "qualification_institution",
            "swe_number",
        ):
            setattr(application, name, "")
        application.start_origin = None
        application.qualification_level = None
        application.version += 1
        application.save()


def _lapse_interest(ids: list[int]) -> None:
    from thrive.recruitment.models import Interest

    now = clock.now()
    for interest in Interest.objects.filter(pk__in=ids):
        interest.withdrawn_at = now
        interest.name = "(lapsed)"
        interest.email = f"lapsed-{interest.pk}@invalid"
        interest.area = ""
        interest.version += 1
        interest.save()


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


FINDERS = {
    RecordType.PERSONNEL: _personnel_due,
    RecordType.SUPERVISION: _supervision_due,
    RecordType.APPLICATIONS: _applications_due,
    RecordType.INTEREST: _interest_due,
}


@transaction.atomic
def retention_apply(
    *, organisation: Organisation, dry_run: bool = False, actor: Any = None
) -> RetentionReport:
    """Find every record past its rule; unless *dry_run*, anonymise it and audit what was done."""
    on = clock.today()
    lines = []
    for record_type, find in FINDERS.items():
        rule = rule_in_force(organisation, record_type, on)
        line = RetentionLine(record_type=record_type, rule=rule)
        line.cutoff = cutoff_for(rule, on)
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
        elif line.record_type == RecordType.SUPERVISION:
            _strip_sessions(line.ids)
        elif line.record_type == RecordType.APPLICATIONS:
            _anonymise_applications(line.ids)
        else:
            _lapse_interest(line.ids)
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
